"""Cutting a real answer down to an example a reader can take in, keeping it valid.

- A list keeps `LIST_ITEMS` items, chosen the same way whatever order the store gave them; a page's `total`, `limit` and `offset` are left
  as they were, so `total` still says how many the real answer has. A list of plain values
  (a path's ids, a set of types) is kept whole up to `PLAIN_ITEMS`: cut, a path would not
  reach its end.
- A graph (`nodes` with `edges` or `links`) of more than `GRAPH_NODES` nodes keeps its first
  edges and the nodes they join, so that no edge of the example points at a node the example
  left out; a smaller one (a path) is kept whole.
- A long string (an article's text for curators) keeps its first `TEXT_CHARS` characters and
  ends with "…": the documentation serves quotes and sentences, never whole articles.
- Values that differ from one load to the next (the graph version, a probe's age) are set to
  one fixed sample of the same form (`VOLATILE`), so regenerating unchanged data gives the
  same file and a real difference stands out.
"""

from __future__ import annotations

import json
from typing import Any

LIST_ITEMS = 3
PLAIN_ITEMS = 20
GRAPH_NODES = 8
TEXT_CHARS = 80
LONG_TEXT = 400

# key -> the fixed sample it is given; each is a value these keys really took.
VOLATILE: dict[str, Any] = {
    "graph_version": "20261126T015420Z-e704c462b133",   # new at every load (time + hash)
    "last_ok_seconds_ago": 0.1,                         # the health probe's age
    "generated_at": "2026-11-26T01:58:10+00:00",        # when a history or timeline was read
    "building_graph_version": "20261126T015420Z-e704c462b133",  # the name index's build in flight
    "build_seconds": 0.3,                               # how long the name index's last build took
}


def trim(value: Any) -> Any:
    if isinstance(value, dict):
        if isinstance(value.get("nodes"), list) and isinstance(value.get("edges", value.get("links")), list):
            return _graph(value)
        return {k: VOLATILE[k] if k in VOLATILE and value[k] is not None else trim(v) for k, v in value.items()}
    if isinstance(value, list):
        plain = all(not isinstance(v, (dict, list)) for v in value)
        if plain:
            return list(value[:PLAIN_ITEMS])
        return first(value, LIST_ITEMS)
    if isinstance(value, str) and len(value) > LONG_TEXT:
        return value[:TEXT_CHARS] + "…"
    return value


def canonical(value: Any) -> Any:
    """The value with every list in one order: lists a query returns in store order (a
    profile's statements, participants, sources) come back in another after a reload."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def first(items: list[Any], n: int) -> list[Any]:
    """`n` items, trimmed, chosen whatever the store order (the first by their trimmed canonical
    form), kept in the answer's order, so that an example is the same after any reload of the
    same data. Each item is trimmed once: the ranking needs every item's trimmed form anyway."""
    trimmed = [trim(v) for v in items]
    if len(trimmed) <= n:
        return trimmed
    keys = [json.dumps(canonical(v), sort_keys=True, ensure_ascii=False) for v in trimmed]
    chosen = set(sorted(range(len(trimmed)), key=lambda i: keys[i])[:n])
    return [v for i, v in enumerate(trimmed) if i in chosen]


def _node_id(node: dict[str, Any]) -> Any:
    return node.get("data", node).get("id")      # Cytoscape {data: {id}}, D3 {id}


def _ends(edge: dict[str, Any]) -> tuple[Any, Any]:
    d = edge.get("data", edge)
    return d.get("source"), d.get("target")


def _graph(g: dict[str, Any]) -> dict[str, Any]:
    """Its first edges and the nodes they join (or its first nodes, when it has no edges)."""
    edges_key = "edges" if "edges" in g else "links"
    if len(g["nodes"]) <= GRAPH_NODES:
        return {k: [trim(x) for x in v] if k in ("nodes", edges_key) else trim(v) for k, v in g.items()}
    edges = first(g[edges_key], LIST_ITEMS)
    ends = {end for e in edges for end in _ends(e)}
    out = {k: trim(v) for k, v in g.items() if k not in ("nodes", edges_key)}
    out["nodes"] = [trim(n) for n in g["nodes"] if _node_id(n) in ends] if edges else first(g["nodes"], LIST_ITEMS)
    out[edges_key] = edges
    return {k: out[k] for k in g}     # the answer's own key order
