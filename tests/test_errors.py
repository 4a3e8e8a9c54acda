"""One error model (RFC 9457 problem+json) for every failure, and no input that gives a 500.

Against the real session Neo4j holding the curated data.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.errors import ApiError
from api.main import create_app
from graph.config import Settings
from graph.connection import Graph
from loaders.load import load
from tests.conftest import free_port

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LIST_ENDPOINTS = [("/hospitals", {}), ("/people", {}), ("/branches", {}), ("/programmes", {}), ("/honours", {}),
                  ("/organisations", {}), ("/articles", {}), ("/hospitals/hosp-jinan-mch/honours", {}),
                  ("/search", {"q": "医院"})]


@pytest.fixture(scope="module")
def client(graph: Graph, neo4j_settings: Settings) -> Iterator[TestClient]:
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, DATA_DIR)
    with TestClient(create_app(neo4j_settings), raise_server_exceptions=False) as c:
        yield c


def problem(r, status: int) -> dict:
    """The response is a problem+json of this status, not cacheable, without internals."""
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers["content-type"]
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["status"] == status and body["title"] and body["type"]
    for leak in ("Traceback", "bolt://", "neo4j://", "/work/", "/tmp/", "/home/", "Neo.ClientError"):
        assert leak not in r.text, (leak, r.text)
    return body


# --- the framework's own errors use the model too ------------------------------------------

def test_unknown_route_is_a_404_problem(client):
    body = problem(client.get("/no/such/thing"), 404)
    assert body["instance"] == "/no/such/thing"


def test_wrong_method_is_a_405_problem_naming_the_allowed_methods(client):
    r = client.delete("/hospitals")
    problem(r, 405)
    assert "GET" in r.headers["allow"]


def test_invalid_parameter_is_a_422_problem_listing_the_field(client):
    body = problem(client.get("/hospitals", params={"limit": 0}), 422)
    assert body["type"] == "/problems/invalid-request"
    assert [e["loc"] for e in body["errors"]] == [["query", "limit"]]


def test_unknown_id_is_a_404_problem_naming_kind_and_id(client):
    body = problem(client.get("/hospitals/hosp-nowhere"), 404)
    assert body["type"] == "/problems/not-found"
    assert body["kind"] == "hospital" and body["id"] == "hosp-nowhere"
    assert body["instance"] == "/hospitals/hosp-nowhere"


# --- bounds: no input overflows in Neo4j -----------------------------------------------------

@pytest.mark.parametrize("url,base", LIST_ENDPOINTS)
@pytest.mark.parametrize("params", [{"offset": 2**31 - 10}, {"offset": 2**63}, {"offset": -1},
                                    {"limit": 501}, {"limit": 2**40}, {"offset": 10_001}])
def test_out_of_bounds_page_is_422(client, url, base, params):
    problem(client.get(url, params={**base, **params}), 422)


@pytest.mark.parametrize("url,base", LIST_ENDPOINTS)
def test_deepest_allowed_offset_answers_an_empty_page(client, url, base):
    r = client.get(url, params={**base, "offset": 10_000})
    assert r.status_code == 200, r.text
    assert r.json()["items"] == []


# --- full-text search: operators and brackets are words -----------------------------------------

@pytest.mark.parametrize("q", ["AND", "OR", "NOT", "TO", "a AND", "NOT NOT", "&&", "||", '"', '"济南', "(", ")", "[1 TO 5]",
                               "{x}", "*", "?", "~", "^2", "\\", "/", "济南 AND 医院", "a:b", "-", "+", "!"])
def test_search_text_is_never_lucene_syntax(client, q):
    r = client.get("/search", params={"q": q})
    assert r.status_code in (200, 422), (q, r.status_code, r.text)
    if r.status_code == 422:
        assert problem(r, 422)["detail"]


def test_search_operator_word_still_finds_names(client):
    # 'and' is a word of English names: searched as a word, it finds them.
    hits = client.get("/search", params={"q": "Maternal AND Child"}).json()["items"]
    assert hits, "operators searched as words should still match names containing the other words"


# --- paths: the same entity at both ends ---------------------------------------------------------

def test_path_from_an_entity_to_itself_is_zero_length(client):
    r = client.get("/paths", params={"from": "hosp-jinan-mch", "to": "hosp-jinan-mch"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["paths"] == [["hosp-jinan-mch"]]
    assert [n["data"]["id"] for n in body["elements"]["nodes"]] == ["hosp-jinan-mch"]
    assert body["elements"]["edges"] == []


# --- unexpected errors: JSON 500, connection kept ------------------------------------------------

class Boom(Exception):
    pass


def _serve(app) -> tuple[uvicorn.Server, int]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    return server, port


def test_unexpected_error_is_a_json_500_and_the_connection_stays_usable(neo4j_settings):
    app = create_app(neo4j_settings)

    def boom():
        raise Boom("internal detail that must not leak: /secret/path bolt://u:p@host")

    def teapot():
        raise ApiError(418, "I'm a teapot", "a custom status through the one model")

    app.add_api_route("/boom", boom)
    app.add_api_route("/teapot", teapot)
    server, port = _serve(app)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/boom")
        r = conn.getresponse()
        body = r.read().decode()
        assert r.status == 500 and r.getheader("content-type").startswith("application/problem+json")
        assert "secret" not in body and "bolt://" not in body and "Traceback" not in body
        assert r.getheader("connection") != "close"
        sock = conn.sock
        # the same connection answers the next request
        conn.request("GET", "/teapot")
        r2 = conn.getresponse()
        assert r2.status == 418 and r2.read()
        assert conn.sock is sock, "the server closed the connection after the 500"
        conn.close()
    finally:
        server.should_exit = True


# --- an unavailable graph: 503, generic text, no URI ---------------------------------------------

def test_unreachable_graph_is_a_503_problem_without_its_uri():
    port = free_port()
    settings = Settings(NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_PASSWORD="s3cret")
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        for url in ("/hospitals", "/search?q=x", "/hospitals/hosp-jinan-mch"):
            r = c.get(url)
            body = problem(r, 503)
            assert int(r.headers["retry-after"]) > 0
            assert str(port) not in r.text and "s3cret" not in r.text
            assert body["type"] == "/problems/unavailable"
        h = c.get("/health")
        assert h.status_code == 503 and int(h.headers["retry-after"]) > 0
        assert str(port) not in h.text and "bolt" not in h.text


def test_openapi_documents_the_problem_model(client):
    spec = client.get("/openapi.json").json()
    assert "Problem" in spec["components"]["schemas"]
    op = spec["paths"]["/hospitals/{id}"]["get"]
    for status in ("404", "422", "503"):
        assert "application/problem+json" in op["responses"][status]["content"], status
    # FastAPI's own 422 body is not documented anywhere: ours replaces it
    assert "HTTPValidationError" not in spec["components"]["schemas"]

