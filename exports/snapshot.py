"""A snapshot of the whole graph (or of one entity's neighbourhood), read from Neo4j with the
named queries in queries/export/. (What the API derives from it is built in the background per
graph version: exports/artifacts.py, exports/builder.py.)

Version key: the bookmark of a read transaction, i.e. the database's last committed
transaction. Any committed write (a load that changed something, a wipe, a manual edit)
changes it; reading it is one trivial round trip. A node such as (:GraphMeta) set by the
loader would also work, but it would add a label to the graph whose label counts the loader
tests compare with the fact files, and it would miss writes made by anything but the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import queries
from graph.connection import Graph

# Stored for loading and indexing only; left out of the public exports (kept in neo4j-admin CSVs).
INTERNAL = {"hash", "search_zh", "search_en", "search_text", "names_json", "aliases"}


@dataclass(frozen=True)
class Node:
    id: str
    labels: tuple[str, ...]
    props: dict[str, Any]

    @property
    def kind(self) -> str:
        for k in ("Article", "Statement", "Entity"):
            if k in self.labels:
                return k
        return "Other"

    @property
    def cls(self) -> str:
        """Entity class (Hospital...), statement class (Tenure...) or Article."""
        if self.kind == "Entity":
            return self.props.get("type", "Entity")
        if self.kind == "Statement":
            return self.props.get("class", "Statement")
        return self.kind


@dataclass(frozen=True)
class Rel:
    source: str
    target: str
    type: str
    props: dict[str, Any]

    @property
    def id(self) -> str:
        if self.props.get("fact_id") and self.type not in ("CITES",):
            return str(self.props["fact_id"])
        extra = f"|{self.props['start']}" if self.props.get("start") is not None else ""
        return f"{self.source}|{self.type}|{self.target}{extra}"


@dataclass
class Snapshot:
    version: tuple[str, ...]
    nodes: dict[str, Node] = field(default_factory=dict)
    rels: list[Rel] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == kind]


def _snapshot(version: tuple[str, ...], nodes: list[dict], rels: list[dict]) -> Snapshot:
    snap = Snapshot(version=version)
    for r in nodes:
        snap.nodes[r["id"]] = Node(r["id"], tuple(sorted(r["labels"])), dict(r["props"]))
    snap.rels = [Rel(r["source"], r["target"], r["type"], dict(r["props"] or {})) for r in rels]
    return snap


def _bookmark(session) -> tuple[str, ...]:
    return tuple(sorted(session.last_bookmarks().raw_values))


def version(graph: Graph) -> tuple[str, ...]:
    q = queries.get("export/version").text

    def fn(session):
        session.execute_read(lambda tx: tx.run(q).consume())
        return _bookmark(session)
    return graph._guard(fn)


def read(graph: Graph) -> Snapshot:
    """The whole graph, read in one transaction."""
    qn, qr = queries.get("export/nodes").text, queries.get("export/relationships").text

    def fn(session):
        nodes, rels = session.execute_read(lambda tx: (tx.run(qn).data(), tx.run(qr).data()))
        return _snapshot(_bookmark(session), nodes, rels)
    return graph._guard(fn)


def read_neighbourhood(graph: Graph, id: str) -> Snapshot | None:
    rows = graph.read("export/neighbourhood", id=id)
    if not rows:
        return None
    return _snapshot((), rows[0]["nodes"], rows[0]["rels"])
