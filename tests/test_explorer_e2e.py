"""The explorer (/explorer) end to end: the built page, served by the real API over HTTP on a
free loopback port, backed by the real Neo4j holding the curated data, driven in Debian's
headless Chromium by Playwright.

Nothing here skips: without Chromium (`make system-deps`) or a buildable explorer (`npm`)
the tests fail and say what is missing. Playwright's own browser builds are never used (they
cannot be downloaded here): the browser is /usr/bin/chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import explorer
from api.main import create_app
from graph.config import Settings
from graph.connection import Graph
from loaders.load import load
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
EXPLORER_DIR = ROOT / "explorer"
DIST = explorer.EXPLORER_DIST
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("HKG_CHROMIUM", "/usr/bin/chromium")
# As this machine needs them: no sandbox as root, and no background calls to Google's hosts
# (the network is closed). Playwright adds a new, empty --user-data-dir of its own.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

PERSON = "person-shan-ruiping"
HONOUR = "honour-china-physician-award"
JINAN = "hosp-jinan-mch"


# --- fixtures -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def explorer_dist() -> Path:
    """The built explorer; built here (npm ci && npm run build) when `make frontend` has not run."""
    if not (DIST / "index.html").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"{DIST} is missing and npm is not installed: run `make frontend` (Node.js and npm needed)")
        for cmd in ([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], [npm, "run", "build"]):
            done = subprocess.run(cmd, cwd=EXPLORER_DIR, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                pytest.fail(f"building the explorer failed ({' '.join(cmd)}):\n{done.stdout}\n{done.stderr}")
    if not (DIST / "index.html").is_file():
        pytest.fail(f"the explorer build wrote no {DIST / 'index.html'}: run `make frontend` and read its output")
    return DIST


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """The app over real HTTP on a free loopback port, in a background thread."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


@pytest.fixture(scope="module")
def base_url(graph: Graph, neo4j_settings: Settings, explorer_dist: Path) -> Iterator[str]:
    # Other modules may wipe the session graph; this module reloads the curated data.
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, ROOT / "data")
    with serve(create_app(neo4j_settings)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make system-deps` (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: run `make setup` (it is in the test extras)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"the page raised: {errors}"


def open_explorer(page, base: str, fragment: str = "", query: str = "") -> None:
    response = page.goto(f"{base}/explorer/{query}{fragment}")
    assert response is not None and response.status == 200, response and response.status
    page.wait_for_selector("body[data-ready=true]")


def wait_idle(page) -> None:
    page.wait_for_function("document.body.dataset.busy === '0'")


def has_node(page, node_id: str) -> bool:
    return page.evaluate("id => window.cy.getElementById(id).length === 1", node_id)


def click_node(page, node_id: str) -> None:
    """A real mouse click on the node where Cytoscape drew it."""
    pos = page.evaluate("""id => { const n = window.cy.getElementById(id);
                                   const p = n.renderedPosition(); return {x: p.x, y: p.y}; }""", node_id)
    box = page.locator("#cy").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


# --- the page -----------------------------------------------------------------------------

def test_search_graph_expand_sources_and_honours_timeline(page, base_url):
    open_explorer(page, base_url)
    page.fill("#search-input", "单瑞萍")
    page.press("#search-input", "Enter")
    result = page.locator(f"#results li[data-id='{PERSON}'] button")
    result.wait_for()
    assert result.inner_text() == "单瑞萍"

    result.click()
    page.wait_for_function(f"window.cy && window.cy.getElementById('{PERSON}').length === 1")
    wait_idle(page)
    # her neighbourhood: her statements and, through them, the honour and the hospital
    for node in (PERSON, HONOUR, JINAN, "A000-064"):
        assert has_node(page, node), node
    assert page.locator("#details .entity-name").inner_text() == "单瑞萍"
    # the source quote of her honour, and the article's sentence around it
    entry = page.locator("#details li[data-fact='A000-064']")
    assert "“中国医师奖”得主单瑞萍" in entry.locator("blockquote").first.inner_text()
    entry.locator("button.evidence").click()
    sentence = entry.locator(".evidence-sentence")
    sentence.wait_for()
    assert "中国医师奖" in sentence.inner_text() and "形成耳濡目染的示范效应" in sentence.inner_text()

    # clicking the hospital's node expands it: its neighbourhood is merged into the view
    before = page.evaluate("window.cy.nodes().length")
    click_node(page, JINAN)
    page.wait_for_function(f"window.cy.getElementById('{JINAN}').hasClass('expanded')")
    wait_idle(page)
    assert page.evaluate("window.cy.nodes().length") > before + 20
    assert has_node(page, PERSON), "expanding keeps what was there"
    assert page.locator("#details .entity-name").inner_text() == "济南市妇幼保健院"

    # its honours timeline
    page.locator("#tab-honours:not([disabled])").click()
    entry = page.locator("#timeline li.honour-entry[data-fact='A000-064']")
    entry.wait_for()
    text = entry.inner_text()
    assert "中国医师奖" in text and "单瑞萍" in text and "“中国医师奖”得主单瑞萍" in text
    assert page.locator("#timeline li.honour-entry").count() >= 10
    assert "#entity=hosp-jinan-mch&tab=honours" in page.url
    assert page.locator("#message").is_hidden() or "error" not in (page.locator("#message").get_attribute("class") or "")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer.png"))


def test_honours_timeline_opens_from_a_link(page, base_url):
    open_explorer(page, base_url, f"#entity={JINAN}&tab=honours")
    entry = page.locator("#timeline li.honour-entry", has_text="中国医师奖")
    entry.wait_for()
    assert "单瑞萍" in entry.inner_text()
    assert has_node(page, JINAN) and page.evaluate(f"window.cy.getElementById('{JINAN}').hasClass('center')")


def test_language_toggle_relabels_graph_panel_and_interface(page, base_url, graph):
    honour_en = graph.read("api/entity_detail", id=HONOUR)[0]["entity"]["name_en"]
    open_explorer(page, base_url, f"#entity={PERSON}")
    page.wait_for_function(f"window.cy.getElementById('{PERSON}').length === 1")
    wait_idle(page)
    label = f"window.cy.getElementById('{PERSON}').data('display')"
    assert page.evaluate(label) == "单瑞萍"
    page.click("#lang-en")
    assert page.evaluate(label) == "Shan Ruiping"
    assert page.evaluate(f"window.cy.getElementById('{HONOUR}').data('display')") == honour_en
    assert page.locator("#details .entity-name").inner_text() == "Shan Ruiping"
    assert page.locator("#search-button").inner_text() == "Search"
    assert page.evaluate("document.documentElement.lang") == "en"
    page.click("#lang-zh")
    assert page.evaluate(label) == "单瑞萍"
    assert page.locator("#search-button").inner_text() == "搜索"


def test_export_png_and_json(page, base_url):
    open_explorer(page, base_url, f"#entity={PERSON}")
    page.wait_for_function(f"window.cy.getElementById('{PERSON}').length === 1")
    wait_idle(page)
    with page.expect_download() as info:
        page.click("#export-json")
    download = info.value
    assert download.suggested_filename == f"hkg-{PERSON}.json"
    doc = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert doc["center"] == PERSON
    node_ids = {n["data"]["id"] for n in doc["elements"]["nodes"]}
    assert {PERSON, HONOUR, JINAN} <= node_ids
    assert all(e["data"]["source"] in node_ids and e["data"]["target"] in node_ids for e in doc["elements"]["edges"])

    with page.expect_download() as info:
        page.click("#export-png")
    png = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == f"hkg-{PERSON}.png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


# --- degraded states ----------------------------------------------------------------------

def test_a_search_that_finds_nothing_says_so(page, base_url):
    open_explorer(page, base_url)
    page.fill("#search-input", "qxzqxzqxz")
    page.press("#search-input", "Enter")
    message = page.locator("#message[data-kind='no-results']")
    message.wait_for()
    assert "qxzqxzqxz" in message.inner_text() and "没有找到" in message.inner_text()
    assert "没有找到" in page.locator("#results li.empty").inner_text()


def test_an_unknown_id_says_so(page, base_url):
    open_explorer(page, base_url, "#entity=no-such-entity")
    message = page.locator("#message[data-kind='not-found']")
    message.wait_for()
    assert "no-such-entity" in message.inner_text() and "未知" in message.inner_text()
    assert page.evaluate("window.cy.nodes().length") == 0


def test_an_unreachable_api_says_so(page, base_url):
    # the page as served, pointed at an API that is not running
    dead = f"http://127.0.0.1:{free_port()}"
    open_explorer(page, base_url, "#q=单瑞萍", query=f"?api={dead}")
    message = page.locator("#message[data-kind='api-down']")
    message.wait_for()
    assert "无法连接 API" in message.inner_text() and dead in message.inner_text()


def test_the_api_down_after_the_page_loaded_says_so(page, base_url):
    open_explorer(page, base_url)
    page.evaluate(f"window.hkgExplorer.setApiBase('http://127.0.0.1:{free_port()}')")
    page.fill("#search-input", "单瑞萍")
    page.press("#search-input", "Enter")
    page.locator("#message[data-kind='api-down']").wait_for()


def test_neo4j_unavailable_503_says_so(page, explorer_dist):
    # an API whose Neo4j is not there answers 503; the page says to retry shortly
    dead = Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}")
    with serve(create_app(dead)) as url:
        open_explorer(page, url, "#q=单瑞萍")
        message = page.locator("#message[data-kind='unavailable']")
        message.wait_for()
        assert "503" in message.inner_text()


def test_explorer_not_built_answers_json_503_naming_make_frontend(tmp_path):
    app = FastAPI()
    explorer.install(app, dist=tmp_path / "dist")
    with TestClient(app) as c:
        for path in ("/explorer", "/explorer/", "/explorer/index.html"):
            r = c.get(path)
            assert r.status_code == 503, path
            assert r.headers["content-type"].startswith("application/json")
            body = r.json()
            assert body["error"] == "explorer_not_built" and "make frontend" in body["detail"]


def test_explorer_is_served_as_static_files(explorer_dist):
    app = FastAPI()
    explorer.install(app, dist=explorer_dist)
    with TestClient(app) as c:
        r = c.get("/explorer/")
        assert r.status_code == 200 and "<div id=\"cy\"" in r.text
        assert 'src="./explorer.js"' in r.text and "http" not in r.text.split("<body>")[1], "no CDN"
        assert c.get("/explorer/explorer.js").status_code == 200
        assert c.get("/explorer/explorer.css").status_code == 200
