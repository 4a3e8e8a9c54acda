"""The project's own Neo4j Community server, obtained from Maven Central and run in-process
by a small Java launcher, for machines without Docker.

The jars are fetched once by Maven into `.neo4j/lib` (HKG_NEO4J_LIB; `.complete` marks a
finished fetch). Layout of a server's home folder (git-ignored, `.neo4j/` by default):
    db/          the server's home: neo4j.conf, data/, logs/ (data survives restarts)
    neo4j.pid    the Java process while it runs
    neo4j.log    what the launcher printed
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from graph.config import Settings
from graph.errors import LocalServerError
from servers import process

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
    return process.fetch_jars(POM, lib, _pom_version(), "Neo4j", "; install it or set NEO4J_URI")


def _read_pid(home: Path) -> int | None:
    return process.read_pid(_pid_file(home))


def status(settings: Settings) -> ServerStatus:
    home = settings.local_home
    pid = _read_pid(home)
    return ServerStatus(running=pid is not None and process.port_open(settings.local_port), pid=pid,
                        uri=f"bolt://127.0.0.1:{settings.local_port}", home=home)


def start(settings: Settings) -> ServerStatus:
    """Start the local server and wait until Bolt accepts our credentials; idempotent."""
    home = settings.local_home
    home.mkdir(parents=True, exist_ok=True)
    current = status(settings)
    if current.running:
        return current
    if process.port_open(settings.local_port):
        raise LocalServerError(
            f"port {settings.local_port} is taken by another program; set HKG_NEO4J_PORT to a free port")
    if shutil.which("java") is None:
        raise LocalServerError("Java 17+ is needed to run the local Neo4j; install it or set NEO4J_URI")
    ensure_jars(settings.local_lib)

    env = dict(os.environ, NEO4J_LOCAL_PASSWORD=settings.neo4j_password)
    cmd = ["java", f"-Xmx{settings.local_heap}", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
           *_launcher(settings.local_lib),
           str(home / "db"), str(settings.local_port), "-", settings.local_pagecache, settings.local_tx_memory]
    log = _log_file(home)
    process.launch(cmd, what="Neo4j", pid_file=_pid_file(home), log_file=log, env=env,
                   ready=lambda: "READY" in log.read_text(errors="replace") and process.port_open(settings.local_port),
                   ready_means="open Bolt", timeout=settings.local_start_timeout, poll=0.5)
    return status(settings)


def _launcher(lib: Path) -> list[str]:
    """The java arguments that run the launcher: its class, compiled once and kept beside the
    jars (run from source, java compiles it against the ~200 jars on every start: seconds of
    CPU, tens of seconds on a busy machine), or the source itself when it cannot be compiled."""
    source = LAUNCHER.read_bytes()
    classes = lib.parent / f"launcher-{hashlib.sha1(source).hexdigest()[:12]}"
    if not (classes / "Launcher.class").is_file() and shutil.which("javac"):
        tmp = None
        try:
            tmp = Path(tempfile.mkdtemp(prefix=".launcher-", dir=lib.parent))
            subprocess.run(["javac", "-d", str(tmp), "-cp", str(lib / "*"), str(LAUNCHER)],
                           check=True, capture_output=True, timeout=300)
            tmp.rename(classes)             # atomic; another process may have won the race
        except (OSError, subprocess.SubprocessError):
            pass
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    if (classes / "Launcher.class").is_file():
        return ["-cp", f"{lib / '*'}{os.pathsep}{classes}", "Launcher"]
    return ["-cp", str(lib / "*"), str(LAUNCHER)]


def stop(settings: Settings, timeout: float = 60.0) -> bool:
    """Stop the local server cleanly (SIGTERM runs Neo4j's shutdown hook). Returns whether
    one was running."""
    return process.stop(_pid_file(settings.local_home), timeout)
