"""One real Neo4j for the whole test session.

By default the tests start their own server (the project's local Neo4j, in a temporary
home on a free port, sharing the downloaded jars) and stop it at the end. To run them
against another server set HKG_TEST_NEO4J_URI (with NEO4J_USER / NEO4J_PASSWORD): the tests
WIPE that database, which is why they do not simply follow NEO4J_URI.

When no Neo4j can be had the fixtures raise: a test that needs the graph fails, it never
skips, so a green run means the graph was really exercised.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.config import Settings
from graph.connection import Graph
from graph.neo4j_local import server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Functional tests check answers, not speed: on a loaded CI machine a cold query can take more
# than the API's 3 s read deadline. The deadline itself is tested in tests/faults/ with its
# default value, against a server of its own.
# Nor do they test rate limits (tests/test_http.py does, with limits of its own).
# Nor do they warm plans up (with 60 s deadlines a first plan fits; tests/test_warmup.py tests
# the warm-up): each of the suite's many app starts would otherwise run every read again.
FUNCTIONAL_DEADLINES = {"HKG_READ_DEADLINE": 60.0, "HKG_TX_TIMEOUT": 60.0, "HKG_RATE_LIMIT": 0, "HKG_WARMUP": False}


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    external = os.environ.get("HKG_TEST_NEO4J_URI")
    if external:
        yield Settings(NEO4J_URI=external, **FUNCTIONAL_DEADLINES)
        return
    settings = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=tmp_path_factory.mktemp("neo4j"),
                        HKG_NEO4J_PORT=free_port(), HKG_NEO4J_HEAP="1g", HKG_NEO4J_PAGECACHE="256m",
                        **FUNCTIONAL_DEADLINES)
    server.start(settings)
    try:
        yield settings
    finally:
        server.stop(settings)


@pytest.fixture(scope="session")
def graph(neo4j_settings: Settings) -> Iterator[Graph]:
    with Graph.connect(neo4j_settings) as g:
        yield g


def wipe(graph: Graph) -> None:
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())


@pytest.fixture
def empty_graph(graph: Graph) -> Graph:
    """The graph, emptied before the test: tests that write start from nothing."""
    wipe(graph)
    return graph


@pytest.fixture
def files_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the fact files the loader parses (the real reader, watched)."""
    from loaders import load as load_module

    seen: list[str] = []
    real = load_module.read

    def read(path, *a, **kw):
        seen.append(Path(path).stem)
        return real(path, *a, **kw)

    monkeypatch.setattr(load_module, "read", read)
    return seen


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def curated_client(graph: Graph, neo4j_settings: Settings) -> Iterator[TestClient]:
    """The API (in-process) over the curated data, loaded afresh for the module: other modules
    rewrite the shared graph, so a module that reads the curated data loads it itself."""
    from api.main import create_app
    from loaders.load import load

    wipe(graph)
    load(graph, Path(__file__).resolve().parent.parent / "data")
    with TestClient(create_app(neo4j_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def fuseki_settings(neo4j_settings: Settings, graph: Graph,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """The project's Fuseki (servers/fuseki), in a temporary home on a free port, with the
    jars of the checkout (HKG_FUSEKI_LIB). Started on first use, serving the graph as it is
    then; tests that change the graph call `servers.fuseki.store.sync` to follow it."""
    from servers.fuseki import server as fuseki
    from servers.fuseki import store

    settings = neo4j_settings.model_copy(update={
        "fuseki_url": None, "fuseki_home": tmp_path_factory.mktemp("fuseki"), "fuseki_port": free_port()})
    fuseki.ensure_jars(settings.fuseki_lib)
    store.sync(graph, settings)
    try:
        yield settings
    finally:
        fuseki.stop(settings)
