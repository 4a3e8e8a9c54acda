"""Export and analytics benchmark on a synthetic graph (bench/synthetic.py).

    .venv/bin/python bench/export_bench.py                  # scale 0.05: ~5k entities, ~25k facts
    .venv/bin/python bench/export_bench.py --scale 0.1 --betweenness

Starts its own local Neo4j (temporary home, free port) unless --uri is given, loads the
synthetic folder (generated once into bench/results/, reused after), then times: the
snapshot read (named queries in queries/export/), the RDF graph build, Turtle and JSON-LD
serialisation, GraphML, the CSVs, the networkx projection, degree centrality,
betweenness (exact up to 3,000 nodes, sampled above; --betweenness to include it),
Louvain communities and connected components. Prints the figures.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exports import csv as csv_export  # noqa: E402
from exports import graphml, rdf, snapshot  # noqa: E402
from exports.analytics import Analytics, project  # noqa: E402
from bench.common import bench_neo4j  # noqa: E402
from graph.connection import Graph  # noqa: E402
from loaders.load import load  # noqa: E402

RESULTS = ROOT / "bench" / "results"



def synthetic(scale: float, seed: int) -> Path:
    out = RESULTS / f"synthetic-scale{scale:g}-seed{seed}"
    if not (out / "facts").exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "synthetic.py"), str(out), "--scale", str(scale),
                        "--seed", str(seed)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return out


def timed(label: str, fn, rows: list):
    t = time.perf_counter()
    value = fn()
    dt = time.perf_counter() - t
    rows.append((label, dt))
    print(f"  {label:38} {dt:8.2f} s", flush=True)
    return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--uri", default=None, help="an existing Neo4j (its database is WIPED and reloaded)")
    ap.add_argument("--password", default="hospital-kg-local")
    ap.add_argument("--betweenness", action="store_true", help="also time betweenness centrality")
    a = ap.parse_args(argv)

    data = synthetic(a.scale, a.seed)
    rows: list[tuple[str, float]] = []
    with bench_neo4j(a.uri, password=a.password, prefix="hkg-export-bench-") as settings:
        with Graph.connect(settings) as graph:
            graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
            print(f"synthetic data: {data} (scale {a.scale:g})")
            timed("load (hkg load)", lambda: load(graph, data), rows)
            snap = timed("snapshot read (queries/export)", lambda: snapshot.read(graph), rows)
            print(f"  -> {len(snap.nodes):,} nodes, {len(snap.rels):,} relationships")
            g = timed("RDF graph build", lambda: rdf.to_graph(snap), rows)
            print(f"  -> {len(g):,} triples")
            ttl = timed("Turtle serialise", lambda: rdf.serialize(g, "ttl"), rows)
            print(f"  -> {len(ttl) / 2**20:.1f} MiB")
            jl = timed("JSON-LD serialise", lambda: rdf.serialize(g, "jsonld"), rows)
            print(f"  -> {len(jl) / 2**20:.1f} MiB")
            gm = timed("GraphML (property graph)", lambda: graphml.write(snap, "property"), rows)
            print(f"  -> {len(gm) / 2**20:.1f} MiB")
            timed("nodes.csv + relationships.csv", lambda: (csv_export.nodes_csv(snap), csv_export.relationships_csv(snap)), rows)
            timed("neo4j-admin zip", lambda: csv_export.neo4j_admin_zip(snap), rows)
            G = timed("networkx projection", lambda: project(snap), rows)
            print(f"  -> {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges")
            an = Analytics(G)
            timed("degree centrality", lambda: an.centrality("degree"), rows)
            if a.betweenness:
                timed("betweenness centrality", lambda: an.centrality("betweenness"), rows)
            cs = timed("communities (Louvain)", an.communities, rows)
            comps = timed("connected components", an.components, rows)
            print(f"  -> {len(cs):,} communities, {len(comps):,} components")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
