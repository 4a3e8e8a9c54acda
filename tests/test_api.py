"""The HTTP API against a real Neo4j holding the curated data: real answers, no mocks."""

from __future__ import annotations

import time

import networkx
import pytest
from fastapi.testclient import TestClient

from api import warmup
from api.main import create_app
from graph.config import Settings
from graph.neo4j_local import server
from tests.conftest import free_port

JINAN = "hosp-jinan-mch"


@pytest.fixture(scope="module")
def client(curated_client: TestClient) -> TestClient:
    return curated_client


def ok(c: TestClient, url: str, **params) -> dict | list:
    r = c.get(url, params=params)
    assert r.status_code == 200, (url, r.status_code, r.text)
    assert "Traceback" not in r.text
    return r.json()


def assert_json_error(r, status: int, error: str | None = None) -> dict:
    """An RFC 9457 problem: `error` names its type (not_found -> /problems/not-found)."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "Traceback" not in r.text
    body = r.json()
    assert body["status"] == status and body["title"]
    if error:
        assert body["type"] == "/problems/" + error.replace("_", "-").replace("graph-unavailable", "unavailable")
    return body


# --- honours timeline ---------------------------------------------------------------------

def test_honours_timeline_includes_shan_ruiping_with_quote_from_article(client):
    page = ok(client, f"/hospitals/{JINAN}/honours")
    items = page["items"]
    entry = next(i for i in items if i["recipient"]["id"] == "person-shan-ruiping"
                 and i["honour"]["name_zh"] == "中国医师奖")
    assert entry["recipient_kind"] == "person"
    assert entry["sources"]
    for src in entry["sources"]:
        art = ok(client, f"/articles/{src['article_id']}")
        assert src["start"] is not None and src["end"] is not None
        fact = next(f for f in art["facts"] if (f["start"], f["end"]) == (src["start"], src["end"]))
        assert fact["quote"] == src["quote"] and src["quote"] in fact["sentence"]
        assert "text" not in art["article"], "the API serves quotes and sentences, never whole articles"


def test_honours_ordered_by_year_none_last(client):
    items = ok(client, f"/hospitals/{JINAN}/honours", limit=500)["items"]
    assert len(items) >= 2
    years = [i["year"] for i in items]
    dated = [y for y in years if y is not None]
    assert dated == sorted(dated)
    # every None comes after every year
    if None in years:
        assert all(y is None for y in years[years.index(None):])


def _filter_checks(client, hid):
    url = f"/hospitals/{hid}/honours"
    everything = ok(client, url, limit=500)
    items = everything["items"]
    years = sorted({i["year"] for i in items if i["year"] is not None})
    mid = years[len(years) // 2] if years else 2020
    expected = {
        (mid, None): [i["fact_id"] for i in items if i["year"] is not None and i["year"] >= mid],
        (None, mid): [i["fact_id"] for i in items if i["year"] is not None and i["year"] <= mid],
        (mid, mid): [i["fact_id"] for i in items if i["year"] == mid],
    }
    for (lo, hi), ids in expected.items():
        params = {k: v for k, v in (("from_year", lo), ("to_year", hi)) if v is not None}
        got = ok(client, url, limit=500, **params)
        assert [i["fact_id"] for i in got["items"]] == ids, (hid, params)
        assert got["total"] == len(ids)
    # a window with no honours at all
    assert ok(client, url, from_year=1901, to_year=1902)["total"] == 0
    return everything, years


def test_honours_year_filters_narrow(client):
    everything, years = _filter_checks(client, JINAN)
    # Zaozhuang's honours carry years, so there the filters really narrow
    zz, zz_years = _filter_checks(client, "hosp-zaozhuang-mch")
    assert zz_years
    last = zz_years[-1]
    url = "/hospitals/hosp-zaozhuang-mch/honours"
    assert 0 < ok(client, url, from_year=last)["total"] <= zz["total"]
    assert ok(client, url, from_year=last + 1)["total"] == 0
    assert ok(client, url, to_year=zz_years[0] - 1)["total"] == 0
    # a dated-only conferral (A002-027, date 2022-01) is placed in its year
    dated = next(i for i in zz["items"] if i["fact_id"] == "A002-027")
    assert dated["year"] == 2022 and dated["date"] == "2022-01"


def test_honours_recipient_kind_person(client):
    everything = ok(client, f"/hospitals/{JINAN}/honours", limit=500)
    people = ok(client, f"/hospitals/{JINAN}/honours", recipient_kind="person", limit=500)
    assert people["items"] and all(i["recipient_kind"] == "person" for i in people["items"])
    assert [i["fact_id"] for i in people["items"]] == \
        [i["fact_id"] for i in everything["items"] if i["recipient_kind"] == "person"]
    assert people["total"] < everything["total"]
    assert any(i["recipient"]["id"] == "person-shan-ruiping" for i in people["items"])
    assert_json_error(client.get(f"/hospitals/{JINAN}/honours", params={"recipient_kind": "alien"}), 422)


def test_honours_pagination_consistent(client):
    full = ok(client, f"/hospitals/{JINAN}/honours", limit=500)
    total = full["total"]
    assert total == len(full["items"]) >= 3
    first = ok(client, f"/hospitals/{JINAN}/honours", limit=2, offset=0)
    second = ok(client, f"/hospitals/{JINAN}/honours", limit=2, offset=2)
    assert (first["total"], first["limit"], first["offset"]) == (total, 2, 0)
    assert (second["total"], second["limit"], second["offset"]) == (total, 2, 2)
    assert [i["fact_id"] for i in first["items"] + second["items"]] == [i["fact_id"] for i in full["items"][:4]]
    beyond = ok(client, f"/hospitals/{JINAN}/honours", limit=5, offset=total)
    assert beyond["items"] == [] and beyond["total"] == total


# --- search -------------------------------------------------------------------------------

def test_search_exact_chinese_name_first(client):
    page = ok(client, "/search", q="济宁市第三人民医院")
    assert page["items"][0]["id"] == "hosp-yanzhou-people"


@pytest.mark.parametrize("q", ["Shan Ruiping", "shan ruiping", "Shan Rui"])
def test_search_pinyin_without_tones_finds_person(client, q):
    ids = [i["id"] for i in ok(client, "/search", q=q)["items"]]
    assert "person-shan-ruiping" in ids


def test_search_by_english_name(client):
    person = ok(client, "/people/person-shan-ruiping")["entity"]
    assert person.get("name_en"), person
    ids = [i["id"] for i in ok(client, "/search", q=person["name_en"])["items"]]
    assert "person-shan-ruiping" in ids


def test_search_type_filter_only_hospitals(client):
    page = ok(client, "/search", q="医院", type="Hospital", limit=100)
    assert page["items"]
    assert all("Hospital" in i["labels"] if "labels" in i else i.get("type") == "Hospital" for i in page["items"])
    for i in page["items"]:
        assert ok(client, f"/hospitals/{i['id']}")["hospital"]["id"] == i["id"]


def test_search_unknown_type_422(client):
    assert_json_error(client.get("/search", params={"q": "医院", "type": "Spaceship"}), 422, "invalid_request")


# --- paths and graph JSON -----------------------------------------------------------------

def test_path_between_two_people_of_same_hospital(client):
    a, b = "person-zhang-yunli", "person-nie-wenying"
    data = ok(client, "/paths", **{"from": a, "to": b})
    assert data["found"] >= 1
    assert data["paths"]
    for p in data["paths"]:
        assert p[0] == a and p[-1] == b
    node_ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert {a, b} <= node_ids


def test_neighbourhood_cytoscape_elements_consistent(client):
    data = ok(client, "/entities/hosp-guilin-mch/neighbourhood", format="cytoscape")
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert nodes and edges
    node_ids = [n["data"]["id"] for n in nodes]
    assert len(node_ids) == len(set(node_ids))
    assert "hosp-guilin-mch" in node_ids
    edge_ids = [e["data"]["id"] for e in edges]
    assert len(edge_ids) == len(set(edge_ids))
    assert not set(node_ids) & set(edge_ids)
    for e in edges:
        assert e["data"]["source"] in node_ids and e["data"]["target"] in node_ids


def test_neighbourhood_d3_loads_in_networkx(client):
    data = ok(client, "/entities/hosp-guilin-mch/neighbourhood", format="d3")
    try:
        g = networkx.node_link_graph(data, edges="links")
    except TypeError:
        g = networkx.node_link_graph(data, link="links")
    assert g.number_of_nodes() == len(data["nodes"]) > 0
    assert g.number_of_edges() == len(data["links"]) > 0
    assert "hosp-guilin-mch" in g


# --- hospitals ----------------------------------------------------------------------------

def test_hospital_profile(client):
    prof = ok(client, f"/hospitals/{JINAN}")
    assert prof["hospital"]["id"] == JINAN
    campuses = prof["campuses"]
    names = [c["entity"].get("name_zh") or "" for c in campuses]
    assert any("东院区" in n for n in names), names
    east = next(c for c in campuses if "东院区" in (c["entity"].get("name_zh") or ""))
    assert east["milestones"], east
    assert all(m["entity"]["id"] == east["entity"]["id"] for m in east["milestones"])
    assert any(m["kind"] in ("opened", "opening", "founded", "launched") or m.get("year") for m in east["milestones"])
    assert any(l["person"] and l["person"]["id"] == "person-zhang-yunli" and "党委书记" in (l["role"] or "")
               for l in prof["leaders"]), prof["leaders"]
    assert prof["programmes"]
    assert prof["figures"]
    assert {"A000", "A001"} <= set(prof["sources"])


def test_hospitals_filters(client):
    guilin = ok(client, "/hospitals", city="桂林市")
    assert "hosp-guilin-mch" in [h["id"] for h in guilin["items"]]
    assert JINAN not in [h["id"] for h in guilin["items"]]
    sd = ok(client, "/hospitals", province="山东省")
    assert JINAN in [h["id"] for h in sd["items"]]
    assert "hosp-guilin-mch" not in [h["id"] for h in sd["items"]]


# --- people, facts, articles, stats -------------------------------------------------------

def test_person_position(client):
    p = ok(client, "/people/person-zhang-yunli")
    roles = [s["statement"].get("role") or "" for s in p["positions"]]
    assert any("书记" in r for r in roles), roles


def test_fact_evidence_sentence_contains_quote(client):
    ev = ok(client, "/facts/A000-064/evidence")
    assert ev
    for e in ev:
        assert e["fact_id"] == "A000-064"
        assert e["quote"] and e["quote"] in e["sentence"]
    assert any("单瑞萍" in e["quote"] for e in ev)


def test_articles_lists_five(client):
    page = ok(client, "/articles")
    assert page["total"] == 5
    assert len(page["items"]) == 5


def test_stats_match_cypher(client, graph):
    stats = ok(client, "/stats")
    n = graph.read_tx(lambda tx: tx.run("MATCH (h:Hospital) RETURN count(h) AS n").single()["n"])
    assert stats["labels"]["Hospital"] == n > 0
    assert "GraphMeta" not in stats["labels"]   # the loader's version and lease, not content


# --- errors -------------------------------------------------------------------------------

def test_unknown_hospital_404(client):
    body = assert_json_error(client.get("/hospitals/hosp-nowhere"), 404, "not_found")
    assert "hosp-nowhere" in body["detail"]
    assert_json_error(client.get("/hospitals/hosp-nowhere/honours"), 404, "not_found")


def test_depth_5_is_422(client):
    assert_json_error(client.get("/entities/hosp-guilin-mch/neighbourhood", params={"depth": 5}), 422, "invalid_request")


def test_neo4j_unavailable_503():
    settings = Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}")
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        for url, params in (("/search", {"q": "x"}), (f"/hospitals/{JINAN}", {})):
            r = c.get(url, params=params)
            body = assert_json_error(r, 503, "graph_unavailable")
            assert r.headers.get("Retry-After")
            assert body["detail"]
        r = c.get("/health")
        assert r.status_code == 503 and r.headers.get("Retry-After")
        assert r.json()["neo4j"]["available"] is False


# --- recovery -----------------------------------------------------------------------------

def test_recovers_when_neo4j_comes_back(tmp_path):
    port = free_port()
    local = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=tmp_path, HKG_NEO4J_PORT=port,
                     HKG_NEO4J_HEAP="512m", HKG_NEO4J_PAGECACHE="64m")
    app = create_app(Settings(NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_PASSWORD=local.neo4j_password))
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/health")
        assert r.status_code == 503 and r.json()["status"] == "unavailable"
        assert "Traceback" not in r.text
        try:
            server.start(local)
            deadline = time.monotonic() + 60
            while True:
                r = c.get("/health")
                if r.status_code == 200 or time.monotonic() > deadline:
                    break
                time.sleep(1)
            assert r.status_code == 200, r.text
            assert r.json()["status"] == "ok" and r.json()["neo4j"]["available"] is True
            # The plan warm-up waited for Neo4j and, once it answered, ran every read of the API (those
            # of the full-text indexes fail on this empty store, which has no schema: counted, not
            # raised). The reads come first; the loader's statements follow (tests/test_load_warmup.py).
            reads = len(warmup.reads())
            while (plans := c.get("/health").json()["plans"])["warmed"] + plans["failed"] < reads \
                    and time.monotonic() < deadline:
                time.sleep(0.5)
            assert plans["warmed"] > 0 and plans["warmed"] + plans["failed"] >= reads, plans
            assert plans["total"] == len(warmup.statements()), plans
        finally:
            server.stop(local)
