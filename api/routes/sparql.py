"""A read-only SPARQL 1.1 endpoint (protocol: GET ?query=, POST application/sparql-query or
form-encoded query=) over the exported RDF plus the ontology, rebuilt when the graph changes."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.errors import _body
from exports import rdf, sparql
from exports.snapshot import CACHE
from graph.connection import Graph

router = APIRouter(tags=["linked data"])

DOC = ("SPARQL 1.1 query (read-only). Prefixes hkg:, id:, schema:, prov:, skos:, org:, rdf:, rdfs:, xsd:, dcterms: "
       "are predeclared. SELECT/ASK answer application/sparql-results+json, CONSTRUCT/DESCRIBE text/turtle. "
       "Updates are refused (400); queries time out (503) and results are cut at a row limit "
       "(header X-SPARQL-Truncated).")


def _answer(graph: Graph, text: str, params: dict[str, list[str]]) -> Response:
    try:
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise sparql.SparqlError(400, "invalid_query", "default-graph-uri / named-graph-uri are not supported")
        q_text = text
        sparql.prepare(q_text)   # refuse updates and bad queries before building anything
        g = CACHE.derived(graph, "sparql", lambda s: sparql.dataset(rdf.to_graph(s)))
        ans = sparql.run(g, q_text)
    except sparql.SparqlError as e:
        headers = {"Retry-After": "30"} if e.status == 503 else None
        return JSONResponse(_body(e.status, e.error, str(e)), status_code=e.status, headers=headers)
    headers = {"X-SPARQL-Rows": str(ans.rows), "X-SPARQL-Row-Limit": str(sparql.LIMITS.max_rows)}
    if ans.truncated:
        headers["X-SPARQL-Truncated"] = "true"
    body = ans.body if isinstance(ans.body, bytes) else json.dumps(ans.body, ensure_ascii=False).encode()
    return Response(body, media_type=ans.media_type, headers=headers)


@router.get("/sparql", summary="SPARQL 1.1 query (GET ?query=)", description=DOC, response_class=Response,
            responses={200: {"content": {sparql.RESULTS_JSON: {}, "text/turtle": {}}}})
def sparql_get(request: Request) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    return _answer(request.app.state.graph, (params.get("query") or [""])[0], params)


@router.post("/sparql", summary="SPARQL 1.1 query (POST application/sparql-query or form query=)", description=DOC,
             response_class=Response, responses={200: {"content": {sparql.RESULTS_JSON: {}, "text/turtle": {}}}})
async def sparql_post(request: Request) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = (await request.body()).decode("utf-8", errors="replace")
    params = parse_qs(request.url.query, keep_blank_values=True)
    if ctype == "application/sparql-query":
        text = raw
    elif ctype == "application/x-www-form-urlencoded":
        form = parse_qs(raw, keep_blank_values=True)
        if "update" in form:
            return JSONResponse(_body(400, "update_refused", "this endpoint is read-only: SPARQL updates are refused"),
                                status_code=400)
        params.update(form)
        text = (form.get("query") or [""])[0]
    else:
        return JSONResponse(_body(415, "unsupported_media_type",
                                  "POST a query as application/sparql-query or application/x-www-form-urlencoded"),
                            status_code=415)
    return await run_in_threadpool(_answer, request.app.state.graph, text, params)
