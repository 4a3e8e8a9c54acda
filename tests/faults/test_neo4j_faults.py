"""A sick Neo4j: frozen (SIGSTOP), killed (kill -9) and running a read the client left,
against the suite's dedicated server.

Deadlines here keep a 3x margin over the API's 3 s: they are fail-fast checks, not
benchmarks. Figures (how long the 100 requests took) are printed for the report.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from graph.connection import Graph
from graph.errors import GraphUnavailable
from graph.neo4j_local import server

pytestmark = pytest.mark.fault

JINAN = "hosp-jinan-mch"
# A mix of reads that all need Neo4j (no If-None-Match: nothing is answered from the ETag alone).
URLS = [f"/hospitals/{JINAN}", f"/hospitals/{JINAN}/honours", "/search?q=医院", "/hospitals", "/people",
        "/entities/person-zhang-yunli/neighbourhood", "/stats", "/articles"]
DEADLINE = 3.0
MARGIN = 3


# One client per burst, shared by its 100 threads: `httpx.get` builds a client (and its TLS
# context) per call, ~30 ms of CPU under the test's GIL each, which would time the test rather
# than the API; and a client kept across bursts would reuse connections uvicorn has closed as idle.
def _burst(base: str, n: int = 100) -> list[tuple[int, dict, float]]:
    with httpx.Client(timeout=60, limits=httpx.Limits(max_connections=n, max_keepalive_connections=n)) as client:
        with ThreadPoolExecutor(max_workers=n) as pool:
            return list(pool.map(lambda i: _get(base, URLS[i % len(URLS)], client), range(n)))


def _get(base: str, path: str, client: httpx.Client | None = None) -> tuple[int, dict, float]:
    t0 = time.monotonic()
    try:
        r = (client or httpx).get(base + path, timeout=60)
        return r.status_code, dict(r.headers), time.monotonic() - t0
    except httpx.HTTPError as e:  # a hang or a dropped connection is a failure, reported as such
        return -1, {"error": type(e).__name__}, time.monotonic() - t0


def _wait_healthy(base: str, within: float) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < within:
        try:
            if httpx.get(base + "/health", timeout=5).status_code == 200:
                return time.monotonic() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"/health did not come back within {within} s")


def _wait_all_ok(base: str, within: float) -> None:
    """Every URL answers 200 (a cold first read on a loaded machine may pass the 3 s deadline:
    this waits for the service to be warm and well, it does not time it)."""
    t0 = time.monotonic()
    pending = list(URLS)
    while pending:
        assert time.monotonic() - t0 < within, f"not answering 200 within {within} s: {pending}"
        pending = [u for u in pending if _get(base, u)[0] != 200]
        if pending:
            time.sleep(1)


def graph_hash(graph) -> str:
    """A hash of every node's labels and properties and every relationship's type, ends and
    properties: equal hashes, same data."""
    def read(tx):
        nodes = tx.run("MATCH (n) RETURN labels(n) AS l, properties(n) AS p").data()
        rels = tx.run("MATCH (a)-[r]->(b) RETURN type(r) AS t, a.id AS a, b.id AS b, "
                      "properties(r) AS p").data()
        return nodes, rels
    nodes, rels = graph.read_tx(read)
    canon = sorted(json.dumps(n, sort_keys=True, default=str, ensure_ascii=False) for n in nodes + rels)
    return hashlib.sha256("\n".join(canon).encode()).hexdigest()


TRIALS = 3


def _spread(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    return f"min {ordered[0]:.2f} / p50 {ordered[len(ordered) // 2]:.2f} / max {ordered[-1]:.2f} s"


def test_frozen_neo4j_gives_every_request_a_fast_503_and_recovers(dedicated):
    """TRIALS times: Neo4j frozen (SIGSTOP), at once 100 concurrent requests, each a 503 +
    Retry-After within the deadline (3x margin); /health 503 without blocking; then SIGCONT
    and every URL answers 200 again."""
    base = dedicated.base
    _wait_all_ok(base, within=120)
    for trial in range(1, TRIALS + 1):
        pid = server.status(dedicated.settings).pid
        assert pid
        os.kill(pid, signal.SIGSTOP)
        try:
            t0 = time.monotonic()
            answers = _burst(base)
            wall = time.monotonic() - t0
            statuses = [a[0] for a in answers]
            print(f"\nfrozen Neo4j, trial {trial}/{TRIALS}: 100 concurrent requests -> {statuses.count(503)} x 503 "
                  f"in {wall:.2f} s; per request {_spread([a[2] for a in answers])} (deadline {DEADLINE} s)")
            assert statuses == [503] * 100, statuses
            assert all(int(h["retry-after"]) > 0 for _, h, _ in answers)
            assert max(a[2] for a in answers) < DEADLINE * MARGIN and wall < DEADLINE * MARGIN, wall
            # /health reads the background probe: it answers at once, and says unavailable.
            time.sleep(1.5)
            h0 = time.monotonic()
            h = httpx.get(base + "/health", timeout=10)
            assert h.status_code == 503 and int(h.headers["retry-after"]) > 0
            assert time.monotonic() - h0 < 1.0
            # The probe has now failed for longer than a deadline: the circuit is open, and reads
            # answer without waiting on the driver at all.
            opened = _burst(base)
            print(f"circuit open: 100 more -> {[a[0] for a in opened].count(503)} x 503; per request "
                  f"{_spread([a[2] for a in opened])}")
            assert [a[0] for a in opened] == [503] * 100
            assert max(a[2] for a in opened) < DEADLINE
        finally:
            os.kill(pid, signal.SIGCONT)
        back = _wait_healthy(base, within=30)
        print(f"after SIGCONT: /health 200 within {back:.2f} s")
        _wait_all_ok(base, within=120)


def test_a_read_past_the_server_time_out_ends_in_neo4j_too(dedicated):
    """The API's reads carry Neo4j's transaction time-out: a read the client gave up on does not
    keep running in the server (no runaway at 100% of a core after the client left)."""
    settings = dedicated.settings
    with Graph.connect(settings, interactive=True) as api_graph:  # the API's kind of graph: 3 s + 3 s
        t0 = time.monotonic()
        with pytest.raises(GraphUnavailable):  # GraphTimeout: client deadline or server time-out
            api_graph.read_tx(lambda tx: tx.run(SLOW).consume())
        assert time.monotonic() - t0 < DEADLINE * MARGIN
    deadline = time.monotonic() + settings.tx_timeout * MARGIN
    while _running(dedicated.graph, SLOW):
        assert time.monotonic() < deadline, "the abandoned read is still running in Neo4j"
        time.sleep(0.2)
    print(f"\nabandoned read gone from SHOW TRANSACTIONS {time.monotonic() - t0:.2f} s after it started")


SLOW = "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 1000003 = 999999999 RETURN count(*) AS slow_probe"


def _running(graph, query: str) -> bool:
    rows = graph.read_tx(lambda tx: tx.run(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'slow_probe' "
        "AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n").single()["n"])
    return rows > 0


def test_killed_neo4j_restarts_with_the_same_data_and_the_api_recovers(dedicated):
    before = graph_hash(dedicated.graph)
    pid = server.status(dedicated.settings).pid
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while server.status(dedicated.settings).running:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    status, headers, took = _get(dedicated.base, URLS[0])
    assert status == 503 and took < DEADLINE * MARGIN, (status, took)
    server.start(dedicated.settings)
    assert graph_hash(dedicated.graph) == before
    _wait_healthy(dedicated.base, within=60)
    _wait_all_ok(dedicated.base, within=120)
