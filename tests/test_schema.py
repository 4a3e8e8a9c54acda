"""The schema is applied when something of it is missing, and costs one query otherwise.

Every load applies the schema first; with every index and constraint online it runs none of
the statements (on a large graph the `IF NOT EXISTS` round and the wait for indexes cost
seconds per load). An index dropped by hand is created again by the next load.
"""

from __future__ import annotations

from graph import schema
from graph.connection import Graph


def test_the_schema_names_every_index_and_constraint_it_creates():
    stmts = schema.statements()
    assert len(schema.names(stmts)) == len(stmts)
    assert {"entity_id", "graph_meta_id", "link_sources", "hospital_id", "rel_has_unit_origin"} <= schema.names(stmts)


def test_with_everything_online_applying_the_schema_runs_no_statement(graph: Graph):
    schema.apply(graph, force=True)

    assert schema.missing(graph) == set()
    assert schema.apply(graph) == []


def test_an_index_dropped_by_hand_is_created_again_by_the_next_apply(graph: Graph):
    schema.apply(graph)
    graph.write_tx(lambda tx: tx.run("DROP INDEX place_name_en").consume())
    assert schema.missing(graph) == {"place_name_en"}

    ran = schema.apply(graph)

    assert ran == schema.statements()
    assert schema.missing(graph) == set()
