"""What the project's local engines (Neo4j, Fuseki) share as JVM processes: their jars
fetched once with Maven, a pid file, a liveness test that a JVM passes while any of its
threads runs, SIGTERM then SIGKILL after a grace period, a port probe, the log's tail."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.errors import LocalServerError


def fetch_jars(pom: Path, lib: Path, version: str, what: str, hint: str = "") -> bool:
    """Copy the runtime dependencies of `pom` into `lib` with Maven, once per version (a
    `.complete` marker holds it). True when it downloaded."""
    marker = lib / ".complete"
    if marker.exists() and marker.read_text().strip() == version:
        return False
    if shutil.which("mvn") is None:
        raise LocalServerError(f"Maven (mvn) is needed once to fetch {what} from Maven Central{hint}")
    if lib.exists():
        shutil.rmtree(lib)
    lib.mkdir(parents=True)
    cmd = ["mvn", "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
           f"-DoutputDirectory={lib}", "-DincludeScope=runtime"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise LocalServerError(f"fetching {what} {version} with Maven failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    marker.write_text(version)
    return True


def launch(cmd: list[str], *, what: str, pid_file: Path, log_file: Path, ready: Callable[[], bool],
           ready_means: str, timeout: float, poll: float = 0.3, **popen: Any) -> None:
    """Start a server in a session of its own (it outlives the command that started it, and a
    Ctrl-C in the terminal does not reach it: its `stop` ends it), note its pid, and wait until
    `ready()`. When it exits first, or is not ready within `timeout` (then it is stopped), raise
    with the tail of its log."""
    with log_file.open("w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **popen)
    pid_file.write_text(str(proc.pid))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pid_file.unlink(missing_ok=True)
            raise LocalServerError(f"{what} exited during start-up (code {proc.returncode}):\n{tail(log_file)}")
        if ready():
            return
        time.sleep(poll)
    terminate(proc.pid)
    pid_file.unlink(missing_ok=True)
    raise LocalServerError(f"{what} did not {ready_means} within {timeout:.0f}s:\n{tail(log_file)}")


def read_pid(pid_file: Path) -> int | None:
    """The pid the file names, if that process still lives."""
    try:
        pid = int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if alive(pid) else None


def alive(pid: int) -> bool:
    # Our own child is reaped here, so that a stopped server leaves no zombie behind.
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass  # started by another `hkg` process: not ours to reap
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # The JVM's first thread can exit (and show as a zombie) while its other threads still
    # run the shutdown: the process lives while any of its threads does.
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except (FileNotFoundError, ProcessLookupError):
        return False
    states = []
    for t in tasks:
        # A thread that ended since the listing is skipped, not taken for the process's end:
        # a busy JVM starts and ends threads all the time.
        try:
            with open(f"/proc/{pid}/task/{t}/stat") as f:
                states.append(f.read().rsplit(") ", 1)[1][0])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return any(state not in "ZX" for state in states)


def terminate(pid: int, timeout: float = 60.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return
        time.sleep(0.2)
    # A clean shutdown that hangs this long will not finish; do not leave Java behind.
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    while alive(pid):
        time.sleep(0.1)


def stop(pid_file: Path, timeout: float) -> bool:
    """Stop the process the pid file names. Returns whether one was running."""
    pid = read_pid(pid_file)
    pid_file.unlink(missing_ok=True)
    if pid is None:
        return False
    terminate(pid, timeout)
    return True


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def tail(log_file: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log_file.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"
