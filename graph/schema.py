"""Constraints and indexes, applied idempotently before each load.

A load first asks which of them are online (one `SHOW INDEXES`); when every one the schema
names is, it runs none of the statements: on a large graph even an `IF NOT EXISTS` per index
and the wait for indexes cost seconds on every load."""

from __future__ import annotations

import re

import ontology
import queries
from graph.connection import Graph
from ontology import snake as snake_case

# The name every schema statement gives its index or constraint.
_NAME = re.compile(r"CREATE\s+(?:\w+\s+)?(?:CONSTRAINT|INDEX)\s+(\w+)\s+IF\s+NOT\s+EXISTS", re.IGNORECASE)


def statements() -> list[str]:
    """Every schema statement, from queries/schema and the ontology."""
    onto = ontology.load()
    stmts = queries.statements("schema/constraints")
    for rel_type in onto.structural_rel_types:
        stmts.append(queries.render("schema/rel_fact_index", rel_type=rel_type,
                                    index_name=f"rel_{rel_type.lower()}_fact_id"))
        # The loader's diff reads a file's links by origin.
        stmts.append(queries.render("schema/rel_prop_index", rel_type=rel_type, prop="origin",
                                    index_name=f"rel_{rel_type.lower()}_origin"))
    # A link found by its fact id or by an article it cites (evidence, article pages).
    stmts.append(queries.render("schema/link_sources_index", rel_types="|".join(onto.structural_rel_types)))
    # Per-class id indexes: `(:Hospital {id})` and id-ordered pages of one class seek, not scan.
    for label in onto.entity_types:
        stmts.append(queries.render("schema/label_id_index", label=label, index_name=f"{snake_case(label)}_id"))
    return stmts


def names(stmts: list[str]) -> set[str] | None:
    """The index and constraint names the statements create (None if one has no name)."""
    found = [_NAME.search(s) for s in stmts]
    return None if not all(found) else {m.group(1) for m in found}


def missing(graph: Graph, stmts: list[str] | None = None) -> set[str] | None:
    """Names of the schema's indexes and constraints that are not online (None: unknown)."""
    wanted = names(stmts if stmts is not None else statements())
    if wanted is None:
        return None
    return wanted - {r["name"] for r in graph.read("schema/online")}


def apply(graph: Graph, *, force: bool = False) -> list[str]:
    """Create what is missing; returns the statements run (none when every index and
    constraint is already online, unless `force`). The statements (all IF NOT EXISTS) share
    one transaction, with no data write, so that Neo4j can populate the indexes it creates
    together rather than one store scan per index (after a bulk import, index population is
    most of the schema's time)."""
    stmts = statements()
    if not force and missing(graph, stmts) == set():
        return []

    def create(tx) -> None:
        for stmt in stmts:
            tx.run(stmt).consume()
    graph.write_tx(create)
    graph.write_tx(lambda tx: tx.run(queries.get("schema/await").text).consume())
    return stmts
