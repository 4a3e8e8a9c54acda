"""Revalidating clients against plain ones, and the cost of the read deadline.

1. HTTP caching: on the hospital profile, its honours history and a neighbourhood, N client
   threads GET the same URL for a fixed time, (a) as today's clients do, without
   If-None-Match (every answer recomputed from Neo4j), and (b) revalidating with the ETag of
   their first answer (304 from the graph version, no query). Both figures come from the
   same run, same server, same data.
2. The client-side deadline (graph/deadline.py): the same named read through the API's
   interactive Graph (worker hand-off + transaction time-out) and through a plain Graph.

    .venv/bin/python bench/http_bench.py [--uri bolt://...] [--clients 4] [--seconds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.api_bench import HOST, fmt, run_load, start_api, stop_api  # noqa: E402
from bench.common import bench_neo4j, free_port  # noqa: E402
from graph.connection import Graph  # noqa: E402
from loaders.load import load  # noqa: E402

URLS = {"profile": "/hospitals/hosp-jinan-mch", "honours": "/hospitals/hosp-jinan-mch/honours",
        "neighbourhood": "/entities/hosp-jinan-mch/neighbourhood?depth=2"}


def worker(base: str, path: str, revalidate: bool):
    def make():
        client = httpx.Client(base_url=base, timeout=60.0)
        etag = client.get(path).headers.get("etag") if revalidate else None
        headers = {"If-None-Match": etag} if etag else {}
        want = 304 if etag else 200

        def op():
            r = client.get(path, headers=headers)
            if r.status_code != want:
                raise RuntimeError(f"HTTP {r.status_code}")
            r.content  # noqa: B018
        op.client = client
        return op
    return make


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--uri")
    ap.add_argument("--password", default="bench-password")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--reads", type=int, default=300)
    args = ap.parse_args()
    with bench_neo4j(args.uri, password=args.password, heap="1g", pagecache="256m") as settings:
        with Graph.connect(settings) as plain:
            load(plain, ROOT / "data")
            port = free_port()
            proc = start_api(settings, port, Path(tempfile.mkdtemp(prefix="hkg-http-bench-")) / "api.log")
            base = f"http://{HOST}:{port}"
            try:
                print(f"{'endpoint':<14} {'plain rps':>10} {'p50 ms':>8} {'revalidating rps':>17} {'p50 ms':>8}")
                for name, path in URLS.items():
                    cold = run_load(args.clients, worker(base, path, False), 0.5, args.seconds,
                                    cleanup=lambda op: op.client.close())
                    warm = run_load(args.clients, worker(base, path, True), 0.5, args.seconds,
                                    cleanup=lambda op: op.client.close())
                    print(f"{name:<14} {fmt(cold['rps'], '.0f'):>10} {fmt(cold['p50'], '.1f'):>8} "
                          f"{fmt(warm['rps'], '.0f'):>17} {fmt(warm['p50'], '.1f'):>8}"
                          + (f"  errors {cold['errors']}/{warm['errors']}" if cold['errors'] or warm['errors'] else ""))
            finally:
                stop_api(proc)
            bounded = Graph.connect(settings, interactive=True)
            try:
                for label, g in (("plain Graph.read", plain), ("deadline Graph.read", bounded)):
                    for _ in range(20):
                        g.read("api/stats")
                    t0 = time.perf_counter()
                    for _ in range(args.reads):
                        g.read("api/stats")
                    per = (time.perf_counter() - t0) / args.reads * 1000
                    print(f"{label:<20} {per:.2f} ms per read ({args.reads} reads of api/stats)")
            finally:
                bounded.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
