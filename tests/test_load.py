"""`hkg load`: curated fact files -> Neo4j, checked against a real server.

The expected graph is computed independently of the loader (tests/load_helpers.py), from the YAML
(yaml.safe_load) and the ontology: one node per entity (with its superclass labels), per
statement fact and per article; one relationship per structural fact; per statement fact
a link to its subject, to its object (unless the object is a literal), to its conferrer and
one CITES per quoted source.

Here: a load builds exactly that graph, reloads after curation, provenance and schema, the
command. Refusals and rollbacks: test_load_refusals.py; incremental loads:
test_load_incremental.py; a killed load, concurrent loads, the lease and the bad-file corpus,
on the fault suite's own Neo4j: tests/faults/test_load_faults.py.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

import ontology
from graph.connection import Graph
from loaders.load import InvalidFacts, load
from tests.load_helpers import (DATA, HKG, fact_files, all_facts, expected_counts, expected_created, counts, snapshot,
                                statement, count_of, copy_data, fact_path, delete_item, awarded_with_year,
                                change_year, a_milestone, curate_changes, cli_env)


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
        if p.get("dataset"):
            # Read from a dataset (places.yaml): it cites the dataset's version, never a quote.
            assert p["dataset_version"] and "quotes" not in p and "articles" not in p, p["fact_id"]
            continue
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
