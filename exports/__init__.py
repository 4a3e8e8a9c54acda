"""Linked data and analytics over the graph: RDF (Turtle, JSON-LD), SPARQL, GraphML, CSV
(plain and neo4j-admin import layout) and networkx analytics.

Everything is derived from one `Snapshot` of the graph read from Neo4j with the named
queries in queries/export/, cached until the graph changes (see exports.snapshot).
"""
