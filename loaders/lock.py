"""One writer at a time: the load lease, held in Neo4j.

A load (and a curation save, which writes through the loader) holds the lease node
`(:GraphMeta {id: 'lock:load'})` for as long as it writes. The lease expires `TTL` seconds
after its last renewal; a thread renews it every `TTL / 5` seconds, and every write
transaction of the holder renews it as its last statement and fails if the lease is no
longer its own, so two loads never interleave even if one of them stalls past its lease.
A holder killed with kill -9 renews nothing: its lease runs out within `TTL` seconds, and no
one has to clear a stale lock by hand.

    with load_lock(graph, "hkg load", wait=30) as lease:
        graph.write_tx(lambda tx: (work(tx), lease.check(tx)))
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from neo4j import ManagedTransaction

import queries
from graph.connection import Graph

TTL = 15            # seconds a lease outlives its holder's last renewal
POLL = 0.5          # seconds between two attempts of a waiting load


class LockHeld(RuntimeError):
    """Another load holds the lease and did not release it within the wait."""

    def __init__(self, holder: str, since: str, expires_in: int, waited: float):
        super().__init__(f"another load is writing: {holder}, since {since} "
                         f"(waited {waited:.0f} s; its lease runs out in {max(expires_in, 0)} s unless renewed)")
        self.holder = holder


class LeaseLost(RuntimeError):
    """Our lease expired and another load may hold it: this load must not commit."""


class Lease:
    def __init__(self, graph: Graph, holder: str):
        self.graph = graph
        self.holder = holder
        self.token = uuid.uuid4().hex
        self.lost = False

    def check(self, tx: ManagedTransaction) -> None:
        """Renew the lease inside the caller's write transaction, as its last statement:
        the transaction commits only if the lease is still ours, and leaves it fresh."""
        held = tx.run(queries.get("load/lock_renew").text, token=self.token, ttl=TTL).single()["held"]
        if not held:
            self.lost = True
            raise LeaseLost(f"the load lease of {self.holder} expired; nothing of this transaction was written")

    def _renew(self) -> bool:
        rows = self.graph.write("load/lock_renew", token=self.token, ttl=TTL)
        return bool(rows and rows[0]["held"])


def _describe(holder: str) -> str:
    return f"{holder} (pid {os.getpid()} on {socket.gethostname()})"


@contextmanager
def load_lock(graph: Graph, holder: str, wait: float = 0) -> Iterator[Lease]:
    """Hold the load lease for the duration of the block; wait up to `wait` seconds for it,
    then raise `LockHeld` naming the holder."""
    lease = Lease(graph, _describe(holder))
    start = time.monotonic()
    while True:
        row = graph.write("load/lock_acquire", token=lease.token, holder=lease.holder, ttl=TTL)[0]
        if row["free"]:
            break
        waited = time.monotonic() - start
        if waited >= wait:
            raise LockHeld(row["holder"], row["since"], row["expires_in"], waited)
        time.sleep(min(POLL, max(wait - waited, 0.01)))

    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(TTL / 5):
            try:
                if not lease._renew():
                    lease.lost = True
                    return
            except Exception:   # a failed renewal is retried; the write transactions check too
                continue

    keeper = threading.Thread(target=renew, name="load-lease", daemon=True)
    keeper.start()
    try:
        yield lease
    finally:
        stop.set()
        keeper.join()
        try:
            graph.write("load/lock_release", token=lease.token)
        except Exception:   # the lease runs out by itself
            pass
