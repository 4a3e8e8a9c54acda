"""`hkg load`: curated fact files -> Neo4j, checked against a real server.

The expected graph is computed here independently of the loader, from the YAML
(yaml.safe_load) and the ontology: one node per entity (with its superclass labels), per
statement fact and per article; one relationship per structural fact; per statement fact
a link to its subject, to its object (unless the object is a literal), to its conferrer and
one CITES per quoted source.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import neo4j.exceptions
import pytest
import yaml

import ontology
import queries
from graph.connection import Graph
from loaders import load as load_module
from loaders import lock as lock_module
from loaders.load import InvalidFacts, MassDeletion, load
from loaders.lock import LockHeld, load_lock
from loaders.retract import retract
from tests.bad_fact_files import CORPUS
from tests.bad_fact_files import line_of as corpus_line
from tests.conftest import wipe
from tests.synthetic_facts import write_synthetic

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HKG = ROOT / ".venv" / "bin" / "hkg"


# ----------------------------------------------------------------------------------------
# What the fact files say, computed without the loader
# ----------------------------------------------------------------------------------------

def fact_files(data_dir: Path) -> dict[str, dict]:
    """Fact file key (its article id, or its stem) -> parsed YAML."""
    out = {}
    for path in sorted((data_dir / "facts").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        key = (doc.get("article") or {}).get("id") or path.stem
        out[key] = doc
    return out


def all_facts(data_dir: Path) -> list[dict]:
    return [dict(f, origin=key) for key, doc in fact_files(data_dir).items() for f in doc.get("facts") or []]


def expected_counts(data_dir: Path) -> tuple[Counter, Counter]:
    """(nodes per label, relationships per type) a load of data_dir must produce."""
    onto = ontology.load()
    labels, rels = Counter(), Counter()
    for doc in fact_files(data_dir).values():
        if doc.get("article"):
            labels["Article"] += 1
        for e in doc.get("entities") or []:
            labels.update(onto.labels(e["type"]))
        for f in doc.get("facts") or []:
            pred = onto.predicates[f["predicate"]]
            if pred.structural:
                rels[pred.rel_type] += 1
                continue
            labels.update(onto.labels(pred.statement_class))
            rels[pred.subject_role] += 1
            if not pred.literal_object:
                rels[pred.object_role] += 1
            if (f.get("qualifiers") or {}).get("conferrer"):
                rels["CONFERRED_BY"] += 1
            rels["CITES"] += ("quote" in f) + len(f.get("also") or [])
    return labels, rels


def expected_created(data_dir: Path) -> tuple[Counter, Counter]:
    """What the summary of a load into an empty graph reports as created: nodes by class
    (entity type, statement class, Article), relationships by structural type."""
    onto = ontology.load()
    nodes, rels = Counter(), Counter()
    for doc in fact_files(data_dir).values():
        nodes["Article"] += bool(doc.get("article"))
        nodes.update(e["type"] for e in doc.get("entities") or [])
        for f in doc.get("facts") or []:
            pred = onto.predicates[f["predicate"]]
            if pred.structural:
                rels[pred.rel_type] += 1
            else:
                nodes[pred.statement_class] += 1
    return +nodes, rels


# ----------------------------------------------------------------------------------------
# What the graph holds
# ----------------------------------------------------------------------------------------

def counts(graph: Graph) -> tuple[Counter, Counter]:
    """Nodes per label and relationships per type of the knowledge graph (the loader's own
    bookkeeping, :GraphMeta — version, lease, manifest — left out)."""
    labels = graph.read_tx(lambda tx: tx.run(
        "MATCH (n) WHERE NOT n:GraphMeta UNWIND labels(n) AS l RETURN l, count(*) AS c").data())
    rels = graph.read_tx(lambda tx: tx.run(
        "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c").data())
    return Counter({r["l"]: r["c"] for r in labels}), Counter({r["t"]: r["c"] for r in rels})


def snapshot(graph: Graph, except_origin: str = "") -> tuple[list, list]:
    """Every node (labels, properties) and relationship (ends, type, properties), sorted: two
    snapshots are equal only when the graphs are. Optionally leaves out what comes from one
    fact file (nodes and links of that origin, and the links of its statement nodes)."""
    def dump(props: dict) -> str:
        return json.dumps(props, sort_keys=True, ensure_ascii=False, default=str)

    nodes = graph.read_tx(lambda tx: tx.run(
        "MATCH (n) WHERE coalesce(n.origin, '') <> $o AND NOT n:GraphMeta RETURN labels(n) AS l, properties(n) AS p",
        o=except_origin).data())
    rels = graph.read_tx(lambda tx: tx.run(
        "MATCH (a)-[r]->(b) WHERE coalesce(r.origin, a.origin, '') <> $o "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p", o=except_origin).data())
    return (sorted((tuple(sorted(n["l"])), dump(n["p"])) for n in nodes),
            sorted((r["a"], r["t"], r["b"], dump(r["p"])) for r in rels))


def graph_hash(graph: Graph) -> str:
    """A hash of every label, property, relationship end and type of the knowledge graph."""
    import hashlib
    return hashlib.sha256(json.dumps(snapshot(graph), ensure_ascii=False).encode()).hexdigest()


def statement(graph: Graph, id_: str) -> dict | None:
    rows = graph.read_tx(lambda tx: tx.run(
        "MATCH (s:Statement {id: $id}) RETURN properties(s) AS p", id=id_).data())
    return rows[0]["p"] if rows else None


def count_of(graph: Graph, cypher: str, **params) -> int:
    return graph.read_tx(lambda tx: tx.run(cypher, params).single()[0])


# ----------------------------------------------------------------------------------------
# Editing a copy of the data folder as a curator would, line by line
# ----------------------------------------------------------------------------------------

def copy_data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def fact_path(data_dir: Path, origin: str) -> Path:
    return data_dir / "facts" / f"{origin}.yaml"


def _block(lines: list[str], item_id: str) -> tuple[int, int]:
    """Lines [start, end) of the list item `  - id: item_id` (block style) or `  - {id: item_id, ...}`."""
    head = re.compile(rf"^  - (\{{)?id: {re.escape(item_id)}[,}}\s]")
    for i, line in enumerate(lines):
        if head.match(line + "\n"):
            end = i + 1
            while end < len(lines) and lines[end].startswith("    "):
                end += 1
            return i, end
    raise AssertionError(f"no list item with id {item_id}")


def delete_item(path: Path, item_id: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end = _block(lines, item_id)
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


def edit_item(path: Path, item_id: str, old: str, new: str) -> None:
    """Replace the regex `old` by `new` inside one list item (exactly once)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end = _block(lines, item_id)
    block, n = re.subn(old, new, "\n".join(lines[start:end]), count=1, flags=re.M)
    assert n == 1, f"{old!r} not found in {item_id}"
    path.write_text("\n".join(lines[:start] + block.split("\n") + lines[end:]), encoding="utf-8")


def awarded_with_year(data_dir: Path, origin: str) -> dict:
    for f in all_facts(data_dir):
        if f["origin"] == origin and f["predicate"] == "awarded" and isinstance((f.get("qualifiers") or {}).get("year"), int):
            return f
    raise AssertionError(f"{origin} has no awarded fact with a year")


def change_year(data_dir: Path, fact: dict, delta: int = -3) -> int:
    new_year = fact["qualifiers"]["year"] + delta
    edit_item(fact_path(data_dir, fact["origin"]), fact["id"], r"^(\s+year: )\d{4}$", rf"\g<1>{new_year}")
    return new_year


def referenced_ids(facts: list[dict]) -> Counter:
    onto = ontology.load()
    refs = Counter()
    for f in facts:
        refs[f["subject"]] += 1
        if not onto.predicates[f["predicate"]].literal_object:
            refs[str(f["object"])] += 1
        if (f.get("qualifiers") or {}).get("conferrer"):
            refs[f["qualifiers"]["conferrer"]] += 1
    return refs


def leaf_link(data_dir: Path, origin: str) -> tuple[dict, dict]:
    """A structural fact of `origin` whose object is declared in the same file (block style)
    and referenced by no other fact: deleting both leaves a valid folder."""
    onto = ontology.load()
    facts = all_facts(data_dir)
    refs = referenced_ids(facts)
    declared = {e["id"]: e for e in fact_files(data_dir)[origin].get("entities") or []}
    text = fact_path(data_dir, origin).read_text(encoding="utf-8")
    for f in facts:
        obj = str(f["object"])
        if (f["origin"] == origin and onto.predicates[f["predicate"]].structural and refs[obj] == 1
                and obj in declared and f"  - id: {obj}\n" in text):
            return f, declared[obj]
    raise AssertionError(f"{origin} has no structural fact to a leaf entity")


def a_milestone(data_dir: Path, origin: str) -> dict:
    return next(f for f in all_facts(data_dir) if f["origin"] == origin and f["predicate"] == "milestone")


def curate_changes(data_dir: Path, origin: str = "A003") -> dict:
    """Edit a year, delete a structural fact with its now unreferenced entity, delete a
    milestone: what a curator does between two loads."""
    awarded = awarded_with_year(data_dir, origin)
    link, entity = leaf_link(data_dir, origin)
    milestone = a_milestone(data_dir, origin)
    new_year = change_year(data_dir, awarded)
    path = fact_path(data_dir, origin)
    delete_item(path, link["id"])
    delete_item(path, entity["id"])
    delete_item(path, milestone["id"])
    return {"awarded": awarded, "new_year": new_year, "link": link, "entity": entity, "milestone": milestone}


def cli_env(neo4j_settings, data_dir: Path) -> dict[str, str]:
    return dict(os.environ, NEO4J_URI=neo4j_settings.uri, NEO4J_USER=neo4j_settings.neo4j_user,
                NEO4J_PASSWORD=neo4j_settings.neo4j_password, NEO4J_DATABASE=neo4j_settings.neo4j_database,
                HKG_DATA_DIR=str(data_dir), COLUMNS="200")


# ----------------------------------------------------------------------------------------
# 1. A load builds exactly the graph the fact files describe
# ----------------------------------------------------------------------------------------

def test_loading_the_real_data_gives_the_nodes_and_relationships_the_fact_files_describe(empty_graph: Graph):
    summary = load(empty_graph, DATA)

    labels, rels = counts(empty_graph)
    want_labels, want_rels = expected_counts(DATA)
    assert labels == want_labels
    assert rels == want_rels
    assert labels["Article"] == 5
    assert labels["Entity"] == sum(len(d.get("entities") or []) for d in fact_files(DATA).values())
    assert labels["Statement"] + sum(want_rels[t] for t in ontology.load().structural_rel_types) \
        == len(all_facts(DATA)) == summary.facts

    # Into an empty graph everything is created, nothing else.
    want_nodes, want_links = expected_created(DATA)
    assert summary.nodes.created == want_nodes
    assert summary.relationships.created == want_links
    for change in (summary.nodes, summary.relationships):
        assert not (change.updated or change.deleted or change.unchanged)
    assert summary.changed and not summary.dry_run


def test_loading_twice_changes_nothing_the_second_time(empty_graph: Graph):
    load(empty_graph, DATA)
    before = snapshot(empty_graph)

    second = load(empty_graph, DATA)

    assert snapshot(empty_graph) == before
    assert second.changed is False
    for change in (second.nodes, second.relationships):
        assert sum(change.created.values()) == sum(change.updated.values()) == sum(change.deleted.values()) == 0
    want_nodes, want_links = expected_created(DATA)
    assert second.nodes.unchanged == want_nodes
    assert second.relationships.unchanged == want_links


# ----------------------------------------------------------------------------------------
# 2. Reloading after curation: edits replace, removals delete
# ----------------------------------------------------------------------------------------

def test_reload_after_an_edit_and_a_removal_updates_and_deletes_exactly_those(empty_graph: Graph, tmp_path: Path):
    load(empty_graph, DATA)
    labels_before, rels_before = counts(empty_graph)
    data = copy_data(tmp_path)
    ch = curate_changes(data)
    onto = ontology.load()
    rel_type = onto.predicates[ch["link"]["predicate"]].rel_type
    milestone_sources = 1 + len(ch["milestone"].get("also") or [])

    summary = load(empty_graph, data)

    # The summary says what happened, per class and per relationship type.
    assert summary.nodes.updated == Counter({"HonourConferral": 1})
    assert summary.nodes.deleted == Counter({ch["entity"]["type"]: 1, "Milestone": 1})
    assert not summary.nodes.created
    assert summary.relationships.deleted == Counter({rel_type: 1})
    assert not summary.relationships.created and not summary.relationships.updated

    # The graph reflects the edit ...
    node = statement(empty_graph, ch["awarded"]["id"])
    assert node is not None and node["year"] == ch["new_year"]
    assert count_of(empty_graph, "MATCH (:Statement {id: $id})-[:CITES]->(:Article) RETURN count(*)",
                    id=ch["awarded"]["id"]) == 1 + len(ch["awarded"].get("also") or [])
    # ... and the removals.
    assert statement(empty_graph, ch["milestone"]["id"]) is None
    assert count_of(empty_graph, "MATCH ()-[r {fact_id: $id}]->() RETURN count(r)", id=ch["link"]["id"]) == 0
    assert count_of(empty_graph, "MATCH (n:Entity {id: $id}) RETURN count(n)", id=ch["entity"]["id"]) == 0

    # Counts drop by exactly what was removed, and match the edited files.
    labels, rels = counts(empty_graph)
    assert labels == expected_counts(data)[0]
    assert rels == expected_counts(data)[1]
    want_labels = labels_before - Counter(onto.labels(ch["entity"]["type"])) - Counter(["Statement", "Milestone"])
    assert labels == want_labels
    want_rels = rels_before - Counter({rel_type: 1, "ABOUT": 1, "CITES": milestone_sources})
    assert rels == want_rels

    # And a third load of the same folder is a no-op.
    assert load(empty_graph, data).changed is False


def test_reloading_one_article_touches_only_that_articles_facts(empty_graph: Graph, tmp_path: Path):
    load(empty_graph, DATA)
    others_before = snapshot(empty_graph, except_origin="A003")
    data = copy_data(tmp_path)
    mine = awarded_with_year(data, "A003")
    my_year = change_year(data, mine)
    theirs = awarded_with_year(data, "A002")
    change_year(data, theirs)
    gone_elsewhere = a_milestone(data, "A002")
    delete_item(fact_path(data, "A002"), gone_elsewhere["id"])

    summary = load(empty_graph, data, paths=[Path("A003")])

    a003_facts = [f for f in all_facts(data) if f["origin"] == "A003"]
    assert summary.facts == len(a003_facts)
    assert summary.nodes.updated == Counter({"HonourConferral": 1})
    assert not summary.nodes.deleted and not summary.relationships.deleted
    assert statement(empty_graph, mine["id"])["year"] == my_year
    # The other articles' facts are as they were, the changes made to them in their files not applied.
    assert statement(empty_graph, theirs["id"])["year"] == theirs["qualifiers"]["year"]
    assert statement(empty_graph, gone_elsewhere["id"]) is not None
    assert snapshot(empty_graph, except_origin="A003") == others_before

    # A full load then syncs the rest.
    full = load(empty_graph, data)
    assert full.nodes.updated == Counter({"HonourConferral": 1})
    assert full.nodes.deleted == Counter({"Milestone": 1})
    assert statement(empty_graph, theirs["id"])["year"] == theirs["qualifiers"]["year"] - 3
    assert statement(empty_graph, gone_elsewhere["id"]) is None


def test_reloading_a_fact_file_that_does_not_exist_is_refused(empty_graph: Graph):
    load(empty_graph, DATA)
    before = snapshot(empty_graph)
    with pytest.raises(InvalidFacts) as err:
        load(empty_graph, DATA, paths=[Path("A999")])
    assert "no such fact file" in str(err.value.problems[0])
    assert snapshot(empty_graph) == before


# ----------------------------------------------------------------------------------------
# 3. All or nothing
# ----------------------------------------------------------------------------------------

def test_an_invalid_fact_file_is_refused_and_nothing_is_written(empty_graph: Graph, tmp_path: Path):
    load(empty_graph, DATA)
    before = snapshot(empty_graph)
    data = copy_data(tmp_path)
    curate_changes(data, "A002")                        # valid changes in one file ...
    victim = next(f for f in all_facts(data) if f["origin"] == "A003" and "quote" in f)
    edit_item(fact_path(data, "A003"), victim["id"], r"^(\s+quote: '?)\S", r"\g<1>篡")   # ... a quote altered in another

    with pytest.raises(InvalidFacts) as err:
        load(empty_graph, data)

    problems = err.value.problems
    assert [p.subject for p in problems] == [victim["id"]]
    assert "quote not found in article A003" in problems[0].message
    assert problems[0].file.endswith("A003.yaml") and problems[0].line > 0
    assert snapshot(empty_graph) == before


class _Boom(RuntimeError):
    pass


def _fail_in_statement_upsert(monkeypatch) -> type[Exception]:
    """The statements of one predicate are written with broken Cypher."""
    real_render = queries.render

    def render(name: str, **identifiers: str) -> str:
        text = real_render(name, **identifiers)
        if name == "load/upsert_statements" and identifiers.get("labels", "").endswith("Milestone"):
            return text + "\nRETURN this is not cypher("
        return text

    monkeypatch.setattr(queries, "render", render)
    return neo4j.exceptions.CypherSyntaxError


def _fail_before_last_batch(monkeypatch) -> type[Exception]:
    """The progress callback raises when every batch but the last has been written."""
    real_load = load_module.load

    def tick(done: int, total: int) -> None:
        if done >= total - 1:
            raise _Boom(f"stopped after {done} of {total} batches")

    monkeypatch.setattr(load_module, "load", lambda *a, **kw: real_load(*a, progress=tick, **kw))
    return _Boom


@pytest.mark.parametrize("make_it_fail", [_fail_in_statement_upsert, _fail_before_last_batch],
                         ids=["bad-cypher-for-one-predicate", "error-before-last-batch"])
def test_a_failure_part_way_through_the_write_rolls_everything_back(empty_graph: Graph, tmp_path: Path,
                                                                    monkeypatch, make_it_fail):
    load(empty_graph, DATA)
    data = copy_data(tmp_path)
    ch = curate_changes(data)                           # deletions and an update to roll back too
    error = make_it_fail(monkeypatch)

    # Start from a graph that needs deleting, updating and creating.
    empty_graph.write_tx(lambda tx: tx.run("MATCH (s:Statement {origin: 'A000'}) DETACH DELETE s").consume())
    before = snapshot(empty_graph)

    with pytest.raises(error):
        load_module.load(empty_graph, data, full=True)     # full: the graph was edited behind the manifest

    assert snapshot(empty_graph) == before
    assert statement(empty_graph, ch["awarded"]["id"])["year"] == ch["awarded"]["qualifiers"]["year"]
    assert statement(empty_graph, ch["milestone"]["id"]) is not None

    monkeypatch.undo()
    ok = load(empty_graph, data, full=True)             # the same load, unhindered, goes through
    assert ok.nodes.updated == Counter({"HonourConferral": 1})
    assert counts(empty_graph) == expected_counts(data)


def _transactions(graph: Graph) -> list[dict]:
    """The server's open transactions other than the one asking."""
    return graph.read_tx(lambda tx: tx.run(
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE NOT currentQuery STARTS WITH 'SHOW' "
        "RETURN transactionId, currentQuery").data())


# One transaction (the defaults: 13k rows), or the batched route (new items in committed
# batches of 500 rows under a load id, changes and deletions in the final transaction).
KILL_MODES = {"one-transaction": {}, "batched": {"HKG_LOAD_SINGLE_TX_ROWS": "1000", "HKG_LOAD_BATCH_ROWS": "500"}}


@pytest.mark.slow
@pytest.mark.parametrize("mode", KILL_MODES)
def test_killing_the_load_process_mid_write_leaves_the_graph_as_it_was(empty_graph: Graph, tmp_path: Path,
                                                                       neo4j_settings, mode: str):
    load(empty_graph, DATA)
    before = snapshot(empty_graph)
    version_before = graph_version(empty_graph)
    big = tmp_path / "big"
    # Validation (pure-Python YAML) is the slow part of this size: ~10k facts keep the test
    # well under a minute while the write transaction still runs for seconds.
    sizes = write_synthetic(big, articles=10)
    assert sizes == {"entities": 3320, "facts": 10000}

    proc = subprocess.Popen([str(HKG), "load", "--quiet", "--allow-deletions"], cwd=tmp_path,
                            env={**cli_env(neo4j_settings, big), **KILL_MODES[mode]},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # Wait until the loader's one write transaction is writing statements: by then it has
        # deleted the real data's facts and entities and created the synthetic entities and links.
        deadline = time.monotonic() + 90
        writing = None
        while writing is None and proc.poll() is None and time.monotonic() < deadline:
            writing = next((t for t in _transactions(empty_graph)
                            if "MERGE (st:Statement" in t["currentQuery"]), None)
            time.sleep(0.05)
        assert writing is not None, f"never saw the load write (exit code {proc.poll()}, {proc.stderr.read() if proc.poll() is not None else ''})"
        assert proc.poll() is None, "the load finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()

    # The server notices the dropped connection and rolls the transaction back.
    deadline = time.monotonic() + 60
    while any(t["transactionId"] == writing["transactionId"] for t in _transactions(empty_graph)):
        assert time.monotonic() < deadline, "the killed load's transaction is still open"
        time.sleep(0.1)
    synthetic = "MATCH (n) WHERE n.id STARTS WITH 'S0' OR n.id CONTAINS '-syn-' RETURN count(n)"
    if mode == "one-transaction":
        assert snapshot(empty_graph) == before
        assert count_of(empty_graph, synthetic) == 0
    else:
        # Committed batches of new items are visible until undone, each recorded in the load's
        # journal; nothing of the real data was changed or deleted, and the version did not move.
        journaled = empty_graph.read_tx(lambda tx: tx.run(
            "MATCH (b:GraphMeta) WHERE b.id STARTS WITH 'load:' AND b.ids IS NOT NULL "
            "UNWIND b.ids AS id RETURN collect(id) AS ids").single()["ids"])
        assert journaled and count_of(empty_graph, synthetic) > 0
        assert count_of(empty_graph, "MATCH (n:Entity) WHERE n.id CONTAINS '-syn-' AND NOT n.id IN $ids "
                                     "RETURN count(n)", ids=journaled) == 0
        assert {p for _, p in before[0]} <= {p for _, p in snapshot(empty_graph)[0]}
        assert graph_version(empty_graph) == version_before
    # The killed load's lease is still there, naming it; it runs out by itself (no stale lock
    # to clear by hand), and a load that waits for it goes through, undoing what is left.
    with pytest.raises(LockHeld) as held:
        load(empty_graph, DATA, full=True)
    assert "hkg load (pid" in str(held.value)
    assert load(empty_graph, DATA, wait=lock_module.TTL + 10, full=True).changed is False
    assert snapshot(empty_graph) == before
    assert count_of(empty_graph, synthetic) == 0
    assert count_of(empty_graph, "MATCH (j:GraphMeta) WHERE j.id STARTS WITH 'load:' RETURN count(j)") == 0


# ----------------------------------------------------------------------------------------
# 4. Provenance and schema
# ----------------------------------------------------------------------------------------

def test_every_fact_in_the_graph_carries_its_quotes_at_their_offsets(empty_graph: Graph):
    load(empty_graph, DATA)
    onto = ontology.load()
    texts = {r["id"]: r["text"] for r in empty_graph.read_tx(
        lambda tx: tx.run("MATCH (a:Article) RETURN a.id AS id, a.text AS text").data())}
    assert texts == {p.stem: p.read_text(encoding="utf-8") for p in (DATA / "articles").glob("*.txt")}

    links = empty_graph.read_tx(lambda tx: tx.run(
        "MATCH ()-[r]->() WHERE type(r) IN $types RETURN type(r) AS t, properties(r) AS p",
        types=onto.structural_rel_types).data())
    assert len(links) == sum(onto.predicates[f["predicate"]].structural for f in all_facts(DATA))
    for link in links:
        p = link["p"]
        assert p.get("fact_id"), link
        assert p["articles"] and p["quotes"], p["fact_id"]
        assert len(p["articles"]) == len(p["quotes"]) == len(p["starts"]) == len(p["ends"])
        for art, quote, start, end in zip(p["articles"], p["quotes"], p["starts"], p["ends"]):
            assert texts[art][start:end] == quote, p["fact_id"]

    cited = empty_graph.read_tx(lambda tx: tx.run(
        "MATCH (s:Statement) OPTIONAL MATCH (s)-[c:CITES]->(a:Article) "
        "RETURN s.id AS id, s.articles AS articles, "
        "collect(CASE WHEN a IS NULL THEN null ELSE {article: a.id, text: a.text, quote: c.quote, start: c.start, end: c.end} END) AS cites").data())
    facts = {f["id"]: f for f in all_facts(DATA)}
    assert len(cited) == sum(not onto.predicates[f["predicate"]].structural for f in facts.values())
    for row in cited:
        assert row["cites"], f"{row['id']} cites no article"
        fact = facts[row["id"]]
        want = [(fact["origin"], str(fact["quote"]))] + [(s["article"], str(s["quote"])) for s in fact.get("also") or []]
        assert sorted((c["article"], c["quote"]) for c in row["cites"]) == sorted(want)
        assert sorted(row["articles"]) == sorted(a for a, _ in want)
        for c in row["cites"]:
            assert c["quote"] and c["text"][c["start"]:c["end"]] == c["quote"], row["id"]


def test_a_load_creates_the_constraints_and_the_full_text_indexes(empty_graph: Graph):
    load(empty_graph, DATA)
    constraints = empty_graph.read_tx(lambda tx: tx.run(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties").data())
    unique = {(c["labelsOrTypes"][0], tuple(c["properties"])) for c in constraints if c["type"] == "UNIQUENESS"}
    assert {("Entity", ("id",)), ("Statement", ("id",)), ("Article", ("id",))} <= unique

    indexes = {i["name"]: i for i in empty_graph.read_tx(lambda tx: tx.run(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options, state").data())}
    zh, en = indexes["entity_names_zh"], indexes["entity_names_en"]
    assert zh["type"] == en["type"] == "FULLTEXT"
    assert zh["state"] == en["state"] == "ONLINE"
    assert zh["labelsOrTypes"] == en["labelsOrTypes"] == ["Entity"]
    assert zh["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
    assert en["options"]["indexConfig"]["fulltext.analyzer"] == "standard-folding"
    assert set(zh["properties"]) == {"name_zh", "search_zh"}
    assert set(en["properties"]) == {"name_en", "search_en"}
    for rel_type in ontology.load().structural_rel_types:
        idx = indexes[f"rel_{rel_type.lower()}_fact_id"]
        assert idx["labelsOrTypes"] == [rel_type] and idx["properties"] == ["fact_id"]

    # The indexes answer: a hospital is found by a Chinese short name and by its English name.
    found = empty_graph.read_tx(lambda tx: tx.run(
        "CALL db.index.fulltext.queryNodes('entity_names_zh', '济南妇幼') YIELD node RETURN node.id AS id").data())
    assert "hosp-jinan-mch" in [r["id"] for r in found]
    found = empty_graph.read_tx(lambda tx: tx.run(
        "CALL db.index.fulltext.queryNodes('entity_names_en', 'guilin maternal') YIELD node RETURN node.id AS id").data())
    assert "hosp-guilin-mch" in [r["id"] for r in found]


# ----------------------------------------------------------------------------------------
# 5. The command
# ----------------------------------------------------------------------------------------

def test_hkg_load_dry_run_prints_what_would_change_and_writes_nothing(empty_graph: Graph, tmp_path: Path,
                                                                      neo4j_settings):
    load(empty_graph, DATA)
    before = snapshot(empty_graph)
    data = copy_data(tmp_path)
    ch = curate_changes(data)

    out = subprocess.run([str(HKG), "load", "--dry-run"], env=cli_env(neo4j_settings, data), cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)

    assert out.returncode == 0, out.stderr
    assert snapshot(empty_graph) == before
    assert f"dry run: what a load would change ({len(all_facts(data))} facts)" in out.stdout
    rows = {}
    for line in out.stdout.splitlines():
        cells = [c.strip() for c in re.split(r"[│|┃]", line)[1:-1]]
        if len(cells) == 6 and cells[0] in ("nodes", "relationships"):
            rows[cells[0], cells[1]] = tuple(map(int, cells[2:]))
    rel_type = ontology.load().predicates[ch["link"]["predicate"]].rel_type
    want_nodes = expected_created(data)[0]
    assert rows["nodes", "HonourConferral"] == (0, 1, 0, want_nodes["HonourConferral"] - 1)
    assert rows["nodes", "Milestone"] == (0, 0, 1, want_nodes["Milestone"])
    assert rows["nodes", ch["entity"]["type"]][2] == 1
    assert rows["relationships", rel_type][2] == 1
    assert rows["nodes", "Article"] == (0, 0, 0, 5)


# ----------------------------------------------------------------------------------------
# 6. Strict files: a bad file, or a load that would wipe an article, changes nothing
# ----------------------------------------------------------------------------------------

def test_every_file_of_the_bad_file_corpus_is_refused_with_file_and_line_and_the_graph_unchanged(
        empty_graph: Graph, tmp_path: Path):
    load(empty_graph, DATA)
    before = graph_hash(empty_graph)
    data = copy_data(tmp_path)
    path = fact_path(data, "A004")
    good = path.read_text(encoding="utf-8")
    for bad in CORPUS:
        text = bad.edit(good)
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidFacts) as err:
            load(empty_graph, data)
        mine = [p for p in err.value.problems if p.file.endswith("A004.yaml")]
        assert mine, f"{bad.name}: {err.value.problems[:3]}"
        assert (mine[0].line, bad.message in mine[0].message) == (corpus_line(text, bad.needle), True), \
            f"{bad.name}: {mine[0]}"
        assert graph_hash(empty_graph) == before, bad.name


def test_a_load_deleting_more_than_10_facts_of_an_article_is_refused_unless_allowed(empty_graph: Graph,
                                                                                   tmp_path: Path):
    load(empty_graph, DATA)
    before = graph_hash(empty_graph)
    data = copy_data(tmp_path)
    gone = [f for f in all_facts(data) if f["origin"] == "A000" and f["predicate"] in ("milestone", "figure")][:11]
    assert len(gone) == 11
    for f in gone:
        delete_item(fact_path(data, "A000"), f["id"])

    with pytest.raises(MassDeletion) as err:
        load(empty_graph, data)
    [problem] = err.value.problems
    assert problem.file.endswith("A000.yaml") and problem.subject == "A000"
    assert "would delete 11 of the" in problem.message and "--allow-deletions" in problem.message
    assert graph_hash(empty_graph) == before

    summary = load(empty_graph, data, allow_deletions=True)
    assert sum(summary.nodes.deleted.values()) + sum(summary.relationships.deleted.values()) == 11
    assert counts(empty_graph) == expected_counts(data)


def test_a_fact_file_removed_from_the_folder_is_not_an_article_retracted(empty_graph: Graph, tmp_path: Path):
    load(empty_graph, DATA)
    before = graph_hash(empty_graph)
    data = copy_data(tmp_path)
    fact_path(data, "A004").unlink()
    with pytest.raises(MassDeletion) as err:
        load(empty_graph, data)
    assert "hkg retract A004" in err.value.problems[0].message
    assert graph_hash(empty_graph) == before


def test_retracting_an_article_leaves_the_graph_a_clean_load_without_it_gives(empty_graph: Graph, tmp_path: Path):
    without = copy_data(tmp_path / "without")
    fact_path(without, "A004").unlink()
    load(empty_graph, without)
    want = snapshot(empty_graph)

    data = copy_data(tmp_path)
    wipe_and_load = load(empty_graph, data, allow_deletions=True)
    assert wipe_and_load.nodes.created["Article"] == 1
    summary = retract(empty_graph, data, "A004")

    assert snapshot(empty_graph) == want
    assert summary.nodes.deleted["Article"] == 1
    assert not fact_path(data, "A004").exists()
    assert (data / "retracted" / "A004.yaml").read_text(encoding="utf-8") == fact_path(DATA, "A004").read_text(encoding="utf-8")
    assert load(empty_graph, data).changed is False      # the next load does not bring it back


def test_an_article_whose_entities_other_files_use_cannot_be_retracted(empty_graph: Graph, tmp_path: Path):
    data = copy_data(tmp_path)
    load(empty_graph, data)
    before = graph_hash(empty_graph)
    used = next(e["id"] for e in fact_files(data)["A004"]["entities"] if e["type"] == "Hospital")
    place = next(e["id"] for e in fact_files(data)["shared"]["entities"] if e["type"] == "Place")
    with fact_path(data, "A003").open("a", encoding="utf-8") as f:
        f.write(f"  - {{id: A003-900, subject: {used}, predicate: locatedIn, object: {place}, "
                f"quote: 党建引领}}\n")
    load(empty_graph, data)
    before = graph_hash(empty_graph)

    with pytest.raises(InvalidFacts) as err:
        retract(empty_graph, data, "A004")
    assert any(p.file.endswith("A003.yaml") and p.subject == "A003-900" for p in err.value.problems)
    assert graph_hash(empty_graph) == before
    assert fact_path(data, "A004").exists()


# ----------------------------------------------------------------------------------------
# 7. One load writes at a time
# ----------------------------------------------------------------------------------------

def test_a_load_while_another_holds_the_lease_fails_at_once_naming_the_holder(empty_graph: Graph,
                                                                             tmp_path: Path):
    load(empty_graph, DATA)
    before = graph_hash(empty_graph)
    data = copy_data(tmp_path)
    curate_changes(data)
    with load_lock(empty_graph, "curator alice"):
        with pytest.raises(LockHeld) as err:
            load(empty_graph, data, wait=0)
        assert "curator alice (pid" in str(err.value)
    assert graph_hash(empty_graph) == before


def test_a_load_given_wait_goes_through_when_the_holder_finishes_in_time(empty_graph: Graph, tmp_path: Path):
    import threading
    data = copy_data(tmp_path)
    curate_changes(data)
    released = threading.Event()

    def hold() -> None:
        with load_lock(empty_graph, "a short load"):
            time.sleep(1.5)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.3)
    try:
        summary = load(empty_graph, data, wait=30)
    finally:
        holder.join()
    assert released.is_set() and summary.changed
    assert counts(empty_graph) == expected_counts(data)


def test_two_loads_at_once_leave_the_graph_a_clean_load_of_one_of_them(empty_graph: Graph, tmp_path: Path,
                                                                       neo4j_settings):
    a = copy_data(tmp_path / "a")
    b = copy_data(tmp_path / "b")
    curate_changes(b)
    clean = {}
    for name, folder in (("a", a), ("b", b)):
        wipe(empty_graph)
        load(empty_graph, folder)
        clean[name] = graph_hash(empty_graph)
    assert clean["a"] != clean["b"]

    wipe(empty_graph)
    procs = {name: subprocess.Popen([str(HKG), "load", "--quiet", "--wait", "120"], cwd=tmp_path,
                                    env=cli_env(neo4j_settings, folder), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
             for name, folder in (("a", a), ("b", b))}
    outs = {name: p.communicate(timeout=300) for name, p in procs.items()}
    assert all(p.returncode == 0 for p in procs.values()), outs
    assert graph_hash(empty_graph) in (clean["a"], clean["b"])

    # Without waiting, the loser exits non-zero naming the holder and writes nothing.
    other = b if graph_hash(empty_graph) == clean["a"] else a
    with load_lock(empty_graph, "the first load"):
        out = subprocess.run([str(HKG), "load", "--quiet"], cwd=tmp_path, env=cli_env(neo4j_settings, other),
                             capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "another load is writing: the first load (pid" in out.stderr


# ----------------------------------------------------------------------------------------
# 8. Incremental: a load reads what changed, and costs what changed
# ----------------------------------------------------------------------------------------

def graph_version(graph: Graph) -> str | None:
    rows = graph.read_tx(lambda tx: tx.run("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS v").data())
    return rows[0]["v"] if rows else None


@pytest.fixture
def files_read(monkeypatch) -> list[str]:
    """The names of the fact files the loader parses (the real reader, watched)."""
    seen: list[str] = []
    real = load_module.read

    def read(path, *a, **kw):
        seen.append(Path(path).stem)
        return real(path, *a, **kw)

    monkeypatch.setattr(load_module, "read", read)
    return seen


def test_an_unchanged_reload_reads_no_file_writes_nothing_and_keeps_the_version(empty_graph: Graph,
                                                                                files_read: list[str]):
    load(empty_graph, DATA)
    version = graph_version(empty_graph)
    assert version and sorted(files_read) == sorted(p.stem for p in (DATA / "facts").glob("*.yaml"))
    files_read.clear()

    again = load(empty_graph, DATA)

    assert files_read == []
    assert again.changed is False and again.files_unchanged == 6 and again.facts == len(all_facts(DATA))
    assert again.nodes.unchanged == expected_created(DATA)[0]
    assert again.relationships.unchanged == expected_created(DATA)[1]
    assert graph_version(empty_graph) == version


def test_a_new_article_is_loaded_reading_only_its_file_and_gives_a_clean_loads_graph(
        empty_graph: Graph, tmp_path: Path, files_read: list[str]):
    load(empty_graph, DATA)
    want = snapshot(empty_graph)
    wipe(empty_graph)
    data = copy_data(tmp_path)
    a004 = fact_path(data, "A004").read_text(encoding="utf-8")
    fact_path(data, "A004").unlink()
    load(empty_graph, data)
    version = graph_version(empty_graph)
    files_read.clear()

    fact_path(data, "A004").write_text(a004, encoding="utf-8")        # the curator adds an article
    summary = load(empty_graph, data)

    assert files_read == ["A004"]           # its references to shared entities are checked in the graph
    assert summary.nodes.created["Article"] == 1 and not summary.nodes.updated and not summary.nodes.deleted
    assert summary.facts == len(all_facts(data)) and summary.files_unchanged == 5
    assert snapshot(empty_graph) == want
    assert graph_version(empty_graph) != version


def test_removing_an_entity_that_a_file_not_read_still_uses_is_refused(empty_graph: Graph, tmp_path: Path,
                                                                       files_read: list[str]):
    load(empty_graph, DATA)
    before = graph_hash(empty_graph)
    data = copy_data(tmp_path)
    refs = referenced_ids([f for f in all_facts(data) if f["origin"] == "A000"])
    shared = next(e["id"] for e in fact_files(data)["shared"]["entities"] if refs[e["id"]])
    text = fact_path(data, "shared").read_text(encoding="utf-8")
    fact_path(data, "shared").write_text(
        "\n".join(line for line in text.split("\n") if f"id: {shared}," not in line), encoding="utf-8")
    files_read.clear()

    with pytest.raises(InvalidFacts) as err:
        load(empty_graph, data)

    assert files_read == ["shared"]
    assert any(p.file == "A000" and f"uses entity {shared!r}" in p.message for p in err.value.problems), \
        err.value.problems
    assert graph_hash(empty_graph) == before


def test_a_file_read_alone_is_checked_against_the_graph_for_what_it_refers_to(empty_graph: Graph, tmp_path: Path,
                                                                              files_read: list[str]):
    load(empty_graph, DATA)
    before = graph_hash(empty_graph)
    data = copy_data(tmp_path)
    used = next(e["id"] for e in fact_files(data)["A000"]["entities"] if e["type"] == "Hospital")
    with fact_path(data, "A004").open("a", encoding="utf-8") as f:
        # A duplicate of an entity another (unread) file declares, and a reference to one nobody declares.
        f.write("  - {id: A004-900, subject: hosp-nowhere, predicate: locatedIn, object: place-china, quote: 兖州}\n")
    text = fact_path(data, "A004").read_text(encoding="utf-8").replace(
        "entities:\n", f"entities:\n  - {{id: {used}, type: Hospital, name_zh: 重复}}\n", 1)
    fact_path(data, "A004").write_text(text, encoding="utf-8")
    files_read.clear()

    with pytest.raises(InvalidFacts) as err:
        load(empty_graph, data)

    assert files_read == ["A004"]
    messages = [p.message for p in err.value.problems]
    assert "duplicate entity id (already declared by A000)" in messages
    assert "subject 'hosp-nowhere' is not a declared entity" in messages
    assert graph_hash(empty_graph) == before


def _operators(plan: dict) -> set[str]:
    ops = {plan["operatorType"].split("@")[0]}
    for child in plan.get("children", []):
        ops |= _operators(child)
    return ops


def test_the_diff_of_one_file_reads_through_indexes_never_a_scan_of_every_relationship(empty_graph: Graph):
    load(empty_graph, DATA)
    onto = ontology.load()
    plans = {}
    for rel in onto.structural_rel_types:
        text = queries.render("load/existing_links", rel_type=rel)
        plans[rel] = empty_graph.read_tx(lambda tx, t=text: tx.run("EXPLAIN " + t, origins=["A003"]).consume().plan)
    for name, params in (("load/existing_statements", {"origins": ["A003"]}),
                         ("load/existing_entities", {"origins": ["A003"], "ids": ["hosp-guilin-mch"]}),
                         ("load/existing_articles", {"ids": ["A003"]})):
        text = queries.get(name).text
        plans[name] = empty_graph.read_tx(lambda tx, t=text, p=params: tx.run("EXPLAIN " + t, p).consume().plan)
    for name, plan in plans.items():
        ops = _operators(plan)
        assert not any("AllRelationshipsScan" in op or "RelationshipTypeScan" in op or "AllNodesScan" in op
                       or "NodeByLabelScan" in op for op in ops), (name, sorted(ops))
        assert any("IndexSeek" in op or "IndexScan" in op or "Unique" in op for op in ops), (name, sorted(ops))
