"""Bulk load (neo4j-admin) against the driver load, on the same synthetic data, with every phase.

    .venv/bin/python bench/bulk_bench.py --scale 0.5          # the issue's comparison
    .venv/bin/python bench/bulk_bench.py --scale 0.05         # a quick run

1. bench/synthetic.py writes a data folder of this scale (curated data not included).
2. Bulk: `loaders.bulk.bulk_load` into a fresh local home (parse+validate, rows, write csv,
   import, start, schema, manifest+version), its CSV files kept; where the start went (from
   the server's log); then `hkg load` taking over: an unchanged load, two new articles (held
   out of the bulk load), an unchanged load again.
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
from loaders.bulk import admin_command, bulk_load  # noqa: E402
from loaders.load import load  # noqa: E402


def settings_for(home: Path, heap: str, pagecache: str) -> Settings:
    return Settings(NEO4J_URI=None, HKG_NEO4J_HOME=home, HKG_NEO4J_PORT=free_port(), HKG_NEO4J_HEAP=heap,
                    HKG_NEO4J_PAGECACHE=pagecache)


class _Files:
    """The import options of files already written (what `admin_command` asks a writer for)."""

    def __init__(self, arguments: list[str]):
        self._arguments = arguments

    def arguments(self) -> list[str]:
        return self._arguments


def _start_breakdown(settings: Settings, start_s: float) -> str:
    """Where the server's start went, from its own log: the JVM up to Neo4j's first log line
    (java, class loading), the global modules, the system database, the user database (after
    an import: its recovery and counts), Bolt."""
    from datetime import datetime
    log = Path(settings.local_home) / "db" / "logs" / "debug.log"
    try:
        lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln[:4].isdigit()]
    except OSError:
        return "(no debug.log)"
    marks = [("global modules", lambda s: "Creating 'DatabaseId{" in s and "[system]" in s),
             ("system database", lambda s: "[system]} is ready" in s),
             ("neo4j database", lambda s: "[neo4j]} is ready" in s),
             ("bolt", lambda s: "Bolt enabled" in s)]
    at = lambda ln: datetime.strptime(ln[:23], "%Y-%m-%d %H:%M:%S.%f").timestamp()
    # The log also holds neo4j-admin's lines and earlier starts: keep the last start's.
    starts = [i for i, ln in enumerate(lines) if "Logging config in use" in ln]
    lines = lines[starts[-1]:] if starts else lines
    if not lines:
        return "(empty debug.log)"
    prev = first = at(lines[0])
    out = []
    for name, test in marks:
        hit = next((ln for ln in lines if test(ln)), None)
        if hit:
            out.append(f"{name} {at(hit) - prev:.1f} s")
            prev = at(hit)
    return f"JVM to first log line ~{start_s - (prev - first):.1f} s, " + ", ".join(out)


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

        # Two articles are held out of every load, to be added afterwards as new ones.
        held_out = [(p, p.with_suffix(".held-out")) for p in sorted((data / "facts").glob("S*.yaml"))[-2:]]
        for path, held in held_out:
            path.rename(held)

        bulk_settings = settings_for(work / "bulk", a.heap, a.pagecache)
        report = bulk_load(bulk_settings, data, csv_dir=work / "csv")
        for name, secs in report.phases.items():
            say(f"  bulk {name:>16}: {secs:8.2f} s")
        say(f"  bulk {'total':>16}: {report.total:8.2f} s ({report.nodes:,} nodes, {report.relationships:,} relationships)")
        say(f"    the start: {_start_breakdown(bulk_settings, report.phases['start server'])}")
        try:
            # The incremental loader takes over from the manifest the bulk load wrote.
            with Graph.connect(bulk_settings, timeout=60) as g:
                t = time.perf_counter()
                s = load(g, data)
                say(f"  after bulk, unchanged `hkg load`: {time.perf_counter() - t:8.2f} s, {s.files_read} files read, "
                    f"{s.files_unchanged} unchanged, changed={s.changed}")
                for i, (path, held) in enumerate(held_out):    # the first pays for planning its queries
                    held.rename(path)
                    t = time.perf_counter()
                    s = load(g, data)
                    say(f"  after bulk, {'a' if i == 0 else 'a second'} new article ({path.name}): "
                        f"{time.perf_counter() - t:8.2f} s, {s.files_read} file read, {sum(s.nodes.created.values())} nodes, "
                        f"{sum(s.relationships.created.values())} links; phases {s.timings}")
                t = time.perf_counter()
                s = load(g, data)
                say(f"  then an unchanged `hkg load` again: {time.perf_counter() - t:8.2f} s, {s.files_read} files read")
                for path, held in held_out:   # the anchor and the driver load the same files as the bulk load
                    path.rename(held)
        finally:
            server.stop(bulk_settings)

        # Anchor: neo4j-admin alone on the very same files, into another fresh store.
        # (The files the bulk load wrote, read again: neo4j-admin does not change them.)
        anchor_settings = settings_for(work / "anchor", a.heap, a.pagecache)
        cmd, env = admin_command(anchor_settings, work / "csv", _Files(report.import_arguments))
        t = time.perf_counter()
        subprocess.run(cmd, cwd=work / "csv", env=env, check=True, capture_output=True)
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
