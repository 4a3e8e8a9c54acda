"""The project provisions and talks to a real Neo4j by itself."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.config import Settings
from graph.connection import Graph
from graph.errors import GraphAuthError, GraphUnavailable
from graph.neo4j_local import server
from tests.conftest import free_port


def test_the_session_server_is_neo4j_5_26_community_with_the_cjk_analyzer(graph: Graph):
    info = graph.server_info()
    assert info["version"].startswith("5.26.")
    assert info["edition"] == "community"
    analyzers = {row["analyzer"] for row in graph.read("system/analyzers")}
    assert "cjk" in analyzers


def test_local_server_starts_reports_status_stops_and_leaves_no_java_behind(tmp_path, neo4j_settings):
    settings = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=tmp_path / "home", HKG_NEO4J_PORT=free_port(),
                        HKG_NEO4J_HEAP="512m", HKG_NEO4J_PAGECACHE="64m", NEO4J_PASSWORD="another-secret")
    assert server.status(settings).running is False
    # The jars were fetched for the session's server already: a second start downloads nothing.
    assert server.ensure_jars(settings.local_lib) is False

    started = server.start(settings)
    try:
        assert started.running and started.pid is not None
        assert server.start(settings).pid == started.pid, "start is idempotent"
        with Graph.connect(settings) as g:
            g.write_tx(lambda tx: tx.run("CREATE (:Probe {v: 42})").consume())
    finally:
        assert server.stop(settings) is True
    assert server.status(settings).running is False
    assert not os.path.exists(f"/proc/{started.pid}"), "the Java process must be gone after stop"
    assert server.stop(settings) is False, "stopping a stopped server is a no-op"

    # Data lives in the home folder and survives a restart.
    server.start(settings)
    try:
        with Graph.connect(settings) as g:
            assert g.read_tx(lambda tx: tx.run("MATCH (p:Probe) RETURN p.v AS v").single()["v"]) == 42
    finally:
        server.stop(settings)


def test_unreachable_server_error_names_the_uri():
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(GraphUnavailable) as err:
        Graph.connect(Settings(NEO4J_URI=uri), timeout=2.0)
    assert uri in str(err.value)
    assert "unreachable" in str(err.value)


def test_wrong_password_error_names_the_uri_and_the_variables(neo4j_settings):
    wrong = neo4j_settings.model_copy(update={"neo4j_password": "not-the-password"})
    with pytest.raises(GraphAuthError) as err:
        Graph.connect(wrong)
    assert neo4j_settings.uri in str(err.value)
    assert "NEO4J_PASSWORD" in str(err.value)


def test_configuration_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j://graph.example:7687")
    monkeypatch.setenv("NEO4J_USER", "reader")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret")
    monkeypatch.setenv("NEO4J_DATABASE", "hospitals")
    s = Settings()
    assert (s.uri, s.neo4j_user, s.neo4j_password, s.neo4j_database) == (
        "neo4j://graph.example:7687", "reader", "s3cret", "hospitals")
    assert s.uses_local_server is False


def test_without_neo4j_uri_the_local_server_is_the_default(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("HKG_NEO4J_PORT", "7777")
    s = Settings()
    assert s.uses_local_server and s.uri == "bolt://127.0.0.1:7777"


def test_health_reports_api_and_neo4j_versions(neo4j_settings):
    with TestClient(create_app(neo4j_settings)) as client:
        r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["neo4j"]["available"] is True
    assert body["neo4j"]["version"].startswith("5.26.")
    assert body["neo4j"]["edition"] == "community"
    assert body["api_version"]


def test_health_is_503_json_when_neo4j_is_down():
    down = Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}")
    with TestClient(create_app(down)) as client:
        r = client.get("/health")
    assert r.status_code == 503
    assert r.headers["Retry-After"]
    assert r.json()["neo4j"]["available"] is False
