"""Every error the API returns is JSON; this is the one place that maps exceptions to statuses."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph.errors import GraphAuthError, GraphUnavailable

log = logging.getLogger("hkg.api")

RETRY_AFTER_SECONDS = "5"


class NotFound(Exception):
    def __init__(self, kind: str, id: str):
        super().__init__(f"no {kind} with id {id!r}")
        self.kind = kind
        self.id = id


class BadRequest(Exception):
    """A request that is well-formed but cannot be answered as asked (422)."""


class Gone(Exception):
    """It existed and was removed (410); extensions (e.g. replaced_by) go into the body."""

    def __init__(self, detail: str, **extensions: object):
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


def _body(status: int, error: str, detail: object) -> dict:
    return {"error": error, "status": status, "detail": detail}


def install(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(_body(404, "not_found", str(exc)), status_code=404)

    @app.exception_handler(Gone)
    async def gone(_: Request, exc: Gone) -> JSONResponse:
        return JSONResponse({**_body(410, "gone", exc.detail), **exc.extensions}, status_code=410)

    @app.exception_handler(BadRequest)
    async def bad_request(_: Request, exc: BadRequest) -> JSONResponse:
        return JSONResponse(_body(422, "invalid_request", str(exc)), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        return JSONResponse(_body(422, "invalid_request", errors), status_code=422)

    async def unavailable(_: Request, exc: Exception) -> JSONResponse:
        # The driver reconnects by itself; the client should simply come back shortly.
        log.warning("Neo4j unavailable: %s", exc)
        return JSONResponse(_body(503, "graph_unavailable", "Neo4j is not answering; retry shortly"),
                            status_code=503, headers={"Retry-After": RETRY_AFTER_SECONDS})

    for exc_type in (GraphUnavailable, GraphAuthError, ServiceUnavailable, SessionExpired):
        app.add_exception_handler(exc_type, unavailable)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse(_body(500, "internal_error", "an unexpected error occurred; it has been logged"),
                            status_code=500)
