"""API benchmark: every read endpoint through the HTTP API against the same queries through the driver.

    .venv/bin/python bench/api_bench.py                        # own local Neo4j + real data, the full matrix
    .venv/bin/python bench/api_bench.py --workloads profile neighbourhood --duration 3
    .venv/bin/python bench/api_bench.py --variant before:HKG_BENCH_LOOP=asyncio,HKG_BENCH_HTTP=h11 --variant after:
    .venv/bin/python bench/api_bench.py --uri bolt://127.0.0.1:7687 --password ...   # existing server (no load)

Unless --uri is given it starts its own local Neo4j (temporary home, free port, 2g heap, 512m page
cache), loads the real data folder (data/) into it, and stops it at the end. Servers, each under
uvicorn in its own subprocess on 127.0.0.1: one per --variant with the answer cache OFF
(HKG_ANSWER_CACHE=false), one with it on (the cached figures, beside), and the anchor, a trivial
FastAPI app (a sync and an async endpoint) under the same uvicorn settings.

For each workload (profile, depth-2 neighbourhood, fact evidence, article, entity, honours,
hospital people, search, timeline, fact) and each concurrency N (16 and 64), in one run:
  direct: one Graph (one driver), N threads running the endpoint's named queries (sentences too);
  python: N threads, each with its own httpx.Client, looping on the endpoint (no conditional requests);
  wrk:    Debian's C load generator, N connections (installed with apt-get when missing and root);
  cache on: the same endpoint with the answer cache on.
Each cell: a warm-up (not measured), then a fixed window; every loop ends by itself. Any answer but
200 (a 503 too) is an error. Reports requests/s, p50/p99, the ratio to the direct driver and the
issue's goals. Client, API and Neo4j share the machine: figures are relative, not capacity.
Results: bench/results/api_bench.txt (by default).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

if "--direct-no-rust" in sys.argv:   # before the driver is imported: measure the pure-Python driver
    sys.argv.remove("--direct-no-rust")
    sys.modules["neo4j._codec.packstream._rust"] = None

from bench import wrk  # noqa: E402
from bench.api_workloads import PER_ITEM, WORKLOADS  # noqa: E402
from bench.common import bench_neo4j, free_port, wait_for_health  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.connection import Graph  # noqa: E402
from loaders import load as loader  # noqa: E402
from neo4j._codec.packstream._common import RUST_AVAILABLE  # noqa: E402

RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"

def run_load(n: int, make_worker: Callable[[], Callable[[], None]], warmup: float, duration: float,
             cleanup: Callable[[object], None] | None = None) -> dict:
    """n threads each call their own `op` until the deadline; latencies count only after the warm-up."""
    start = time.perf_counter() + 0.2          # let every thread get ready first
    measure_from = start + warmup
    deadline = measure_from + duration
    lats: list[list[float]] = [[] for _ in range(n)]
    errors = [0] * n
    first_error: list[str] = []

    def body(i: int) -> None:
        op = make_worker()
        try:
            while time.perf_counter() < start:
                time.sleep(0.005)
            while True:
                t0 = time.perf_counter()
                if t0 >= deadline:
                    break
                try:
                    op()
                    ok = True
                except Exception as e:  # noqa: BLE001 - counted and reported
                    ok = False
                    if not first_error:
                        first_error.append(f"{type(e).__name__}: {e}"[:300])
                t1 = time.perf_counter()
                if t0 >= measure_from and t1 <= deadline:
                    if ok:
                        lats[i].append(t1 - t0)
                    else:
                        errors[i] += 1
        finally:
            if cleanup:
                cleanup(op)

    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=warmup + duration + 120)
    all_lats = sorted(x for l in lats for x in l)
    res = {"n": len(all_lats), "errors": sum(errors), "rps": len(all_lats) / duration,
           "p50": None, "p99": None, "first_error": first_error[0] if first_error else None}
    if all_lats:
        res["p50"] = statistics.median(all_lats) * 1000
        res["p99"] = all_lats[min(len(all_lats) - 1, int(0.99 * len(all_lats)))] * 1000
    return res


def api_worker(base: str, path: str) -> Callable[[], Callable[[], None]]:
    def make():
        client = httpx.Client(base_url=base, timeout=60.0)

        def op():
            r = client.get(path)
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code}: {r.text[:200]}")
            r.content  # noqa: B018 - read the body
        op.client = client
        return op
    return make


def direct_worker(graph: Graph, fn: Callable[[Graph], None]) -> Callable[[], Callable[[], None]]:
    def make():
        return lambda: fn(graph)
    return make


# The anchor: the smallest FastAPI app, served by the same uvicorn settings as the API.
TRIVIAL_APP = """from fastapi import FastAPI
app = FastAPI()


@app.get("/sync")
def sync_():
    return {"ok": True}


@app.get("/async")
async def async_():
    return {"ok": True}
"""

# Runs in the server's subprocess: HKG_BENCH_* choose how uvicorn serves (workers, event loop,
# HTTP parser) and whether the driver may use its Rust extension, so that variants of the
# serving path are compared in one run.
LAUNCH = """import os, sys
if os.environ.get("HKG_BENCH_NO_RUST"):
    sys.modules["neo4j._codec.packstream._rust"] = None   # the driver falls back to pure Python
import uvicorn
uvicorn.run(os.environ["HKG_BENCH_APP"], factory=os.environ.get("HKG_BENCH_FACTORY") == "1",
            host=os.environ["HKG_BENCH_HOST"], port=int(os.environ["HKG_BENCH_PORT"]),
            workers=int(os.environ.get("HKG_BENCH_WORKERS", "1")), loop=os.environ.get("HKG_BENCH_LOOP", "auto"),
            http=os.environ.get("HKG_BENCH_HTTP", "auto"), log_level="warning")
"""


def start_api(settings: Settings, port: int, log_path: Path, env: dict[str, str] | None = None,
              app: str = "api.main:create_app", factory: bool = True, pythonpath: str | None = None) -> subprocess.Popen:
    full = dict(os.environ, NEO4J_URI=settings.uri, NEO4J_PASSWORD=settings.neo4j_password,
                NEO4J_USER=settings.neo4j_user, NEO4J_DATABASE=settings.neo4j_database,
                HKG_BENCH_APP=app, HKG_BENCH_FACTORY="1" if factory else "0", HKG_BENCH_HOST=HOST,
                HKG_BENCH_PORT=str(port), **(env or {}))
    # HKG_BENCH_ROOT: serve another checkout's code (e.g. the commit before a change) with this
    # venv, so that before and after are measured in one run.
    root = Path(full.pop("HKG_BENCH_ROOT", ROOT))
    paths = [pythonpath, str(root) if root != ROOT else None, full.get("PYTHONPATH")]
    if any(paths):
        full["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "python"), "-c", LAUNCH], cwd=root, env=full,
                            stdout=log_path.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    probe = "/openapi.json" if factory else "/sync"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited (code {proc.returncode}):\n{log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://{HOST}:{port}{probe}", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop_api(proc)
    raise RuntimeError("uvicorn did not answer within 90s")


def stop_api(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)   # its own session: the workers go too
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def fmt(v: float | None, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    """'name:KEY=V,KEY=V' -> (name, env)."""
    name, _, rest = text.partition(":")
    return name, dict(kv.split("=", 1) for kv in rest.split(",") if kv)


def table(rows: list[dict]) -> str:
    head = ["workload", "conc", "measured", "rps", "p50 ms", "p99 ms", "errors", "x direct"]
    lines = [[r["workload"], str(r["conc"]), r["measured"], fmt(r["rps"], ".1f"), fmt(r["p50"], ".1f"),
              fmt(r["p99"], ".1f"), str(r["errors"]), fmt(r.get("ratio"), ".2f")] for r in rows]
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(head)]
    out = ["  ".join(h.ljust(w) if i < 3 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths)))]
    out.append("  ".join("-" * w for w in widths))
    for l in lines:
        out.append("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(l, widths))))
    return "\n".join(out)


def goals(rows: list[dict], variant: str, client: str) -> list[str]:
    """The issue's goals, cache off, for one variant and client."""
    mine = {(r["workload"], r["conc"]): r for r in rows if r["measured"] == f"{variant} {client}"}
    out = []
    for w in ("profile", "neighbourhood"):
        if (r := mine.get((w, 16))):
            out.append(f"{w} at 16: {r['rps']:.1f} req/s (goal >= 150) {'ok' if r['rps'] >= 150 else 'NOT MET'}")
    for (w, c), r in sorted(mine.items()):
        if c == 64 and w in PER_ITEM:
            ok = bool(r["n"]) and r["p99"] is not None and r["p99"] < 250 and not r["errors"]
            out.append(f"{w} at 64: p99 {fmt(r['p99'], '.0f')} ms, {r['errors']} errors (goal < 250 ms) "
                       f"{'ok' if ok else 'NOT MET'}")
    low = [f"{w}@{c} {r['ratio']:.2f}" for (w, c), r in sorted(mine.items()) if r.get("ratio") is not None and r["ratio"] < 0.8]
    out.append(f"API/direct >= 0.8 on every workload: {'ok' if not low else 'NOT MET: ' + ', '.join(low)}")
    return [f"[{variant} {client}] {line}" for line in out]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uri", help="use this Neo4j (no local server, no load)")
    ap.add_argument("--user", default="neo4j")
    ap.add_argument("--password", default="hospital-kg-local")
    ap.add_argument("--database", default="neo4j")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--workloads", nargs="+", default=[w[0] for w in WORKLOADS])
    ap.add_argument("--variant", action="append", default=[], metavar="NAME:KEY=V,...",
                    help="an API server to measure (cache off), with these environment settings; HKG_BENCH_ROOT, HKG_BENCH_WORKERS, "
                         "HKG_BENCH_LOOP (asyncio|uvloop), HKG_BENCH_HTTP (h11|httptools), HKG_BENCH_NO_RUST=1 choose "
                         "how it is served; repeat to compare variants in one run (default: one, as shipped)")
    ap.add_argument("--clients", nargs="+", default=["python", "wrk"], choices=["python", "wrk"])
    ap.add_argument("--no-cached", action="store_true", help="skip the answer-cache-on figures")
    ap.add_argument("--no-anchor", action="store_true", help="skip the trivial FastAPI endpoint")
    ap.add_argument("--out", type=Path, default=RESULTS / "api_bench.txt")
    a = ap.parse_args()
    variants = [parse_variant(v) for v in a.variant] or [("api", {})]
    clients = list(a.clients)
    wrk_bin = wrk.wrk_path() if "wrk" in clients else None
    a.out.parent.mkdir(parents=True, exist_ok=True)
    out_lines: list[str] = []

    def log(msg: str = "") -> None:
        print(msg, flush=True)
        out_lines.append(msg)

    if "wrk" in clients and not wrk_bin:
        log("wrk not found and not installable here (Debian: `apt-get install wrk`): Python client only")
        clients.remove("wrk")
    log(f"api_bench {' '.join(sys.argv[1:])}  (Python {platform.python_version()}, "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC)")
    log(f"load average at start: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores shared by "
        f"the clients, the API and Neo4j: figures are relative, not capacity")
    log(f"each cell: {a.warmup:g}s warm-up + {a.duration:g}s measured; clients on {HOST} only; "
        f"direct driver: Rust extension {'on' if RUST_AVAILABLE else 'off'}")
    for name, env in variants:
        log(f"variant {name}: {env or 'as shipped'}")

    neo4j = bench_neo4j(a.uri, user=a.user, password=a.password, database=a.database,
                        heap="2g", pagecache="512m", prefix="hkg-apibench-", log=log)
    settings = neo4j.__enter__()
    graph = None
    servers: list[subprocess.Popen] = []
    rows: list[dict] = []
    logdir = Path(tempfile.mkdtemp(prefix="hkg-api-bench-"))
    try:
        graph = Graph.connect(settings)
        log(f"server: {graph.server_info()}")
        if settings.uses_local_server:  # our own server: load the real data into it
            t = time.perf_counter()
            s = loader.load(graph, ROOT / "data")
            log(f"loaded data/ ({s.facts} facts) in {time.perf_counter() - t:.1f}s")

        def serve(label: str, env: dict[str, str], **kw) -> str:
            port = free_port()
            servers.append(start_api(settings, port, logdir / f"{label}.log", env, **kw))
            base = f"http://{HOST}:{port}"
            # The API plans its queries in the background when it starts (api/warmup.py); measure
            # a served API, not one still warming up, as a deployment would be a minute later.
            if kw.get("factory", True):
                wait_for_health(base, "plans", lambda p: p["finished"], 600)
            return base

        bases = {name: serve(name, {**env, "HKG_ANSWER_CACHE": "false"}) for name, env in variants}
        last_env = variants[-1][1]
        cached_base = None if a.no_cached else serve("cached", {**last_env, "HKG_ANSWER_CACHE": "true"})
        anchor_base = None
        if not a.no_anchor:
            (logdir / "hkg_trivial.py").write_text(TRIVIAL_APP)
            anchor_base = serve("trivial", {k: v for k, v in last_env.items() if k.startswith("HKG_BENCH_")},
                                app="hkg_trivial:app", factory=False, pythonpath=str(logdir))
        log(f"servers: {bases} cached {cached_base} trivial {anchor_base} (logs in {logdir})")
        chosen = [w for w in WORKLOADS if w[0] in a.workloads]
        for name, path, fn in chosen:   # sanity: every endpoint answers 200 and the direct side runs
            fn(graph)
            for _ in range(10):  # the first call of each query is planned: past the deadline on a busy machine
                r = httpx.get(next(iter(bases.values())) + path, timeout=60)
                if r.status_code != 503:
                    break
                time.sleep(1)
            log(f"  {name}: HTTP {r.status_code}, {len(r.content)} bytes")
            if r.status_code != 200:
                raise RuntimeError(f"{path} -> HTTP {r.status_code}: {r.text[:300]}")

        def record(workload: str, n: int, measured: str, r: dict, direct: dict | None) -> None:
            ratio = r["rps"] / direct["rps"] if direct and direct["rps"] else None
            rows.append({"workload": workload, "conc": n, "measured": measured, **r, "ratio": ratio})
            log(f"  {workload:13s} c={n:<3d} {measured:22s} {r['rps']:8.1f} rps  p50 {fmt(r['p50'], '7.1f')}  "
                f"p99 {fmt(r['p99'], '7.1f')} ms  {r['errors']} err" + (f"  x{ratio:.2f} direct" if ratio else ""))
            if r.get("first_error"):
                log(f"    first error: {r['first_error']}")

        def http(base: str, path: str, n: int, client: str) -> dict:
            if client == "wrk":
                return wrk.run(wrk_bin, base + quote(path, safe="/?=&"), n, a.duration, a.warmup)
            return run_load(n, api_worker(base, path), a.warmup, a.duration, cleanup=lambda op: op.client.close())

        if anchor_base:
            for n in a.concurrency:
                for route in ("/sync", "/async"):
                    for client in clients:
                        record("trivial" + route, n, client, http(anchor_base, route, n, client), None)
        for name, path, fn in chosen:
            for n in a.concurrency:
                direct = run_load(n, direct_worker(graph, fn), a.warmup, a.duration)
                record(name, n, "direct driver", direct, None)
                for vname, _ in variants:
                    for client in clients:
                        record(name, n, f"{vname} {client}", http(bases[vname], path, n, client), direct)
                if cached_base:
                    record(name, n, f"cache on {clients[-1]}", http(cached_base, path, n, clients[-1]), direct)
        log(f"load average at end: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        for proc in servers:
            stop_api(proc)
        if graph:
            graph.close()
        neo4j.__exit__(None, None, None)
        shutil.rmtree(logdir, ignore_errors=True)

    log("")
    log(table(rows))
    log("")
    log("Goals (answer cache off, no conditional requests, errors = non-2xx incl. 503):")
    for vname, _ in variants:
        for client in clients:
            for line in goals(rows, vname, client):
                log("  " + line)
    log("notes: x direct = API rps / direct-driver rps in the same run; the direct side runs the endpoint's named "
        "queries (sentences included) through one driver from N threads; errors are excluded from rps.")
    a.out.write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    print(f"\nresults: {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
