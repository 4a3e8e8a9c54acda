"""Hardened serving: the docs pages come from the project (not a CDN) and render under a strict
Content-Security-Policy; every answer carries the usual security headers; the local Neo4j
password is generated, not a documented constant; docker-compose demands one."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright

from api.main import create_app
from graph.config import Settings
from tests.live import serve
from tests.test_explorer_e2e import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parent.parent
OTHER_API = "https://api.example.org"


@pytest.fixture(scope="module")
def client(neo4j_settings):
    settings = neo4j_settings.model_copy(update={"explorer_api_origins": OTHER_API})
    with TestClient(create_app(settings)) as c:
        yield c


def csp(response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_every_script_and_style_from_this_server(client, path):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert assets and all(a.startswith("/docs-assets/") for a in assets), assets
    assert "<script>" not in r.text.replace(" ", "")   # no inline script: CSP forbids it
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_swagger_ui_is_version_5_or_newer(client):
    """Swagger UI 4 (the swagger-ui-bundle PyPI package) cannot render OpenAPI 3.1."""
    lock = (ROOT / "apidocs" / "package-lock.json").read_text()
    version = re.search(r'"node_modules/swagger-ui-dist":\s*\{\s*"version":\s*"(\d+)\.', lock).group(1)
    assert int(version) >= 5
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")


def test_pages_get_a_strict_policy_that_admits_the_configured_api_origins(client):
    for path in ("/docs", "/explorer/"):
        policy = csp(client.get(path))
        assert policy["script-src"] == ["'self'"]
        assert policy["connect-src"] == ["'self'", OTHER_API]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", ["/health", "/stats", "/no-such-route"])
def test_every_answer_carries_the_security_headers(client, path):
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert csp(r)["default-src"] == ["'none'"]   # data is never run as a page


def test_docs_render_in_a_real_browser_under_the_policy(neo4j_settings):
    """The CSP is real: Chromium enforces it, and both pages still draw the API's title."""
    app = create_app(neo4j_settings)
    with serve(app) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(f"{base}/docs")
            page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
            assert "Hospital Knowledge Graph API" in page.inner_text(".swagger-ui .info .title")
            assert page.locator(".opblock").count() > 10
            page.goto(f"{base}/redoc")
            page.wait_for_selector("h1", timeout=20_000)
            assert "Hospital Knowledge Graph API" in page.inner_text("h1")
            # ReDoc's footer links Redocly's logo from their CDN: the policy blocks that image,
            # which is the point (no request leaves); anything else blocked would break a page.
            assert [v for v in violations if "cdn.redoc.ly/redoc/logo-mini.svg" not in v] == []
        finally:
            browser.close()


def test_the_local_password_is_generated_once_and_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    first = Settings(HKG_NEO4J_HOME=tmp_path / "home")
    second = Settings(HKG_NEO4J_HOME=tmp_path / "home")
    other = Settings(HKG_NEO4J_HOME=tmp_path / "other")
    assert first.neo4j_password == second.neo4j_password != other.neo4j_password
    assert len(first.neo4j_password) >= 24
    mode = stat.S_IMODE(os.stat(tmp_path / "home" / "password").st_mode)
    assert mode == 0o600


def test_no_documented_constant_password_remains():
    for path in ("README.md", "docker-compose.yml", "graph/config.py"):
        assert "hospital-kg-local" not in (ROOT / path).read_text(), path


def test_docker_compose_requires_a_password_from_the_environment():
    compose = (ROOT / "docker-compose.yml").read_text()
    uses = re.findall(r"\$\{NEO4J_PASSWORD([^}]*)\}", compose)
    assert uses and all(u.startswith(":?") for u in uses), uses
