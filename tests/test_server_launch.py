"""How the local engines (Neo4j, Fuseki) are launched and waited for (servers/process.launch),
with real processes standing in for the JVMs: ready, exited during start-up, never ready."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from graph.errors import LocalServerError
from servers import process


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_a_server_that_gets_ready_keeps_running_in_a_session_of_its_own(tmp_path: Path):
    pid_file, log = tmp_path / "x.pid", tmp_path / "x.log"
    process.launch(python("import time; print('READY', flush=True); time.sleep(60)"), what="X",
                   pid_file=pid_file, log_file=log, ready=lambda: "READY" in log.read_text(),
                   ready_means="say READY", timeout=30, poll=0.05)
    pid = int(pid_file.read_text())
    try:
        assert process.alive(pid)
        assert Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[3] == str(pid)  # its own session
    finally:
        assert process.stop(pid_file, timeout=10)
    assert not process.alive(pid) and not pid_file.exists()


def test_a_server_that_exits_during_start_up_is_reported_with_its_log(tmp_path: Path):
    pid_file, log = tmp_path / "x.pid", tmp_path / "x.log"
    with pytest.raises(LocalServerError, match=r"(?s)X exited during start-up \(code 3\):.*port already bound"):
        process.launch(python("import sys; print('port already bound', flush=True); sys.exit(3)"), what="X",
                       pid_file=pid_file, log_file=log, ready=lambda: False, ready_means="say READY",
                       timeout=30, poll=0.05)
    assert not pid_file.exists()


def test_a_server_never_ready_is_stopped_after_the_timeout(tmp_path: Path):
    pid_file, log = tmp_path / "x.pid", tmp_path / "x.log"
    pids: list[int] = []

    def ready() -> bool:
        pids.append(int(pid_file.read_text()))
        return False

    t0 = time.monotonic()
    with pytest.raises(LocalServerError, match=r"X did not say READY within 1s"):
        process.launch(python("import time; time.sleep(60)"), what="X", pid_file=pid_file, log_file=log,
                       ready=ready, ready_means="say READY", timeout=1, poll=0.05)
    assert time.monotonic() - t0 < 30
    assert pids and not process.alive(pids[0])
    assert not pid_file.exists()
