"""The whole-graph artifacts the API serves (exports and analytics), and the process that builds them.

Each artifact is made from one snapshot of the graph: a name, and a function of the snapshot
(and of the artifacts already made from it, so that Turtle and JSON-LD share one RDF graph
and the GraphML projection shares the analytics). The table is the one place to add one.

They are built in a process of their own (`serve`, started by exports.builder), never in a
request: a build of a large graph takes minutes of CPU, which in the API's process would
hold the GIL against every interactive read, and a process can be stopped when it passes
its time-out, a thread cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from neo4j import unit_of_work

import queries
from exports import csv as csv_export
from exports import graphml, rdf
from exports.analytics import Analytics, analytics
from exports.snapshot import Snapshot, _snapshot
from graph.config import Settings
from graph import version as graph_version
from graph.connection import Graph

Made = dict[str, Any]


def _analytics(snap: Snapshot, made: Made) -> Analytics:
    """Every measure computed now, so that no request computes one (betweenness takes minutes at scale)."""
    a = analytics(snap)
    for measure in ("degree", "betweenness"):
        a.centrality(measure)
    a.communities(), a.modularity(), a.components()
    return a


def _rdf(snap: Snapshot, made: Made):
    if "rdf" not in made:
        made["rdf"] = rdf.to_graph(snap)
    return made["rdf"]


ARTIFACTS: dict[str, Callable[[Snapshot, Made], Any]] = {
    "graph.ttl": lambda s, m: rdf.serialize(_rdf(s, m), "ttl"),
    "graph.jsonld": lambda s, m: rdf.serialize(_rdf(s, m), "jsonld"),
    "graphml.property": lambda s, m: graphml.write(s, "property"),
    "graphml.projection": lambda s, m: graphml.write(s, "projection"),
    "nodes.csv": lambda s, m: csv_export.nodes_csv(s),
    "relationships.csv": lambda s, m: csv_export.relationships_csv(s),
    "neo4j-admin.zip": lambda s, m: csv_export.neo4j_admin_zip(s),
    "analytics": _analytics,
}


def read_versioned(graph: Graph, timeout: float | None = None) -> tuple[str, Snapshot]:
    """The graph version and the whole graph, read in ONE transaction: the snapshot is exactly
    that version's (a load committing meanwhile is either all in it or not at all)."""
    qv, qn, qr = (queries.get(n).text for n in ("graph/version", "export/nodes", "export/relationships"))

    @unit_of_work(timeout=timeout)
    def work(tx):
        row = tx.run(qv).single()
        return (row["version"] if row else None), tx.run(qn).data(), tx.run(qr).data()

    version, nodes, rels = graph.read_tx(work)
    version = version or graph_version.UNVERSIONED
    return version, _snapshot((version,), nodes, rels)


def serve(conn: Connection, settings: Settings, timeout: float) -> None:
    """The build process: answers ("build", name) with ("ok", version, value, seconds) or
    ("error", kind). Keeps the snapshot and intermediates of the newest version it has read."""
    import time

    graph: Graph | None = None
    current: tuple[str, Snapshot, Made] | None = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the API went away
            return
        name = message[1]
        t0 = time.monotonic()
        try:
            if graph is None:
                graph = Graph.connect(settings, timeout=min(timeout, 30.0))
            # A cheap look at the version first: the snapshot is read again only when it changed.
            if current is None or current[0] != graph_version.read(graph):
                version, snap = read_versioned(graph, timeout)
                current = (version, snap, {})
            version = current[0]
            snap, made = current[1], current[2]
            if name not in made:
                made[name] = ARTIFACTS[name](snap, made)
            conn.send(("ok", version, made[name], time.monotonic() - t0))
        except Exception as e:  # reported by kind only: the text may hold a URI or a path
            conn.send(("error", type(e).__name__))
