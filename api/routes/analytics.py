"""Graph analytics (networkx) on the entity projection: centrality, communities, components.
Computed in the background once per graph version (api/artifacts.py): 503 + Retry-After until ready."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

import ontology
from api.artifacts import NOT_READY, built
from api.errors import BadRequest
from api.models.analytics import Centrality, Groups
from exports.analytics import Analytics

router = APIRouter(prefix="/analytics", tags=["analytics"], responses=NOT_READY)


class Measure(str, Enum):
    degree = "degree"
    betweenness = "betweenness"


def _analytics(request: Request) -> Analytics:
    return built(request, "analytics")


@router.get("/centrality", response_model=Centrality, summary="The most central entities (degree or betweenness) of the entity projection")
def centrality(request: Request,
               measure: Annotated[Measure, Query(description="degree or betweenness centrality", examples=["degree"])] = Measure.degree,
               type: Annotated[str | None, Query(max_length=100, description="an entity class, e.g. Person, Hospital, Organisation", examples=["Person"])] = None,
               limit: Annotated[int, Query(ge=1, le=1000, description="most entities returned, best first", examples=[20])] = 20):
    """The `limit` most central entities of the entity projection by degree or betweenness, optionally of one
    class, with the projection's size. Computed in the background once per graph version (503 + Retry-After until
    then); 422 for an unknown type."""
    if type is not None and type not in ontology.load().entity_types + ["Entity", "OrganisationalUnit"]:
        raise BadRequest(f"unknown type {type!r}; one of: {', '.join(ontology.load().entity_types)}")
    a = _analytics(request)
    return {"measure": measure.value, "type": type, "nodes": a.G.number_of_nodes(), "edges": a.G.number_of_edges(),
            "items": a.ranking(measure.value, type, limit)}


@router.get("/communities", response_model=Groups, summary="Communities of the entity projection (Louvain, fixed seed), largest first")
def communities(request: Request, limit: Annotated[int, Query(ge=1, le=100000, description="most groups returned, largest first", examples=[10])] = 100,
                members: Annotated[bool, Query(description="list each group's member ids", examples=[True])] = True):
    """Louvain communities (fixed seed) of the entity projection, largest first, at most `limit`, with their member
    ids unless `members=false`. Computed in the background once per graph version (503 + Retry-After until then)."""
    return _analytics(request).groups("communities", limit, members)


@router.get("/components", response_model=Groups, summary="Connected components of the entity projection, largest first")
def components(request: Request, limit: Annotated[int, Query(ge=1, le=100000, description="most groups returned, largest first", examples=[10])] = 100,
               members: Annotated[bool, Query(description="list each group's member ids", examples=[True])] = True) -> dict[str, Any]:
    """Connected components of the entity projection, largest first, at most `limit`, with their member ids unless
    `members=false`. Computed in the background once per graph version (503 + Retry-After until then)."""
    return _analytics(request).groups("components", limit, members)
