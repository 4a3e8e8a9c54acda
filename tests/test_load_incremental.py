"""Incremental loads: a load reads only the files that changed, writes only what changed,
keeps the graph version when nothing did, and a file read alone is still checked against
the graph for what it refers to."""

from __future__ import annotations

from pathlib import Path

import pytest

import ontology
import queries
from graph.connection import Graph
from loaders.load import InvalidFacts, load
from tests.conftest import wipe
from tests.load_helpers import (DATA, fact_files, all_facts, expected_created, snapshot, graph_hash, copy_data,
                                fact_path, referenced_ids, graph_version)


def test_an_unchanged_reload_reads_no_file_writes_nothing_and_keeps_the_version(empty_graph: Graph,
                                                                                files_read: list[str]):
    load(empty_graph, DATA)
    version = graph_version(empty_graph)
    assert version and sorted(files_read) == sorted(p.stem for p in (DATA / "facts").glob("*.yaml"))
    files_read.clear()

    again = load(empty_graph, DATA)

    assert files_read == []
    files = len(list((DATA / "facts").glob("*.yaml")))                 # five articles, shared, places
    assert again.changed is False and again.files_unchanged == files and again.facts == len(all_facts(DATA))
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
    assert summary.facts == len(all_facts(data))
    assert summary.files_unchanged == len(list((data / "facts").glob("*.yaml"))) - 1   # all but A004
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
