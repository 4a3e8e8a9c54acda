"""Downloads: the graph as RDF (Turtle, JSON-LD), GraphML, CSV and neo4j-admin import CSVs,
and one entity's neighbourhood as RDF. Whole-graph files are built in the background once per
graph version (api/artifacts.py): 503 + Retry-After until ready."""

from __future__ import annotations

from enum import Enum

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.artifacts import NOT_READY, built
from api.deps import GraphDep
from api.routes.common import EntityId
from api.errors import NotFound
from exports import rdf
from exports.snapshot import read_neighbourhood

router = APIRouter(tags=["linked data"])


class RdfFormat(str, Enum):
    ttl = "ttl"
    jsonld = "jsonld"


class GraphmlView(str, Enum):
    property = "property"
    projection = "projection"


def _file(body: bytes | str, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'inline; filename="{filename}"'})


@router.get("/export/graph.ttl", summary="The whole graph as RDF Turtle (ontology terms, provenance reified)",
            response_class=Response, responses={**NOT_READY, 200: {"content": {"text/turtle": {}}}})
def graph_ttl(request: Request) -> Response:
    """The whole graph as RDF Turtle in the ontology's terms, statements and their provenance reified. Computed
    in the background once per graph version: 503 + Retry-After until built."""
    return _file(built(request, "graph.ttl"), "text/turtle; charset=utf-8", "hospital-kg.ttl")


@router.get("/export/graph.jsonld", summary="The whole graph as JSON-LD",
            response_class=Response, responses={**NOT_READY, 200: {"content": {"application/ld+json": {}}}})
def graph_jsonld(request: Request) -> Response:
    """The whole graph as JSON-LD (same triples as the Turtle export). Computed in the background once per graph
    version: 503 + Retry-After until built."""
    return _file(built(request, "graph.jsonld"), "application/ld+json", "hospital-kg.jsonld")


@router.get("/export/graph.graphml", summary="The graph as GraphML (Gephi, Cytoscape desktop)",
            response_class=Response, responses={**NOT_READY, 200: {"content": {"application/graphml+xml": {}}}})
def graph_graphml(request: Request, view: GraphmlView = Query(
        GraphmlView.property, description="property: every node and relationship; projection: entities only, "
                                          "with degree, component and community", examples=["property"])) -> Response:
    """The graph as GraphML for Gephi or Cytoscape desktop: every node and relationship (`property`), or the entity
    projection with degree, component and community (`projection`). Computed in the background once per graph
    version: 503 + Retry-After until built."""
    body = built(request, f"graphml.{view.value}")
    return _file(body, "application/graphml+xml", f"hospital-kg-{view.value}.graphml")


@router.get("/export/nodes.csv", summary="Every node, one column per property", response_class=Response,
            responses={**NOT_READY, 200: {"content": {"text/csv": {}}}})
def nodes_csv(request: Request) -> Response:
    """Every node as CSV, one row per node and one column per property. Built in the background once per graph
    version: 503 + Retry-After until built."""
    return _file(built(request, "nodes.csv"), "text/csv; charset=utf-8", "nodes.csv")


@router.get("/export/relationships.csv", summary="Every relationship, one column per property", response_class=Response,
            responses={**NOT_READY, 200: {"content": {"text/csv": {}}}})
def relationships_csv(request: Request) -> Response:
    """Every relationship as CSV, one row per relationship and one column per property. Built in the background
    once per graph version: 503 + Retry-After until built."""
    return _file(built(request, "relationships.csv"), "text/csv; charset=utf-8",
                 "relationships.csv")


@router.get("/export/neo4j-admin.zip", summary="nodes.csv and relationships.csv for `neo4j-admin database import`",
            response_class=Response, responses={**NOT_READY, 200: {"content": {"application/zip": {}}}})
def neo4j_admin(request: Request) -> Response:
    """A zip of nodes.csv and relationships.csv in the header format of `neo4j-admin database import`. Built in the
    background once per graph version: 503 + Retry-After until built."""
    body = built(request, "neo4j-admin.zip")
    return Response(body, media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="hospital-kg-neo4j-admin.zip"'})


@router.get("/entities/{id}/rdf", summary="An entity's neighbourhood as RDF: the entity, its links, its statements "
                                           "with their participants and sources", response_class=Response,
            responses={200: {"content": {"text/turtle": {}, "application/ld+json": {}}}})
def entity_rdf(id: EntityId, graph: GraphDep,
               format: Annotated[RdfFormat, Query(description="ttl (Turtle) or jsonld", examples=["ttl"])] = RdfFormat.ttl) -> Response:
    """An entity's neighbourhood as RDF (Turtle or JSON-LD, `format`): the entity, its links and its statements
    with their participants and sources. 404 for an unknown id."""
    snap = read_neighbourhood(graph, id)
    if snap is None:
        raise NotFound("entity", id)
    body = rdf.serialize(rdf.to_graph(snap), format.value)
    media = "text/turtle; charset=utf-8" if format is RdfFormat.ttl else "application/ld+json"
    return _file(body, media, f"{id}.{format.value}")
