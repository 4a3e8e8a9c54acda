"""Every list the API returns from Cypher comes in one documented order, never the store's
(which changes after a reload): a client comparing two answers sees a change only when the
data changed.

The documented orders (queries/api/*.cypher):
- statements: year (unknown last), date, fact id;
- a statement's participants: entity id, then role; its sources: article id, then offsets;
- a profile's places: nearest first, then id; its parents: entity id, then relation; its
  campuses, units, Party bodies and brands: parent id, then entity id.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient


JINAN = "hosp-jinan-mch"
STRUCTURE = ("campuses", "departments", "centres", "laboratories", "teams", "units", "party_committees",
             "party_branches", "brands")
STATEMENTS = ("leaders", "people", "programmes", "alliances", "partners", "figures", "milestones", "honours", "founding")


@pytest.fixture(scope="module")
def client(curated_client: TestClient) -> TestClient:
    return curated_client


def get(c: TestClient, url: str) -> Any:
    r = c.get(url)
    assert r.status_code == 200, (url, r.text)
    return r.json()


def last(value: Any, empty: Any) -> tuple:
    """Cypher's ascending order: nulls last."""
    return (value is None, empty if value is None else value)


def statement_key(f: dict) -> tuple:
    return (*last(f.get("year"), 0), *last(f.get("date"), ""), f["id"])


def source_key(s: dict) -> tuple:
    return (s["article_id"], *last(s.get("start"), 0), *last(s.get("end"), 0), *last(s.get("quote"), ""))


def participant_key(p: dict) -> tuple:
    return (p["entity"]["id"], p["role"])


def in_order(items: list, key) -> bool:
    keys = [key(i) for i in items]
    return keys == sorted(keys)


def nested_lists(value: Any) -> Iterator[tuple[str, list]]:
    """Every `participants` and `sources` list anywhere in an answer."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("participants", "sources") and isinstance(v, list) and v and isinstance(v[0], dict):
                yield k, v
            yield from nested_lists(v)
    elif isinstance(value, list):
        for v in value:
            yield from nested_lists(v)


def assert_nested_in_order(answer: Any) -> int:
    seen = 0
    for kind, items in nested_lists(answer):
        assert in_order(items, participant_key if kind == "participants" else source_key), (kind, items)
        seen += 1
    return seen


def test_a_profile_lists_everything_in_the_documented_order(client, graph):
    p = get(client, f"/hospitals/{JINAN}")
    for section in STRUCTURE:
        assert in_order(p[section], lambda i: (i["parent_id"], i["entity"]["id"])), section
    for section in STATEMENTS:
        assert in_order(p[section], lambda i: statement_key(i["fact"])), section
    assert in_order(p["parents"], lambda i: (i["entity"]["id"], i["relation"]))
    # Places nearest first: their distance is read from the graph, not from the answer.
    hops = {r["id"]: r["hops"] for r in graph.read_tx(lambda tx: tx.run(
        "MATCH path = (:Hospital {id: $id})-[:LOCATED_IN*1..5]->(p:Place) RETURN p.id AS id, min(length(path)) AS hops",
        id=JINAN).data())}
    assert in_order(p["places"], lambda pl: (hops[pl["id"]], pl["id"]))
    assert len(p["places"]) >= 2 and sum(len(p[s]) for s in STRUCTURE + STATEMENTS) > 20  # there was something to order
    assert assert_nested_in_order(p) > 20


def test_an_entity_lists_its_links_and_statements_in_order(client):
    e = get(client, f"/entities/{JINAN}")
    for direction in ("out", "in"):
        links = [link for link in e["links"] if link["direction"] == direction]
        assert in_order(links, lambda link: (link["entity"]["id"], link["relation"])), direction
    assert in_order(e["statements"], lambda s: (*statement_key(s["statement"]), s["role"]))
    assert len(e["statements"]) > 5 and assert_nested_in_order(e) > 5


@pytest.mark.parametrize("url", [f"/hospitals/{JINAN}/timeline", f"/hospitals/{JINAN}/honours", "/facts/A000-064",
                                 "/people/person-shan-ruiping"])
def test_participants_and_sources_are_in_order_in_every_answer(client, url):
    assert assert_nested_in_order(get(client, url)) > 0


def test_an_article_lists_its_facts_in_reading_order(client):
    facts = get(client, "/articles/A003")["facts"]
    assert len(facts) > 5 and in_order(facts, lambda f: (f["start"] is None, f["start"] or 0, f["fact_id"]))


def test_counts_come_by_name(client):
    s = get(client, "/stats")
    for key in ("labels", "relationship_types"):
        assert list(s[key]) == sorted(s[key]) and s[key], key
