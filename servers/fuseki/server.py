"""The project's own Fuseki, with the same verbs as the local Neo4j: fetch, start, stop, status.

Layout of the Fuseki home (git-ignored, `.fuseki/` by default; HKG_FUSEKI_HOME):
    lib/            the jars (HKG_FUSEKI_LIB; `.complete` marks a finished fetch)
    stores/<key>/   a TDB2 store per graph version (store.py builds them)
    current         symlink to the store Fuseki serves; config.ttl names it
    fuseki.pid      the Java process while it runs
    fuseki.log      what Fuseki printed
The server is started with the home as its working directory, so that config.ttl's
`tdb2:location "current"` is the store the symlink names.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from graph.config import Settings
from graph.errors import LocalServerError
from servers import process

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
CONFIG = HERE / "config.ttl"
MAIN_CLASS = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"
LOADER_CLASS = "tdb2.tdbloader"

# Small fixed JVM areas, so that RSS stays close to the heap: the runaway test checks
# RSS <= -Xmx + 256 MB. Serial GC: one core for queries, one for the API, no GC threads.
JVM_OPTS = ["-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxMetaspaceSize=128m",
            "-XX:ReservedCodeCacheSize=64m", "-XX:MaxDirectMemorySize=64m", "-Xss512k"]


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    url: str
    home: Path


def _pid_file(home: Path) -> Path:
    return home / "fuseki.pid"


def log_file(home: Path) -> Path:
    return home / "fuseki.log"


def jena_version() -> str:
    return re.search(r"<jena\.version>([^<]+)</jena\.version>", POM.read_text(encoding="utf-8")).group(1)


def engine_timeout() -> float:
    """The engine's query time-out in seconds, as config.ttl sets it (the larger of
    "first result, whole query"): the proxy waits a little longer than this."""
    m = re.search(r'"arq:queryTimeout"\s*;\s*ja:cxtValue\s*"([\d,]+)"', CONFIG.read_text(encoding="utf-8"))
    return max(int(v) for v in m.group(1).split(",")) / 1000.0


def ensure_jars(lib: Path) -> bool:
    """Fetch Jena's jars once (Maven's cache ~/.m2 keeps them too). True when it downloaded."""
    return process.fetch_jars(POM, lib, jena_version(), "Apache Jena Fuseki")


def java_cmd(settings: Settings, main: str, *args: str, heap: str | None = None) -> list[str]:
    if shutil.which("java") is None:
        raise LocalServerError("Java 17+ is needed to run Fuseki")
    return ["java", f"-Xmx{heap or settings.fuseki_heap}", *JVM_OPTS,
            "-cp", str(settings.fuseki_lib / "*"), main, *args]


def _read_pid(home: Path) -> int | None:
    return process.read_pid(_pid_file(home))


def ping(settings: Settings, timeout: float = 2.0) -> bool:
    """Does the query service answer a trivial query?"""
    url = settings.sparql_endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except (OSError, urllib.error.URLError):
        return False


def status(settings: Settings) -> ServerStatus:
    home = settings.fuseki_home
    pid = _read_pid(home)
    running = pid is not None and process.port_open(settings.fuseki_port)
    return ServerStatus(running=running, pid=pid, url=settings.sparql_endpoint, home=home)


def start(settings: Settings) -> ServerStatus:
    """Start Fuseki over the `current` store and wait until it answers; idempotent."""
    home = settings.fuseki_home
    current = status(settings)
    if current.running:
        return current
    if not (home / "current").exists():
        raise LocalServerError(f"no SPARQL store in {home}: build one first (`hkg fuseki start` does)")
    if not _port_free(settings.fuseki_port, wait=15.0):
        raise LocalServerError(
            f"port {settings.fuseki_port} is taken by another program; set HKG_FUSEKI_PORT to a free port\n"
            + _listener(settings.fuseki_port))
    ensure_jars(settings.fuseki_lib)
    local = ["--localhost"] if settings.fuseki_bind in ("127.0.0.1", "localhost") else []
    cmd = java_cmd(settings, MAIN_CLASS, *local, f"--port={settings.fuseki_port}", f"--config={CONFIG}")
    process.launch(cmd, what="Fuseki", pid_file=_pid_file(home), log_file=log_file(home), cwd=home,
                   ready=lambda: ping(settings, timeout=1.0), ready_means="answer",
                   timeout=settings.fuseki_start_timeout)
    return status(settings)


def _port_free(port: int, wait: float) -> bool:
    """Free now, or within `wait` seconds (a server we just stopped may still be closing)."""
    deadline = time.monotonic() + wait
    while process.port_open(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.3)
    return True


def _listener(port: int) -> str:
    try:
        return subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def stop(settings: Settings, timeout: float = 30.0) -> bool:
    """Stop Fuseki (SIGTERM, then SIGKILL past the timeout). Returns whether one was running."""
    return process.stop(_pid_file(settings.fuseki_home), timeout)


def tail(home: Path, lines: int = 30) -> str:
    return process.tail(log_file(home), lines)
