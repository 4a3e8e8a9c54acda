"""What the tests of `hkg load` share: the graph the fact files describe, computed without
the loader (from the YAML and the ontology); what the graph holds (counts, a snapshot and a
hash of every property); editing a copy of the data folder as a curator would."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import yaml

import ontology
from graph.connection import Graph


ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HKG = ROOT / ".venv" / "bin" / "hkg"


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


def open_transactions(graph: Graph) -> list[dict]:
    """The server's open transactions other than the one asking."""
    return graph.read_tx(lambda tx: tx.run(
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE NOT currentQuery STARTS WITH 'SHOW' "
        "RETURN transactionId, currentQuery").data())


def graph_version(graph: Graph) -> str | None:
    rows = graph.read_tx(lambda tx: tx.run("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS v").data())
    return rows[0]["v"] if rows else None
