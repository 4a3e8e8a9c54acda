"""The name index is built in the background per graph version, never inside a request
(names/cache.py, api/name_index.py): with no index yet, the routes that resolve names answer
503 + Retry-After within the read deadline; while a load's index builds, the previous
version's index serves. Against the real Neo4j; the only seam is IndexCache's `build`,
here a real build that first waits on an event (a national-size build, made slow on purpose)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.config import Settings
from graph.connection import Graph
from graph.version import bump
from names import IndexCache, NameIndex

DEADLINE = 3.0  # the default read deadline (graph/config.py)
NEW_ID, NEW_NAME = "hosp-test-index-lag", "测试滞后人民医院"
# Every route that resolves names, with a call that needs the index.
NEEDS_INDEX = [("/search", {"q": "济南妇幼"}), ("/hospitals", {"city": "济南市"}),
               ("/reconcile/suggest/entity", {"prefix": "济南妇幼"}),
               ("/reconcile", {"queries": json.dumps({"q0": {"query": "济南妇幼"}}, ensure_ascii=False)})]


class SlowBuild:
    """A real build from the graph that first waits until released (`release()`)."""

    def __init__(self, timeout: float = 120):
        self.go, self.started, self.calls = threading.Event(), threading.Event(), 0
        self.timeout = timeout

    def __call__(self, graph: Graph) -> NameIndex:
        self.calls += 1
        self.started.set()
        self.go.wait(self.timeout)
        return NameIndex.from_graph(graph, timeout=self.timeout)

    def release(self) -> None:
        self.go.set()


@contextmanager
def names_built_by(client: TestClient, cache: IndexCache) -> Iterator[IndexCache]:
    """The app's name index replaced by `cache` (following the app's watcher like the real one)."""
    app = client.app
    real = app.state.names
    app.state.names = cache.follow(app.state.graph, lambda: app.state.watcher.version)
    try:
        yield cache
    finally:
        cache.stop()
        app.state.names = real


def wait_until(what, within: float = 60.0) -> None:
    end = time.monotonic() + within
    while not what():
        assert time.monotonic() < end, "not within the time allowed"
        time.sleep(0.05)


def reconciled(client: TestClient, query: str) -> list[str]:
    r = client.get("/reconcile", params={"queries": json.dumps({"q0": {"query": query}}, ensure_ascii=False)})
    assert r.status_code == 200, r.text
    return [c["id"] for c in r.json()["q0"]["result"]]


@pytest.fixture(scope="module")
def client(curated_client: TestClient, neo4j_settings: Settings) -> Iterator[TestClient]:
    """The API over the curated graph with the production read deadline (the functional tests' is 60 s)."""
    settings = neo4j_settings.model_copy(update={"read_deadline": DEADLINE, "tx_timeout": DEADLINE})
    with TestClient(create_app(settings)) as c:
        # The app's own background build, done before each test swaps it.
        wait_until(lambda: c.app.state.names.state()["version"] is not None)
        yield c


@pytest.mark.parametrize("path,params", NEEDS_INDEX, ids=[p for p, _ in NEEDS_INDEX])
def test_with_no_index_yet_a_route_that_resolves_names_answers_503_with_retry_after_within_the_deadline(
        client, path, params):
    build = SlowBuild()
    with names_built_by(client, IndexCache(build)):
        t0 = time.monotonic()
        r = client.get(path, params=params)
        took = time.monotonic() - t0
        assert r.status_code == 503, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert int(r.headers["Retry-After"]) >= 1
        assert "name index" in r.json()["detail"]
        assert took < DEADLINE + 1.5
        assert build.calls == 1, "one build, in the background, not one per request"
        build.release()
        r = client.get(path, params=params)
        assert r.status_code == 200, r.text


def test_calls_that_resolve_no_name_answer_while_no_index_exists(client):
    build = SlowBuild()
    with names_built_by(client, IndexCache(build)):
        assert client.get("/hospitals", params={"limit": 5}).status_code == 200
        manifest = client.get("/reconcile")
        assert manifest.status_code == 200 and "identifierSpace" in manifest.json()
        build.release()


def test_a_read_right_after_a_small_load_waits_for_its_index(client, graph: Graph):
    """A build expected to end within the request's deadline is waited for (today's behaviour on small graphs)."""
    with names_built_by(client, IndexCache(lambda g: NameIndex.from_graph(g, timeout=60))) as cache:
        wait_until(lambda: cache.state()["version"] is not None)
        try:
            change_version(client, graph, add=True)
            assert NEW_ID in reconciled(client, NEW_NAME)
        finally:
            change_version(client, graph, add=False)


def test_while_a_new_version_builds_the_previous_versions_index_serves(client, graph: Graph):
    build = SlowBuild()
    with names_built_by(client, IndexCache(build)) as cache:
        build.release()
        wait_until(lambda: cache.state()["version"] is not None)
        old = cache.state()["version"]
        build.go.clear()
        try:
            change_version(client, graph, add=True)
            wait_until(lambda: cache.state()["building"] is not None)
            # The old index: the new entity is not resolved yet, and the route still answers.
            t0 = time.monotonic()
            assert NEW_ID not in reconciled(client, NEW_NAME)
            assert time.monotonic() - t0 < DEADLINE + 1.5
            health = client.get("/health").json()["names"]
            assert health["graph_version"] == old and health["building_graph_version"] == client.app.state.watcher.version
            build.release()
            wait_until(lambda: cache.state()["version"] == client.app.state.watcher.version)
            assert NEW_ID in reconciled(client, NEW_NAME)
        finally:
            build.release()
            change_version(client, graph, add=False)


def change_version(client: TestClient, graph: Graph, *, add: bool) -> None:
    """Adds (or removes) one hospital and sets a new graph version in the same transaction, as a
    load does; returns once the app's watcher has seen the new version."""
    def write(tx):
        if add:
            tx.run("CREATE (:Entity:Organisation:Hospital {id: $id, type: 'Hospital', name_zh: $name})",
                   id=NEW_ID, name=NEW_NAME).consume()
        else:
            tx.run("MATCH (n:Entity {id: $id}) DETACH DELETE n", id=NEW_ID).consume()
        return bump(tx, "test-name-index")
    version = graph.write_tx(write)
    watcher = client.app.state.watcher
    end = time.monotonic() + 30
    while watcher.version != version:
        assert time.monotonic() < end, "the watcher did not see the new version"
        watcher.wait_for_poll(5)
