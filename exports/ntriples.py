"""The graph as N-Triples, written line by line to a file: the input of the SPARQL store
(servers/fuseki). The terms are exports/rdf.py's own (its mapper writes into any object with
an `add(triple)` method), so the store holds exactly the triples of the Turtle export, plus
the ontology so that `?x a/rdfs:subClassOf* hkg:Organisation` works.

Why not rdflib's serializers: they build the whole graph and then sort and group it (67.7 s
for Turtle at scale 0.05); a line per triple needs no graph at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from rdflib.plugins.serializers.nt import _nt_row

import ontology
from exports import rdf
from exports.snapshot import Snapshot


class _LineSink:
    """Stands in for an rdflib Graph in rdf._Mapper: each added triple becomes one line."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0

    def add(self, triple) -> None:
        self.out.write(_nt_row(triple))
        self.count += 1


def write(snap: Snapshot, out: IO[str], *, with_ontology: bool = True) -> int:
    """Write the snapshot's triples (and the ontology's) to `out`; returns how many lines.
    Duplicates are harmless: the store loader keeps one of each."""
    sink = _LineSink(out)
    m = rdf._Mapper()
    writers = {"Entity": m.entity, "Article": m.article, "Statement": m.statement}
    for n in snap.nodes.values():
        if n.kind in writers:
            writers[n.kind](sink, n)
    for r in snap.rels:
        m.rel(sink, r, snap.nodes)
    if with_ontology:
        for t in m.onto.graph:
            sink.add(t)
    return sink.count


def write_file(snap: Snapshot, path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        return write(snap, f)
