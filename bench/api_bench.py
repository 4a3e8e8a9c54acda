"""API benchmark: read workloads (profile, honours, timeline, fact, search, neighbourhood) through the HTTP API vs the same Cypher through the driver.

    .venv/bin/python bench/api_bench.py                       # own local Neo4j + real data
    .venv/bin/python bench/api_bench.py --duration 4 --concurrency 16
    .venv/bin/python bench/api_bench.py --uri bolt://127.0.0.1:7687 --password ...   # existing server (no load)

Unless --uri is given it starts its own local Neo4j (temporary home, free port, 2g heap, 512m page
cache), loads the real data folder (data/) into it, and stops it at the end. The API runs under
uvicorn in a subprocess on 127.0.0.1 (a free port). For each workload and each concurrency N:
  (a) API: N threads, each with its own httpx.Client, looping on the endpoint;
  (b) direct: one Graph (one driver), N threads looping on graph.read(<same named query>).
Each run: a warm-up (not measured), then a fixed measuring window; every loop ends by itself at
its deadline. Reports requests/s, p50 and p99 latency, and api rps / direct rps.

Caveat: client, API and Neo4j share the same machine (its cores are printed); the numbers are
relative, not capacity figures. Results: bench/results/api_bench.txt (by default).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.common import bench_neo4j, free_port  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.connection import Graph  # noqa: E402
from loaders import load as loader  # noqa: E402

RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"

# name, API path, named query, its parameters (what the endpoint passes)
WORKLOADS = [
    ("profile", "/hospitals/hosp-jinan-mch", "api/hospital_profile", {"id": "hosp-jinan-mch"}),
    ("honours", "/hospitals/hosp-jinan-mch/honours", "api/recognitions",
     {"id": "hosp-jinan-mch", "from_year": None, "to_year": None, "recipient_kind": None, "kind": None,
      "level": None, "conferrer": None, "limit": 100, "offset": 0}),
    ("timeline", "/hospitals/hosp-jinan-mch/timeline", "api/timeline", {"id": "hosp-jinan-mch"}),
    ("fact", "/facts/A000-064", "api/fact", {"id": "A000-064"}),
    ("search", "/search?q=济宁市第三人民医院", "api/search",
     {"q": "济宁市第三人民医院", "lucene": "济宁市第三人民医院", "type": None, "limit": 20, "offset": 0}),
    ("neighbourhood", "/entities/hosp-guilin-mch/neighbourhood?depth=2", "api/neighbourhood",
     {"id": "hosp-guilin-mch", "depth": 2, "max_nodes": 500}),
]



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


def direct_worker(graph: Graph, query: str, params: dict) -> Callable[[], Callable[[], None]]:
    def make():
        def op():
            graph.read(query, **params)
        return op
    return make


def start_api(settings: Settings, port: int, log_path: Path) -> subprocess.Popen:
    env = dict(os.environ, NEO4J_URI=settings.uri, NEO4J_PASSWORD=settings.neo4j_password,
               NEO4J_USER=settings.neo4j_user, NEO4J_DATABASE=settings.neo4j_database)
    code = ("import uvicorn; from api.main import create_app; "
            f"uvicorn.run(create_app(), host='{HOST}', port={port}, log_level='warning')")
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "python"), "-c", code], cwd=ROOT, env=env,
                            stdout=log_path.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited (code {proc.returncode}):\n{log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://{HOST}:{port}/openapi.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop_api(proc)
    raise RuntimeError("uvicorn did not answer within 60s")


def stop_api(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def fmt(v: float | None, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def table(rows: list[dict]) -> str:
    head = ["workload", "conc", "api rps", "api p50 ms", "api p99 ms",
            "direct rps", "direct p50 ms", "direct p99 ms", "api/direct rps"]
    lines = []
    for r in rows:
        a, d = r["api"], r["direct"]
        lines.append([r["workload"], str(r["conc"]), fmt(a["rps"], ".1f"), fmt(a["p50"], ".1f"), fmt(a["p99"], ".1f"),
                      fmt(d["rps"], ".1f"), fmt(d["p50"], ".1f"), fmt(d["p99"], ".1f"),
                      fmt(a["rps"] / d["rps"] if d["rps"] else None, ".2f")])
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(head)]
    out = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths)))]
    out.append("  ".join("-" * w for w in widths))
    for l in lines:
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(l, widths))))
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uri", help="use this Neo4j (no local server, no load)")
    ap.add_argument("--user", default="neo4j")
    ap.add_argument("--password", default="hospital-kg-local")
    ap.add_argument("--database", default="neo4j")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--duration", type=float, default=8.0)
    ap.add_argument("--workloads", nargs="+", default=[w[0] for w in WORKLOADS])
    ap.add_argument("--out", type=Path, default=RESULTS / "api_bench.txt")
    a = ap.parse_args()

    a.out.parent.mkdir(parents=True, exist_ok=True)
    out_lines: list[str] = []

    def log(msg: str = "") -> None:
        print(msg, flush=True)
        out_lines.append(msg)

    log(f"api_bench {' '.join(sys.argv[1:])}  (Python {platform.python_version()}, "
        f"{datetime.now():%Y-%m-%d %H:%M:%S})")
    log(f"NOTE: {os.cpu_count()} CPU core(s) shared by the load-generating client (Python threads), "
        f"the API (uvicorn) and Neo4j: figures are relative, not capacity.")
    log(f"each run: {a.warmup:g}s warm-up + {a.duration:g}s measured; clients on {HOST} only")

    neo4j = bench_neo4j(a.uri, user=a.user, password=a.password, database=a.database,
                        heap="2g", pagecache="512m", prefix="hkg-apibench-", log=log)
    settings = neo4j.__enter__()
    graph = None
    api = None
    rows: list[dict] = []
    try:
        graph = Graph.connect(settings)
        log(f"server: {graph.server_info()}")
        if settings.uses_local_server:  # our own server: load the real data into it
            t = time.perf_counter()
            s = loader.load(graph, ROOT / "data")
            log(f"loaded data/ ({s.facts} facts) in {time.perf_counter() - t:.1f}s")
        port = free_port()
        api = start_api(settings, port, Path(tempfile.gettempdir()) / "hkg-api-bench-uvicorn.log")
        base = f"http://{HOST}:{port}"
        log(f"API on {base} (uvicorn, 1 worker, pid {api.pid})")

        # sanity: every endpoint answers 200 and the direct query returns a row
        for name, path, query, params in WORKLOADS:
            if name not in a.workloads:
                continue
            r = httpx.get(base + path, timeout=60)
            d = graph.read(query, **params)
            log(f"  {name}: HTTP {r.status_code}, {len(r.content)} bytes; direct {len(d)} row(s)")
            if r.status_code != 200:
                raise RuntimeError(f"{path} -> HTTP {r.status_code}: {r.text[:300]}")

        for name, path, query, params in WORKLOADS:
            if name not in a.workloads:
                continue
            for n in a.concurrency:
                ra = run_load(n, api_worker(base, path), a.warmup, a.duration,
                              cleanup=lambda op: op.client.close())
                rd = run_load(n, direct_worker(graph, query, params), a.warmup, a.duration)
                row = {"workload": name, "conc": n, "api": ra, "direct": rd}
                rows.append(row)
                log(f"  {name:13s} c={n:<3d} api {ra['rps']:7.1f} rps p50 {fmt(ra['p50'], '.1f')} "
                    f"p99 {fmt(ra['p99'], '.1f')} ms ({ra['errors']} err) | direct {rd['rps']:7.1f} rps "
                    f"p50 {fmt(rd['p50'], '.1f')} p99 {fmt(rd['p99'], '.1f')} ms ({rd['errors']} err)")
                for side, r in (("api", ra), ("direct", rd)):
                    if r["first_error"]:
                        log(f"    first {side} error: {r['first_error']}")
    finally:
        if api is not None:
            stop_api(api)
            log("API stopped")
        if graph:
            graph.close()
        neo4j.__exit__(None, None, None)

    log("")
    log(table(rows))
    log("")
    log("notes: the honours endpoint runs api/recognitions, then api/sentences for the quotes' sentences "
        "(direct runs only the former); FastAPI runs the sync endpoints in its thread pool (anyio default: 40 threads), which caps the "
        "API's in-flight queries below 64; errors are excluded from rps and latencies.")
    log(f"NOTE: {os.cpu_count()} core(s) shared by client, API and Neo4j.")
    a.out.write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    print(f"\nresults: {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
