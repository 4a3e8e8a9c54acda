"""Constraints and indexes, applied idempotently before each load."""

from __future__ import annotations

import ontology
import queries
from graph.connection import Graph
from ontology import snake as snake_case


def apply(graph: Graph) -> list[str]:
    """Create what is missing; returns the statements run. Schema commands cannot share a
    transaction with writes, so each runs in its own (they are all IF NOT EXISTS)."""
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
    for stmt in stmts:
        graph.write_tx(lambda tx, s=stmt: tx.run(s).consume())
    graph.write_tx(lambda tx: tx.run(queries.get("schema/await").text).consume())
    return stmts
