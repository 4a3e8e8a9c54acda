from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import GraphDep
from api.errors import NotFound
from api.graphjson import render
from api.models.entities import EntityDetail, PersonDetail
from api.models.graph import GraphJson
from api.models import GraphFormat, Page, clean
from api.routes.common import Limit, Offset, one, page
from graph.connection import Graph

router = APIRouter(tags=["entities"])

MAX_NODES = 500


def entity_detail(graph: Graph, id: str, label: str | None = None, kind: str = "entity") -> dict[str, Any]:
    r = one(graph.read("api/entity_detail", id=id))
    if r is None or (label and label not in r["entity"]["labels"]):
        raise NotFound(kind, id)
    statements = []
    for s in r["statements"]:
        st = clean({k: v for k, v in s["statement"].items() if k != "labels"})
        statements.append({"role": s["role"], "class": st.get("class"), "statement": st,
                           "participants": s["participants"], "sources": s["sources"]})
    return {"entity": clean(r["entity"]),
            "links": [{**l, "link": clean(l["link"])} for l in r["links"]],
            "statements": statements}


def by_class(detail: dict[str, Any], cls: str, role: str | None = None) -> list[dict[str, Any]]:
    return [s for s in detail["statements"] if s["class"] == cls and (role is None or s["role"] == role)]


def _lister(label: str, path: str, kind: str, listed: bool = True):
    if listed:
        @router.get(f"/{path}", response_model=Page[dict[str, Any]], summary=f"List of {path}", name=f"list_{path}")
        def list_(graph: GraphDep, kind_filter: Annotated[str | None, Query(alias="kind")] = None,
                  limit: Limit = 50, offset: Offset = 0):
            row = graph.read("api/entity_list", label=label, kind=kind_filter, limit=limit, offset=offset)[0]
            return page(row, limit, offset, clean)

    @router.get(f"/{path}/{{id}}", response_model=EntityDetail, summary=f"One {kind}, with its relationships and statements", name=f"get_{kind}")
    def get(id: str, graph: GraphDep):
        return entity_detail(graph, id, label, kind)


# People have a list and a profile of their own below.
# /honours itself is the recognition history across hospitals (api/routes/honours.py).
for _label, _path, _kind, _listed in (("PartyBranch", "branches", "branch", True),
                                      ("Programme", "programmes", "programme", True),
                                      ("Honour", "honours", "honour", False),
                                      ("Organisation", "organisations", "organisation", True)):
    _lister(_label, _path, _kind, _listed)


@router.get("/people", response_model=Page[dict[str, Any]], summary="List of people")
def list_people(graph: GraphDep, limit: Limit = 50, offset: Offset = 0):
    row = graph.read("api/entity_list", label="Person", kind=None, limit=limit, offset=offset)[0]
    return page(row, limit, offset, clean)


@router.get("/people/{id}", response_model=PersonDetail, summary="A person: positions (organisation, title, when), memberships, honours, branches led")
def person(id: str, graph: GraphDep):
    d = entity_detail(graph, id, "Person", "person")
    positions = by_class(d, "Tenure", "HOLDER")
    return {**d,
            "positions": positions,
            "memberships": by_class(d, "Membership", "MEMBER"),
            "honours": by_class(d, "HonourConferral", "RECIPIENT"),
            "branches_led": [p for p in positions
                             if any(x["role"] == "ORGANISATION" and x["entity"]["type"] == "PartyBranch" for x in p["participants"])]}


@router.get("/entities/{id}", response_model=EntityDetail, summary="Any entity, with its relationships and statements")
def entity(id: str, graph: GraphDep):
    return entity_detail(graph, id)


@router.get("/entities/{id}/neighbourhood", response_model=GraphJson,
            summary="Graph JSON of the entities and statements within `depth` hops (Cytoscape.js or D3 node-link)")
def neighbourhood(id: str, graph: GraphDep,
                  depth: Annotated[int, Query(ge=1, le=3)] = 1,
                  max_nodes: Annotated[int, Query(ge=1, le=MAX_NODES, description="nodes besides the entity; "
                                                  "`truncated` and `counts` say when more were reached")] = MAX_NODES,
                  format: GraphFormat = GraphFormat.cytoscape):
    r = one(graph.read("api/neighbourhood", id=id, depth=depth, max_nodes=max_nodes))
    if r is None:
        raise NotFound("entity", id)
    return render(r["nodes"], r["edges"], format, center=id, depth=depth,
                  truncated=r["total_nodes"] > len(r["nodes"]),
                  counts={"nodes_total": r["total_nodes"], "max_nodes": max_nodes + 1})


@router.get("/paths", response_model=GraphJson, summary="Shortest paths between two entities (bounded length), as graph JSON")
def paths(graph: GraphDep,
          from_: Annotated[str, Query(alias="from", examples=["person-zhang-yunli"])],
          to: Annotated[str, Query(examples=["person-nie-wenying"])],
          max_length: Annotated[int, Query(ge=1, le=8)] = 6,
          limit: Annotated[int, Query(ge=1, le=50)] = 10,
          format: GraphFormat = GraphFormat.cytoscape):
    for end in (from_, to):
        if not graph.read("api/entity_exists", id=end):
            raise NotFound("entity", end)
    r = graph.read("api/paths", **{"from": from_, "to": to, "max_length": max_length, "limit": limit})[0]
    return render(r["nodes"], r["edges"], format, paths=r["paths"], found=len(r["paths"]),
                  truncated=r["total_paths"] > len(r["paths"]),
                  counts={"paths": len(r["paths"]), "paths_total": r["total_paths"]})
