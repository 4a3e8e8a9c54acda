"""Whole-graph artifacts (exports, analytics) for the routes: built in the background per
graph version (exports/builder.py), 503 + Retry-After until ready.

`install` gives the app its builder in the lifespan; `built(request, name)` answers the
artifact for the watcher's graph version or raises `Unavailable` at once.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from api.errors import Unavailable, error_responses
from exports.builder import Builder, NotReady
from graph.config import Settings

# The OpenAPI of every operation that serves one: a 503 is the normal first answer.
NOT_READY = {503: {**error_responses(503)[503],
                   "description": "Not built yet for the current graph version (or the graph is unavailable): "
                                  "built in the background, retry after `Retry-After` seconds"}}


def start(app: Any, settings: Settings) -> Builder:
    watcher = app.state.watcher
    return Builder(settings, timeout=settings.build_timeout, workers=settings.build_workers,
                   first_estimate=settings.build_first_estimate, retry_after=settings.retry_after,
                   current_version=lambda: watcher.version)


def built(request: Request, name: str) -> Any:
    watcher = request.app.state.watcher
    version = watcher.version
    if version is None:  # the graph has not answered since the start
        raise Unavailable("the graph database is not answering; retry shortly")
    try:
        return request.app.state.builder.get(name, version)
    except NotReady as e:
        raise Unavailable(e.detail, retry_after=e.retry_after, graph_version=version) from None
