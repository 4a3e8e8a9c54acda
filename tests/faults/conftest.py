"""The fault and fuzz suite's fixtures.

Fault tests freeze and kill Neo4j, so they get ONE DEDICATED server of their own (never the
session's, which the rest of the suite shares), started here in a temporary home, and an API
served by a real uvicorn on a free port (real sockets, real concurrency), with the default
deadlines of the settings table (3 s) and rate limits off.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from graph.config import Settings
from graph.connection import Graph
from graph.neo4j_local import server
from loaders.load import load
from tests.conftest import free_port, wipe

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"


@dataclass
class Served:
    settings: Settings  # the dedicated server's
    graph: Graph        # a direct connection (no deadline), for checks
    base: str           # http://127.0.0.1:PORT of the API
    app: object


@dataclass
class Dedicated:
    settings: Settings
    graph: Graph        # a direct connection (no deadline)


@pytest.fixture(scope="package")
def dedicated_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dedicated]:
    """The fault suite's one Neo4j, started once for the whole package and shared by its modules."""
    settings = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=tmp_path_factory.mktemp("neo4j-faults"),
                        HKG_NEO4J_PORT=free_port(), HKG_NEO4J_HEAP="512m", HKG_NEO4J_PAGECACHE="64m",
                        HKG_RATE_LIMIT=0)
    server.start(settings)
    try:
        with Graph.connect(settings) as graph:
            yield Dedicated(settings, graph)
    finally:
        server.stop(settings)


@pytest.fixture
def dedicated_settings(dedicated_neo4j: Dedicated) -> Settings:
    return dedicated_neo4j.settings


@pytest.fixture
def empty_dedicated(dedicated_neo4j: Dedicated) -> Graph:
    """The dedicated server's graph, emptied before the test."""
    wipe(dedicated_neo4j.graph)
    return dedicated_neo4j.graph


@pytest.fixture(scope="package")
def dedicated(dedicated_neo4j: Dedicated) -> Iterator[Served]:
    """The API in a process of its own over the dedicated server, holding the curated data."""
    settings, graph = dedicated_neo4j.settings, dedicated_neo4j.graph
    wipe(graph)
    load(graph, DATA_DIR)
    # The API runs in a process of its own (as in production: its threads do not share a
    # GIL with the test's 100 client threads), reading the dedicated server through its
    # URI with the default deadlines.
    port = free_port()
    # Every read must reach Neo4j here: the answer cache would (rightly) serve the
    # profile and recognitions of an unchanged graph from memory while Neo4j is frozen.
    env = dict(os.environ, NEO4J_URI=settings.uri, NEO4J_PASSWORD=settings.neo4j_password,
               HKG_RATE_LIMIT="0", HKG_ANSWER_CACHE="false")
    code = ("import uvicorn; from api.main import create_app; "
            f"uvicorn.run(create_app(), host='127.0.0.1', port={port}, log_level='warning', backlog=512)")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "the API did not start"
            try:
                httpx.get(base + "/openapi.json", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        yield Served(settings, graph, base, None)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
