"""The one place that creates the Neo4j driver.

Reads go through read transactions and writes through write transactions
(`execute_read` / `execute_write`), so that a cluster behind a `neo4j://` URI routes each to
the right member and transient errors are retried by the driver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, unit_of_work
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable, SessionExpired

import queries
from graph.config import Settings
from graph.deadline import DeadlineRunner, time_left
from graph.errors import GraphAuthError, GraphTimeout, GraphUnavailable

T = TypeVar("T")

UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionError, OSError)


class Graph:
    """A driver plus the database it works in. Create one per process and close it."""

    def __init__(self, driver: neo4j.Driver, database: str, uri: str, *, deadline: float | None = None,
                 tx_timeout: float | None = None, runner: DeadlineRunner | None = None):
        self.driver = driver
        self.database = database
        self.uri = uri
        # Reads of an interactive graph (the API's) are bounded twice: `deadline` on the
        # client (the caller gets GraphTimeout and its worker is free), `tx_timeout` on the
        # server (Neo4j ends the transaction, so nothing keeps running after the client left).
        self.deadline = deadline
        self.tx_timeout = tx_timeout
        self._runner = runner or (DeadlineRunner() if deadline is not None else None)
        # A circuit breaker (the API sets it to its health watcher's verdict): while it says the
        # server is not answering, bounded reads fail at once instead of each waiting its deadline.
        self.gate: Callable[[], bool] | None = None

    @classmethod
    def connect(cls, settings: Settings, *, verify: bool = True, timeout: float = 10.0,
                retry_time: float | None = None, interactive: bool = False,
                pool_size: int | None = None) -> "Graph":
        """`timeout` bounds connecting; `retry_time` bounds the driver's retries of a
        transaction on transient errors (default: `timeout`). `interactive` (the API) bounds
        every read by the settings' `read_deadline` and `tx_timeout`, and sizes connecting and
        waiting for a pooled connection to fit inside the deadline."""
        options: dict[str, Any] = {}
        if interactive:
            timeout = min(timeout, settings.read_deadline)
            retry_time = min(retry_time if retry_time is not None else 1.0, settings.read_deadline / 3)
            # A pooled connection idle for longer than this is checked (RESET) before use, so
            # that connections to a server that was killed and restarted are dropped instead of
            # failing a request.
            options["liveness_check_timeout"] = 5.0
        if pool_size is not None:
            options["max_connection_pool_size"] = pool_size
        driver = GraphDatabase.driver(
            settings.uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            connection_timeout=timeout,
            connection_acquisition_timeout=timeout,
            max_transaction_retry_time=timeout if retry_time is None else retry_time,
            # Schema-less reads of a fresh graph ("property key not in the database") are
            # expected here; the server's advice would only flood the logs.
            notifications_min_severity="OFF",
            **options,
        )
        graph = cls(driver, settings.neo4j_database, settings.uri,
                    deadline=settings.read_deadline if interactive else None,
                    tx_timeout=settings.tx_timeout if interactive else None,
                    runner=DeadlineRunner(workers=settings.read_concurrency) if interactive else None)
        if verify:
            try:
                graph.verify(settings.neo4j_user)
            except Exception:
                driver.close()
                raise
        return graph

    def verify(self, user: str = "neo4j") -> None:
        """Raise a message naming the URI when Neo4j is unreachable or refuses the login."""
        try:
            self.driver.verify_connectivity()
        except AuthError as e:
            raise GraphAuthError(
                f"Neo4j at {self.uri} refused the login of user {user!r}: check NEO4J_USER and NEO4J_PASSWORD"
            ) from e
        except UNAVAILABLE as e:
            raise GraphUnavailable(
                f"Neo4j is unreachable at {self.uri}: start it with `hkg neo4j start` or set NEO4J_URI ({e})"
            ) from e

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
        self.driver.close()

    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.database)

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named query in a read transaction and return its records as dicts."""
        query = queries.get(name).text
        return self.read_tx(lambda tx: tx.run(query, params).data())

    def read_background(self, name: str, *, timeout: float, row: Callable[[Any], T] = dict, **params: Any) -> list[T]:
        """A named read outside any request deadline, for builds in the background (the name
        index): Neo4j stops it after `timeout` seconds. Each record goes through `row` as it
        streams in, so a whole-graph read never holds every record as a dict as well."""
        query = queries.get(name).text
        work = unit_of_work(timeout=timeout)(lambda tx: [row(r) for r in tx.run(query, params)])
        return self._guard(lambda s: s.execute_read(work), bounded=False)

    def read_template(self, name: str, identifiers: dict[str, str | int], **params: Any) -> list[dict[str, Any]]:
        """Like `read`, for a query with a label or type filled in (`queries.render`): Cypher takes
        no label as a parameter, and a dynamic label `$($x)` makes Neo4j 5 scan every node.
        Callers pass identifiers from the ontology, never from a request."""
        query = queries.render(name, **identifiers)
        return self.read_tx(lambda tx: tx.run(query, params).data())

    def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        query = queries.get(name).text
        return self.write_tx(lambda tx: tx.run(query, params).data())

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        if self.tx_timeout is not None:
            work = unit_of_work(timeout=self.tx_timeout)(work)
        return self._guard(lambda s: s.execute_read(work))

    def write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` as one write transaction: all of it commits or none of it does.
        Never cut short by the read deadline: a write abandoned by its caller could still commit."""
        return self._guard(lambda s: s.execute_write(work), bounded=False)

    def _guard(self, fn: Callable[[neo4j.Session], T], *, bounded: bool = True) -> T:
        if bounded and self._runner is not None and self.deadline is not None:
            if self.gate is not None and not self.gate():
                raise GraphUnavailable(f"Neo4j at {self.uri} has not answered the health probe lately (circuit open)")
            deadline = time_left(self.deadline)
            if deadline <= 0:
                raise GraphTimeout(f"the request's {self.deadline:g} s deadline had passed before this read")
            return self._runner.run(lambda: self._session_call(fn), deadline,
                                    lambda: GraphTimeout(f"Neo4j at {self.uri} did not answer within {self.deadline:g} s"))
        return self._session_call(fn)

    def _session_call(self, fn: Callable[[neo4j.Session], T]) -> T:
        try:
            with self._session() as session:
                return fn(session)
        except AuthError as e:
            raise GraphAuthError(f"Neo4j at {self.uri} refused the login: {e.message}") from e
        except UNAVAILABLE as e:
            raise GraphUnavailable(f"Neo4j is unreachable at {self.uri}: {e}") from e
        except ClientError as e:
            # The server-side transaction time-out: to the client, the same as a slow graph.
            if e.code and "TransactionTimedOut" in e.code:
                raise GraphTimeout(f"Neo4j ended a read after {self.tx_timeout:g} s ({e.code})") from e
            raise

    def server_info(self) -> dict[str, str]:
        row = self.read("system/components")[0]
        return {"name": row["name"], "version": row["version"], "edition": row["edition"]}
