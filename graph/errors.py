"""Errors the rest of the project catches, raised from driver errors with `raise ... from e`."""


class GraphError(Exception):
    """Base of the project's Neo4j errors."""


class GraphUnavailable(GraphError):
    """Neo4j does not answer at the configured URI."""


class GraphAuthError(GraphError):
    """Neo4j answered but refused the credentials."""


class LocalServerError(GraphError):
    """The project's own local Neo4j could not be provisioned, started or stopped."""


class GraphTimeout(GraphUnavailable):
    """Neo4j did not answer within the read's deadline (frozen, overloaded, or the query too slow)."""
