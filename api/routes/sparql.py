"""/sparql: the SPARQL 1.1 protocol (GET ?query=, POST application/sparql-query or a form
query=), proxied to the project's Apache Jena Fuseki (servers/fuseki), which parses, runs and
times out the query in its own process. Here: the request's shape (a body over the limit is
refused with 413 before anything parses it, chunked or not), a cap on queries at once (503
when full), and the answer cut at N rows or M bytes, said in X-SPARQL-Truncated."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.errors import ApiError, PayloadTooLarge, Unavailable, UnsupportedMediaType, error_responses
from servers.fuseki import client

router = APIRouter(tags=["linked data"])

TURTLE = "text/turtle; charset=utf-8"
DOC = ("SPARQL 1.1 query (read-only), answered by Apache Jena Fuseki. Prefixes rdf:, rdfs:, xsd:, owl:, dcterms:, "
       "hkg:, id:, schema:, org:, prov:, skos:, wd:, wdt: are predeclared. SELECT/ASK answer "
       "application/sparql-results+json; CONSTRUCT/DESCRIBE answer N-Triples, as text/turtle (N-Triples is Turtle) "
       "or application/n-triples when asked for. Updates are refused (400), SERVICE is disabled (400), queries stop at "
       "the engine's time-out (503). Answers are cut at a row and a byte limit: then the header X-SPARQL-Truncated says "
       "why (rows, bytes, incomplete). POST bodies over the size limit get 413.")
RESPONSES = {200: {"content": {client.RESULTS_JSON: {}, "text/turtle": {}, client.NTRIPLES: {}}},
             **error_responses(400, 413, 415, 503)}

_KINDS = {  # EngineRefusal.kind -> (title, problem type)
    "invalid_query": ("Invalid SPARQL query", "/problems/sparql-invalid-query"),
    "update_refused": ("SPARQL update refused", "/problems/sparql-update-refused"),
    "service_refused": ("Federated query refused", "/problems/sparql-service-refused"),
    "timeout": ("SPARQL query timed out", "/problems/sparql-timeout"),
    "unavailable": ("SPARQL engine unavailable", "/problems/unavailable"),
}


class SparqlProblem(ApiError):
    """A query the engine refused or could not answer (400 or 503)."""

    def __init__(self, status: int, kind: str, detail: str) -> None:
        title, type_ = _KINDS[kind]
        super().__init__(status, title, detail, headers={"Retry-After": "2"} if status == 503 else None)
        self.type = type_


def _refuse_update() -> SparqlProblem:
    return SparqlProblem(400, "update_refused", "this endpoint is read-only: SPARQL updates are refused")


class _Slots:
    """Queries at once in this process. One event loop: a counter needs no lock."""

    def __init__(self, cap: int) -> None:
        self.cap, self.active = cap, 0

    def __enter__(self) -> _Slots:
        if self.active >= self.cap:
            raise Unavailable(f"{self.cap} SPARQL queries are already running; retry shortly", retry_after=1)
        self.active += 1
        return self

    def __exit__(self, *_) -> None:
        self.active -= 1


def _slots(request: Request) -> _Slots:
    state = request.app.state
    if not hasattr(state, "sparql_slots"):
        state.sparql_slots = _Slots(_settings(request).sparql_concurrency)
    return state.sparql_slots


def _settings(request: Request):
    from graph.config import get_settings
    return getattr(request.app.state, "settings", None) or get_settings()


async def _body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 past `limit` bytes: by its Content-Length before reading,
    and while reading when it is chunked (or lies)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise PayloadTooLarge(f"a SPARQL request body is limited to {limit} bytes")
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise PayloadTooLarge(f"a SPARQL request body is limited to {limit} bytes")
    return bytes(data)


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name) or []
    if len(values) != 1 or not values[0].strip():
        raise SparqlProblem(400, "invalid_query", "pass exactly one query: ?query=, a form field query= or an "
                                                  "application/sparql-query body")
    return values[0]


async def _answer(request: Request, text: str, params: dict[str, list[str]]) -> Response:
    settings = _settings(request)
    with _slots(request):
        try:
            ans = await client.query(settings, text, default_graphs=params.get("default-graph-uri", []),
                                     named_graphs=params.get("named-graph-uri", []))
        except client.EngineRefusal as e:
            raise SparqlProblem(e.status, e.kind, e.detail) from None
    headers = {"X-SPARQL-Rows": str(ans.rows), "X-SPARQL-Row-Limit": str(settings.sparql_max_rows)}
    if ans.truncated:
        headers["X-SPARQL-Truncated"] = ans.truncated
    media = ans.media_type
    if media == client.NTRIPLES and client.NTRIPLES not in request.headers.get("accept", ""):
        media = TURTLE
    return Response(ans.body, media_type=media, headers=headers)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SparqlProblem(400, "invalid_query", "the request body is not UTF-8") from None


@router.get("/sparql", summary="SPARQL 1.1 query (GET ?query=)", description=DOC, response_class=Response,
            responses=RESPONSES)
async def sparql_get(request: Request) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        raise _refuse_update()
    return await _answer(request, _one(params, "query"), params)


@router.post("/sparql", summary="SPARQL 1.1 query (POST application/sparql-query or form query=)", description=DOC,
             response_class=Response, responses=RESPONSES)
async def sparql_post(request: Request) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        raise _refuse_update()
    if ctype not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        raise UnsupportedMediaType("POST a query as application/sparql-query or application/x-www-form-urlencoded")
    raw = await _body(request, _settings(request).sparql_max_body)
    params = parse_qs(request.url.query, keep_blank_values=True)
    if ctype == "application/sparql-query":
        return await _answer(request, _decode(raw), params)
    form = parse_qs(_decode(raw), keep_blank_values=True)
    if "update" in form:
        raise _refuse_update()
    for name in ("default-graph-uri", "named-graph-uri"):
        params.setdefault(name, []).extend(form.get(name, []))
    return await _answer(request, _one(form, "query"), params)
