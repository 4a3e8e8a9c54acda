"""Plan warm-up: run named reads once, in the background, so that Neo4j has planned them
before the first request does.

Why: on the national-size graph the first planning of the profile, honours and timeline
reads took 6–20 s on this 2-core machine, past the API's 3 s read deadline: every first
request was cut before its plan was cached, so the next one planned again and they all
answered 503 (docs/benchmarks.md, "National size"). Here each read runs outside any request
deadline, bounded instead by a server-side transaction time-out of its own.

Why a real run and not EXPLAIN: Neo4j 5 keys its plan cache on the query text, the execution
mode and the parameters' types, strings and lists by length bucket (0, 1, 2–10, 11–100,
101–1000, …; measured on 5.26 by counting what `db.clearQueryCaches()` cleared). An EXPLAIN
is a cache entry of its own: after one, the same query's first real call still took 150 ms
on the curated graph (cold: 900 ms; after a real run with an id that does not exist: 4 ms,
the same as a warm call). A real run with an id that does not exist costs one index lookup.

Writes (the loader's upserts, deletions, manifest and version writes: loaders/warmup.py) are
planned the same way, by a real run, in a transaction of their own that is always ROLLED BACK:
Neo4j plans and caches the statement, and nothing of it is ever committed.

A restart of Neo4j empties its plan cache: when `ready()` (the API's health watcher) has said
no and then says yes again, every statement is warmed once more.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from neo4j import unit_of_work
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

import queries
from graph.connection import Graph

log = logging.getLogger("hkg.graph")

# Neo4j is not there (yet): keep the read for later instead of counting it as failed.
UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionError, OSError, AuthError)


@dataclass(frozen=True)
class Read:
    """One named read with sample parameters of the types (and length buckets) its callers pass."""
    name: str
    params: dict[str, Any] = field(default_factory=dict)
    identifiers: dict[str, str | int] | None = None  # a template's label, type or bound (queries.render)
    # A write: run in a write transaction that is rolled back, never committed.
    write: bool = False
    # The text as its caller renders it, when the caller has its own render helper (the
    # loader's upserts): the warm-up must plan the very text the caller runs.
    rendered: str | None = None
    tag: str = ""  # what tells two renderings of one template apart in logs (a class, a type)
    # Run after a change in the same transaction. Neo4j caches a plan made in a transaction
    # that has already changed something apart from one made in a clean transaction: a
    # statement that a load runs in both positions is warmed in both.
    after_change: bool = False

    @property
    def text(self) -> str:
        if self.rendered is not None:
            return self.rendered
        return queries.render(self.name, **self.identifiers) if self.identifiers else queries.get(self.name).text

    def __str__(self) -> str:
        ids = ",".join(f"{k}={v}" for k, v in (self.identifiers or {}).items()) or self.tag
        where = " (after a change)" if self.after_change else ""
        return (f"{self.name}[{ids}]" if ids else self.name) + where


class Warmup:
    """Runs `reads` once each in a background thread.

    A read that fails because Neo4j is unreachable stays pending and is retried once `ready()`
    (the API's health watcher) says Neo4j answers again; any other failure (the time-out, an
    error in the query) is counted and logged, never raised: the warm-up only ever saves time.
    """

    def __init__(self, graph: Graph, reads: list[Read], *, timeout: float,
                 ready: Callable[[], bool] | None = None, retry_interval: float = 1.0):
        self.graph, self.timeout, self.ready, self.retry_interval = graph, timeout, ready, retry_interval
        self.total = len(reads)
        self._reads = list(reads)
        self._pending = list(reads)
        self.rounds = 1  # warm-ups started: one more each time Neo4j came back after being down
        self._down = False
        self.warmed: list[str] = []
        self.failed: list[tuple[str, str]] = []  # (read, the exception's class name)
        self.seconds: float | None = None  # of the whole warm-up, once finished
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._waiting_logged = False
        self._started: float | None = None

    @property
    def finished(self) -> bool:
        return not self._pending

    def state(self) -> dict[str, Any]:
        """For /health: plain attribute reads, no query."""
        return {"warmed": len(self.warmed), "total": self.total, "failed": len(self.failed),
                "finished": self.finished, "seconds": None if self.seconds is None else round(self.seconds, 1),
                "rounds": self.rounds}

    def start(self) -> "Warmup":
        self._thread = threading.Thread(target=self._loop, name="plan-warmup", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Asks the thread to stop after its current read; never waits for that read (it may be
        stuck on a frozen server: the thread is a daemon, it does not hold the process)."""
        self._stop.set()

    def join(self, timeout: float) -> None:
        """Waits up to `timeout` for the thread to end (after `stop`), so that the driver is not
        closed under a read still running."""
        if self._thread is not None:
            self._thread.join(timeout)

    def run_pending(self) -> None:
        """One pass over the pending reads, in this thread; stops early when Neo4j is unreachable."""
        if self._started is None:
            self._started = time.monotonic()
        while self._pending and not self._stop.is_set():
            read = self._pending[0]
            try:
                self._run(read)
            except UNAVAILABLE as e:
                if not self._waiting_logged:
                    log.info("plan warm-up: Neo4j is not answering (%s); waiting for it", type(e).__name__)
                    self._waiting_logged = True
                return
            except Exception as e:  # a time-out or a bad query: counted, logged, never raised
                if self._stop.is_set():
                    return  # the driver was closed under us at shutdown
                self.failed.append((str(read), type(e).__name__))
                # The first line only: Neo4j's message goes on to quote the whole query.
                log.warning("plan warm-up: %s failed: %s: %s", read, type(e).__name__, (str(e).splitlines() or [""])[0])
            else:
                self.warmed.append(str(read))
            self._pending.pop(0)
        if not self._pending and self.seconds is None:
            self.seconds = time.monotonic() - self._started
            log.info("plan warm-up: %d of %d reads planned in %.1f s%s", len(self.warmed), self.total, self.seconds,
                     f"; failed: {', '.join(sorted({r for r, _ in self.failed}))}" if self.failed else "")

    def _run(self, read: Read) -> None:
        # The driver directly, not Graph.read: that one is bounded by the request deadline,
        # which is what a first planning on a large graph does not fit in.
        with self.graph.driver.session(database=self.graph.database) as session:
            if read.write:
                # An explicit transaction, not a managed one: nothing retries it, and leaving
                # the block without commit() rolls it back, also when the statement fails.
                with session.begin_transaction(timeout=self.timeout) as tx:
                    if read.after_change:
                        tx.run("CREATE ()").consume()   # no label, no property: no token either
                    tx.run(read.text, read.params).consume()
                    tx.rollback()
            else:
                work = unit_of_work(timeout=self.timeout)(lambda tx: tx.run(read.text, read.params).consume())
                session.execute_read(work)

    def rearm(self) -> None:
        """Every statement again (Neo4j restarted: its plan cache is empty)."""
        self._pending = list(self._reads)
        self.warmed, self.failed = [], []
        self.seconds, self._started, self._waiting_logged = None, None, False
        self.rounds += 1
        log.info("plan warm-up: Neo4j is back after being down; warming %d statements again", self.total)

    def _loop(self) -> None:
        # Without a health signal there is nothing to watch once every statement ran.
        while not self._stop.is_set() and (self._pending or self.ready is not None):
            if self.ready is None or self.ready():
                if self._down and self.warmed:   # plans made before Neo4j went down may be gone
                    self.rearm()
                self._down = False
                if self._pending:
                    self.run_pending()
            else:
                self._down = True
            self._stop.wait(self.retry_interval)
