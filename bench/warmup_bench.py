"""First-call time of the heavy reads with and without the plan warm-up (api/warmup.py).

    .venv/bin/python bench/warmup_bench.py                  # curated data, 5 rounds
    .venv/bin/python bench/warmup_bench.py --uri bolt://… --password …   # its database is WIPED

Starts its own local Neo4j unless --uri is given and loads the curated data. Each round, per
read: `db.clearQueryCaches()`, then the read's first call (it plans), then its second (the
anchor: a cached plan); then the caches cleared again, the whole warm-up run (timed), and the
read's first call after it. Prints medians: a first call after the warm-up should cost what
the anchor costs. The reads are the ones the national-size run answered 503 for (profile,
honours, timeline), with the ids and parameters their routes pass.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import warmup  # noqa: E402
from bench.common import bench_neo4j  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.warmup import Warmup  # noqa: E402
from loaders.load import load  # noqa: E402

JINAN = "hosp-jinan-mch"
READS = [
    ("hospital profile", "api/hospital_profile", {"id": JINAN}),
    ("honours", "api/recognitions", {"id": JINAN, **warmup.NO_FILTERS, "limit": 50, "offset": 0}),
    ("timeline", "api/timeline", {"id": JINAN}),
]


def clear(graph: Graph) -> None:
    graph.write_tx(lambda tx: tx.run("CALL db.clearQueryCaches()").consume())


def ms(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--uri", default=None, help="an existing Neo4j (its database is WIPED and reloaded)")
    ap.add_argument("--password", default="hospital-kg-local")
    a = ap.parse_args(argv)

    figures: dict[str, dict[str, list[float]]] = {label: {"cold": [], "second": [], "warmed": []} for label, *_ in READS}
    warmups: list[float] = []
    with bench_neo4j(a.uri, password=a.password, prefix="hkg-warmup-bench-") as settings:
        with Graph.connect(settings) as graph:
            graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
            load(graph, ROOT / "data")
            for _ in range(a.rounds):
                for label, name, params in READS:
                    clear(graph)
                    figures[label]["cold"].append(ms(lambda: graph.read(name, **params)))
                    figures[label]["second"].append(ms(lambda: graph.read(name, **params)))
                clear(graph)
                w = Warmup(graph, warmup.reads(), timeout=120.0)
                warmups.append(ms(w.run_pending))
                assert not w.failed, w.failed
                for label, name, params in READS:
                    figures[label]["warmed"].append(ms(lambda: graph.read(name, **params)))

    med = statistics.median
    print(f"\nmedians of {a.rounds} rounds, curated data, ms (anchor: the same read's second call)")
    print(f"{'read':<18}{'first call, cold':>18}{'after warm-up':>16}{'anchor':>10}{'cold/anchor':>13}{'warm/anchor':>13}")
    for label, f in figures.items():
        c, w, s = med(f["cold"]), med(f["warmed"]), med(f["second"])
        print(f"{label:<18}{c:>18.1f}{w:>16.1f}{s:>10.1f}{c / s:>12.1f}x{w / s:>12.1f}x")
    print(f"whole warm-up ({len(warmup.reads())} reads): {med(warmups):.0f} ms (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
