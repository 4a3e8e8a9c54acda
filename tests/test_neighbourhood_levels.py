"""A neighbourhood is the set of nodes within `depth` hops, found level by level.

The oracle is a breadth-first search in Python over every relationship of the curated graph
(articles excluded, as every fact cites one): `api/neighbourhood` must reach exactly the
same nodes and relationships for every entity and depth, report the same total, and, when
capped, keep the nearest nodes first. It expands each node once and never a level past
`depth`, so a hub two levels out no longer costs a depth-1 answer anything.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from graph.connection import Graph
from loaders.load import load

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def curated(graph: Graph) -> dict:
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, DATA_DIR)
    rows = graph.read_tx(lambda tx: tx.run(
        "MATCH (a)-[r]->(b) WHERE NOT a:Article AND NOT b:Article AND NOT a:GraphMeta AND NOT b:GraphMeta "
        "RETURN a.id AS a, b.id AS b, coalesce(r.fact_id, a.id + '|' + type(r) + '|' + b.id) AS rid").data())
    adjacent: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        adjacent[r["a"]].add(r["b"])
        adjacent[r["b"]].add(r["a"])
    ids = [r["id"] for r in graph.read_tx(lambda tx: tx.run("MATCH (e:Entity) RETURN e.id AS id ORDER BY id").data())]
    return {"adjacent": adjacent, "edges": rows, "ids": ids}


def levels(adjacent: dict[str, set[str]], start: str, depth: int) -> list[set[str]]:
    seen, frontier, out = {start}, {start}, []
    for _ in range(depth):
        frontier = {n for x in frontier for n in adjacent[x]} - seen
        seen |= frontier
        out.append(frontier)
    return out


def test_every_entity_at_every_depth_reaches_what_a_breadth_first_search_reaches(graph: Graph, curated: dict):
    checked = 0
    for i, start in enumerate(curated["ids"]):
        for depth in (1, 2, 3) if i % 4 == 0 else (1, 2):
            want = {start}.union(*levels(curated["adjacent"], start, depth))
            r = graph.read("api/neighbourhood", id=start, depth=depth, max_nodes=100_000)[0]
            got = {n["id"] for n in r["nodes"]}
            assert got == want, (start, depth, sorted(got ^ want)[:10])
            assert r["total_nodes"] == len(want)
            edges = {e["rid"] for e in curated["edges"] if e["a"] in want and e["b"] in want}
            assert {e["id"] for e in r["edges"]} == edges, (start, depth)
            checked += 1
    assert checked > 400


def test_a_capped_neighbourhood_keeps_the_nearest_nodes(graph: Graph, curated: dict):
    start = "hosp-jinan-mch"
    first, second = levels(curated["adjacent"], start, 2)
    cap = len(first) + 5
    r = graph.read("api/neighbourhood", id=start, depth=2, max_nodes=cap)[0]
    got = [n["id"] for n in r["nodes"]]
    assert got[0] == start and len(got) == cap + 1
    assert set(got[1:len(first) + 1]) == first      # the whole first level, then part of the second
    assert set(got[len(first) + 1:]) <= second
    assert r["total_nodes"] == 1 + len(first) + len(second)
