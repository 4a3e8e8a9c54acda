"""`hkg run` ends cleanly on SIGTERM, SIGINT and SIGHUP: the API stops, then the engines the
run started itself; an engine it found running is left alone.

Real processes: `hkg run --no-load` in a subprocess, a real Neo4j, real signals. The SPARQL
engine is taken as external here (HKG_FUSEKI_URL), to spare a third JVM; Neo4j and Fuseki
are stopped by the same code (cli/stopping.py), which these tests drive through Neo4j.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from graph.config import Settings
from graph.neo4j_local import server
from servers import process
from tests.conftest import free_port
from tests.load_helpers import HKG

START_WITHIN = 300.0   # a cold Neo4j and the API's imports on a busy 2-core machine
STOP_WITHIN = 90.0     # the API's graceful stop, then Neo4j's (SIGKILL after 60 s)


def run_env(tmp_path: Path, settings: Settings, api_port: int, **engine: str) -> dict[str, str]:
    """The environment of a run on `settings`' jars and these ports, with no Fuseki to start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "HKG_"))}
    env.update(HKG_NEO4J_LIB=str(settings.local_lib), HKG_API_PORT=str(api_port), HKG_RATE_LIMIT="0",
               HKG_FUSEKI_URL=f"http://127.0.0.1:{free_port()}", HKG_DATA_DIR=str(tmp_path / "data"), **engine)
    return env


def start_run(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / "run.log"
    proc = subprocess.Popen([str(HKG), "run", "--no-load"], env=env, cwd=tmp_path,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{env['HKG_API_PORT']}"
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"hkg run exited (code {proc.returncode}):\n{log.read_text()}"
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return proc, log
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    pytest.fail(f"hkg run did not serve /health within {START_WITHIN:.0f}s:\n{log.read_text()}")


def stop_run(proc: subprocess.Popen, log: Path, sig: signal.Signals) -> str:
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"hkg run still running {STOP_WITHIN:.0f}s after {sig.name}:\n{log.read_text()}")
    out = log.read_text()
    assert code == 0, f"hkg run exited with {code} after {sig.name}:\n{out}"
    assert "stopped by SIG" in out, out
    return out


def test_sigterm_stops_the_api_and_the_neo4j_the_run_started(tmp_path: Path):
    api_port, neo4j_port = free_port(), free_port()
    home = tmp_path / "neo4j"
    own = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=home, HKG_NEO4J_PORT=neo4j_port)  # writes its password
    env = run_env(tmp_path, own, api_port, HKG_NEO4J_HOME=str(home), HKG_NEO4J_PORT=str(neo4j_port),
                  HKG_NEO4J_HEAP="512m", HKG_NEO4J_PAGECACHE="64m")
    proc = None
    try:
        proc, log = start_run(tmp_path, env)
        neo4j_pid = int((home / "neo4j.pid").read_text())
        assert process.alive(neo4j_pid) and process.port_open(neo4j_port)

        out = stop_run(proc, log, signal.SIGTERM)

        assert "stopping Neo4j" in out
        assert not process.alive(neo4j_pid), "the Neo4j that hkg run started outlived it"
        assert not process.port_open(neo4j_port)
        assert not process.port_open(api_port)
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        server.stop(own)            # whatever a failed run left behind


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_neo4j_found_running_outlives_the_run(tmp_path: Path, neo4j_settings: Settings, graph, sig):
    api_port = free_port()
    s = neo4j_settings
    engine = ({"HKG_NEO4J_HOME": str(s.local_home), "HKG_NEO4J_PORT": str(s.local_port)} if s.uses_local_server
              else {"NEO4J_URI": s.neo4j_uri})
    env = run_env(tmp_path, s, api_port, NEO4J_USER=s.neo4j_user, NEO4J_PASSWORD=s.neo4j_password,
                  NEO4J_DATABASE=s.neo4j_database, **engine)
    before = server.status(s).pid
    proc, log = start_run(tmp_path, env)
    try:
        out = stop_run(proc, log, sig)
    finally:
        if proc.poll() is None:
            proc.kill()

    assert "stopping Neo4j" not in out
    assert not process.port_open(api_port)
    assert graph.read_tx(lambda tx: tx.run("RETURN 1 AS one").single()["one"]) == 1
    assert server.status(s).pid == before
