"""What a named query costs: PROFILE it and add up the database hits of every operator.

Database hits are the planner's own unit of work (a node, relationship or property read, an
index seek): unlike time they do not depend on the machine or on what else runs, so a test
can compare them across graph sizes.
"""

from __future__ import annotations

from typing import Any

import queries
from graph.connection import Graph


def _hits(plan: dict[str, Any]) -> int:
    return int(plan.get("dbHits", 0)) + sum(_hits(c) for c in plan.get("children", []))


def _operators(plan: dict[str, Any]) -> list[str]:
    return [plan.get("operatorType", "?")] + [op for c in plan.get("children", []) for op in _operators(c)]


def profile(graph: Graph, name: str, identifiers: dict[str, str | int] | None = None, **params: Any) -> tuple[int, list[str]]:
    """(total db hits, operator names) of one run of the named query with these parameters
    (and, for a template, these identifiers: see `Graph.read_template`)."""
    text = queries.render(name, **identifiers) if identifiers else queries.get(name).text
    text = "PROFILE " + text.split("\n", 1)[1]

    def work(tx):
        result = tx.run(text, params)
        result.data()
        return result.consume().profile or {}

    plan = graph.read_tx(work)
    return _hits(plan), _operators(plan)
