"""How `hkg run` ends: on SIGTERM, SIGINT or SIGHUP it stops the API, then the engines it
started itself, last started first, and exits 0.

The engines run in sessions of their own (they outlive `hkg neo4j start`), so neither a
signal to `hkg run` nor its death reaches them: it must stop them, or a `kill` of `hkg run`
leaves two JVMs behind. An engine it found already running is someone else's and is left
alone. (SIGKILL cannot be caught: after one, `hkg neo4j stop` / `hkg fuseki stop` end them.
With HKG_API_WORKERS > 1 uvicorn's supervisor owns the signals while it serves, and a SIGHUP
then restarts the workers, uvicorn's meaning; SIGTERM and SIGINT stop the run as above.)
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TypeVar

T = TypeVar("T")
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Stopped(BaseException):
    """A stop signal arrived (BaseException, like KeyboardInterrupt: no `except Exception`
    on the way out swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop(signum, frame) -> None:
    raise Stopped(signum)


def _hang_up(signum, frame) -> None:
    # While uvicorn serves it handles SIGINT and SIGTERM only (a graceful shutdown, after
    # which it restores our handlers and raises the signal again); raised here, the API
    # would be cut short. So a hang-up goes the way of SIGTERM, whoever handles that now.
    signal.raise_signal(signal.SIGTERM)


class Run:
    """What `hkg run` started, stopped in reverse order when the run ends, however it ends."""

    def __init__(self) -> None:
        self._stack = ExitStack()

    def started(self, what: str, stop: Callable[[], object]) -> None:
        """`what` was started by this run: `stop` ends it when the run ends."""
        def stopping() -> None:
            print(f"stopping {what}", flush=True)
            stop()
        self._stack.callback(stopping)

    def start_unless_running(self, what: str, running: Callable[[], bool], start: Callable[[], T],
                             stop: Callable[[], object]) -> T:
        """Start an engine; stop it at the end only when it was not already running. Its stop
        is registered before the start, so that a signal during a slow start still stops it
        (the engines' stops do nothing when no process was started)."""
        if not running():
            self.started(what, stop)
        return start()

    @contextmanager
    def session(self) -> Iterator[Run]:
        handlers = {sig: signal.signal(sig, _hang_up if sig == signal.SIGHUP else _stop) for sig in STOP_SIGNALS}
        try:
            with self._stack:
                try:
                    yield self
                finally:
                    # A second signal must not cut the clean-up short (each stop is bounded:
                    # SIGTERM, then SIGKILL after a grace period).
                    for sig in STOP_SIGNALS:
                        signal.signal(sig, signal.SIG_IGN)
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
