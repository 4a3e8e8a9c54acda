"""The curation studio end to end against the real Neo4j: add an article, draft proposals,
accept two and create one from a selected span, save with If-Match, and find the new facts
in the public API at once. And every refusal: a duplicate article, a quote not in the text,
a missing or wrong token, a stale If-Match — each with a clear message and nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.config import Settings
from graph.connection import Graph
from tests import curation_helpers
from tests.curation_helpers import article, snapshot

TOKEN = "test-token-of-curator-wang"
HOSPITAL = "星河市第二人民医院"
ARTICLE = article(HOSPITAL)


@pytest.fixture(scope="module")
def studio(graph: Graph, neo4j_settings: Settings, tmp_path_factory) -> Iterator[tuple[TestClient, Path]]:
    with curation_helpers.studio(graph, neo4j_settings, tmp_path_factory.mktemp("studio"), "wang", TOKEN) as studio:
        yield studio


AUTH = {"X-Curator-Token": TOKEN}


def problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["detail"]
    return body


@pytest.fixture(scope="module")
def added(studio) -> str:
    c, _ = studio
    r = c.post("/curation/articles", headers=AUTH,
               json={"text": ARTICLE.replace("\n", "\r\n"), "title": f"{HOSPITAL}：守护一方健康", "date": "2026-01",
                     "outlet": "星河日报"})
    assert r.status_code == 201, r.text
    assert r.json()["id"] == "A005"
    return r.json()["id"]


def test_round_trip_add_propose_accept_save_and_read_back(studio, added):
    c, data = studio
    art = c.get(f"/curation/articles/{added}", headers=AUTH).json()
    text = art["text"]
    assert text == ARTICLE and art["article"]["hash"].startswith("sha256:")

    drafts = c.post(f"/curation/articles/{added}/proposals", headers=AUTH).json()
    assert (data / "proposals" / f"{added}.yaml").exists()
    ents = {e["id"]: e for e in drafts["entities"]}
    honour = next(f for f in drafts["facts"] if f["predicate"] == "awarded")
    role = next(f for f in drafts["facts"] if f["predicate"] == "holdsPosition")
    for f in (honour, role):
        assert text[f["start"]:f["end"]] == f["quote"] and f["rule"] and 0 < f["confidence"] <= 1
    assert ents[honour["object"]]["name_zh"] == "星河市平安医院"

    # A fact made by selecting text in the page: the quote and its offsets.
    sel = "急诊科"
    start = text.index(sel)
    hosp = honour["subject"]
    new_unit = {"id": "dept-a005-emergency", "type": "Department", "name_zh": "急诊科",
                "name_en": "Emergency Department"}
    keep = {"id", "type", "name_zh", "name_en", "pinyin", "kind", "level"}
    used = {honour["subject"], honour["object"], honour["qualifiers"]["conferrer"], role["subject"], role["object"]}
    # The curator completes what a draft cannot know: English names.
    for i in used:
        ents[i].setdefault("name_en", f"English name of {ents[i]['name_zh']}")
    assert ents[role["subject"]]["pinyin"] == "Zhōu Míngyuǎn"
    entities = [{k: v for k, v in ents[i].items() if k in keep} for i in used if not ents[i]["linked"]] + [new_unit]
    facts = [{k: v for k, v in f.items() if k in ("subject", "predicate", "object", "qualifiers", "quote", "start", "end")}
             for f in (honour, role)]
    facts.append({"subject": hosp, "predicate": "hasUnit", "object": new_unit["id"], "quote": sel,
                  "start": start, "end": start + len(sel)})

    r = c.get(f"/curation/articles/{added}/facts", headers=AUTH)
    etag = r.headers["ETag"]
    assert r.json()["facts"] == []
    r = c.put(f"/curation/articles/{added}/facts", headers={**AUTH, "If-Match": etag},
              json={"entities": entities, "facts": facts, "summary": "accepted two drafts, added one unit"})
    assert r.status_code == 200, r.text
    saved = r.json()
    assert saved["changes"] == {"added": 3, "changed": 0, "removed": 0}
    assert r.headers["ETag"] != etag and saved["loaded"]["nodes"]["created"] > 0

    # The file: stable order, history naming the curator, facts with ids.
    fact_file = (data / "facts" / f"{added}.yaml").read_text(encoding="utf-8")
    assert fact_file.index("article:") < fact_file.index("entities:") < fact_file.index("facts:") \
        < fact_file.index("history:")
    assert "by: wang" in fact_file and f"id: {added}-001" in fact_file

    # Visible in the public API at once: the honour in the hospital's history, with its quote.
    honours = c.get(f"/hospitals/{hosp}/honours").json()["items"]
    entry = next(i for i in honours if i["honour"]["name_zh"] == "星河市平安医院")
    assert entry["sources"][0]["quote"] == honour["quote"]
    unit = c.get(f"/entities/{new_unit['id']}")
    assert unit.status_code == 200, unit.text

    # Saving the same content again changes nothing but the history.
    r2 = c.put(f"/curation/articles/{added}/facts", headers={**AUTH, "If-Match": r.headers["ETag"]},
               json={"entities": entities, "facts": [{**f, "id": f"{added}-{i:03d}"} for i, f in enumerate(facts, 1)]})
    assert r2.status_code == 200, r2.text
    assert r2.json()["changes"] == {"added": 0, "changed": 0, "removed": 0}


def test_a_duplicate_article_is_refused_naming_it(studio, added):
    c, data = studio
    before = snapshot(data)
    r = c.post("/curation/articles", headers=AUTH, json={"text": ARTICLE, "title": "again"})
    assert problem(r, 409)["duplicate_of"] == added
    near = ARTICLE.replace("守护一方健康", "守护一方的健康")
    body = problem(c.post("/curation/articles", headers=AUTH, json={"text": near, "title": "again"}), 409)
    assert body["duplicate_of"] == added and "nearly duplicates" in body["detail"]
    assert snapshot(data) == before


def test_a_quote_not_in_the_text_is_refused_on_its_fact(studio, added):
    c, data = studio
    etag = c.get(f"/curation/articles/{added}/facts", headers=AUTH).headers["ETag"]
    before = snapshot(data)
    fact = {"id": f"{added}-050", "subject": "hosp-jinan-mch", "predicate": "hasUnit", "object": "dept-zz-gynaecology",
            "quote": "医院下设妇科"}
    body = problem(c.put(f"/curation/articles/{added}/facts", headers={**AUTH, "If-Match": etag},
                         json={"facts": [fact]}), 422)
    assert any(p["fact"] == f"{added}-050" and "quote not found" in p["message"] for p in body["problems"])
    # The same through the dry-run validation, which never writes.
    problem(c.post(f"/curation/articles/{added}/facts/validate", headers=AUTH, json={"facts": [fact]}), 422)
    # Offsets that do not point at the quote.
    bad = {**fact, "quote": "急诊科", "start": 0, "end": 3}
    body = problem(c.put(f"/curation/articles/{added}/facts", headers={**AUTH, "If-Match": etag},
                         json={"facts": [bad]}), 422)
    assert "not the article's text at 0-3" in str(body["problems"])
    assert snapshot(data) == before


def test_a_stale_if_match_is_a_conflict_and_a_missing_one_is_required(studio, added):
    c, data = studio
    before = snapshot(data)
    body = problem(c.put(f"/curation/articles/{added}/facts", headers={**AUTH, "If-Match": '"0000"'},
                         json={"facts": []}), 409)
    assert "changed since you loaded it" in body["detail"] and body["current_etag"]
    problem(c.put(f"/curation/articles/{added}/facts", headers=AUTH, json={"facts": []}), 428)
    assert snapshot(data) == before


def test_a_missing_or_wrong_token_is_refused(studio, added):
    c, data = studio
    before = snapshot(data)
    for headers in ({}, {"X-Curator-Token": "not-a-token"}, {"Authorization": "Bearer nope"}):
        body = problem(c.get(f"/curation/articles/{added}", headers=headers), 401)
        assert "token" in body["detail"]
        problem(c.post("/curation/articles", headers=headers, json={"text": "新的文章。", "title": "t"}), 401)
    assert c.get("/curation/whoami", headers={"Authorization": f"Bearer {TOKEN}"}).json() == {"curator": "wang"}
    assert snapshot(data) == before


def test_without_curators_curation_is_disabled_and_the_public_api_still_reads(studio, neo4j_settings, tmp_path):
    _, data = studio
    for curators in (None, tmp_path / "absent", tmp_path / "empty"):
        if curators and curators.name == "empty":
            curators.write_text("# nobody yet\n", encoding="utf-8")
        settings = neo4j_settings.model_copy(update={"data_dir": data, "curators_file": curators})
        with TestClient(create_app(settings)) as c:
            body = problem(c.get("/curation/articles", headers=AUTH), 403)
            assert "disabled" in body["detail"]
            assert c.get("/hospitals").status_code == 200
