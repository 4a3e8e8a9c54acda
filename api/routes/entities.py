from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import TypeAdapter

from api.cache import AnswersDep
from api.deps import GraphDep
from api.errors import NotFound
from api.graphjson import render
from api.models.entities import EntityDetail, EntityProps, PersonDetail
from api.models.graph import GraphJson
from api.models import GraphFormat, Page, clean
from api.routes.common import EntityId, PersonId, id_path, Limit, Offset, one, page
from graph.connection import Graph

router = APIRouter(tags=["entities"])

_GRAPH_JSON = TypeAdapter(GraphJson)
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


def _lister(label: str, path: str, kind: str, example: str, kind_example: str, listed: bool = True) -> None:
    # Annotations that depend on the class are set on the functions before FastAPI reads them
    # (with postponed annotations, a closure's variables are out of the resolver's reach).
    if listed:
        def list_(graph: GraphDep, kind_filter=None, limit: Limit = 50, offset: Offset = 0):
            row = graph.read_template("api/entity_list", {"label": label}, kind=kind_filter, limit=limit, offset=offset)[0]
            return page(row, limit, offset, clean)
        list_.__annotations__["kind_filter"] = Annotated[str | None, Query(
            alias="kind", max_length=100, description=f"only {path} of this kind (a stored `kind` value)",
            examples=[kind_example])]
        router.add_api_route(f"/{path}", list_, methods=["GET"], response_model=Page[EntityProps],
                             summary=f"List of {path}", name=f"list_{path}",
                             description=f"Every {kind} of the graph ({label}), by id, paginated.")

    def get(id: str, graph: GraphDep):
        return entity_detail(graph, id, label, kind)
    # The id's example is this class's own: the annotation is set before FastAPI reads it.
    get.__annotations__["id"] = id_path(kind, example)
    router.add_api_route(f"/{path}/{{id}}", get, methods=["GET"], response_model=EntityDetail, name=f"get_{kind}",
                         summary=f"One {kind}, with its relationships and statements",
                         description=f"The {kind}, its structural links in both directions, and every statement "
                                     "it takes part in with the statement's other participants and its sources.")


# People have a list and a profile of their own below.
# /honours itself is the recognition history across hospitals (api/routes/honours.py).
for _label, _path, _kind, _example, _kind_example, _listed in (
        ("PartyBranch", "branches", "branch", "branch-jinan-mch-obstetrics", "branch", True),
        ("Programme", "programmes", "programme", "prog-national-ecd-demo-base", "base", True),
        ("Honour", "honours", "honour", "honour-china-physician-award", "award", False),
        ("Organisation", "organisations", "organisation", "org-fudan", "university", True)):
    _lister(_label, _path, _kind, _example, _kind_example, _listed)


@router.get("/people", response_model=Page[dict[str, Any]], summary="List of people")
def list_people(graph: GraphDep, limit: Limit = 50, offset: Offset = 0):
    """Every person of the graph, by id. Paged with limit/offset."""
    row = graph.read_template("api/entity_list", {"label": "Person"}, kind=None, limit=limit, offset=offset)[0]
    return page(row, limit, offset, clean)


@router.get("/people/{id}", response_model=PersonDetail, summary="A person: positions (organisation, title, when), memberships, honours, branches led")
def person(id: PersonId, graph: GraphDep):
    """A person with their links and statements, plus their positions (organisation, title, since/until),
    memberships, honours and the Party branches they lead; each with its fact and sources. 404 when the id is
    not a person."""
    d = entity_detail(graph, id, "Person", "person")
    positions = by_class(d, "Tenure", "HOLDER")
    return {**d,
            "positions": positions,
            "memberships": by_class(d, "Membership", "MEMBER"),
            "honours": by_class(d, "HonourConferral", "RECIPIENT"),
            "branches_led": [p for p in positions
                             if any(x["role"] == "ORGANISATION" and x["entity"]["type"] == "PartyBranch" for x in p["participants"])]}


@router.get("/entities/{id}", response_model=EntityDetail, summary="Any entity, with its relationships and statements")
def entity(id: EntityId, graph: GraphDep):
    """Any entity (hospital, person, unit, organisation, honour, programme, place…), its structural links in both
    directions and every statement it takes part in, with the other participants and the sources. 404 for an
    unknown id."""
    return entity_detail(graph, id)


@router.get("/entities/{id}/neighbourhood", response_model=GraphJson,
            summary="Graph JSON of the entities and statements within `depth` hops (Cytoscape.js or D3 node-link)")
def neighbourhood(id: EntityId, graph: GraphDep,
                  depth: Annotated[int, Query(ge=1, le=3, description="hops from the entity (statements count as a hop)", examples=[1])] = 1,
                  max_nodes: Annotated[int, Query(ge=1, le=MAX_NODES, examples=[100], description="nodes besides the entity; "
                                                  "`truncated` and `counts` say when more were reached")] = MAX_NODES,
                  format: Annotated[GraphFormat, Query(description="graph JSON format: cytoscape (Cytoscape.js elements) or d3 (node-link)", examples=["cytoscape"])] = GraphFormat.cytoscape,
                  *, answers: AnswersDep):
    """The entities and statements within `depth` hops of the entity as graph JSON, Cytoscape.js elements or D3
    node-link (`format`); at most `max_nodes` nodes besides the entity, `truncated` and `counts` say when more
    were reached. 404 for an unknown id."""
    def compute():
        r = one(graph.read("api/neighbourhood", id=id, depth=depth, max_nodes=max_nodes))
        if r is None:
            raise NotFound("entity", id)
        # Validated here, as response_model would: the cache keeps the answer as served.
        return _GRAPH_JSON.validate_python(render(r["nodes"], r["edges"], format, center=id, depth=depth,
                                                  truncated=r["total_nodes"] > len(r["nodes"]),
                                                  counts={"nodes_total": r["total_nodes"], "max_nodes": max_nodes + 1}))
    return answers.answer(("neighbourhood", id, depth, max_nodes, format.value), compute)


@router.get("/paths", response_model=GraphJson, summary="Shortest paths between two entities (bounded length), as graph JSON")
def paths(graph: GraphDep,
          from_: Annotated[str, Query(alias="from", max_length=200, description="id of the entity the paths start from", examples=["person-zhang-yunli"])],
          to: Annotated[str, Query(max_length=200, description="id of the entity the paths end at", examples=["person-nie-wenying"])],
          max_length: Annotated[int, Query(ge=1, le=8, description="longest path, in relationships", examples=[6])] = 6,
          limit: Annotated[int, Query(ge=1, le=50, description="most paths returned, shortest first", examples=[10])] = 10,
          format: Annotated[GraphFormat, Query(description="graph JSON format: cytoscape (Cytoscape.js elements) or d3 (node-link)", examples=["cytoscape"])] = GraphFormat.cytoscape):
    """Up to `limit` shortest paths (at most `max_length` relationships) between two entities, as graph JSON with
    the paths listed; `found`, `truncated` and `counts` say how many exist. 404 when either end is unknown."""
    for end in (from_, to):
        if not graph.read("api/entity_exists", id=end):
            raise NotFound("entity", end)
    r = graph.read_template("api/paths", {"max_length": max_length},
                            **{"from": from_, "to": to, "max_length": max_length, "limit": limit})[0]
    return render(r["nodes"], r["edges"], format, paths=r["paths"], found=len(r["paths"]),
                  truncated=r["total_paths"] > len(r["paths"]),
                  counts={"paths": len(r["paths"]), "paths_total": r["total_paths"]})
