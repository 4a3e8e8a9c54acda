"""Linked data and analytics against a real Neo4j holding the curated data: RDF (Turtle,
JSON-LD) checked by rdflib, raptor's rapper and pySHACL (SPARQL: tests/test_sparql.py); networkx analytics;
GraphML; CSV and neo4j-admin CSVs; the CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import networkx
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib import RDF, Literal
from rdflib.namespace import XSD as XSD_NS

from api.main import create_app
from exports import rdf as rdf_export
from graph.config import Settings
from graph.connection import Graph
from loaders.load import load
from ontology import HKG, ID, PROV
from tests.built import ask_for_all, get_built

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
JINAN = "hosp-jinan-mch"
SHAN = "person-shan-ruiping"


def reload(graph: Graph, data_dir: Path = DATA_DIR) -> None:
    load(graph, data_dir)


@pytest.fixture(scope="module")
def client(graph: Graph, neo4j_settings: Settings) -> Iterator[TestClient]:
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    reload(graph)
    with TestClient(create_app(neo4j_settings)) as c:
        ask_for_all(c)  # whole-graph exports and analytics build in the background meanwhile
        yield c


@pytest.fixture(scope="module")
def turtle(client) -> bytes:
    r = get_built(client, "/export/graph.ttl")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/turtle")
    return r.content


@pytest.fixture(scope="module")
def rdf_graph(turtle) -> rdflib.Graph:
    return rdflib.Graph().parse(data=turtle, format="turtle")


def counts(graph: Graph) -> tuple[int, int]:
    n = graph.read_tx(lambda tx: tx.run("MATCH (n) WHERE n:Entity OR n:Statement OR n:Article RETURN count(n) AS c").single()["c"])
    r = graph.read_tx(lambda tx: tx.run("MATCH (s)-[r]->(o) WHERE (s:Entity OR s:Statement) RETURN count(r) AS c").single()["c"])
    return n, r


# --- RDF ----------------------------------------------------------------------------------

def test_turtle_parses_in_rapper(turtle, tmp_path):
    rapper = shutil.which("rapper")
    assert rapper, "rapper (Debian raptor2-utils) is required: `make system-deps` or apt-get install raptor2-utils"
    f = tmp_path / "graph.ttl"
    f.write_bytes(turtle)
    p = subprocess.run([rapper, "-i", "turtle", "-c", str(f)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "Parsing returned" in p.stderr and "triples" in p.stderr


def test_turtle_conforms_to_the_shapes(rdf_graph):
    conforms, report = rdf_export.validate(rdf_graph)
    assert conforms, report


def test_a_violation_is_reported_by_the_shapes(rdf_graph):
    g = rdflib.Graph()
    for t in rdf_graph.triples((ID[SHAN], None, None)):
        g.add(t)
    g.remove((ID[SHAN], HKG.nameZh, None))
    conforms, report = rdf_export.validate(g)
    assert not conforms and "Chinese name" in report


def test_entities_are_typed_and_named_with_languages(rdf_graph, graph):
    assert (ID[JINAN], RDF.type, HKG.Hospital) in rdf_graph
    assert (ID[JINAN], HKG.nameZh, Literal("济南市妇幼保健院", lang="zh")) in rdf_graph
    assert (ID[JINAN], HKG.nameEn, Literal("Jinan Maternal and Child Health Care Hospital", lang="en")) in rdf_graph
    assert (ID[JINAN], HKG.officialName, Literal("山东第一医科大学附属济南妇幼保健院", lang="zh")) in rdf_graph
    assert (ID[JINAN], HKG.shortName, Literal("济南妇幼", lang="zh")) in rdf_graph
    n_entities = graph.read_tx(lambda tx: tx.run("MATCH (n:Entity) RETURN count(n) AS c").single()["c"])
    typed = {s for s, _, o in rdf_graph.triples((None, RDF.type, None)) if str(o).startswith(str(HKG))
             and (s, HKG.nameZh, None) in rdf_graph}
    assert len(typed) == n_entities


def test_shan_ruiping_conferral_of_the_china_physician_award_with_quote(rdf_graph):
    q = """SELECT ?c ?quote ?art ?year WHERE {
             ?c a hkg:HonourConferral ; hkg:recipient id:person-shan-ruiping ; hkg:honour ?h ;
                hkg:source ?art ; hkg:quote ?quote .
             ?h hkg:nameZh "中国医师奖"@zh .
             OPTIONAL { ?c hkg:year ?year } }"""
    rows = list(rdf_graph.query(q, initNs={"hkg": HKG, "id": ID}))
    assert rows, "单瑞萍's 中国医师奖 conferral is missing"
    c, quote, art, year = rows[0]
    assert "单瑞萍" in str(quote) or "中国医师奖" in str(quote)
    assert (art, RDF.type, HKG.Article) in rdf_graph
    if year is not None:
        assert year.datatype == XSD_NS.gYear
    # the quote's offsets, as a prov:Derivation
    derivations = list(rdf_graph.objects(c, PROV.qualifiedDerivation))
    assert derivations
    d = derivations[0]
    start, end = rdf_graph.value(d, HKG.quoteStart), rdf_graph.value(d, HKG.quoteEnd)
    text = str(rdf_graph.value(rdf_graph.value(d, PROV.entity), rdflib.URIRef("https://schema.org/text")))
    assert text[int(start):int(end)] == str(rdf_graph.value(d, HKG.quote))


def test_structural_links_are_triples_with_reified_provenance(rdf_graph, graph):
    row = graph.read_tx(lambda tx: tx.run(
        "MATCH (s:Entity)-[r:HAS_CAMPUS]->(o:Entity) RETURN s.id AS s, o.id AS o, r.fact_id AS f, r.quotes AS q LIMIT 1").single())
    assert row is not None
    assert (ID[row["s"]], HKG.hasCampus, ID[row["o"]]) in rdf_graph
    st = ID[row["f"]]
    assert (st, RDF.type, RDF.Statement) in rdf_graph
    assert (st, RDF.subject, ID[row["s"]]) in rdf_graph and (st, RDF.predicate, HKG.hasCampus) in rdf_graph
    assert (st, RDF.object, ID[row["o"]]) in rdf_graph
    assert str(rdf_graph.value(st, HKG.quote)) in row["q"]
    assert (rdf_graph.value(st, HKG.source), RDF.type, HKG.Article) in rdf_graph


def test_jsonld_parses_to_the_same_triples(client, rdf_graph):
    r = get_built(client, "/export/graph.jsonld")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    doc = r.json()
    assert "@context" in doc
    g = rdflib.Graph().parse(data=r.content, format="json-ld")
    assert len(g) == len(rdf_graph)
    assert (ID[JINAN], RDF.type, HKG.Hospital) in g


@pytest.mark.parametrize("fmt,media,parse", [("ttl", "text/turtle", "turtle"), ("jsonld", "application/ld+json", "json-ld")])
def test_entity_neighbourhood_rdf(client, fmt, media, parse, tmp_path):
    r = client.get(f"/entities/{SHAN}/rdf", params={"format": fmt})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    g = rdflib.Graph().parse(data=r.content, format=parse)
    assert (ID[SHAN], RDF.type, HKG.Person) in g
    conferrals = set(g.subjects(HKG.recipient, ID[SHAN]))
    assert conferrals and all((c, HKG.source, None) in g for c in conferrals)
    conforms, report = rdf_export.validate(g)
    assert conforms, report
    if fmt == "ttl":
        f = tmp_path / "n.ttl"
        f.write_bytes(r.content)
        assert subprocess.run(["rapper", "-i", "turtle", "-c", str(f)], capture_output=True).returncode == 0


def test_entity_rdf_unknown_id_and_bad_format(client):
    r = client.get("/entities/person-nobody/rdf")
    assert r.status_code == 404 and r.json()["type"] == "/problems/not-found"
    r = client.get(f"/entities/{SHAN}/rdf", params={"format": "xml"})
    assert r.status_code == 422 and r.json()["status"] == 422


# --- analytics ----------------------------------------------------------------------------

def test_the_jinan_hospital_is_among_the_most_connected_organisations(client):
    for measure in ("degree", "betweenness"):
        r = get_built(client, "/analytics/centrality", params={"measure": measure, "type": "Organisation", "limit": 5})
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        assert JINAN in [i["id"] for i in items], (measure, items)
        assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    people = get_built(client, "/analytics/centrality", params={"type": "Person", "limit": 3}).json()["items"]
    assert people and all(i["type"] == "Person" for i in people)
    assert client.get("/analytics/centrality", params={"type": "Nonsense"}).status_code == 422
    assert client.get("/analytics/centrality", params={"measure": "pagerank"}).status_code == 422


@pytest.mark.parametrize("which", ["components", "communities"])
def test_components_and_communities_cover_every_entity(client, graph, which):
    body = get_built(client, f"/analytics/{which}", params={"limit": 100000}).json()
    ids = {r["id"] for r in graph.read_tx(lambda tx: tx.run("MATCH (n:Entity) RETURN n.id AS id").data())}
    members = [m for g in body["items"] for m in g["members"]]
    assert len(members) == len(set(members)) == body["nodes"] == len(ids)
    assert set(members) == ids
    assert body["total"] == len(body["items"])
    sizes = [g["size"] for g in body["items"]]
    assert sizes == sorted(sizes, reverse=True)
    if which == "communities":
        assert body["modularity"] > 0
        again = get_built(client, f"/analytics/{which}", params={"limit": 100000}).json()
        assert again == body
    else:
        assert any(JINAN in g["members"] for g in body["items"][:1])


# --- GraphML, CSV, neo4j-admin -------------------------------------------------------------

def test_graphml_loads_back_in_networkx_with_the_same_node_count(client, graph, tmp_path):
    r = get_built(client, "/export/graph.graphml")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/graphml+xml")
    f = tmp_path / "g.graphml"
    f.write_bytes(r.content)
    G = networkx.read_graphml(f)
    n, rels = counts(graph)
    assert G.number_of_nodes() == n
    assert G.number_of_edges() == rels
    assert G.nodes[JINAN]["name_zh"] == "济南市妇幼保健院"
    assert ":Hospital" in G.nodes[JINAN]["labels"]
    r = get_built(client, "/export/graph.graphml", params={"view": "projection"})
    P = networkx.read_graphml(io.BytesIO(r.content))
    n_entities = graph.read_tx(lambda tx: tx.run("MATCH (n:Entity) RETURN count(n) AS c").single()["c"])
    assert P.number_of_nodes() == n_entities
    assert "community" in P.nodes[JINAN] and "degree" in P.nodes[JINAN]


def test_node_and_relationship_csvs(client, graph):
    r = get_built(client, "/export/nodes.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    nodes = list(csv.DictReader(io.StringIO(r.text)))
    n, rels = counts(graph)
    assert len(nodes) == n
    jinan = next(x for x in nodes if x["id"] == JINAN)
    assert jinan["name_zh"] == "济南市妇幼保健院" and "Hospital" in jinan["labels"].split(";")
    r = get_built(client, "/export/relationships.csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == rels
    assert {"id", "source", "target", "type"} <= set(rows[0])
    ids = {x["id"] for x in nodes}
    assert all(x["source"] in ids and x["target"] in ids for x in rows)


def test_neo4j_admin_csvs(client, graph):
    r = get_built(client, "/export/neo4j-admin.zip")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(r.content))
    assert {"nodes.csv", "relationships.csv", "import.sh"} <= set(z.namelist())
    # A column has one type: items whose mixed-type properties (a Figure's value: an integer
    # here, a decimal there) need another header go to nodes-2.csv ..., so integers stay integers.
    tables = {name: list(csv.reader(io.StringIO(z.read(name).decode()))) for name in z.namelist() if name.endswith(".csv")}
    node_files = [t for name, t in tables.items() if name.startswith("nodes")]
    rel_files = [t for name, t in tables.items() if name.startswith("relationships")]
    for t in node_files:
        assert t[0][:2] == ["id:ID", ":LABEL"] and all(":" in h for h in t[0])
    for t in rel_files:
        assert t[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and all(":" in h for h in t[0])
    rels_header = tables["relationships.csv"][0]
    assert "articles:string[]" in rels_header and "starts:long[]" in rels_header
    ids = [row[0] for t in node_files for row in t[1:]]
    assert len(ids) == len(set(ids))
    idset = set(ids)
    assert all(row[0] in idset and row[1] in idset for t in rel_files for row in t[1:])
    n, nrels = counts(graph)
    assert len(ids) == n and sum(len(t) - 1 for t in rel_files) == nrels
    values = {h.split(":")[1] for t in node_files for h in t[0] if h.startswith("value:")}
    assert "double" not in values or "long" in values, "integer Figure values must not be typed double"
    script = z.read("import.sh").decode()
    assert "neo4j-admin database import full" in script
    assert all(f"={name}" in script for name in tables)


# --- CLI ----------------------------------------------------------------------------------

def test_cli_export_and_analytics(client, neo4j_settings, tmp_path, monkeypatch):
    from cli.main import main

    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.neo4j_user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.neo4j_password)
    from graph import config
    if hasattr(config.get_settings, "cache_clear"):
        config.get_settings.cache_clear()
    try:
        out = tmp_path / "g.ttl"
        assert main(["export", "--format", "ttl", "--out", str(out)]) == 0
        assert len(rdflib.Graph().parse(out, format="turtle")) > 100
        assert main(["export", "--format", "jsonld", "--entity", SHAN, "--out", str(tmp_path / "s.jsonld")]) == 0
        assert main(["export", "--format", "graphml", "--out", str(tmp_path / "g.graphml")]) == 0
        assert networkx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 0
        assert main(["export", "--format", "csv", "--out", str(tmp_path / "csv")]) == 0
        assert (tmp_path / "csv" / "relationships.csv").exists()
        assert main(["export", "--format", "neo4j-admin", "--out", str(tmp_path / "a.zip")]) == 0
        assert zipfile.is_zipfile(tmp_path / "a.zip")
        assert main(["analytics", "centrality", "--type", "Organisation", "--limit", "5"]) == 0
        assert main(["analytics", "communities", "--json"]) == 0
        assert main(["export", "--entity", "nobody"]) == 1
    finally:
        if hasattr(config.get_settings, "cache_clear"):
            config.get_settings.cache_clear()
