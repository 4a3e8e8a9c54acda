"""Bulk load (neo4j-admin) against the driver load, on the same synthetic data, with every phase.

    .venv/bin/python bench/bulk_bench.py --scale 0.5          # the issue's comparison
    .venv/bin/python bench/bulk_bench.py --scale 0.05         # a quick run

1. bench/synthetic.py writes a data folder of this scale (curated data not included).
2. Bulk: `loaders.bulk.bulk_load` into a fresh local home (parse+validate, rows, write csv,
   import, start, schema, version), its CSV files kept.
3. Anchor for the import phase: the same `neo4j-admin database import full` command run
   again by itself on the same files (a second fresh store).
4. Driver: `loaders.load.load` into a fresh local server (started beforehand, not timed),
   end to end. Skipped with --no-driver.
Each server is stopped and its home deleted. Prints the figures and ratios; writes them to
bench/results/bulk_bench.txt.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import free_port  # noqa: E402
from bench.synthetic import generate  # noqa: E402
from graph import schema  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.neo4j_local import server  # noqa: E402
from loaders.bulk import admin_command, bulk_load, write_csvs  # noqa: E402
from loaders.load import load  # noqa: E402
from loaders.rows import build  # noqa: E402
from loaders.validate import load_dataset  # noqa: E402


def settings_for(home: Path, heap: str, pagecache: str) -> Settings:
    return Settings(NEO4J_URI=None, HKG_NEO4J_HOME=home, HKG_NEO4J_PORT=free_port(), HKG_NEO4J_HEAP=heap,
                    HKG_NEO4J_PAGECACHE=pagecache)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="1g")
    ap.add_argument("--no-driver", action="store_true", help="skip the driver load")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "bulk_bench.txt")
    a = ap.parse_args(argv)
    lines: list[str] = []

    def say(s: str) -> None:
        print(s, flush=True)
        lines.append(s)

    work = Path(tempfile.mkdtemp(prefix="hkg-bulk-bench-"))
    say(f"# bulk vs driver load, scale {a.scale}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; heap {a.heap}")
    try:
        data = work / "data"
        stats = generate(data, scale=a.scale)
        say(f"synthetic data: {stats['entities']:,} entities, {stats['facts']:,} facts, {stats['articles']:,} articles")

        bulk_settings = settings_for(work / "bulk", a.heap, a.pagecache)
        report = bulk_load(bulk_settings, data, csv_dir=work / "csv")
        server.stop(bulk_settings)
        for name, secs in report.phases.items():
            say(f"  bulk {name:>15}: {secs:8.2f} s")
        say(f"  bulk {'total':>15}: {report.total:8.2f} s ({report.nodes:,} nodes, {report.relationships:,} relationships)")

        # Anchor: neo4j-admin alone on the very same files, into another fresh store.
        ds = load_dataset(data)
        writer = write_csvs(build(ds), work / "csv2")
        anchor_settings = settings_for(work / "anchor", a.heap, a.pagecache)
        cmd, env = admin_command(anchor_settings, work / "csv2", writer)
        t = time.perf_counter()
        subprocess.run(cmd, cwd=work / "csv2", env=env, check=True, capture_output=True)
        anchor = time.perf_counter() - t
        say(f"  neo4j-admin alone on the same files: {anchor:8.2f} s — bulk import phase / anchor = "
            f"{report.phases['import'] / anchor:.2f}")

        if not a.no_driver:
            drv = settings_for(work / "driver", a.heap, a.pagecache)
            server.start(drv)
            try:
                with Graph.connect(drv, timeout=60) as g:
                    schema.apply(g)
                    t = time.perf_counter()
                    load(g, data)
                    driver = time.perf_counter() - t
            finally:
                server.stop(drv)
            say(f"  driver load end to end (server already up, schema applied): {driver:8.2f} s")
            say(f"  bulk end to end (incl. stop, start, schema): {report.total:8.2f} s — speed-up {driver / report.total:.2f}x; "
                f"without the server restart {driver / (report.total - report.phases.get('start server', 0)):.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
