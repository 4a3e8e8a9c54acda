"""Commands over the loaded graph: export (RDF, GraphML, CSV, neo4j-admin) and analytics."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graph.config import get_settings

FORMATS = ("ttl", "jsonld", "graphml", "csv", "neo4j-admin")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from cli.main import command

    e = sub.add_parser("export", help="export the graph (or one entity's neighbourhood) as RDF, GraphML or CSV")
    e.add_argument("--format", choices=FORMATS, default="ttl")
    e.add_argument("--out", type=Path, default=None,
                   help="file (a folder for csv: nodes.csv and relationships.csv); default: standard output")
    e.add_argument("--entity", default=None, help="export this entity's neighbourhood only (ttl, jsonld)")
    e.add_argument("--view", choices=("property", "projection"), default="property", help="graphml: which graph")
    command("export")(export_cmd)

    a = sub.add_parser("analytics", help="centrality, communities and components of the entity projection (networkx)")
    a.add_argument("what", choices=("centrality", "communities", "components"), nargs="?", default="centrality")
    a.add_argument("--measure", choices=("degree", "betweenness"), default="degree")
    a.add_argument("--type", default=None, help="centrality: only entities of this class (Person, Hospital...)")
    a.add_argument("--limit", type=int, default=20)
    a.add_argument("--json", action="store_true", help="print JSON")
    command("analytics")(analytics_cmd)


def _write(out: Path | None, data: bytes | str) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if out is None:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(raw)
        print(f"wrote {out} ({len(raw):,} bytes)", file=sys.stderr)


def export_cmd(args: argparse.Namespace) -> int:
    from exports import csv as csv_export
    from exports import graphml, rdf, snapshot
    from graph.connection import Graph

    with Graph.connect(get_settings()) as graph:
        if args.entity:
            if args.format not in ("ttl", "jsonld"):
                print("error: --entity exports RDF only (--format ttl or jsonld)", file=sys.stderr)
                return 2
            snap = snapshot.read_neighbourhood(graph, args.entity)
            if snap is None:
                print(f"error: no entity with id {args.entity!r}", file=sys.stderr)
                return 1
        else:
            snap = snapshot.read(graph)
    if args.format in ("ttl", "jsonld"):
        _write(args.out, rdf.serialize(rdf.to_graph(snap), args.format))
    elif args.format == "graphml":
        _write(args.out, graphml.write(snap, args.view))
    elif args.format == "csv":
        if args.out is None:
            _write(None, csv_export.nodes_csv(snap))
            print("(nodes only on standard output; give --out DIR for relationships.csv too)", file=sys.stderr)
        else:
            _write(args.out / "nodes.csv", csv_export.nodes_csv(snap))
            _write(args.out / "relationships.csv", csv_export.relationships_csv(snap))
    else:
        _write(args.out or Path("hospital-kg-neo4j-admin.zip"), csv_export.neo4j_admin_zip(snap))
    return 0


def analytics_cmd(args: argparse.Namespace) -> int:
    from exports import snapshot
    from exports.analytics import analytics
    from graph.connection import Graph

    with Graph.connect(get_settings()) as graph:
        a = analytics(snapshot.read(graph))
    if args.what == "centrality":
        result = {"measure": args.measure, "items": a.ranking(args.measure, args.type, args.limit)}
    else:
        result = a.groups(args.what, args.limit, members=args.json)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    if args.what == "centrality":
        t = Table(title=f"{args.measure} centrality" + (f" ({args.type})" if args.type else ""))
        for col in ("id", "name", "type", "score", "degree"):
            t.add_column(col)
        for i in result["items"]:
            t.add_row(i["id"], i["name_zh"], i["type"], f"{i['score']:.4f}", str(i["degree"]))
    else:
        title = f"{result['total']} {args.what} over {result['nodes']} entities"
        if "modularity" in result:
            title += f" (modularity {result['modularity']:.3f})"
        t = Table(title=title)
        for col in ("#", "size", "most connected"):
            t.add_column(col)
        for i in result["items"]:
            t.add_row(str(i["index"]), str(i["size"]), ", ".join(x["name_zh"] or x["id"] for x in i["top"]))
    Console().print(t)
    return 0
