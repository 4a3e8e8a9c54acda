"""A first load (or a rebuild) at neo4j-admin speed.

    hkg load --bulk

1. parse and validate every fact file (nothing happens while any is invalid);
2. build the same rows as the driver load (`loaders.rows`);
3. write them as neo4j-admin CSV files, one file per signature so every value keeps its type
   (`exports.admin_csv`);
4. stop the local server and run `neo4j-admin database import full` from the jars the project
   already fetched (`org.neo4j.cli.AdminTool`): it REPLACES the store;
5. start the server, apply the schema (constraints, indexes; waits until they are online)
   and, in one transaction, record the load manifest (every file's hash, as `hkg load`
   records it) and set the graph version.

Community Edition has one user database, which the import rewrites offline: the API answers
503 from the stop in step 4 to the start in step 5 (seconds to minutes; every phase is
reported). So bulk is for an empty store or a rebuild; the driver load takes over afterwards
(the manifest written here tells it that no file changed since; it reads only the files
edited or added afterwards, and diffs by the same content hashes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import ontology
import queries
from exports.admin_csv import AdminWriter, choose_delimiter
from graph import schema
from graph.config import Settings
from graph.connection import Graph
from graph.errors import LocalServerError
from graph.neo4j_local import server
from loaders import manifest as mf
from loaders.load import InvalidFacts, bump_version, file_states, new_load_id
from loaders.plan import Plan
from loaders.rows import Rows, build
from loaders.validate import load_dataset

ADMIN_MAIN = "org.neo4j.cli.AdminTool"


@dataclass
class BulkReport:
    """Seconds per phase and what was imported."""
    phases: dict[str, float] = field(default_factory=dict)
    nodes: int = 0
    relationships: int = 0
    facts: int = 0
    version: str = ""
    import_arguments: list[str] = field(default_factory=list)   # the neo4j-admin options that read the CSV files

    @property
    def total(self) -> float:
        return sum(self.phases.values())


def write_csvs(rows: Rows, out: Path) -> AdminWriter:
    """The rows as neo4j-admin files: exactly the nodes, labels, relationships and properties
    the driver load's MERGE queries (queries/load/upsert_*.cypher) create."""
    onto = ontology.load()
    lists = [v for r in rows.articles for v in r.values() if isinstance(v, list)]
    lists += [v for rs in rows.entities.values() for r in rs for v in r.values() if isinstance(v, list)]
    lists += [v for rs in rows.links.values() for r in rs for v in r["props"].values() if isinstance(v, list)]
    lists += [v for rs in rows.statements.values() for r in rs for v in r["props"].values() if isinstance(v, list)]
    w = AdminWriter(out, delimiter=choose_delimiter(lists))
    for r in rows.articles:
        w.add_node(["Article"], r)
    for cls, rs in rows.entities.items():
        labels = onto.labels(cls)
        for r in rs:
            w.add_node(labels, r)
    for rel, rs in rows.links.items():
        for r in rs:
            w.add_rel(rel, r["subject"], r["object"], r["props"])
    for pred_name, rs in rows.statements.items():
        pred = onto.predicates[pred_name]
        labels = ["Statement", *onto.labels(pred.statement_class)[:-1]]
        for r in rs:
            sid = r["props"]["id"]
            w.add_node(labels, r["props"])
            w.add_rel(pred.subject_role, sid, r["subject"])
            if r["object"] is not None and not pred.literal_object:
                w.add_rel(pred.object_role, sid, r["object"])
            if r["conferrer"] is not None:
                w.add_rel("CONFERRED_BY", sid, r["conferrer"])
            for src in r["sources"]:
                w.add_rel("CITES", sid, src["article"], src)
    w.close()
    return w


def admin_command(settings: Settings, csv_dir: Path, writer: AdminWriter) -> tuple[list[str], dict[str, str]]:
    """`neo4j-admin database import full` on the local server's store, from the fetched jars."""
    home = Path(settings.local_home) / "db"
    home.mkdir(parents=True, exist_ok=True)
    conf = home / "neo4j.conf"
    if not conf.exists():
        conf.write_text(f"server.memory.pagecache.size={settings.local_pagecache}\n", encoding="utf-8")
    cmd = ["java", f"-Xmx{settings.local_heap}", "-XX:+UseG1GC", "-cp", f"{settings.local_lib}/*", ADMIN_MAIN,
           "database", "import", "full", *writer.arguments(), "--overwrite-destination=true",
           f"--report-file={csv_dir / 'import.report'}", settings.neo4j_database]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home)}
    return cmd, env


def run_import(settings: Settings, csv_dir: Path, writer: AdminWriter) -> None:
    cmd, env = admin_command(settings, csv_dir, writer)
    proc = subprocess.run(cmd, cwd=csv_dir, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise LocalServerError(f"neo4j-admin import failed ({proc.returncode}):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")


def bulk_load(settings: Settings, data_dir: Path, *, csv_dir: Path | None = None,
              progress: Callable[[str, float], None] | None = None) -> BulkReport:
    """Replace the local store with the fact files of `data_dir`; returns the phases' timings.
    The local server is stopped for the import and running afterwards."""
    if not settings.uses_local_server:
        raise LocalServerError("--bulk rewrites the local store offline; with NEO4J_URI set, use the driver load "
                               "(or run neo4j-admin on that server with the files of `hkg export --format neo4j-admin`)")
    report = BulkReport()
    say = progress or (lambda phase, seconds: None)

    def phase(name: str, t0: float) -> float:
        report.phases[name] = round(time.perf_counter() - t0, 3)
        say(name, report.phases[name])
        return time.perf_counter()

    t = time.perf_counter()
    ds = load_dataset(data_dir)
    if not ds.ok:
        raise InvalidFacts(ds.problems)
    t = phase("parse+validate", t)
    rows = build(ds)
    report.facts = rows.fact_count
    # What `hkg load` records of each file, so that it takes over without reading them again.
    files = [f.as_row() for f in file_states(Plan(rows=rows), ds, data_dir / "articles")]
    del ds
    t = phase("rows", t)
    tmp = None
    if csv_dir is None:
        tmp = csv_dir = Path(tempfile.mkdtemp(prefix="hkg-bulk-"))
    try:
        writer = write_csvs(rows, csv_dir)
        del rows                            # neo4j-admin needs the memory more than we do
        report.nodes, report.relationships = writer.counts["nodes"], writer.counts["relationships"]
        report.import_arguments = writer.arguments()
        t = phase("write csv", t)
        server.ensure_jars(Path(settings.local_lib))
        server.stop(settings)
        t = phase("stop server", t)
        run_import(settings, csv_dir, writer)
        t = phase("import", t)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    server.start(settings)
    t = phase("start server", t)
    with Graph.connect(settings) as graph:
        schema.apply(graph)
        t = phase("schema", t)

        def finish(tx) -> str:
            tx.run(queries.get("load/manifest_write").text, fingerprint=mf.fingerprint(), files=files,
                   removed=[]).consume()
            return bump_version(tx, new_load_id())
        report.version = graph.write_tx(finish)
        phase("manifest+version", t)
    return report
