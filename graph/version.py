"""The graph version: one string that changes with every committed load.

The loader sets it on the `(:GraphMeta {id:'graph'})` node inside its final transaction
(`bump(tx, load_id)`), so the version changes exactly when the load becomes visible. Answer
caches, ETags, the SPARQL store swap and curation key on it.

The API never reads it per request: `VersionWatcher`, a background thread started in the
app's lifespan, reads it about once a second together with a probe of Neo4j, and keeps the
last values (`version`, `last_ok`). `/health` and the ETag middleware read only the watcher,
so they never block on a sick Neo4j.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

import queries
from graph.connection import Graph
from graph.errors import GraphError

log = logging.getLogger("hkg.graph")

# Before the first load that sets a version (an empty graph, or one loaded by an older loader).
UNVERSIONED = "unversioned"


def new_version() -> str:
    """A fresh version string: unique, and ordered by time for a reader of the logs."""
    return f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:12]}"


def bump(tx: ManagedTransaction, load_id: str) -> str:
    """Set a new graph version in the caller's (final) write transaction; returns it."""
    version = new_version()
    tx.run(queries.get("graph/bump_version").text, version=version, load_id=str(load_id)).consume()
    return version


def read(graph: Graph) -> str:
    """The current version, read now (one round trip). The API uses the watcher instead."""
    row = graph.read("graph/version")
    return (row[0]["version"] if row else None) or UNVERSIONED


@dataclass(frozen=True)
class ServerInfo:
    name: str
    version: str
    edition: str


class VersionWatcher:
    """Polls the graph version and Neo4j's health in the background, every `interval` seconds.

    `last_ok` is the monotonic time of the last successful poll; `healthy(stale_after)`
    says whether it is recent enough. The server's name/version/edition are read once and
    cached. A poll that hangs (a frozen server) simply leaves `last_ok` to age.
    """

    def __init__(self, graph: Graph, interval: float = 1.0):
        self.graph = graph
        self.interval = interval
        self.version: str | None = None
        self.last_ok: float | None = None
        self.server: ServerInfo | None = None
        self.last_error: str | None = None  # the exception's class name: for /health, never its text
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def start(self) -> "VersionWatcher":
        """One poll now (bounded by the graph's read deadline), so that /health and the
        version are right from the first request; then every `interval` in the background."""
        self._tick()
        self._thread = threading.Thread(target=self._loop, name="graph-version-watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 5)

    def healthy(self, stale_after: float) -> bool:
        return self.last_ok is not None and time.monotonic() - self.last_ok <= stale_after

    def age(self) -> float | None:
        return None if self.last_ok is None else time.monotonic() - self.last_ok

    def poll(self) -> None:
        """One probe: the version, and the server's identity the first time."""
        if self.server is None:
            row = self.graph.read("system/components")[0]
            self.server = ServerInfo(row["name"], row["version"], row["edition"])
        version = read(self.graph)
        with self._changed:
            self.version = version
            self.last_ok = time.monotonic()
            self.last_error = None
            self._changed.notify_all()

    def wait_for_poll(self, timeout: float) -> bool:
        """Block until the next successful poll (tests, and start-up)."""
        with self._changed:
            before = self.last_ok
            return self._changed.wait_for(lambda: self.last_ok != before, timeout=timeout)

    def _tick(self) -> None:
        if self._stop.is_set():
            return
        try:
            self.poll()
        except GraphError as e:
            self.last_error = type(e).__name__
        except Exception as e:  # never let the watcher die: /health depends on it
            self.last_error = type(e).__name__
            log.warning("graph version watcher: %s", e)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._tick()

    def snapshot(self) -> dict[str, Any]:
        return {"version": self.version, "age": self.age(), "server": self.server, "error": self.last_error}
