"""Files that `neo4j-admin database import full` reads, with every value's type kept.

neo4j-admin types a column once, in its header (`value:long`): a property that holds a long
on one node and a double on another (a Figure's value: 1200 beds, 3.5 per cent) cannot share
a column without one of them changing type. So nodes and relationships are grouped by their
*signature* — labels (or type) and the type of each property — and every group gets its own
file with its own header: each value comes back exactly as it went in.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Array elements are joined with the first of these that no list element contains.
DELIMITER_CANDIDATES = ("\u001f", ";", "|", "¦")


def kind(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    if isinstance(v, list):
        kinds = {kind(x) for x in v}
        return (kinds.pop() if len(kinds) == 1 else "string") + "[]"
    return "string"


def _cell(v: Any, delim: str) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return delim.join(_cell(x, delim) for x in v)
    if isinstance(v, float):
        return repr(v)
    return str(v)


@dataclass
class _Group:
    header: list[str]
    keys: list[str]
    path: Path
    rows: int = 0


@dataclass
class AdminWriter:
    """Writes node and relationship groups into `out`; `command(...)` gives the import's arguments.

    add_node(labels, props) with props["id"] as the import id; add_rel(type, start, end, props).
    Every value's Python type decides its column type: an int stays a long, a float a double,
    a list of strings a string array. Empty lists and None are left out (Neo4j stores neither)."""

    out: Path
    delimiter: str = "\u001f"
    nodes: dict[tuple, _Group] = field(default_factory=dict)
    rels: dict[tuple, _Group] = field(default_factory=dict)
    _handles: dict[Path, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)

    def _writer(self, g: _Group):
        fh = self._handles.get(g.path)
        if fh is None:
            fh = g.path.open("w", encoding="utf-8", newline="")
            self._handles[g.path] = fh
            csv.writer(fh, lineterminator="\n").writerow(g.header)
        return csv.writer(fh, lineterminator="\n")

    def _check(self, props: dict[str, Any]) -> None:
        for v in props.values():
            if isinstance(v, list) and any(self.delimiter in str(x) for x in v):
                raise ValueError(f"an array element contains the array delimiter {self.delimiter!r}")

    def add_node(self, labels: Iterable[str], props: dict[str, Any]) -> None:
        props = {k: v for k, v in props.items() if v is not None and v != []}
        self._check(props)
        labels = tuple(labels)
        keys = sorted(k for k in props if k != "id")
        sig = (labels, tuple((k, kind(props[k])) for k in keys))
        g = self.nodes.get(sig)
        if g is None:
            g = self.nodes[sig] = _Group(["id:ID", ":LABEL", *(f"{k}:{t}" for k, t in sig[1])], keys,
                                         self.out / f"nodes-{len(self.nodes):03d}.csv")
        self._writer(g).writerow([props["id"], self.delimiter.join(labels), *(_cell(props[k], self.delimiter) for k in keys)])
        g.rows += 1

    def add_rel(self, type_: str, start: str, end: str, props: dict[str, Any] | None = None) -> None:
        props = {k: v for k, v in (props or {}).items() if v is not None and v != []}
        self._check(props)
        keys = sorted(props)
        sig = (type_, tuple((k, kind(props[k])) for k in keys))
        g = self.rels.get(sig)
        if g is None:
            g = self.rels[sig] = _Group([":START_ID", ":END_ID", ":TYPE", *(f"{k}:{t}" for k, t in sig[1])], keys,
                                        self.out / f"relationships-{len(self.rels):03d}.csv")
        self._writer(g).writerow([start, end, type_, *(_cell(props[k], self.delimiter) for k in keys)])
        g.rows += 1

    def close(self) -> None:
        for fh in self._handles.values():
            fh.close()
        self._handles.clear()

    @property
    def counts(self) -> dict[str, int]:
        return {"nodes": sum(g.rows for g in self.nodes.values()),
                "relationships": sum(g.rows for g in self.rels.values())}

    def arguments(self) -> list[str]:
        """The `database import full` options that read these files."""
        delim = self.delimiter if self.delimiter in ";|¦" else "U+%04X" % ord(self.delimiter)
        return ([f"--nodes={g.path.name}" for g in self.nodes.values()] +
                [f"--relationships={g.path.name}" for g in self.rels.values()] +
                [f"--array-delimiter={delim}", "--multiline-fields=true", "--id-type=string"])


def choose_delimiter(lists: Iterable[list]) -> str:
    """The first candidate that no list element contains."""
    texts = [str(x) for v in lists for x in v]
    for c in DELIMITER_CANDIDATES:
        if not any(c in t for t in texts):
            return c
    raise ValueError("no array delimiter is free of the data")
