"""The SPARQL store: a TDB2 database per graph version, built offline and swapped in.

build: the graph is read in one transaction (exports/snapshot), streamed to an N-Triples file
(exports/ntriples) and bulk-loaded by Jena's tdb2.tdbloader into stores/<key>.building, renamed
to stores/<key> once complete. The running Fuseki keeps serving the previous store meanwhile.

swap: stop Fuseki, point `current` at the new store (a symlink replaced atomically), start
Fuseki, delete the stores no longer served. Why a restart and not Fuseki's admin API: a TDB2
store cannot be replaced under a running Fuseki, and the admin module (/$/datasets) would be a
write endpoint beside the read-only one; a restart costs the JVM's start-up (about 2-3 s, during
which /sparql answers 503 + Retry-After) and leaves exactly one configuration, config.ttl.

The key of a store is a hash of the graph version (read before the snapshot), so a store is
never rebuilt for a version it already holds. `sync` does both under a file lock, so that two
processes (the API's keeper, `hkg fuseki start`) never build or swap at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from exports import ntriples, snapshot
from graph.config import Settings
from graph import version as graph_version
from graph.connection import Graph
from graph.errors import LocalServerError
from servers.fuseki import server

READY = ".ready"


@dataclass(frozen=True)
class Synced:
    key: str
    triples: int | None      # None: the store already existed
    swapped: bool


def key_of(version: tuple[str, ...] | str) -> str:
    text = version if isinstance(version, str) else "|".join(version)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def current_version(graph: Graph) -> str:
    """The graph version of the last committed load; before any (or after a wipe), the
    database's last transaction. Not the transaction alone: a load's lease renewals would
    make a store per renewal."""
    version = graph_version.read(graph)
    if version != graph_version.UNVERSIONED:
        return f"load:{version}"
    return "tx:" + "|".join(snapshot.version(graph))


def stores(home: Path) -> Path:
    return home / "stores"


def current_key(home: Path) -> str | None:
    link = home / "current"
    return Path(os.readlink(link)).name if link.is_symlink() else None


@contextmanager
def _locked(home: Path) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    with (home / ".sync.lock").open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def build(graph: Graph, settings: Settings) -> tuple[str, int | None]:
    """The store of the graph's current version (built unless it exists): (key, triples)."""
    # The version first, then the data: data newer than its key only costs a rebuild at the
    # next look, never a stale store under a new key.
    key = key_of(current_version(graph))
    snap = snapshot.read(graph)
    target = stores(settings.fuseki_home) / key
    if (target / READY).exists():
        return key, None
    server.ensure_jars(settings.fuseki_lib)
    work = stores(settings.fuseki_home) / f"{key}.building"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    nt = work.with_suffix(".nt")
    try:
        triples = ntriples.write_file(snap, nt)
        del snap
        cmd = server.java_cmd(settings, server.LOADER_CLASS, f"--loc={work}", str(nt))
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise LocalServerError(f"tdb2.tdbloader failed (code {proc.returncode}):\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        (work / READY).write_text(f"{triples}\n")
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)
    finally:
        nt.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return key, triples


def swap(settings: Settings, key: str) -> bool:
    """Serve stores/<key>; returns whether Fuseki had to be (re)started."""
    home = settings.fuseki_home
    if current_key(home) == key and server.status(settings).running:
        return False
    server.stop(settings)
    tmp = home / "current.new"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(Path("stores") / key)
    os.replace(tmp, home / "current")
    server.start(settings)
    for old in stores(home).iterdir():
        if old.name != key and not old.name.endswith(".building"):
            shutil.rmtree(old, ignore_errors=True)
    return True


def sync(graph: Graph, settings: Settings) -> Synced:
    """Make Fuseki serve the graph's current version (build, then swap) and return which."""
    with _locked(settings.fuseki_home):
        key, triples = build(graph, settings)
        return Synced(key, triples, swap(settings, key))
