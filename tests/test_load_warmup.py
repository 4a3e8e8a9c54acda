"""The loader's plan warm-up (loaders/warmup.py): after a start of Neo4j, the loader's reads and
writes are planned before the first load or curation save needs them, and the warm-up writes
nothing (its writes run in transactions that are rolled back).

Against the real Neo4j of the fixtures. Coverage is checked on what the loader really sends: the
statements of a one-article load, noted at the driver, each have a warm-up twin of the same
text and parameter types (what Neo4j keys a plan on: tests/test_warmup.py).
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from pathlib import Path

import neo4j
import pytest

import ontology
import queries
from api import warmup as api_warmup
from graph import version
from graph.config import Settings
from graph.connection import Graph
from graph.warmup import Read, Warmup
from loaders import warmup
from loaders.load import load
from loaders.plan import Writes
from loaders.write import upserts
from tests.conftest import free_port, wipe
from tests.load_helpers import graph_hash
from tests.test_warmup import bucket

ROOT = Path(__file__).resolve().parent.parent
# Named queries in the loader's code: graph.read("load/…"), queries.get("load/…"), render("load/…").
NAMED = re.compile(r"""["']((?:load|graph|schema)/\w+)["']""")
LOADER_CODE = [*sorted((ROOT / "loaders").glob("*.py")), ROOT / "graph" / "version.py", ROOT / "graph" / "schema.py"]
# Named in that code, but not run by a load over a graph that has its schema.
ELSEWHERE = {
    "graph/version": "the API's version watcher polls it every second: planned by its first poll",
    # The schema's DDL and wait run only when an index or constraint is missing (a first load).
    **{f"schema/{n}": "schema DDL, run only when the schema is missing" for n in (
        "await", "constraints", "label_id_index", "link_sources_index", "rel_fact_index", "rel_prop_index")},
}
HELD_OUT = "A004"   # the article that comes in after the warm-up, as a new one


def meta(graph: Graph) -> list:
    """The loader's bookkeeping nodes (manifest, files, graph version, lease, journal), whole."""
    rows = graph.read_tx(lambda tx: tx.run("MATCH (m:GraphMeta) RETURN properties(m) AS p").data())
    return sorted(json.dumps(r["p"], sort_keys=True, default=str) for r in rows)


def state(graph: Graph) -> tuple:
    counts = graph.read_tx(lambda tx: tx.run(
        "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels").single())
    return graph_hash(graph), meta(graph), version.read(graph), tuple(counts)


@pytest.fixture(scope="module")
def curated_but_one(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Path, Path]:
    """The curated data loaded without one article, whose file waits beside the folder."""
    data = tmp_path_factory.mktemp("load-warmup") / "data"
    shutil.copytree(ROOT / "data", data)
    held = data / "facts" / f"{HELD_OUT}.yaml"
    aside = held.parent.parent / f"{HELD_OUT}.yaml.held-out"
    held.rename(aside)
    wipe(graph)
    load(graph, data)
    return graph, held, aside


def test_every_statement_the_loader_runs_has_a_warmup_entry_or_a_reason():
    named = {m for path in LOADER_CODE for m in NAMED.findall(path.read_text(encoding="utf-8"))}
    assert {"load/upsert_statements", "load/manifest_read", "graph/bump_version"} <= named  # the scan finds them
    warmed = {r.name for r in warmup.statements()}
    missing = (named | warmup.catalogue()) - warmed - set(warmup.NOT_WARMED) - set(ELSEWHERE)
    assert not missing, f"loader statements without a warm-up entry in loaders/warmup.py: {sorted(missing)}"
    assert not set(warmup.NOT_WARMED) & warmed


def test_every_upsert_the_ontology_can_render_is_warmed_with_one_a_few_and_tens_of_rows():
    onto = ontology.load()
    # One row per entity class, structural relationship type and predicate of the ontology,
    # rendered by the loader's own helper: the texts a load can run.
    row = {"id": "x", "props": {"id": "x", "fact_id": "x"}}
    everything = Writes(articles=[row], entities={c: [row] for c in onto.entity_types},
                        links={r: [row] for r in onto.structural_rel_types},
                        statements={p: [row] for p, pred in onto.predicates.items() if not pred.structural})
    texts = {text for *_, text, _ in upserts(everything)}
    warmed: dict[str, set] = {}
    for r in warmup.statements():
        if r.name.startswith("load/upsert_"):
            assert r.write
            warmed.setdefault(r.text, set()).add(bucket(r.params["rows"]))
    assert texts == set(warmed), "an upsert of the ontology is not warmed (or a warmed one is not the loader's)"
    assert all(b == {1, 2, 3} for b in warmed.values())   # buckets 1, 2–10 and 11–100


def test_sample_rows_are_the_loaders_rows_and_every_id_is_a_warmup_id():
    rows = warmup.sample_rows(2)
    onto = ontology.load()
    assert set(rows.entities) == set(onto.entity_types)
    assert set(rows.links) == set(onto.structural_rel_types)
    assert set(rows.statements) == {p for p, pred in onto.predicates.items() if not pred.structural}
    for rs in [rows.articles, *rows.entities.values()]:
        assert len(rs) == 2 and all(r["id"].startswith(warmup.PREFIX) and r["hash"] for r in rs)
    for rs in [*rows.links.values(), *rows.statements.values()]:
        assert len(rs) == 2
        for r in rs:
            assert r["subject"].startswith(warmup.PREFIX) and r["props"]["hash"]
            assert r["props"].get("id", r["props"].get("fact_id")).startswith(warmup.PREFIX)


def shape(text: str, params: dict) -> tuple:
    """What Neo4j keys a plan on: the text, and each parameter's type and length bucket."""
    return text, tuple(sorted((k, type(v).__name__, bucket(v)) for k, v in params.items()))


def test_the_warmup_writes_nothing_and_covers_every_statement_of_the_next_load(curated_but_one, monkeypatch):
    graph, held, aside = curated_but_one
    before = state(graph)
    statements = warmup.statements()
    w = Warmup(graph, statements, timeout=60.0)
    w.run_pending()
    assert w.failed == [] and len(w.warmed) == len(statements) and w.finished
    assert state(graph) == before    # same content, bookkeeping nodes, version and counts
    assert graph.read_tx(lambda tx: tx.run(
        "MATCH (n) WHERE n.id STARTS WITH $p RETURN count(n) AS c", p=warmup.PREFIX).single()["c"]) == 0

    # The held-out article comes in as a new one, as `hkg load` loads it; every statement the
    # driver sends for it is noted (the real driver, watched).
    ran: list[tuple] = []
    for cls in (neo4j.Transaction, neo4j.ManagedTransaction):
        def run(self, query, parameters=None, _real=cls.run, **kw):
            ran.append(shape(query, {**(parameters or {}), **kw}))
            return _real(self, query, parameters, **kw)
        monkeypatch.setattr(cls, "run", run)
    aside.rename(held)
    summary = load(graph, held.parent.parent)
    assert summary.changed and summary.files_read == 1
    assert len(ran) > 20
    warmed = {shape(r.text, r.params) for r in statements}
    lease = shape(queries.get("load/lock_acquire").text, {"token": "", "holder": "", "ttl": 0})[0]
    # Each one had a warm-up twin (its writes both as first statement and after a change),
    # but the lease's acquisition, left out by design (loaders.warmup.NOT_WARMED).
    assert [s for s in ran if s not in warmed and s[0] != lease] == []
    assert any(s[0] == lease for s in ran)


def test_a_failing_write_is_counted_rolled_back_and_the_next_still_runs(graph: Graph):
    wipe(graph)
    bad = Read("load/upsert_articles", {"rows": [{"id": "warmup:bad", "text": {"a": 1}}]}, write=True)  # a map property
    good = Read("load/upsert_articles", {"rows": [{"id": "warmup:good", "text": "x"}]}, write=True)
    w = Warmup(graph, [bad, good], timeout=60.0)
    w.run_pending()
    assert [name for name, _ in w.failed] == ["load/upsert_articles"] and len(w.warmed) == 1 and w.finished
    assert graph.read_tx(lambda tx: tx.run("MATCH (n) RETURN count(n) AS c").single()["c"]) == 0


def test_a_down_neo4j_neither_raises_nor_blocks():
    down = Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}")
    with Graph.connect(down, verify=False, timeout=2.0, retry_time=0.5) as g:
        w = Warmup(g, warmup.statements(), timeout=5.0)
        started = time.monotonic()
        w.run_pending()   # returns at the first unreachable statement, the rest kept for later
        assert time.monotonic() - started < 15
        assert w.warmed == [] and w.failed == [] and not w.finished


def test_the_api_warms_the_loader_after_its_reads():
    order = [r.name for r in api_warmup.statements()]
    first_load = next(i for i, n in enumerate(order) if n.startswith("load/"))
    assert all(not n.startswith("load/") for n in order[:first_load])
    assert order[:first_load] == [r.name for r in api_warmup.reads()]


def test_the_warmup_runs_again_when_neo4j_comes_back_after_being_down(graph: Graph):
    up = threading.Event()
    up.set()
    w = Warmup(graph, [Read("load/manifest_read"), Read("load/journal_list")], timeout=60.0,
               ready=up.is_set, retry_interval=0.05).start()
    try:
        deadline = time.monotonic() + 60
        while not w.finished and time.monotonic() < deadline:
            time.sleep(0.05)
        assert w.finished and w.rounds == 1
        up.clear()                 # the health watcher sees Neo4j down (a restart empties its plans)
        time.sleep(0.3)
        assert w.rounds == 1       # nothing to do while it is down
        up.set()                   # and back
        while not (w.rounds == 2 and w.finished) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert w.rounds == 2 and w.finished and len(w.warmed) == 2 and w.state()["rounds"] == 2
    finally:
        w.stop()
