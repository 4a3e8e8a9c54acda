"""The reconciliation service, tested from the W3C Reconciliation Service API v0.2: the
manifest, batched queries (GET and POST form), types and properties in scoring, scores and
match flags, suggest, preview, flyout, data extension and propose-properties, and the errors."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.reconcile.service import preview_html
from graph.config import get_settings

JINAN, ZAOZHUANG, YANZHOU = "hosp-jinan-mch", "hosp-zaozhuang-mch", "hosp-yanzhou-people"


@pytest.fixture(scope="module")
def client(curated_client: TestClient) -> TestClient:
    return curated_client


def problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(("application/problem+json", "application/json"))
    body = r.json()
    assert body["status"] == status and body["detail"]
    return body


def reconcile(client, queries: dict, method: str = "GET") -> dict:
    payload = {"queries": json.dumps(queries, ensure_ascii=False)}
    r = client.get("/reconcile", params=payload) if method == "GET" else client.post("/reconcile", data=payload)
    assert r.status_code == 200, r.text
    return r.json()


def top(client, query: str, **q) -> dict:
    result = reconcile(client, {"q0": {"query": query, **q}})["q0"]["result"]
    assert result, f"no candidate for {query!r}"
    return result[0]


# --- manifest ------------------------------------------------------------------------------

def test_manifest_has_the_fields_openrefine_reads(client):
    r = client.get("/reconcile")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    m = r.json()
    assert "0.2" in m["versions"]
    assert m["name"] and m["identifierSpace"].startswith("http") and m["schemaSpace"].startswith("http")
    assert {"id": "Hospital", "name": "Hospital"} in m["defaultTypes"]
    assert all(set(t) == {"id", "name"} for t in m["defaultTypes"])
    assert "{{id}}" in m["view"]["url"]
    assert "{{id}}" in m["preview"]["url"] and m["preview"]["width"] > 0 and m["preview"]["height"] > 0
    for kind in ("entity", "type", "property"):
        assert m["suggest"][kind]["service_url"].endswith("/reconcile") and m["suggest"][kind]["service_path"].startswith("/")
    assert m["extend"]["propose_properties"]["service_path"] == "/propose_properties"
    assert m["batchSize"] == get_settings().reconcile_batch_max


def test_manifest_urls_answer(client):
    m = client.get("/reconcile").json()
    base = "http://testserver"
    assert client.get(m["preview"]["url"].replace("{{id}}", JINAN).removeprefix(base)).status_code == 200
    for kind in ("entity", "type", "property"):
        s = m["suggest"][kind]
        assert client.get(s["service_url"].removeprefix(base) + s["service_path"], params={"prefix": "济"}).status_code == 200
    p = m["extend"]["propose_properties"]
    assert client.get(p["service_url"].removeprefix(base) + p["service_path"], params={"type": "Hospital"}).status_code == 200


# --- queries ------------------------------------------------------------------------------

def test_batch_answers_every_key_with_candidates_of_the_spec_shape(client):
    answer = reconcile(client, {"q0": {"query": "济南市妇幼保健院"}, "q1": {"query": "单瑞萍", "type": "Person"},
                                "xyz": {"query": "no such thing at all 无此"}})
    assert set(answer) == {"q0", "q1", "xyz"}
    for result in answer.values():
        for c in result["result"]:
            assert isinstance(c["id"], str) and isinstance(c["name"], str)
            assert isinstance(c["score"], (int, float)) and isinstance(c["match"], bool)
            assert all(set(t) == {"id", "name"} for t in c["type"])
    assert answer["q0"]["result"][0]["id"] == JINAN and answer["q0"]["result"][0]["match"] is True
    assert answer["q1"]["result"][0]["id"] == "person-shan-ruiping"
    assert not any(c["match"] for c in answer["xyz"]["result"])


def test_post_form_answers_as_get(client):
    queries = {"q0": {"query": "济宁三院", "type": "Hospital", "limit": 3}}
    assert reconcile(client, queries, "POST") == reconcile(client, queries, "GET")


@pytest.mark.parametrize("query, expected", [
    ("济南市妇幼保健院", JINAN),                                    # Chinese name
    ("山东第一医科大学附属济南妇幼保健院", JINAN),                   # curated official name
    ("Jinan Maternal and Child Health Care Hospital", JINAN),       # English
    ("Jinan Shi Fuyou Baojianyuan", JINAN),                         # pinyin
    ("濟南市婦幼保健院", JINAN),                                    # traditional characters
    ("济南妇幼", JINAN),                                            # short name / abbreviation
    ("枣庄妇幼", ZAOZHUANG),                                        # abbreviation made by rule
    ("济宁三院", YANZHOU),                                          # abbreviation made by rule
    ("濟寧市兗州區人民醫院", YANZHOU),                              # traditional
])
def test_hospital_names_in_every_form_match(client, query, expected):
    c = top(client, query, type="Hospital")
    assert (c["id"], c["match"]) == (expected, True)
    assert c["type"] == [{"id": "Hospital", "name": "Hospital"}]


def test_type_restricts_candidates_and_includes_subclasses(client):
    result = reconcile(client, {"q": {"query": "济南", "type": "Person", "limit": 5}})["q"]["result"]
    assert all(c["type"][0]["id"] == "Person" for c in result)
    org = top(client, "济南市妇幼保健院", type="Organisation")
    assert org["id"] == JINAN


def test_limit_caps_the_candidates(client):
    assert len(reconcile(client, {"q": {"query": "妇幼保健院", "limit": 2}})["q"]["result"]) == 2


def test_city_property_picks_the_hospital_in_that_city(client):
    bare = reconcile(client, {"q": {"query": "妇幼保健院", "type": "Hospital", "limit": 10}})["q"]["result"]
    assert not bare[0]["match"]
    with_city = top(client, "妇幼保健院", type="Hospital", properties=[{"pid": "city", "v": "枣庄"}])
    assert with_city["id"] == ZAOZHUANG
    assert {"id": "city", "value": True} in with_city["features"]


def test_city_given_by_id_or_english_name_counts_too(client):
    for v in ("place-zaozhuang", "Zaozhuang", {"id": "place-zaozhuang", "name": "枣庄市"}):
        assert top(client, "妇幼保健院", type="Hospital", properties=[{"pid": "city", "v": v}])["id"] == ZAOZHUANG


def test_a_contradicting_city_removes_the_match(client):
    right = top(client, "济南妇幼", type="Hospital", properties=[{"pid": "city", "v": "济南"}])
    wrong = top(client, "济南妇幼", type="Hospital", properties=[{"pid": "city", "v": "桂林"}])
    assert right["id"] == JINAN and right["match"]
    jinan_wrong = next(c for c in reconcile(client, {"q": {"query": "济南妇幼", "type": "Hospital",
                       "properties": [{"pid": "city", "v": "桂林"}]}})["q"]["result"] if c["id"] == JINAN)
    assert jinan_wrong["score"] < right["score"] and not jinan_wrong["match"]
    assert {"id": "city", "value": False} in jinan_wrong["features"]
    assert wrong["id"] == JINAN or not wrong["match"]


def test_role_property_scores_people(client):
    with_role = top(client, "张运利", type="Person", properties=[{"pid": "role", "v": "党委书记"}])
    assert with_role["id"] == "person-zhang-yunli" and {"id": "role", "value": True} in with_role["features"]
    without = top(client, "张运利", type="Person")
    assert with_role["score"] >= without["score"]


# --- errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("queries, fragment", [
    ("{not json", "not valid JSON"),
    ('{"q0": {"type": "Hospital"}}', "query"),
    ('{"q0": {"query": "x", "type": "Spaceship"}}', "Spaceship"),
    ('{"q0": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}}', "colour"),
    ('{"q0": {"query": "x", "limit": 0}}', "limit"),
    ('["q0"]', "queries"),
])
def test_bad_queries_are_422_problems(client, queries, fragment):
    body = problem(client.get("/reconcile", params={"queries": queries}), 422)
    assert fragment in body["detail"]


def test_a_batch_over_the_limit_is_refused(client):
    n = get_settings().reconcile_batch_max + 1
    queries = {f"q{i}": {"query": "济南"} for i in range(n)}
    problem(client.post("/reconcile", data={"queries": json.dumps(queries)}), 422)


def test_post_must_be_a_form(client):
    problem(client.post("/reconcile", content=b'{"queries": {}}', headers={"content-type": "application/json"}), 422)


# --- suggest, preview, flyout --------------------------------------------------------------

def test_suggest_entity(client):
    r = client.get("/reconcile/suggest/entity", params={"prefix": "济南妇", "type": "Hospital"})
    assert r.status_code == 200
    result = r.json()["result"]
    assert result[0]["id"] == JINAN and result[0]["notable"] == [{"id": "Hospital", "name": "Hospital"}]
    nxt = client.get("/reconcile/suggest/entity", params={"prefix": "妇幼", "cursor": 1}).json()["result"]
    first = client.get("/reconcile/suggest/entity", params={"prefix": "妇幼"}).json()["result"]
    assert nxt[0] == first[1]


def test_suggest_type_and_property(client):
    types = client.get("/reconcile/suggest/type", params={"prefix": "hosp"}).json()["result"]
    assert types[0]["id"] == "Hospital"
    assert client.get("/reconcile/suggest/type", params={"prefix": "医院"}).json()["result"][0]["id"] == "Hospital"
    props = client.get("/reconcile/suggest/property", params={"prefix": "prov"}).json()["result"]
    assert [p["id"] for p in props] == ["province"]
    assert {p["id"] for p in client.get("/reconcile/suggest/property").json()["result"]} >= {"city", "role"}


def test_preview_is_small_html_of_the_entity(client):
    r = client.get("/reconcile/preview", params={"id": JINAN})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "济南市妇幼保健院" in r.text and "济南市" in r.text and len(r.text) < 2000
    # OpenRefine frames it; it may run no script.
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors *" in csp and "script-src" not in csp and "default-src 'none'" in csp
    problem(client.get("/reconcile/preview", params={"id": "hosp-nowhere"}), 404)


def test_preview_escapes_what_the_graph_holds():
    row = {"id": "x<y", "type": "Hospital", "name_zh": "<script>alert(1)</script>", "name_en": "A & B",
           "places": [{"id": "p", "name_zh": "<i>"}], "grades": [], "honours": 0}
    out = preview_html(row, "http://h/")
    assert "<script>" not in out and "&lt;script&gt;" in out and "A &amp; B" in out and "<i>" not in out
    assert "#entity=x%3Cy" in out


def test_flyout(client):
    body = client.get("/reconcile/flyout/entity", params={"id": JINAN}).json()
    assert body["id"] == JINAN and "济南市妇幼保健院" in body["html"]


# --- data extension -----------------------------------------------------------------------

def test_propose_properties_for_hospitals(client):
    body = client.get("/reconcile/propose_properties", params={"type": "Hospital"}).json()
    assert body["type"] == "Hospital"
    assert {"city", "province", "level", "honours_count", "leaders"} <= {p["id"] for p in body["properties"]}
    person = client.get("/reconcile/propose_properties", params={"type": "Person"}).json()
    assert "role" in {p["id"] for p in person["properties"]} and "leaders" not in {p["id"] for p in person["properties"]}
    problem(client.get("/reconcile/propose_properties", params={"type": "Spaceship"}), 422)


def extend(client, ids, props, method="POST"):
    payload = {"extend": json.dumps({"ids": ids, "properties": [{"id": p} for p in props]})}
    r = client.post("/reconcile", data=payload) if method == "POST" else client.get("/reconcile", params=payload)
    assert r.status_code == 200, r.text
    return r.json()


def test_extend_city_level_honours_leaders(client):
    body = extend(client, [JINAN, YANZHOU, "hosp-nowhere"], ["city", "level", "honours_count", "leaders"])
    assert [m["id"] for m in body["meta"]] == ["city", "level", "honours_count", "leaders"]
    assert next(m for m in body["meta"] if m["id"] == "city")["type"]["id"] == "Place"
    jinan = body["rows"][JINAN]
    assert {"id": "place-jinan", "name": "济南市"} in jinan["city"]
    assert {"id": "prog-grade-3a", "name": "三级甲等"} in jinan["level"]
    honours = client.get(f"/hospitals/{JINAN}/honours", params={"limit": 1}).json()["total"]
    assert jinan["honours_count"] == [{"int": honours}]
    assert "person-zhang-yunli" in {p["id"] for p in jinan["leaders"]}
    assert body["rows"]["hosp-nowhere"] == {"city": [], "level": [], "honours_count": [], "leaders": []}
    assert extend(client, [JINAN], ["city"], "GET")["rows"][JINAN]["city"] == jinan["city"]


def test_extend_limit_setting_and_unknown_property(client):
    payload = {"ids": [YANZHOU], "properties": [{"id": "leaders", "settings": {"limit": 1}}]}
    body = client.post("/reconcile", data={"extend": json.dumps(payload)}).json()
    assert len(body["rows"][YANZHOU]["leaders"]) == 1
    bad = {"ids": [JINAN], "properties": [{"id": "colour"}]}
    problem(client.post("/reconcile", data={"extend": json.dumps(bad)}), 422)


# --- the same resolver behind /search -------------------------------------------------------

@pytest.mark.parametrize("q, type, expected", [
    ("濟寧市第三人民醫院", None, YANZHOU),     # traditional characters
    ("济宁三院", None, YANZHOU),               # an abbreviation made by rule
    ("济南妇幼", "Hospital", JINAN),           # a short name
    ("Jinan Shi Fuyou Baojianyuan", None, JINAN),   # pinyin
])
def test_search_goes_through_the_name_resolver(client, q, type, expected):
    r = client.get("/search", params={"q": q, **({"type": type} if type else {})})
    assert r.status_code == 200, r.text
    assert r.json()["items"][0]["id"] == expected
