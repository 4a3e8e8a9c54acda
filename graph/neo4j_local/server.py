"""The project's own Neo4j Community server, obtained from Maven Central and run in-process
by a small Java launcher, for machines without Docker.

The jars are fetched once by Maven into `.neo4j/lib` (HKG_NEO4J_LIB; `.complete` marks a
finished fetch). Layout of a server's home folder (git-ignored, `.neo4j/` by default):
    db/          the server's home: neo4j.conf, data/, logs/ (data survives restarts)
    neo4j.pid    the Java process while it runs
    neo4j.log    what the launcher printed
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph.config import Settings
from graph.errors import LocalServerError

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
LAUNCHER = HERE / "Launcher.java"


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    home: Path


def _pid_file(home: Path) -> Path:
    return home / "neo4j.pid"


def _log_file(home: Path) -> Path:
    return home / "neo4j.log"


def _pom_version() -> str:
    text = POM.read_text(encoding="utf-8")
    start = text.index("<neo4j.version>") + len("<neo4j.version>")
    return text[start : text.index("</neo4j.version>", start)]


def ensure_jars(lib: Path) -> bool:
    """Fetch the Neo4j jars once. Returns True when it had to download."""
    return fetch_jars(POM, lib, _pom_version(), "Neo4j", "; install it or set NEO4J_URI")


def fetch_jars(pom: Path, lib: Path, version: str, what: str, hint: str = "") -> bool:
    """Copy the runtime dependencies of `pom` into `lib` with Maven, once per version (a
    `.complete` marker holds it). The local Neo4j and Fuseki share this. True when it downloaded."""
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


def _read_pid(home: Path) -> int | None:
    try:
        pid = int(_pid_file(home).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
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


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def status(settings: Settings) -> ServerStatus:
    home = settings.local_home
    pid = _read_pid(home)
    return ServerStatus(running=pid is not None and _port_open(settings.local_port), pid=pid,
                        uri=f"bolt://127.0.0.1:{settings.local_port}", home=home)


def start(settings: Settings) -> ServerStatus:
    """Start the local server and wait until Bolt accepts our credentials; idempotent."""
    home = settings.local_home
    home.mkdir(parents=True, exist_ok=True)
    current = status(settings)
    if current.running:
        return current
    if _port_open(settings.local_port):
        raise LocalServerError(
            f"port {settings.local_port} is taken by another program; set HKG_NEO4J_PORT to a free port")
    if shutil.which("java") is None:
        raise LocalServerError("Java 17+ is needed to run the local Neo4j; install it or set NEO4J_URI")
    ensure_jars(settings.local_lib)

    log = _log_file(home).open("w")
    env = dict(os.environ, NEO4J_LOCAL_PASSWORD=settings.neo4j_password)
    cmd = ["java", f"-Xmx{settings.local_heap}", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
           "-cp", str(settings.local_lib / "*"), str(LAUNCHER),
           str(home / "db"), str(settings.local_port), "-", settings.local_pagecache, settings.local_tx_memory]
    # A session of its own: the server outlives the CLI that started it and a Ctrl-C in the
    # terminal does not reach it; `hkg neo4j stop` ends it.
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    _pid_file(home).write_text(str(proc.pid))

    deadline = time.monotonic() + settings.local_start_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _pid_file(home).unlink(missing_ok=True)
            raise LocalServerError(f"Neo4j exited during start-up (code {proc.returncode}):\n{_tail(home)}")
        if "READY" in _log_file(home).read_text(errors="replace") and _port_open(settings.local_port):
            return status(settings)
        time.sleep(0.5)
    _terminate(proc.pid)
    _pid_file(home).unlink(missing_ok=True)
    raise LocalServerError(f"Neo4j did not open Bolt within {settings.local_start_timeout:.0f}s:\n{_tail(home)}")


def stop(settings: Settings, timeout: float = 60.0) -> bool:
    """Stop the local server cleanly (SIGTERM runs Neo4j's shutdown hook). Returns whether
    one was running."""
    home = settings.local_home
    pid = _read_pid(home)
    _pid_file(home).unlink(missing_ok=True)
    if pid is None:
        return False
    _terminate(pid, timeout)
    return True


def _terminate(pid: int, timeout: float = 60.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.2)
    # A clean shutdown that hangs this long will not finish; do not leave Java behind.
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    while _alive(pid):
        time.sleep(0.1)


def _tail(home: Path, lines: int = 30) -> str:
    try:
        return "\n".join(_log_file(home).read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"
