"""The review of an article's drafts is kept: reopening the article shows each draft as the
curator left it (accepted: its fact is curated; rejected: stored with the drafts; pending), with
the counts, also after drafting again. The ontology answer gives the forms what they need:
qualifiers with their closed lists of values, years as numbers, required ones, the id rule.
A new entity's id is checked against the id rule and against the ids already taken."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import ontology
from graph.config import Settings
from graph.connection import Graph
from tests import curation_helpers
from tests.curation_helpers import article, snapshot

TOKEN = "test-token-of-curator-li"
AUTH = {"X-Curator-Token": TOKEN}
HOSPITAL = "星河市第四人民医院"
ARTICLE = article(HOSPITAL)


@pytest.fixture(scope="module")
def studio(graph: Graph, neo4j_settings: Settings, tmp_path_factory) -> Iterator[tuple[TestClient, Path, str]]:
    """The studio with the new article added."""
    root = tmp_path_factory.mktemp("review-state")
    with curation_helpers.studio(graph, neo4j_settings, root, "li", TOKEN) as (c, data):
        r = c.post("/curation/articles", headers=AUTH, json={"text": ARTICLE, "title": HOSPITAL, "date": "2026-01"})
        assert r.status_code == 201, r.text
        yield c, data, r.json()["id"]


def statuses(doc: dict) -> dict[str, str]:
    return {f["id"]: f["status"] for f in doc["facts"]}


def test_reopening_an_article_shows_each_draft_as_the_curator_left_it(studio):
    c, data, aid = studio
    drafts = c.post(f"/curation/articles/{aid}/proposals", headers=AUTH).json()
    assert set(statuses(drafts).values()) == {"pending"}
    n = len(drafts["facts"])
    assert drafts["counts"] == {"pending": n, "accepted": 0, "rejected": 0}
    honour = next(f for f in drafts["facts"] if f["predicate"] == "awarded")
    units = [f for f in drafts["facts"] if f["predicate"] == "hasUnit"]
    assert len(units) >= 3
    kept, edited, rejected = units[0], units[1], units[2]

    # Rejected: stored with the drafts at once, naming the curator.
    r = c.post(f"/curation/articles/{aid}/proposals/decisions", headers=AUTH,
               json={"decisions": [{"proposal": rejected["id"], "decision": "rejected"}]})
    assert r.status_code == 200, r.text
    assert statuses(r.json())[rejected["id"]] == "rejected"

    # Saved: one draft as drafted (recognised by what it says), one edited into another fact
    # (recognised because the save says which draft it came from).
    ents = {e["id"]: e for e in drafts["entities"]}
    used = [kept["subject"], kept["object"], edited["object"]]
    entities = [{k: v for k, v in ents[i].items() if k in ("id", "type", "name_zh")} | {"name_en": f"E {i}"}
                for i in dict.fromkeys(used)]
    entities.append({"id": "team-a005-rehab", "type": "Team", "name_zh": "康复团队", "name_en": "Rehabilitation team"})
    facts = [{"id": f"{aid}-001", **{k: kept[k] for k in ("subject", "predicate", "object", "quote", "start", "end")}},
             {"id": f"{aid}-002", **{k: edited[k] for k in ("subject", "predicate", "quote", "start", "end")},
              "object": "team-a005-rehab"}]
    etag = c.get(f"/curation/articles/{aid}/facts", headers=AUTH).headers["ETag"]
    r = c.put(f"/curation/articles/{aid}/facts", headers={**AUTH, "If-Match": etag},
              json={"entities": entities, "facts": facts, "from_proposals": {edited["id"]: f"{aid}-002"}})
    assert r.status_code == 200, r.text

    # Reopened: as left, with the counts.
    again = c.get(f"/curation/articles/{aid}/proposals", headers=AUTH).json()
    by_id = {f["id"]: f for f in again["facts"]}
    assert by_id[kept["id"]]["status"] == "accepted" and by_id[kept["id"]]["fact"] == f"{aid}-001"
    assert by_id[edited["id"]]["status"] == "accepted" and by_id[edited["id"]]["fact"] == f"{aid}-002"
    assert by_id[rejected["id"]]["status"] == "rejected" and by_id[rejected["id"]]["decided_by"] == "li"
    assert by_id[honour["id"]]["status"] == "pending"
    assert again["counts"] == {"pending": n - 3, "accepted": 2, "rejected": 1}

    # Drafting again keeps the decisions of the drafts that come back.
    redrafted = c.post(f"/curation/articles/{aid}/proposals", headers=AUTH).json()
    assert redrafted["counts"] == again["counts"]

    # A rejection taken back is pending again.
    r = c.post(f"/curation/articles/{aid}/proposals/decisions", headers=AUTH,
               json={"decisions": [{"proposal": rejected["id"], "decision": "pending"}]})
    assert statuses(r.json())[rejected["id"]] == "pending" and r.json()["counts"]["rejected"] == 0


def test_a_decision_on_an_unknown_draft_or_of_no_kind_is_refused_and_nothing_written(studio):
    c, data, aid = studio
    c.post(f"/curation/articles/{aid}/proposals", headers=AUTH)
    before = snapshot(data)
    r = c.post(f"/curation/articles/{aid}/proposals/decisions", headers=AUTH,
               json={"decisions": [{"proposal": f"{aid}-P999", "decision": "rejected"}]})
    assert r.status_code == 422 and f"{aid}-P999" in r.json()["detail"]
    r = c.post(f"/curation/articles/{aid}/proposals/decisions", headers=AUTH,
               json={"decisions": [{"proposal": f"{aid}-P001", "decision": "accepted"}]})
    assert r.status_code == 422, "a draft is accepted by saving its fact, not by a decision"
    assert c.post(f"/curation/articles/{aid}/proposals/decisions",
                  json={"decisions": [{"proposal": f"{aid}-P001", "decision": "rejected"}]}).status_code == 401
    assert snapshot(data) == before


def test_the_ontology_answer_gives_each_predicate_its_qualifier_inputs(studio):
    c, _, _ = studio
    onto = c.get("/curation/ontology", headers=AUTH).json()
    preds = {p["name"]: p for p in onto["predicates"]}
    fields = {name: {f["key"]: f for f in p["qualifiers"]} for name, p in preds.items()}
    o = ontology.load()
    recognition_kinds = [v.value for v in o.enumeration("RecognitionKind")]
    # closed lists of values, from the ontology (and its shapes), with both languages' labels
    assert fields["awarded"]["kind"]["input"] == "enum"
    assert sorted(v["value"] for v in fields["awarded"]["kind"]["values"]) == sorted(recognition_kinds)
    assert {v["value"]: v["label_zh"] for v in fields["awarded"]["year_basis"]["values"]}["inferred"] == "据发稿日期推断"
    assert fields["designatedAs"]["level"]["input"] == "enum" and \
        "provincial" in [v["value"] for v in fields["designatedAs"]["level"]["values"]]
    assert "founded" in [v["value"] for v in fields["milestone"]["kind"]["values"]]
    assert "technical_cooperation" in [v["value"] for v in fields["partnersWith"]["kind"]["values"]]
    # years are numbers, dates are dates, a conferrer is an organisation
    assert fields["awarded"]["year"]["input"] == "year" and fields["awarded"]["since"]["input"] == "date"
    assert fields["awarded"]["conferrer"] == {"key": "conferrer", "input": "entity", "required": False,
                                              "range": ["Organisation"]}
    # what the shapes require
    assert fields["holdsPosition"]["role"]["required"] and fields["milestone"]["kind"]["required"]
    assert fields["figure"]["metric"]["required"] and not fields["awarded"]["kind"]["required"]
    assert preds["figure"]["object_input"] == "number" and preds["milestone"]["object_input"] == "text"
    assert preds["awarded"]["object_input"] == "entity"
    # types with their class chains (to check a subject's type as the validator does), and the id rule
    assert "Organisation" in onto["classes"]["Hospital"]
    rule = re.compile(onto["id_rule"]["pattern"])
    assert rule.match("hosp-xinghe-fourth") and not rule.match("Hosp_Xinghe") and not rule.match("hosp")


def test_a_new_entity_id_against_the_id_rule_or_an_id_taken_is_refused_on_the_entity(studio):
    c, data, aid = studio
    etag = c.get(f"/curation/articles/{aid}/facts", headers=AUTH).headers["ETag"]
    text = c.get(f"/curation/articles/{aid}", headers=AUTH).json()["text"]
    start = text.index("儿科")
    fact = {"id": f"{aid}-090", "subject": "hosp-jinan-mch", "predicate": "hasUnit", "quote": "儿科",
            "start": start, "end": start + 2}
    before = snapshot(data)
    bad = {"id": "Dept_Paediatrics", "type": "Department", "name_zh": "儿科", "name_en": "Paediatrics"}
    r = c.put(f"/curation/articles/{aid}/facts", headers={**AUTH, "If-Match": etag},
              json={"entities": [bad], "facts": [{**fact, "object": bad["id"]}]})
    assert r.status_code == 422, r.text
    assert any(p["fact"] == "Dept_Paediatrics" and "lower-case" in p["message"] for p in r.json()["problems"])
    taken = {**bad, "id": "hosp-jinan-mch", "type": "Hospital"}
    r = c.post(f"/curation/articles/{aid}/facts/validate", headers=AUTH,
               json={"entities": [taken], "facts": [{**fact, "predicate": "hasUnit", "object": "dept-a005-x"}]})
    assert r.status_code == 422
    assert any(p["fact"] == "hosp-jinan-mch" and "duplicate entity id" in p["message"] for p in r.json()["problems"])
    assert snapshot(data) == before
