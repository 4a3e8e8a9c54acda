"""The API's documentation pages, /docs (Swagger UI 5) and /redoc, from npm packages.

FastAPI's default pages load Swagger UI from a CDN (blank offline, unpinned, no integrity)
and start it with an inline script, which a strict CSP forbids. `make frontend` copies
swagger-ui-dist and redoc into apidocs/dist/ (git-ignored); this serves them from
/docs-assets. Without the build, /docs answers a problem+json 503 saying how to build it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from graph.config import PROJECT_ROOT

DOCS_DIST = PROJECT_ROOT / "apidocs" / "dist"
PAGES = {"/docs": "docs.html", "/redoc": "redoc.html"}


def _page(file: Path):
    def serve() -> FileResponse:
        return FileResponse(file, media_type="text/html; charset=utf-8")
    return serve


def install(app: FastAPI, dist: Path = DOCS_DIST) -> None:
    if (dist / "docs.html").is_file():
        app.mount("/docs-assets", StaticFiles(directory=dist), name="docs-assets")
        for path, page in PAGES.items():
            app.add_api_route(path, _page(dist / page), methods=["GET"], include_in_schema=False)
        return

    def not_built() -> JSONResponse:
        return JSONResponse({"type": "about:blank", "title": "Documentation pages not built", "status": 503,
                             "detail": "the API documentation pages are not built: run `make frontend`"},
                            status_code=503, media_type="application/problem+json")

    for path in PAGES:
        app.add_api_route(path, not_built, methods=["GET"], include_in_schema=False)
