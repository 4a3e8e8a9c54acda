"""One NameIndex per graph version, built by ONE background thread, never inside a request.

Why: the index reads every :Entity. On the national-shape graph (docs/benchmarks.md,
"National size") a build takes longer than the API's read deadline, so building it inside
the first request after each load made every such request answer 503, and held a lock
the other requests queued on.

How a request gets an index (`get(graph, version, wait)`):
- the index of `version` is built: that one;
- it is being built (or is asked for now), and an older version's index exists: the older
  one at once, unless the build is expected to end within `wait` (a small graph builds in
  milliseconds, so a read right after a load sees the new names); names lag a load by at
  most the build's duration;
- no index at all yet: wait up to `wait` (the request's remaining deadline) for the build,
  else `NotReady` (the API answers 503 + Retry-After).

The builder also follows the graph version by itself (`follow`), so that the index of a new
load is built before anybody asks. The caller says which version it is at (the API reads it
from the graph version watcher), so the cache itself never asks the graph.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from names.index import NameIndex

log = logging.getLogger("hkg.names")


class NotReady(Exception):
    """No index exists yet and the build did not end within the caller's wait."""

    def __init__(self, detail: str, retry_after: int | None):
        super().__init__(detail)
        self.detail, self.retry_after = detail, retry_after


class IndexCache:
    def __init__(self, build: Callable[[Any], NameIndex] = NameIndex.from_graph, *, retry_interval: float = 1.0):
        self._build = build
        self._retry_interval = retry_interval  # after a failed build, and how often `follow` polls
        self._cond = threading.Condition()
        self._version: Hashable | None = None      # of `_index`
        self._index: NameIndex | None = None
        self._wanted: tuple[Any, Hashable] | None = None   # (graph, version) the newest ask
        self._building: Hashable | None = None
        self._started: float | None = None         # monotonic start of the build in flight
        self._failed: Hashable | None = None       # the version whose last build failed
        self.last_error: str | None = None         # its exception's class name
        self.last_seconds: float | None = None     # duration of the last successful build
        self.builds = 0
        self._follow: tuple[Any, Callable[[], Hashable | None]] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ asking
    def get(self, graph: Any, version: Hashable, wait: float | None = None) -> NameIndex:
        """The index for `version` (see the module's docstring); `wait=None` waits as long as it takes."""
        end = None if wait is None else time.monotonic() + max(0.0, wait)
        with self._cond:
            if self._index is not None and self._version == version:
                return self._index
            self._ask(graph, version)
            if self._index is not None and wait is not None:
                # The previous version's index, at once while the new one builds, unless the
                # build is expected to end within `wait` (judged by the last one): then wait for
                # it, up to `wait`, so that a read right after a small load sees its names.
                if self._expected_left_of(version) > wait:
                    return self._index
            done = lambda: self._version == version or self._failed == version or self._stop.is_set()  # noqa: E731
            self._cond.wait_for(done, timeout=None if end is None else max(0.0, end - time.monotonic()))
            if self._index is not None:
                return self._index
            left = self._expected_left()
            why = (f"its last build failed ({self.last_error}); retrying" if self._failed == version
                   else "it is being built in the background")
            raise NotReady(f"the name index of this graph version is not ready: {why}",
                           retry_after=None if left is None else max(1, math.ceil(left)))  # None: no estimate yet

    def follow(self, graph: Any, current_version: Callable[[], Hashable | None]) -> "IndexCache":
        """Build for `current_version()` whenever it changes (polled every `retry_interval`), from now on."""
        with self._cond:
            self._follow = (graph, current_version)
            self._ensure_thread()
            self._cond.notify_all()
        return self

    def stop(self) -> None:
        """Stops the thread after its current build; never waits for that build."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()

    def join(self, timeout: float) -> None:
        """Waits up to `timeout` for the thread to end (after `stop`): the driver must not be
        closed under a build still reading (the driver's close then fails mid-message)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def state(self) -> dict[str, Any]:
        """For /health and the benchmarks: plain attribute reads."""
        return {"version": self._version, "building": self._building,
                "seconds": None if self.last_seconds is None else round(self.last_seconds, 2),
                "entities": None if self._index is None else len(self._index), "error": self.last_error}

    # ------------------------------------------------------------------ internals (under the lock)
    def _ask(self, graph: Any, version: Hashable) -> None:
        if self._wanted is None or self._wanted[1] != version:
            self._wanted = (graph, version)
            if self._failed == version:
                self._failed = None
        self._ensure_thread()
        self._cond.notify_all()

    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="name-index-builder", daemon=True)
            self._thread.start()

    def _expected_left(self) -> float | None:
        if self._building is None or self.last_seconds is None or self._started is None:
            return None
        return max(0.0, self.last_seconds - (time.monotonic() - self._started))

    def _expected_left_of(self, version: Hashable) -> float:
        """Seconds until the index of `version` is expected, judged by the last build's duration."""
        last = self.last_seconds or 0.0
        if self._building == version:
            return self._expected_left() or 0.0
        return last + (self._expected_left() or 0.0)  # after the build in flight, if another

    def _next(self) -> tuple[Any, Hashable] | None:
        if self._follow is not None:
            graph, current = self._follow
            try:
                v = current()
            except Exception:  # noqa: BLE001 - the watcher's own errors are its business
                v = None
            if v is not None and v != self._version and (self._wanted is None or self._wanted[1] != v):
                self._wanted = (graph, v)
        if self._wanted is None or self._wanted[1] == self._version or self._wanted[1] == self._failed:
            return None
        return self._wanted

    # ------------------------------------------------------------------ the builder thread
    def _loop(self) -> None:
        while not self._stop.is_set():
            with self._cond:
                job = self._next()
                if job is None:
                    self._cond.wait(timeout=self._retry_interval)
                    # a failed version is retried after the interval
                    if self._failed is not None and self._wanted is not None and self._wanted[1] == self._failed:
                        self._failed = None
                    continue
                graph, version = job
                self._building, self._started = version, time.monotonic()
            try:
                index = self._build(graph)
            except Exception as e:  # noqa: BLE001 - logged and retried; requests get the old index or 503
                log.warning("name index: the build for graph version %s failed: %s: %s", version, type(e).__name__,
                            (str(e).splitlines() or [""])[0])
                with self._cond:
                    self._building, self._started = None, None
                    self._failed, self.last_error = version, type(e).__name__
                    self._cond.notify_all()
                continue
            with self._cond:
                seconds = time.monotonic() - self._started
                self._index, self._version = index, version
                self._building, self._started = None, None
                self.last_seconds, self.last_error, self.builds = seconds, None, self.builds + 1
                self._cond.notify_all()
            log.info("name index: %d entities of graph version %s in %.2f s", len(index), version, seconds)
