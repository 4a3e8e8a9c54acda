"""The first new article after a Neo4j start, with and without the plan warm-up (loaders/warmup.py).

    nice -n 19 .venv/bin/python bench/load_warmup_bench.py --scale 0.05

A synthetic graph (bench/synthetic.py) is bulk-loaded into a temporary local home with four
article files held out. Then twice: restart Neo4j (its plan cache is empty), [run the warm-up
the API runs when it starts: its reads, then the loader's statements], load one held-out
article through `loaders.load.load` (the first, timed), then a second one (the anchor: its
plans are cached). Round 1 has no warm-up, round 2 has it. Prints each load's time and phases.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import warmup  # noqa: E402
from bench.common import free_port  # noqa: E402
from bench.synthetic import generate  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.neo4j_local import server  # noqa: E402
from graph.warmup import Warmup  # noqa: E402
from loaders.bulk import bulk_load  # noqa: E402
from loaders.load import load  # noqa: E402


def timed_load(g: Graph, data: Path, path: Path, held: Path) -> tuple[float, dict]:
    held.rename(path)
    t = time.perf_counter()
    s = load(g, data)
    secs = time.perf_counter() - t
    assert s.files_read == 1 and s.changed, (s.files_read, s.changed)
    return secs, s.timings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="1g")
    ap.add_argument("--warmup-timeout", type=float, default=120.0)
    a = ap.parse_args(argv)

    print(f"# first new article after a restart, without / with the warm-up; scale {a.scale}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at start", flush=True)
    work = Path(tempfile.mkdtemp(prefix="hkg-load-warmup-bench-"))
    settings = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=work / "neo4j", HKG_NEO4J_PORT=free_port(),
                        HKG_NEO4J_HEAP=a.heap, HKG_NEO4J_PAGECACHE=a.pagecache)
    try:
        data = work / "data"
        stats = generate(data, scale=a.scale)
        held_out = [(p, p.with_suffix(".held-out")) for p in sorted((data / "facts").glob("S*.yaml"))[-4:]]
        for path, held in held_out:
            path.rename(held)
        report = bulk_load(settings, data, csv_dir=work / "csv")
        print(f"synthetic data: {stats['entities']:,} entities, {stats['facts']:,} facts, {stats['articles']:,} articles; "
              f"bulk-loaded: {report.nodes:,} nodes, {report.relationships:,} relationships in {report.total:.1f} s", flush=True)
        results = {}
        for label, warm, files in (("without warm-up", False, held_out[:2]), ("with warm-up", True, held_out[2:])):
            server.stop(settings)
            t = time.perf_counter()
            server.start(settings)
            restart = time.perf_counter() - t
            with Graph.connect(settings, timeout=60) as g:
                line = f"{label}: restart {restart:.1f} s"
                if warm:
                    statements = warmup.statements()
                    w = Warmup(g, statements, timeout=a.warmup_timeout)
                    t = time.perf_counter()
                    w.run_pending()
                    line += (f"; warm-up {time.perf_counter() - t:.1f} s ({len(w.warmed)} statements, "
                             f"{len(warmup.reads())} API reads first; {len(w.failed)} failed)")
                first, first_phases = timed_load(g, data, *files[0])
                second, second_phases = timed_load(g, data, *files[1])
            results[label] = (first, second)
            print(line, flush=True)
            print(f"  first new article  {first:6.2f} s  phases {first_phases}", flush=True)
            print(f"  second new article {second:6.2f} s  phases {second_phases}  (anchor)", flush=True)
            print(f"  first / anchor {first / second:.2f}", flush=True)
        (f0, s0), (f1, s1) = results["without warm-up"], results["with warm-up"]
        print(f"first new article after a restart: {f0:.2f} s without the warm-up, {f1:.2f} s with it "
              f"(anchors, the second article: {s0:.2f} s, {s1:.2f} s)", flush=True)
    finally:
        server.stop(settings)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
