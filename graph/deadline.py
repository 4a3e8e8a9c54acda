"""A client-side deadline for blocking driver calls.

Why a worker thread and not the async driver: the routes are synchronous (`def`) and the
sync driver is the well-trodden path; a frozen Neo4j (SIGSTOP) keeps an open socket that
never answers, and the sync driver has no read time-out on a pooled connection, so the only
way to free the caller on time is to run the call elsewhere and stop waiting for it.
`asyncio.wait_for` over the async driver would do the same, but only after rewriting every
route as `async def`. The hand-off is one queue put and one future wait per read
(bench/http_bench.py measures it beside the same read without it).

The workers are daemon threads, so a call stuck on a frozen server never holds up the
process's exit; their number is bounded, so a long freeze cannot pile up threads: work that
has not started when its deadline passes is dropped, never run late.

The deadline is the REQUEST's, not each read's: a route that reads twice (a profile, then its
people) must not take two deadlines. `request_deadline` (set per request by the API's
middleware, carried into the worker threads as a context variable) bounds every read of the
request by what is left of one deadline.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

T = TypeVar("T")

_request_end: ContextVar[float | None] = ContextVar("hkg_request_deadline", default=None)


@contextmanager
def request_deadline(seconds: float) -> Iterator[None]:
    """Every bounded read inside this block shares one deadline, `seconds` from now."""
    token = _request_end.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _request_end.reset(token)


def time_left(deadline: float) -> float:
    """`deadline`, or less if the current request's deadline comes sooner (0: already passed)."""
    end = _request_end.get()
    return deadline if end is None else max(0.0, min(deadline, end - time.monotonic()))


class DeadlineRunner:
    def __init__(self, workers: int = 64, name: str = "graph-read"):
        self._queue: queue.SimpleQueue[tuple[Future, Callable[[], object]] | None] = queue.SimpleQueue()
        self._workers = workers
        self._name = name
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False

    def _ensure_threads(self) -> None:
        if len(self._threads) >= self._workers:
            return
        with self._lock:
            while len(self._threads) < self._workers:
                t = threading.Thread(target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True)
                t.start()
                self._threads.append(t)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn = item
            if not future.set_running_or_notify_cancel():
                continue  # its caller already gave up
            try:
                future.set_result(fn())
            except BaseException as e:  # handed to the caller, who re-raises it
                future.set_exception(e)

    def run(self, fn: Callable[[], T], deadline: float, timeout_error: Callable[[], Exception]) -> T:
        """fn() if it finishes within `deadline` seconds; otherwise raise timeout_error()."""
        if self._closed:
            raise RuntimeError("the graph is closed")
        self._ensure_threads()
        future: Future = Future()
        self._queue.put((future, fn))
        try:
            return future.result(timeout=deadline)
        except FutureTimeout:
            future.cancel()  # not started: never runs; started: its result is dropped
            raise timeout_error() from None

    def close(self) -> None:
        self._closed = True
        for _ in self._threads:
            self._queue.put(None)
