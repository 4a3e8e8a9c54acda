"""The one place that creates the Neo4j driver.

Reads go through read transactions and writes through write transactions
(`execute_read` / `execute_write`), so that a cluster behind a `neo4j://` URI routes each to
the right member and transient errors are retried by the driver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

import queries
from graph.config import Settings
from graph.errors import GraphAuthError, GraphUnavailable

T = TypeVar("T")

UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionError, OSError)


class Graph:
    """A driver plus the database it works in. Create one per process and close it."""

    def __init__(self, driver: neo4j.Driver, database: str, uri: str):
        self.driver = driver
        self.database = database
        self.uri = uri

    @classmethod
    def connect(cls, settings: Settings, *, verify: bool = True, timeout: float = 10.0,
                retry_time: float | None = None) -> "Graph":
        """`timeout` bounds connecting; `retry_time` bounds the driver's retries of a
        transaction on transient errors (default: `timeout`)."""
        driver = GraphDatabase.driver(
            settings.uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            connection_timeout=timeout,
            connection_acquisition_timeout=timeout,
            max_transaction_retry_time=timeout if retry_time is None else retry_time,
            # Schema-less reads of a fresh graph ("property key not in the database") are
            # expected here; the server's advice would only flood the logs.
            notifications_min_severity="OFF",
        )
        graph = cls(driver, settings.neo4j_database, settings.uri)
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

    def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        query = queries.get(name).text
        return self.write_tx(lambda tx: tx.run(query, params).data())

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        return self._guard(lambda s: s.execute_read(work))

    def write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` as one write transaction: all of it commits or none of it does."""
        return self._guard(lambda s: s.execute_write(work))

    def _guard(self, fn: Callable[[neo4j.Session], T]) -> T:
        try:
            with self._session() as session:
                return fn(session)
        except AuthError as e:
            raise GraphAuthError(f"Neo4j at {self.uri} refused the login: {e.message}") from e
        except UNAVAILABLE as e:
            raise GraphUnavailable(f"Neo4j is unreachable at {self.uri}: {e}") from e

    def server_info(self) -> dict[str, str]:
        row = self.read("system/components")[0]
        return {"name": row["name"], "version": row["version"], "edition": row["edition"]}
