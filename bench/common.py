"""What the benchmarks share: a Neo4j to measure against, either an existing one (--uri;
its database is wiped) or a temporary local server that is stopped and removed afterwards."""

from __future__ import annotations

import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.config import Settings
from graph.neo4j_local import server


def wait_for_health(base: str, field: str, done: Callable[[dict], bool], bound: float,
                    interval: float = 1.0) -> tuple[dict | None, float]:
    """Polls the API's /health until its `field` (a background job's state: `plans`, `names`) is
    absent or `done`, at most `bound` seconds; returns the last state seen and the seconds waited."""
    import httpx

    t = time.perf_counter()
    state = None
    while time.perf_counter() - t < bound:
        state = httpx.get(f"{base}/health", timeout=10).json().get(field)
        if not state or done(state):
            break
        time.sleep(interval)
    return state, time.perf_counter() - t


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def bench_neo4j(uri: str | None, *, password: str, user: str = "neo4j", database: str = "neo4j",
                heap: str = "2g", pagecache: str = "512m", tx_memory: str = "", prefix: str = "hkg-bench-",
                log: Callable[[str], None] = print) -> Iterator[Settings]:
    if uri:
        yield Settings(NEO4J_URI=uri, NEO4J_USER=user, NEO4J_PASSWORD=password, NEO4J_DATABASE=database)
        return
    home = Path(tempfile.mkdtemp(prefix=prefix))
    settings = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=home, HKG_NEO4J_PORT=free_port(),
                        HKG_NEO4J_HEAP=heap, HKG_NEO4J_PAGECACHE=pagecache, HKG_NEO4J_TX_MEMORY=tx_memory,
                        NEO4J_PASSWORD=password, NEO4J_DATABASE=database)
    t = time.perf_counter()
    server.start(settings)
    log(f"local Neo4j on {settings.uri} (heap {heap}, page cache {pagecache}"
        f"{', tx memory ' + tx_memory if tx_memory else ''}, home {home}) started in {time.perf_counter() - t:.1f}s")
    try:
        yield settings
    finally:
        server.stop(settings)
        shutil.rmtree(home, ignore_errors=True)
        log("local Neo4j stopped")
