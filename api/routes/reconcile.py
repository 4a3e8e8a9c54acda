"""The W3C Reconciliation Service API v0.2 at /reconcile, as OpenRefine speaks it.

`GET /reconcile` answers the manifest; `queries=` (GET parameter or POST form field, a JSON
object of queries) answers a batch of candidates; `extend=` answers data extension. Suggest,
flyout, preview and propose-properties are the manifest's sub-services. Errors are the
API's one problem+json shape.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import GraphDep, NamesDep, NamesLater
from api.errors import BadRequest, NotFound
from api.reconcile import service
from api.reconcile.models import (ExtendRequest, ExtendResult, Flyout, Manifest, PropertySetting, Preview,
                                  ProposedProperties, Query as ReconQuery, QueryResult, ServiceRef, Suggest,
                                  SuggestResult, UrlTemplate, Extend)
from graph.config import get_settings

router = APIRouter(prefix="/reconcile", tags=["reconciliation"])

IDENTIFIER_SPACE = "https://w3id.org/hospital-kg/id/"
SCHEMA_SPACE = "https://w3id.org/hospital-kg/ontology#"
FORM = "application/x-www-form-urlencoded"
# OpenRefine shows the preview in an iframe of its own page: this card may be framed by any
# origin (CSP frame-ancestors overrides X-Frame-Options), yet it runs nothing and loads nothing.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *; base-uri 'none'; form-action 'none'"
_QUERIES = TypeAdapter(dict[str, ReconQuery])

Prefix = Annotated[str, Query(max_length=200, description="what the user has typed so far", examples=["济南妇幼"])]
PreviewId = Annotated[str, Query(max_length=200, description="the entity's id", examples=["hosp-jinan-mch"])]
Cursor = Annotated[int, Query(ge=0, le=1000, description="how many suggestions to skip", examples=[0])]


def limits() -> service.Limits:
    s = get_settings()
    return service.Limits(batch_max=s.reconcile_batch_max, limit_max=s.reconcile_limit_max,
                          default_limit=s.reconcile_default_limit)


def manifest(base: str) -> Manifest:
    root = base.rstrip("/")
    svc = f"{root}/reconcile"
    return Manifest(
        versions=["0.2"],
        name="Hospital Knowledge Graph",
        identifierSpace=IDENTIFIER_SPACE,
        schemaSpace=SCHEMA_SPACE,
        documentation=f"{root}/docs#/reconciliation",
        defaultTypes=[service.type_ref(t) for t in ("Hospital", "Organisation", "Person", "Honour", "Programme", "Place")],
        view=UrlTemplate(url=f"{root}/explorer/#entity={{{{id}}}}"),
        preview=Preview(url=f"{svc}/preview?id={{{{id}}}}", width=400, height=160),
        suggest=Suggest(
            entity=ServiceRef(service_url=svc, service_path="/suggest/entity", flyout_service_path="/flyout/entity?id=${id}"),
            type=ServiceRef(service_url=svc, service_path="/suggest/type"),
            property=ServiceRef(service_url=svc, service_path="/suggest/property")),
        extend=Extend(
            propose_properties=ServiceRef(service_url=svc, service_path="/propose_properties"),
            property_settings=[PropertySetting(name="limit", label="Limit", type="number", default=0,
                                               help_text="at most this many values per cell (0: all)")]),
        batchSize=get_settings().reconcile_batch_max,
    )


async def _params(request: Request) -> dict[str, str]:
    """Query parameters, and for POST the form fields (the form wins)."""
    params = dict(request.query_params)
    if request.method == "POST":
        body = b""
        cap = get_settings().reconcile_body_max
        async for chunk in request.stream():
            body += chunk
            if len(body) > cap:
                raise BadRequest(f"the request body is larger than {cap} bytes; send smaller batches")
        if body:
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != FORM:
                raise BadRequest(f"send the form as {FORM} (queries=... or extend=...), not {ctype or 'no content type'}")
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError as e:
                raise BadRequest("the form is not UTF-8") from e
            params.update({k: v[-1] for k, v in form.items()})
    return params


def _json(field: str, text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as e:
        raise BadRequest(f"{field} is not valid JSON: {e}") from e


def _invalid(field: str, e: ValidationError) -> BadRequest:
    first = e.errors()[0]
    where = ".".join(str(x) for x in first.get("loc", ()))
    return BadRequest(f"{field}: {where}: {first.get('msg')}" if where else f"{field}: {first.get('msg')}")


RECONCILE_DOC = ("Without parameters: the service manifest. With `queries` (a JSON object "
                              "`{\"q0\": {\"query\": \"济南妇幼\", \"type\": \"Hospital\", \"limit\": 3, "
                              "\"properties\": [{\"pid\": \"city\", \"v\": \"济南\"}]}}`): candidates for each query "
                              "with scores and `match` flags. With `extend` (`{\"ids\": [...], \"properties\": "
                              "[{\"id\": \"city\"}]}`): the properties' values for matched ids. GET parameters or "
                              "a POST form (application/x-www-form-urlencoded), as OpenRefine sends them.")


# The form OpenRefine posts (read by `_params`, not by FastAPI, hence documented by hand).
RECONCILE_FORM = {"required": False, "content": {FORM: {
    "schema": {"type": "object", "properties": {
        "queries": {"type": "string", "description": "a JSON object of queries, keyed by the client's query ids"},
        "extend": {"type": "string", "description": "a JSON data extension request: ids and properties"}}},
    "example": {"queries": json.dumps({"q0": {"query": "济南妇幼", "type": "Hospital", "limit": 3}},
                                      ensure_ascii=False)}}}}


# One handler, two operations: a generated client gets a distinct, stable method for each.
# The answer is the manifest, the batch's candidates, or the extension, by parameter.
ReconcileAnswer = Manifest | dict[str, QueryResult] | ExtendResult


@router.get("", name="reconcile_get", response_model=ReconcileAnswer, response_model_exclude_none=True, summary="Reconciliation service (W3C v0.2): manifest, or queries/extend as GET "
            "parameters", description=RECONCILE_DOC)
@router.post("", name="reconcile_post", response_model=ReconcileAnswer, response_model_exclude_none=True, summary="Reconciliation service (W3C v0.2): queries or extend as a POST form",
             description=RECONCILE_DOC, openapi_extra={"requestBody": RECONCILE_FORM})
async def reconcile(request: Request, graph: GraphDep, names: NamesLater) -> Any:
    params = await _params(request)
    if "queries" in params:
        raw = _json("queries", params["queries"])
        try:
            queries = _QUERIES.validate_python(raw)
        except ValidationError as e:
            raise _invalid("queries", e) from e
        # The name index only here: the manifest and data extension do not resolve names.
        answers = await run_in_threadpool(lambda: service.Reconciler(names(), graph, limits()).reconcile(queries))
        return {k: v.model_dump(exclude_none=True) for k, v in answers.items()}
    if "extend" in params:
        try:
            req = ExtendRequest.model_validate(_json("extend", params["extend"]))
        except ValidationError as e:
            raise _invalid("extend", e) from e
        result: ExtendResult = await run_in_threadpool(service.extend, graph, req, get_settings().reconcile_batch_max)
        return result.model_dump(exclude_none=True)
    return manifest(str(request.base_url)).model_dump(exclude_none=True)


@router.get("/suggest/entity", response_model=SuggestResult, response_model_exclude_none=True,
            summary="Entities whose names start like, or resemble, what the user typed (auto-complete)")
def suggest_entity(names: NamesDep, graph: GraphDep, prefix: Prefix,
                   type: Annotated[str | None, Query(description="an ontology class", examples=["Hospital"])] = None,
                   cursor: Cursor = 0):
    """Auto-complete for OpenRefine: entities whose names (Chinese, English, pinyin, traditional, aliases,
    abbreviations) start like or resemble `prefix`, optionally of one type, skipping `cursor`."""
    items = service.Reconciler(names, graph, limits()).suggest_entities(
        prefix, [type] if type else [], cursor, get_settings().reconcile_default_limit)
    return SuggestResult(result=items)


@router.get("/suggest/type", response_model=SuggestResult, response_model_exclude_none=True,
            summary="Entity types of the ontology matching what the user typed")
def suggest_type(prefix: Prefix = "", cursor: Cursor = 0):
    """Ontology entity types whose name matches `prefix`, skipping `cursor`."""
    return SuggestResult(result=service.suggest_types(prefix, cursor + get_settings().reconcile_default_limit)[cursor:])


@router.get("/suggest/property", response_model=SuggestResult, response_model_exclude_none=True,
            summary="Properties (city, province, role...) matching what the user typed")
def suggest_property(prefix: Prefix = "", cursor: Cursor = 0):
    """Properties usable in queries and data extension (city, province, role…) whose name matches `prefix`,
    skipping `cursor`."""
    return SuggestResult(result=service.suggest_properties(prefix, cursor + get_settings().reconcile_default_limit)[cursor:])


@router.get("/propose_properties", response_model=ProposedProperties,
            summary="Properties data extension can add for entities of a type")
def propose_properties(type: Annotated[str | None, Query(max_length=100, description="an ontology class; all when omitted",
                                                        examples=["Hospital"])] = None,
                       limit: Annotated[int, Query(ge=1, le=100, description="most properties returned", examples=[20])] = 20):
    """The properties data extension can add for entities of a type (all types when omitted), at most `limit`."""
    return service.propose(type, limit)


def _row(graph, id: str) -> dict:
    rows = graph.read("reconcile/properties", ids=[id])
    if not rows:
        raise NotFound("entity", id)
    return rows[0]


@router.get("/preview", response_class=HTMLResponse,
            summary="A small HTML card of an entity, for OpenRefine's preview pop-up")
def preview(request: Request, graph: GraphDep,
            id: PreviewId):
    """A small self-contained HTML card of an entity (names, type, place) for OpenRefine's preview pop-up; framable
    by any origin, runs no script. 404 for an unknown id."""
    return HTMLResponse(service.preview_html(_row(graph, id), str(request.base_url)),
                        headers={"content-security-policy": PREVIEW_CSP})


@router.get("/flyout/entity", response_model=Flyout, summary="The preview card as a suggest flyout")
def flyout(request: Request, graph: GraphDep, id: PreviewId):
    """The preview card wrapped as a suggest flyout (`{id, html}`). 404 for an unknown id."""
    return Flyout(id=id, html=service.preview_html(_row(graph, id), str(request.base_url)))
