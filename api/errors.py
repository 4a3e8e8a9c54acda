"""The one error model of the API: RFC 9457 `application/problem+json`.

Every error — ours (`ApiError` and its subclasses), the framework's (unknown route 404, 405,
invalid parameters 422), an unavailable graph (503 + Retry-After) and anything unexpected
(500) — answers the same shape, `Problem`, with `Cache-Control: no-store`. Details are
written here, never copied from a driver: no server text, URI, credential or file path
reaches a client (they go to the log).

Routes raise; `install(app)` maps. `error_responses(404, 422, ...)` documents the statuses in
the OpenAPI with the same model.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.config import get_settings
from graph.errors import GraphAuthError, GraphTimeout, GraphUnavailable

log = logging.getLogger("hkg.api")

PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    """One invalid parameter or body field (422)."""

    loc: list[str | int] = Field(description="where: ['query', 'limit'], ['path', 'id'], ['body', ...]")
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details; members beyond these may be added (extensions)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"type": "/problems/not-found", "title": "Not found", "status": 404,
         "detail": "no hospital with id 'hosp-nowhere'", "instance": "/hospitals/hosp-nowhere"}]})

    type: str = Field(default="about:blank", description="a URI reference naming the kind of problem")
    title: str = Field(description="short summary of the kind of problem")
    status: int = Field(description="the HTTP status code")
    detail: str | None = Field(default=None, description="what went wrong with this request")
    instance: str | None = Field(default=None, description="the request path")
    errors: list[FieldError] | None = Field(default=None, description="the invalid fields (422 only)")


# --- exceptions the routes raise -----------------------------------------------------------

class ApiError(Exception):
    """Base of every error a route raises on purpose; answered as a Problem."""

    status: int = 500
    title: str = "Internal error"
    type: str = "about:blank"

    def __init__(self, status: int | None = None, title: str | None = None, detail: str | None = None, *,
                 headers: dict[str, str] | None = None, **extensions: Any):
        super().__init__(detail or title or "")
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extensions = extensions


class NotFound(ApiError):
    """The id names nothing of that kind (404)."""

    status, title, type = 404, "Not found", "/problems/not-found"

    def __init__(self, kind: str, id: str, **extensions: Any):
        super().__init__(detail=f"no {kind} with id {id!r}", kind=kind, id=id, **extensions)
        self.kind, self.id = kind, id


class BadRequest(ApiError):
    """Well-formed but cannot be answered as asked (422)."""

    status, title, type = 422, "Invalid request", "/problems/invalid-request"

    def __init__(self, detail: str, **kw: Any):
        super().__init__(detail=detail, **kw)


class Gone(ApiError):
    """It existed and was removed (410)."""

    status, title, type = 410, "Gone", "/problems/gone"

    def __init__(self, detail: str, **kw: Any):
        super().__init__(detail=detail, **kw)


class Conflict(ApiError):
    """The request conflicts with the current state, e.g. a stale If-Match (409)."""

    status, title, type = 409, "Conflict", "/problems/conflict"

    def __init__(self, detail: str, **kw: Any):
        super().__init__(detail=detail, **kw)


class PayloadTooLarge(ApiError):
    """The body is larger than accepted (413)."""

    status, title, type = 413, "Payload too large", "/problems/payload-too-large"

    def __init__(self, detail: str, **kw: Any):
        super().__init__(detail=detail, **kw)


class UnsupportedMediaType(ApiError):
    """The body's media type is not one this operation reads (415)."""

    status, title, type = 415, "Unsupported media type", "/problems/unsupported-media-type"

    def __init__(self, detail: str, **kw: Any):
        super().__init__(detail=detail, **kw)


class TooManyRequests(ApiError):
    """The client went over its rate limit (429 + Retry-After)."""

    status, title, type = 429, "Too many requests", "/problems/rate-limited"

    def __init__(self, detail: str, retry_after: int, *, headers: dict[str, str] | None = None, **kw: Any):
        super().__init__(detail=detail, headers={"Retry-After": str(retry_after), **(headers or {})}, **kw)


class Unavailable(ApiError):
    """A dependency (the graph, a search engine, a build in progress) cannot answer now (503 + Retry-After)."""

    status, title, type = 503, "Service unavailable", "/problems/unavailable"

    def __init__(self, detail: str, retry_after: int | None = None, **kw: Any):
        retry = retry_after if retry_after is not None else get_settings().retry_after
        super().__init__(detail=detail, headers={"Retry-After": str(retry)}, **kw)


# --- building answers ----------------------------------------------------------------------

def problem_response(status: int, title: str | None = None, detail: str | None = None, *,
                     type: str = "about:blank", instance: str | None = None,
                     headers: dict[str, str] | None = None, **extensions: Any) -> JSONResponse:
    body = Problem(type=type, title=title or _phrase(status), status=status, detail=detail, instance=instance,
                   **extensions)
    # Unset standard members are left out; extensions keep their nulls (`replaced_by: null` says something).
    content = {k: v for k, v in body.model_dump().items() if v is not None or k not in _OPTIONAL}
    return JSONResponse(jsonable_encoder(content), status_code=status,
                        media_type=PROBLEM_JSON, headers={**(headers or {}), "Cache-Control": "no-store"})


_OPTIONAL = {"detail", "instance", "errors"}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def graph_unavailable(instance: str | None = None) -> JSONResponse:
    """The one 503 for a graph that does not answer (down, frozen, too slow, refusing us)."""
    return problem_response(503, "Service unavailable",
                            "the graph database is not answering in time; retry shortly",
                            type="/problems/unavailable", instance=instance,
                            headers={"Retry-After": str(get_settings().retry_after)})


def internal_error(instance: str | None = None) -> JSONResponse:
    """The one 500: the cause goes to the log, never to the client."""
    return problem_response(500, "Internal error", "an unexpected error occurred; it has been logged",
                            instance=instance)


def _body(status: int, error: str, detail: object) -> dict[str, Any]:
    """Transitional, for routes not yet raising ApiError (sparql.py): a Problem-shaped dict."""
    return {"type": f"/problems/{error.replace('_', '-')}", "title": _phrase(status), "status": status,
            "detail": str(detail), "error": error}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for these statuses, each the Problem model as problem+json."""
    described = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 409: "Conflict", 410: "Gone",
                 413: "Payload too large", 415: "Unsupported media type", 422: "Invalid parameters",
                 429: "Too many requests (see Retry-After)", 500: "Internal error",
                 503: "Unavailable: retry after Retry-After seconds"}
    ref = {"$ref": "#/components/schemas/Problem"}
    return {code: {"model": Problem, "description": described.get(code, _phrase(code)),
                   "content": {PROBLEM_JSON: {"schema": ref}}} for code in codes}


def document(app: FastAPI) -> None:
    """Give every operation its error statuses in the OpenAPI, as the Problem model: 404 where
    the path names an id, 422 where it takes parameters (replacing FastAPI's own 422 body,
    which this API never sends), and 429, 500, 503 everywhere. A route's own entries win.

    Done on the generated document rather than on the routes, so that it holds for every
    route however it was included."""
    build = app.openapi
    ref = {"$ref": "#/components/schemas/Problem"}

    def openapi() -> dict[str, Any]:
        spec = build()
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        if spec.get("x-problems-documented"):
            return spec  # the cached document, already done
        spec["x-problems-documented"] = True
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(problem.pop("$defs", {}))
        schemas["Problem"] = problem
        for path, item in spec.get("paths", {}).items():
            for method, op in item.items():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                codes = [429, 500, 503] + ([404] if "{" in path else []) + ([422] if op.get("parameters") or
                                                                              op.get("requestBody") else [])
                responses = op["responses"]
                for code, entry in error_responses(*codes).items():
                    existing = responses.get(str(code))
                    if existing is None or "HTTPValidationError" in str(existing):
                        responses[str(code)] = {"description": entry["description"],
                                                "content": {PROBLEM_JSON: {"schema": ref}}}
                for code, entry in responses.items():
                    # A route's `model=Problem` also lists application/json; errors are only
                    # ever sent as problem+json.
                    content = entry.get("content", {})
                    if code[0] in "45" and PROBLEM_JSON in content and content.get("application/json", {}).get(
                            "schema") == ref:
                        del content["application/json"]
        if "HTTPValidationError" not in str(spec.get("paths")):
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


# --- the handlers --------------------------------------------------------------------------

def install(app: FastAPI) -> None:
    """Map every exception to a Problem. Call before adding other middleware, so that they
    (CORS, caching) also see and decorate error answers."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, type=exc.type, instance=request.url.path,
                                headers=exc.headers, **exc.extensions)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Unknown routes (404), wrong methods (405, with its Allow header), and any
        # HTTPException a dependency raises.
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != _phrase(exc.status_code) else None
        if exc.status_code == 404 and detail is None:
            detail = f"no resource at {request.url.path}"
        return problem_response(exc.status_code, _phrase(exc.status_code), detail, instance=request.url.path,
                                headers=dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [FieldError(loc=[x if isinstance(x, int) else str(x) for x in e.get("loc", ())],
                             msg=str(e.get("msg", "")), type=str(e.get("type", ""))) for e in exc.errors()]
        summary = "; ".join(f"{'.'.join(map(str, e.loc[1:] or e.loc))}: {e.msg}" for e in errors[:5])
        return problem_response(422, "Invalid request", summary or "invalid parameters",
                                type="/problems/invalid-request", instance=request.url.path,
                                errors=[e.model_dump() for e in errors])

    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        # The text names the URI and the driver's message: for the log only.
        log.warning("graph unavailable on %s: %s: %s", request.url.path, type(exc).__name__, exc)
        return graph_unavailable(request.url.path)

    for exc_type in (GraphUnavailable, GraphTimeout, GraphAuthError, ServiceUnavailable, SessionExpired):
        app.add_exception_handler(exc_type, unavailable)

    app.add_middleware(CatchAll)


class CatchAll:
    """Anything unexpected becomes a JSON 500 Problem, and the exception stops here.

    Starlette's own handler for `Exception` re-raises after answering, and uvicorn then closes
    the connection; here the answer is sent and the connection stays usable (keep-alive).
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # half an answer is out: nothing honest can follow it
                raise
            response = internal_error(scope.get("path"))
            await response(scope, receive, send)
