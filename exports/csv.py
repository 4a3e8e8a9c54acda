"""CSV downloads.

- nodes.csv / relationships.csv: one row per node / relationship, one column per property
  (lists as JSON), for spreadsheets and pandas; internal properties and article texts left out.
- neo4j-admin.zip: nodes.csv (`id:ID,:LABEL,prop:type,...`) and relationships.csv
  (`:START_ID,:END_ID,:TYPE,prop:type,...`) in the layout `neo4j-admin database import full`
  takes, with every property (a re-import gives the same graph), and import.sh with the command.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from exports.snapshot import INTERNAL, Snapshot

SKIP = INTERNAL | {"text"}
DELIMITER_CANDIDATES = (";", "|", "¦", "\u001f")


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def _table(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def nodes_csv(snap: Snapshot) -> str:
    keys = sorted({k for n in snap.nodes.values() for k in n.props} - SKIP - {"id"})
    rows = [[n.id, ";".join(n.labels), *(_cell(n.props.get(k)) for k in keys)] for n in snap.nodes.values()]
    return _table(["id", "labels", *keys], rows)


def relationships_csv(snap: Snapshot) -> str:
    keys = sorted({k for r in snap.rels for k in r.props} - SKIP)
    rows = [[r.id, r.source, r.target, r.type, *(_cell(r.props.get(k)) for k in keys)] for r in snap.rels]
    return _table(["id", "source", "target", "type", *keys], rows)


# ------------------------------------------------------------------ neo4j-admin import layout

def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    return "string"


def _column_types(items: list[dict[str, Any]]) -> dict[str, str]:
    kinds: dict[str, set[str]] = {}
    for d in items:
        for k, v in d.items():
            if v is None:
                continue
            kind = (_elements_kind(v) + "[]") if isinstance(v, list) else _kind(v)
            kinds.setdefault(k, set()).add(kind)
    out = {}
    for k, ks in kinds.items():
        if len(ks) == 1:
            out[k] = ks.pop()
        elif ks <= {"long", "double"}:
            out[k] = "double"
        elif ks <= {"long[]", "double[]"}:
            out[k] = "double[]"
        else:
            out[k] = "string"   # mixed: the value's JSON
    return out


def _elements_kind(v: list) -> str:
    kinds = {_kind(x) for x in v}
    if kinds <= {"long"}:
        return "long"
    if kinds <= {"long", "double"}:
        return "double"
    return "boolean" if kinds == {"boolean"} else "string"


def _admin_cell(v: Any, kind: str, delim: str) -> str:
    if v is None:
        return ""
    if kind.endswith("[]"):
        if not isinstance(v, list):
            v = [v]
        return delim.join(("true" if x else "false") if isinstance(x, bool) else str(x) for x in v)
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _array_delimiter(snap: Snapshot) -> str:
    texts = [str(x) for items in ([n.props for n in snap.nodes.values()], [r.props for r in snap.rels])
             for d in items for v in d.values() if isinstance(v, list) for x in v]
    for c in DELIMITER_CANDIDATES:
        if not any(c in t for t in texts):
            return c
    raise ValueError("no array delimiter is free of the data")


def neo4j_admin_files(snap: Snapshot) -> dict[str, str]:
    delim = _array_delimiter(snap)
    ntypes = _column_types([n.props for n in snap.nodes.values()])
    nkeys = sorted(k for k in ntypes if k != "id")
    header = ["id:ID", ":LABEL", *(f"{k}:{ntypes[k]}" for k in nkeys)]
    rows = [[n.id, delim.join(n.labels), *(_admin_cell(n.props.get(k), ntypes[k], delim) for k in nkeys)]
            for n in snap.nodes.values()]
    nodes = _table(header, rows)
    rtypes = _column_types([r.props for r in snap.rels])
    rkeys = sorted(rtypes)
    header = [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{rtypes[k]}" for k in rkeys)]
    rows = [[r.source, r.target, r.type, *(_admin_cell(r.props.get(k), rtypes[k], delim) for k in rkeys)]
            for r in snap.rels if r.source in snap.nodes and r.target in snap.nodes]
    rels = _table(header, rows)
    delim_arg = delim if delim in ";|¦" else "U+%04X" % ord(delim)
    script = ("#!/bin/sh\n# Import into an empty, stopped database (Neo4j 5): NEO4J_HOME/bin/neo4j-admin must be on PATH.\n"
              "# Then create the constraints and indexes: `hkg schema`.\n"
              f"neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv \\\n"
              f"  --array-delimiter='{delim_arg}' --multiline-fields=true --overwrite-destination=true \"${{1:-neo4j}}\"\n")
    return {"nodes.csv": nodes, "relationships.csv": rels, "import.sh": script}


def neo4j_admin_zip(snap: Snapshot) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in neo4j_admin_files(snap).items():
            z.writestr(name, text)
    return buf.getvalue()
