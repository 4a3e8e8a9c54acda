"""HTTP behaviour for browsers, caches and fair use: CORS, ETag/304 keyed on the graph
version, Cache-Control, Vary, gzip, per-client rate limits. Against the real session Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph import version
from graph.config import Settings
from graph.connection import Graph
from loaders.load import load

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
JINAN = "hosp-jinan-mch"
ORIGIN = "https://newsroom.example"


@pytest.fixture(scope="module")
def app(graph: Graph, neo4j_settings: Settings):
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, DATA_DIR)
    return create_app(neo4j_settings)


@pytest.fixture(scope="module")
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


# --- CORS ------------------------------------------------------------------------------------

def preflight(client, path: str, method: str, origin: str = ORIGIN, headers: str | None = None):
    h = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        h["Access-Control-Request-Headers"] = headers
    return client.options(path, headers=h)


def test_preflight_for_a_read_from_any_origin_is_granted(client):
    r = preflight(client, f"/hospitals/{JINAN}", "GET", headers="If-None-Match")
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "GET" in r.headers["access-control-allow-methods"]
    assert "if-none-match" in r.headers["access-control-allow-headers"].lower()


def test_a_read_exposes_etag_retry_after_and_rate_limit_headers(client):
    r = client.get("/hospitals", headers={"Origin": ORIGIN})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    exposed = {h.strip().lower() for h in r.headers["access-control-expose-headers"].split(",")}
    assert {"etag", "retry-after", "x-sparql-truncated", "ratelimit", "ratelimit-policy"} <= exposed


def test_post_is_granted_only_where_a_read_is_posted(client):
    for path in ("/sparql", "/reconcile"):
        r = preflight(client, path, "POST", headers="Content-Type")
        assert r.status_code == 200, path
        assert "POST" in r.headers["access-control-allow-methods"]
    r = preflight(client, "/hospitals", "POST")
    assert r.status_code == 400 and "POST" not in r.headers.get("access-control-allow-methods", "")


def test_curation_is_never_opened_to_other_origins(client):
    for method in ("GET", "PUT", "POST"):
        r = preflight(client, "/curation/articles", method)
        assert "access-control-allow-origin" not in r.headers, method
    r = client.get("/curation/articles", headers={"Origin": ORIGIN})
    assert "access-control-allow-origin" not in r.headers


def test_configured_origins_narrow_cors(neo4j_settings):
    settings = neo4j_settings.model_copy(update={"cors_origins": [ORIGIN]})
    with TestClient(create_app(settings)) as c:
        assert preflight(c, "/hospitals", "GET").headers["access-control-allow-origin"] == ORIGIN
        assert "access-control-allow-origin" not in preflight(c, "/hospitals", "GET", origin="https://evil.example").headers


# --- caching -------------------------------------------------------------------------------

def test_answers_carry_an_etag_revalidated_with_304(client):
    r = client.get(f"/hospitals/{JINAN}")
    assert r.status_code == 200
    etag = r.headers["etag"]
    assert r.headers["cache-control"] == "no-cache"
    vary = {v.strip().lower() for v in r.headers["vary"].split(",")}
    assert {"accept", "accept-encoding", "origin"} <= vary
    again = client.get(f"/hospitals/{JINAN}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(f"/hospitals/{JINAN}", headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304


def test_each_representation_has_its_own_etag(client):
    tags = {client.get(url, headers=h).headers["etag"] for url, h in [
        (f"/hospitals/{JINAN}", {}),
        (f"/hospitals/{JINAN}/honours", {}),
        (f"/hospitals/{JINAN}/honours?limit=5", {}),
        (f"/hospitals/{JINAN}", {"Accept": "text/html"}),
        (f"/hospitals/{JINAN}", {"Accept-Encoding": "identity"}),
    ]}
    assert len(tags) == 5


def test_a_committed_load_changes_every_etag(app, client, graph):
    url = f"/hospitals/{JINAN}/honours"
    before = client.get(url).headers["etag"]
    # what a load does in its final transaction
    graph.write_tx(lambda tx: version.bump(tx, "test-http"))
    assert app.state.watcher.wait_for_poll(timeout=30)
    after = client.get(url, headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["etag"] != before


def test_errors_are_not_stored_and_have_no_etag(client):
    for url in ("/hospitals/hosp-nowhere", "/hospitals?limit=0", "/nowhere"):
        r = client.get(url)
        assert r.status_code >= 400
        assert r.headers["cache-control"] == "no-store" and "etag" not in r.headers


def test_max_age_is_configurable(neo4j_settings):
    settings = neo4j_settings.model_copy(update={"cache_max_age": 60})
    with TestClient(create_app(settings)) as c:
        assert c.get("/hospitals").headers["cache-control"] == "public, max-age=60"


def test_large_answers_are_gzipped(client):
    r = client.get(f"/hospitals/{JINAN}", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and r.json()["hospital"]["id"] == JINAN
    assert "content-encoding" not in client.get(f"/hospitals/{JINAN}", headers={"Accept-Encoding": "identity"}).headers


# --- rate limits ----------------------------------------------------------------------------

def limited(neo4j_settings, **update) -> TestClient:
    return TestClient(create_app(neo4j_settings.model_copy(update={"rate_limit": 3, "rate_window": 60, **update})))


def test_over_the_limit_a_client_gets_429_with_retry_after_and_ratelimit_fields(neo4j_settings):
    with limited(neo4j_settings) as c:
        answers = [c.get("/stats") for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert answers[0].headers["ratelimit-policy"] == '"default";q=3;w=60'
        assert answers[2].headers["ratelimit"].startswith('"default";r=0;t=')
        r = c.get("/stats")
        assert r.status_code == 429
        assert r.headers["content-type"].startswith("application/problem+json")
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert r.json()["type"] == "/problems/rate-limited"
        assert r.headers["cache-control"] == "no-store"


def test_clients_are_counted_apart(neo4j_settings):
    app = create_app(neo4j_settings.model_copy(update={"rate_limit": 2, "rate_window": 60}))
    # one lifespan (the first client's); the second client shares the running app
    with TestClient(app, client=("203.0.113.1", 1000)) as a:
        b = TestClient(app, client=("203.0.113.2", 1000))
        assert [a.get("/stats").status_code for _ in range(3)] == [200, 200, 429]
        assert b.get("/stats").status_code == 200


def test_loopback_is_exempt_by_default(neo4j_settings):
    app = create_app(neo4j_settings.model_copy(update={"rate_limit": 1, "rate_window": 60}))
    with TestClient(app, client=("127.0.0.1", 1000)) as c:
        assert [c.get("/stats").status_code for _ in range(3)] == [200, 200, 200]
    app = create_app(neo4j_settings.model_copy(update={"rate_limit": 1, "rate_window": 60,
                                                        "rate_limit_loopback": True}))
    with TestClient(app, client=("::1", 1000)) as c:
        assert [c.get("/stats").status_code for _ in range(2)] == [200, 429]
