"""The API's reads fail fast: all the reads of one request share one deadline, and while the
health watcher's circuit is open a read answers at once without touching the driver. Against
the session's real Neo4j; the end-to-end check with a frozen server is tests/faults."""

from __future__ import annotations

import time

import pytest

from graph.config import Settings
from graph.connection import Graph
from graph.deadline import request_deadline, time_left
from graph.errors import GraphTimeout, GraphUnavailable


@pytest.fixture
def api_graph(neo4j_settings: Settings, graph: Graph):
    """A graph as the API makes it (interactive: a client deadline and a server time-out)."""
    with Graph.connect(neo4j_settings.model_copy(update={"read_deadline": 3.0, "tx_timeout": 3.0}),
                       interactive=True) as g:
        yield g


def test_reads_of_one_request_share_one_deadline():
    assert time_left(3.0) == 3.0  # outside a request: each read its own deadline
    with request_deadline(0.5):
        assert 0.4 < time_left(3.0) <= 0.5
        time.sleep(0.3)
        assert time_left(3.0) <= 0.2
        assert time_left(0.05) == 0.05
    assert time_left(3.0) == 3.0


def test_a_read_after_the_requests_deadline_fails_at_once(api_graph):
    assert api_graph.read("graph/version") is not None
    with request_deadline(0.01):
        time.sleep(0.05)
        t0 = time.monotonic()
        with pytest.raises(GraphTimeout):
            api_graph.read("graph/version")
        assert time.monotonic() - t0 < 0.5


def test_an_open_circuit_answers_at_once_and_a_closed_one_reads(api_graph):
    healthy = {"now": False}
    api_graph.gate = lambda: healthy["now"]
    t0 = time.monotonic()
    with pytest.raises(GraphUnavailable) as err:
        api_graph.read("graph/version")
    assert time.monotonic() - t0 < 0.5 and "circuit open" in str(err.value)
    healthy["now"] = True
    assert isinstance(api_graph.read("graph/version"), list)
    # writes are never cut short (a write abandoned by its caller could still commit)
    healthy["now"] = False
    api_graph.write_tx(lambda tx: tx.run("RETURN 1").consume())
