"""Graph analytics (networkx) on the entity projection: centrality, communities, components.
Computed once per graph version."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query

import ontology
from api.deps import GraphDep
from api.errors import BadRequest
from api.models.analytics import Centrality, Groups
from exports.analytics import analytics
from exports.snapshot import CACHE

router = APIRouter(prefix="/analytics", tags=["analytics"])


class Measure(str, Enum):
    degree = "degree"
    betweenness = "betweenness"


def _analytics(graph):
    return CACHE.derived(graph, "analytics", analytics)


@router.get("/centrality", response_model=Centrality, summary="The most central entities (degree or betweenness) of the entity projection")
def centrality(graph: GraphDep,
               measure: Annotated[Measure, Query(description="degree or betweenness centrality", examples=["degree"])] = Measure.degree,
               type: Annotated[str | None, Query(max_length=100, description="an entity class, e.g. Person, Hospital, Organisation", examples=["Person"])] = None,
               limit: Annotated[int, Query(ge=1, le=1000, description="most entities returned, best first", examples=[20])] = 20):
    """The `limit` most central entities of the entity projection by degree or betweenness, optionally of one
    class, with the projection's size. Computed once per graph version; 422 for an unknown type."""
    if type is not None and type not in ontology.load().entity_types + ["Entity", "OrganisationalUnit"]:
        raise BadRequest(f"unknown type {type!r}; one of: {', '.join(ontology.load().entity_types)}")
    a = _analytics(graph)
    return {"measure": measure.value, "type": type, "nodes": a.G.number_of_nodes(), "edges": a.G.number_of_edges(),
            "items": a.ranking(measure.value, type, limit)}


@router.get("/communities", response_model=Groups, summary="Communities of the entity projection (Louvain, fixed seed), largest first")
def communities(graph: GraphDep, limit: Annotated[int, Query(ge=1, le=100000, description="most groups returned, largest first", examples=[10])] = 100,
                members: Annotated[bool, Query(description="list each group's member ids", examples=[True])] = True):
    """Louvain communities (fixed seed) of the entity projection, largest first, at most `limit`, with their member
    ids unless `members=false`. Computed once per graph version."""
    return _analytics(graph).groups("communities", limit, members)


@router.get("/components", response_model=Groups, summary="Connected components of the entity projection, largest first")
def components(graph: GraphDep, limit: Annotated[int, Query(ge=1, le=100000, description="most groups returned, largest first", examples=[10])] = 100,
               members: Annotated[bool, Query(description="list each group's member ids", examples=[True])] = True) -> dict[str, Any]:
    """Connected components of the entity projection, largest first, at most `limit`, with their member ids unless
    `members=false`. Computed once per graph version."""
    return _analytics(graph).groups("components", limit, members)
