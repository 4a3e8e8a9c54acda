"""Stand-in for api/errors.py's ApiError until the problem+json error model lands there:
the curation routes raise the same shape (status, title, detail, headers, extensions)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


class ApiError(Exception):
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


class Conflict(ApiError):
    status, title, type = 409, "Conflict", "/problems/conflict"

    def __init__(self, detail: str, **kw: Any):
        super().__init__(detail=detail, **kw)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        body = {"type": exc.type, "title": exc.title, "status": exc.status, "detail": exc.detail,
                "instance": request.url.path, **exc.extensions}
        return JSONResponse(body, status_code=exc.status, headers=exc.headers, media_type="application/problem+json")
