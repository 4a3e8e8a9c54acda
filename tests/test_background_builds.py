"""Whole-graph exports and analytics are built in the background, once per (artifact, graph
version): the first request answers at once 503 + Retry-After and starts the build, later
ones get the artifact (the same bytes as the export function run directly); a load that
changes the graph version is never answered with the old version's artifact; a build that
fails or passes its time-out answers 503 with the reason, never a 500, never a hang.
Against the session's real Neo4j, with the API's real build process."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from exports import csv as csv_export
from exports import snapshot
from graph.config import Settings
from graph.connection import Graph
from loaders.load import load
from tests.built import get_built
from tests.conftest import wipe

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Fail-fast, not a benchmark: "at once" is well inside the API's 3 s read deadline.
AT_ONCE = 3.0


@pytest.fixture(scope="module")
def loaded(graph: Graph) -> Graph:
    wipe(graph)
    load(graph, DATA_DIR)
    return graph


def app_client(settings: Settings, **changes) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=changes)))


def problem_503(r) -> dict:
    assert r.status_code == 503, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json")
    assert int(r.headers["retry-after"]) >= 1
    body = r.json()
    assert body["status"] == 503 and body["type"] == "/problems/unavailable" and body["detail"]
    return body


def test_the_first_request_is_a_quick_503_then_the_same_bytes_as_the_export_function(loaded, neo4j_settings):
    with app_client(neo4j_settings) as client:
        t0 = time.monotonic()
        first = client.get("/export/nodes.csv")
        took = time.monotonic() - t0
        body = problem_503(first)
        assert took < AT_ONCE, took
        assert "nodes.csv" in body["detail"] and "graph version" in body["detail"]
        r = get_built(client, "/export/nodes.csv", within=120)
        assert r.status_code == 200, r.text[:300]
        assert r.content == csv_export.nodes_csv(snapshot.read(loaded)).encode()
        # built once: asked again, it is served from memory
        assert client.get("/export/nodes.csv").content == r.content


def test_many_requests_at_once_queue_one_build(loaded, neo4j_settings):
    with app_client(neo4j_settings) as client:
        with ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(pool.map(lambda _: client.get("/export/relationships.csv"), range(20)))
        for r in answers:
            problem_503(r)
        builder = client.app.state.builder
        assert builder.status()["queued"].count("relationships.csv") <= 1
        assert len([j for j in builder._jobs if j[0] == "relationships.csv"]) == 1
        assert get_built(client, "/export/relationships.csv").status_code == 200


def test_after_a_load_changes_the_version_the_old_artifact_is_not_served(loaded, neo4j_settings, tmp_path):
    with app_client(neo4j_settings) as client:
        old = get_built(client, "/export/nodes.csv")
        assert old.status_code == 200 and "East Campus (renamed)" not in old.text
        data = tmp_path / "data"
        shutil.copytree(DATA_DIR, data)
        facts = data / "facts" / "A001.yaml"
        facts.write_text(facts.read_text(encoding="utf-8").replace("name_en: East Campus}",
                                                                   "name_en: East Campus (renamed)}"), encoding="utf-8")
        version = client.app.state.watcher.version
        load(loaded, data)
        watcher = client.app.state.watcher
        deadline = time.monotonic() + 30
        while watcher.version == version:
            assert time.monotonic() < deadline, "the watcher did not see the load's version"
            watcher.wait_for_poll(5)
        r = client.get("/export/nodes.csv")
        if r.status_code == 200:  # built meanwhile (the builder follows the version too): must be the new one
            assert "East Campus (renamed)" in r.text
        else:
            problem_503(r)
        new = get_built(client, "/export/nodes.csv")
        assert new.status_code == 200 and "East Campus (renamed)" in new.text
        assert new.content == csv_export.nodes_csv(snapshot.read(loaded)).encode()
    load(loaded, DATA_DIR)


def test_a_build_past_its_time_out_is_stopped_and_answers_503_with_the_reason(loaded, neo4j_settings):
    # 0.2 s is less than starting the build process: the build cannot finish in time.
    with app_client(neo4j_settings, build_timeout=0.2, retry_after=30) as client:
        problem_503(client.get("/analytics/components"))
        deadline = time.monotonic() + 30
        while True:
            r = client.get("/analytics/components")
            body = problem_503(r)
            if "failed" in body["detail"]:
                break
            assert time.monotonic() < deadline, body
            time.sleep(0.2)
        assert "took longer than 0.2 s" in body["detail"] and "HKG_BUILD_TIMEOUT" in body["detail"]
        assert "/" not in body["detail"].replace("HKG_BUILD_TIMEOUT", "")  # no path, no URI
        processes = list(client.app.state.builder._processes.values())
        assert processes and not any(p.is_alive() for p, _ in processes), "the stopped build's process is gone"

