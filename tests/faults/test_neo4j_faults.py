"""A sick Neo4j: frozen (SIGSTOP) and killed (kill -9), against the suite's dedicated server.

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

from graph.neo4j_local import server

pytestmark = pytest.mark.fault

JINAN = "hosp-jinan-mch"
# A mix of reads that all need Neo4j (no If-None-Match: nothing is answered from the ETag alone).
URLS = [f"/hospitals/{JINAN}", f"/hospitals/{JINAN}/honours", "/search?q=医院", "/hospitals", "/people",
        "/entities/person-zhang-yunli/neighbourhood", "/stats", "/articles"]
DEADLINE = 3.0
MARGIN = 3


def _get(base: str, path: str) -> tuple[int, dict, float]:
    t0 = time.monotonic()
    try:
        r = httpx.get(base + path, timeout=60)
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


def test_frozen_neo4j_gives_every_request_a_fast_503_and_recovers(dedicated):
    base = dedicated.base
    _wait_all_ok(base, within=120)
    pid = server.status(dedicated.settings).pid
    assert pid
    os.kill(pid, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=100) as pool:
            answers = list(pool.map(lambda i: _get(base, URLS[i % len(URLS)]), range(100)))
        wall = time.monotonic() - t0
        statuses = [a[0] for a in answers]
        slowest = max(a[2] for a in answers)
        print(f"\nfrozen Neo4j: 100 concurrent requests -> {statuses.count(503)} x 503 in {wall:.2f} s "
              f"(slowest {slowest:.2f} s; deadline {DEADLINE} s)")
        assert statuses == [503] * 100, statuses
        assert all(int(h["retry-after"]) > 0 for _, h, _ in answers)
        assert wall < DEADLINE * MARGIN, wall
        # /health reads the background probe: it answers at once, and says unavailable.
        time.sleep(1)
        h0 = time.monotonic()
        h = httpx.get(base + "/health", timeout=10)
        assert h.status_code == 503 and int(h.headers["retry-after"]) > 0
        assert time.monotonic() - h0 < 1.0
    finally:
        os.kill(pid, signal.SIGCONT)
    back = _wait_healthy(base, within=30)
    print(f"after SIGCONT: /health 200 within {back:.2f} s")
    _wait_all_ok(base, within=120)


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
