"""Whole-graph artifacts built in the background, one job per (artifact, graph version).

A request asks `get(name, version)`: the artifact if it is built for that version, else
`NotReady` at once (the API answers 503 + Retry-After) and the build is queued — once,
however many ask. When the graph version changes the artifacts that were built for the old
one are queued again for the new one; an old version's artifact is dropped when the new one
is ready, and never served for the new version.

Builds run one at a time (`workers` threads, each driving a build process of its own, see
exports.artifacts): not under the API's 3 s read deadline, but under `timeout` seconds, after
which the process is killed and the job reported failed. A failed job answers 503 with its
reason for `retry_after` seconds; the next request after that starts it again.

`Retry-After` is an estimate: the last duration of each build ahead in the queue and of the
one asked for (a first build, not yet measured, counts `first_estimate`), less what the
running one has already spent.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from exports.artifacts import ARTIFACTS, serve
from graph.config import Settings

log = logging.getLogger("hkg.exports")

Key = tuple[str, str]  # (artifact, graph version)

# What a failed build reports, by the kind of error (never the error's text: it may hold a URI or a path).
REASONS = {"GraphUnavailable": "the graph database is not answering", "ServiceUnavailable": "the graph database is not answering",
           "GraphAuthError": "the graph database refused the login", "GraphTimeout": "the graph database did not answer in time",
           "ClientError": "the graph database refused the read (a transaction time-out or memory limit)",
           "MemoryError": "the build ran out of memory", "TransientError": "the graph database was busy"}


class NotReady(Exception):
    """The artifact is not built for this version yet, or its last build failed: ask again after `retry_after` s."""

    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail)
        self.detail, self.retry_after = detail, retry_after


@dataclass
class Job:
    name: str
    version: str
    queued: float = field(default_factory=time.monotonic)
    started: float | None = None
    failed: float | None = None
    reason: str = ""


class Builder:
    def __init__(self, settings: Settings, *, timeout: float, workers: int = 1, first_estimate: float = 10.0,
                 retry_after: int = 2, current_version: Callable[[], str | None] | None = None):
        self.settings, self.timeout, self.first_estimate, self.retry_after = settings, timeout, first_estimate, retry_after
        self.current_version = current_version
        self._lock = threading.Condition()
        self._built: dict[Key, Any] = {}
        self._jobs: dict[Key, Job] = {}
        self._queue: deque[Job] = deque()
        self._durations: dict[str, float] = {}  # the last successful build of each artifact, seconds
        self._wanted: set[str] = set()          # artifacts asked for: rebuilt when the version changes
        self._seen_version: str | None = None
        self._closed = False
        self._processes: dict[str, Any] = {}  # build process of each worker thread, killed by close()
        self._threads = [threading.Thread(target=self._work, name=f"export-builder-{i}", daemon=True)
                         for i in range(workers)]
        for t in self._threads:
            t.start()

    # --- what the routes call -------------------------------------------------------------

    def get(self, name: str, version: str) -> Any:
        """The artifact built for `version`, or NotReady (and the build queued)."""
        if name not in ARTIFACTS:
            raise KeyError(name)
        key = (name, version)
        with self._lock:
            self._wanted.add(name)
            if key in self._built:
                return self._built[key]
            job = self._jobs.get(key)
            now = time.monotonic()
            if job is not None and job.failed is not None:
                if now - job.failed < self.retry_after:
                    raise NotReady(f"building {name} for graph version {version} failed: {job.reason}; "
                                   f"a new build starts on a request after Retry-After", self.retry_after)
                del self._jobs[key]
                job = None
            if job is None:
                job = self._enqueue(name, version)
            estimate = self._estimate(job, now)
        state = "being built" if job.started is not None else "queued to be built"
        raise NotReady(f"{name} is {state} for graph version {version}; retry after about {estimate} s", estimate)

    def status(self) -> dict[str, Any]:
        with self._lock:
            return {"built": sorted(f"{n}@{v}" for n, v in self._built), "queued": [j.name for j in self._queue],
                    "durations": dict(self._durations)}

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._queue.clear()
            self._lock.notify_all()
            processes = list(self._processes.values())
        for proc, _ in processes:
            _stop(proc)
        for t in self._threads:
            t.join(timeout=5)

    # --- inside -----------------------------------------------------------------------------

    def _enqueue(self, name: str, version: str) -> Job:
        job = self._jobs[(name, version)] = Job(name, version)
        self._queue.append(job)
        self._lock.notify()
        return job

    def _estimate(self, job: Job, now: float) -> int:
        """Seconds until `job` is likely done: what the running builds have left, the queued ones
        before it, and itself, shared among the workers."""
        def expected(j: Job) -> float:
            # Never built: as long as the slowest build measured so far (same graph, same process).
            return self._durations.get(j.name, max(self._durations.values(), default=self.first_estimate))

        def left(j: Job) -> float:
            return max(0.0, expected(j) - (now - j.started)) if j.started is not None else expected(j)

        if job.started is not None:
            seconds = left(job)
        else:
            running = [j for j in self._jobs.values() if j.started is not None and j.failed is None]
            queue = list(self._queue)
            before = queue[:queue.index(job) + 1] if job in queue else [job]
            seconds = (sum(left(j) for j in running) + sum(expected(j) for j in before)) / len(self._threads)
        return max(1, math.ceil(seconds))

    def _follow_version(self) -> None:
        """A new graph version: queue again what was wanted for the old one (caller holds the lock)."""
        version = self.current_version() if self.current_version else None
        if version is None or version == self._seen_version:
            return
        self._seen_version = version
        for key in [k for k, j in self._jobs.items() if j.failed is not None and k[1] != version]:
            del self._jobs[key]  # an old version's failures: nobody will ask for them again
        for name in sorted(self._wanted):
            if (name, version) not in self._built and (name, version) not in self._jobs:
                self._enqueue(name, version)

    def _next(self) -> Job | None:
        with self._lock:
            while not self._closed:
                self._follow_version()
                while self._queue:
                    job = self._queue.popleft()
                    newest = self._seen_version
                    if newest is not None and job.version != newest and self._newer_wanted(job):
                        del self._jobs[(job.name, job.version)]  # superseded before it started
                        continue
                    job.started = time.monotonic()
                    return job
                self._lock.wait(timeout=1.0)
            return None

    def _newer_wanted(self, job: Job) -> bool:
        return (job.name, self._seen_version) in self._jobs or (job.name, self._seen_version) in self._built

    def _work(self) -> None:
        process = None
        try:
            while (job := self._next()) is not None:
                process, outcome = self._run(process, job)
                self._finish(job, outcome)
        finally:
            if process is not None:
                _stop(process[0])

    def _run(self, process, job: Job):
        """Send the job to this thread's build process (started if need be) and wait at most `timeout`."""
        try:
            if process is None or not process[0].is_alive():
                process = _start(self.settings, self.timeout)
                with self._lock:
                    self._processes[threading.current_thread().name] = process
                    if self._closed:
                        raise OSError("closed")
            proc, conn = process
            conn.send(("build", job.name))
            if not conn.poll(self.timeout):
                _stop(proc)
                return None, ("error", f"it took longer than {self.timeout:g} s (HKG_BUILD_TIMEOUT) and was stopped")
            return process, conn.recv()
        except (EOFError, OSError, BrokenPipeError) as e:
            if process is not None:
                _stop(process[0])
            log.warning("export build process of %s died: %s", job.name, e)
            return None, ("error", "the build process ended unexpectedly")

    def _finish(self, job: Job, outcome: tuple) -> None:
        key = (job.name, job.version)
        with self._lock:
            if outcome[0] == "ok":
                _, version, value, seconds = outcome
                self._durations[job.name] = seconds
                self._jobs.pop(key, None)
                # The build read the graph as it is now: a newer version than asked for is kept under its own.
                self._built[(job.name, version)] = value
                for old in [k for k in self._built if k[0] == job.name and k[1] != version]:
                    del self._built[old]  # the new one is ready: the old version's goes
                log.info("built %s for graph version %s in %.1f s", job.name, version, seconds)
            else:
                job.failed = time.monotonic()
                job.reason = REASONS.get(outcome[1], outcome[1] if " " in outcome[1] else
                                         f"an unexpected error ({outcome[1]}), logged")
                log.warning("building %s for graph version %s failed: %s", job.name, job.version, job.reason)
            self._lock.notify_all()


def _start(settings: Settings, timeout: float):
    # spawn, not fork: the API's process has threads (and the driver's sockets) a fork would copy.
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=serve, args=(child, settings, timeout), name="hkg-export-build", daemon=True)
    proc.start()
    child.close()
    return proc, parent


def _stop(proc) -> None:
    proc.kill()
    proc.join(timeout=10)
