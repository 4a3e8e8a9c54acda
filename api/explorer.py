"""The explorer web page at /explorer: static files built from npm packages by `make frontend`.

The bundle lives in explorer/dist (git-ignored). When it has been built it is served as-is
(StaticFiles, index.html for /explorer/); when it has not, /explorer answers a JSON 503 that
says how to build it, like every other error of the API.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api.errors import problem_response
from graph.config import PROJECT_ROOT

EXPLORER_DIST = PROJECT_ROOT / "explorer" / "dist"


def install(app: FastAPI, dist: Path = EXPLORER_DIST) -> None:
    if (dist / "index.html").is_file():
        app.mount("/explorer", StaticFiles(directory=dist, html=True), name="explorer")
        return

    def not_built() -> JSONResponse:
        # The folder is named relative to the project, never as an absolute path.
        return problem_response(503, "Explorer not built",
                                "the explorer's static files are not built (explorer/dist is missing): "
                                "run `make frontend` (npm ci && npm run build in explorer/)",
                                type="/problems/explorer-not-built", headers={"Retry-After": "60"})

    app.add_api_route("/explorer", not_built, methods=["GET"], include_in_schema=False)
    app.add_api_route("/explorer/{path:path}", not_built, methods=["GET"], include_in_schema=False)
