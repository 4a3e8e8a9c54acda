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

from exports.admin_csv import kind as value_kind
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

def _column_types(items: list[dict[str, Any]]) -> dict[str, str]:
    kinds: dict[str, set[str]] = {}
    for d in items:
        for k, v in d.items():
            if v is None:
                continue
            kinds.setdefault(k, set()).add(_kind_of(v))
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
    kinds = {value_kind(x) for x in v}
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


def _groups(items: list[dict[str, Any]], types: dict[str, str]) -> list[tuple[dict[str, str], list[int]]]:
    """Split items so that no column mixes types: a column typed `double` because it holds
    longs and doubles (a Figure's value) would turn every integer into a double. Items are
    grouped by the kinds of such mixed keys only; each group gets its own header. Largest first."""
    mixed = sorted(k for k, t in types.items() if t in ("double", "double[]", "string")
                   and len({_kind_of(d[k]) for d in items if d.get(k) is not None}) > 1)
    groups: dict[tuple, list[int]] = {}
    for i, d in enumerate(items):
        groups.setdefault(tuple(_kind_of(d[k]) if d.get(k) is not None else None for k in mixed), []).append(i)
    out = []
    for sig, idx in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        t = dict(types)
        for k, kind in zip(mixed, sig):
            if kind is not None:
                t[k] = kind
        out.append((t, idx))
    return out


def _kind_of(v: Any) -> str:
    """A value's neo4j-admin type (admin_csv.kind), a list typed by its elements the way this
    download's header reads them: longs with doubles are double[]."""
    return (_elements_kind(v) + "[]") if isinstance(v, list) else value_kind(v)


def neo4j_admin_files(snap: Snapshot) -> dict[str, str]:
    """nodes.csv and relationships.csv (plus nodes-2.csv ... for the items whose mixed-type
    properties need a header of their own), and import.sh naming them all."""
    delim = _array_delimiter(snap)
    files: dict[str, str] = {}
    nodes = list(snap.nodes.values())
    nprops = [n.props for n in nodes]
    for g, (ntypes, idx) in enumerate(_groups(nprops, _column_types(nprops))):
        nkeys = sorted(k for k in ntypes if k != "id")
        header = ["id:ID", ":LABEL", *(f"{k}:{ntypes[k]}" for k in nkeys)]
        rows = [[nodes[i].id, delim.join(nodes[i].labels), *(_admin_cell(nodes[i].props.get(k), ntypes[k], delim) for k in nkeys)]
                for i in idx]
        files["nodes.csv" if g == 0 else f"nodes-{g + 1}.csv"] = _table(header, rows)
    rels = [r for r in snap.rels if r.source in snap.nodes and r.target in snap.nodes]
    rprops = [r.props for r in rels]
    for g, (rtypes, idx) in enumerate(_groups(rprops, _column_types(rprops))):
        rkeys = sorted(rtypes)
        header = [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{rtypes[k]}" for k in rkeys)]
        rows = [[rels[i].source, rels[i].target, rels[i].type, *(_admin_cell(rels[i].props.get(k), rtypes[k], delim) for k in rkeys)]
                for i in idx]
        files["relationships.csv" if g == 0 else f"relationships-{g + 1}.csv"] = _table(header, rows)
    if "relationships.csv" not in files:
        files["relationships.csv"] = _table([":START_ID", ":END_ID", ":TYPE"], [])
    delim_arg = delim if delim in ";|¦" else "U+%04X" % ord(delim)
    args = " ".join([f"--nodes={f}" for f in files if f.startswith("nodes")] +
                    [f"--relationships={f}" for f in files if f.startswith("relationships")])
    script = ("#!/bin/sh\n# Import into an empty, stopped database (Neo4j 5): NEO4J_HOME/bin/neo4j-admin must be on PATH.\n"
              "# Then create the constraints and indexes: `hkg schema`.\n"
              f"neo4j-admin database import full {args} \\\n"
              f"  --array-delimiter='{delim_arg}' --multiline-fields=true --overwrite-destination=true \"${{1:-neo4j}}\"\n")
    files["import.sh"] = script
    return files


def neo4j_admin_zip(snap: Snapshot) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in neo4j_admin_files(snap).items():
            z.writestr(name, text)
    return buf.getvalue()
