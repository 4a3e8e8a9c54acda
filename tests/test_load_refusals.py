"""`hkg load` refuses, and changes nothing: an invalid file (one problem anywhere refuses the
whole folder), a failure part-way through the write (all rolled back), a load that would
delete too much of an article; and retracting an article is a command of its own.
The bad-file corpus, a killed load and concurrent loads: tests/faults/test_load_faults.py."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import neo4j.exceptions
import pytest

import queries
from graph.connection import Graph
from loaders import load as load_module
from loaders.load import InvalidFacts, MassDeletion, load
from loaders.retract import retract
from tests.load_helpers import (DATA, fact_files, all_facts, expected_counts, counts, snapshot, graph_hash, statement,
                                copy_data, fact_path, delete_item, edit_item, curate_changes)


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
