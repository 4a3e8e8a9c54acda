"""The name index for the routes (search, reconciliation, suggest, the place filters): built
in the background per graph version (names/cache.py), never inside a request.

`start` gives the app its builder in the lifespan: it builds for the watcher's version at once
and again after every load. `current(request, graph)` answers the index for the watcher's
version, waiting for an in-flight build at most for what is left of the request's deadline
(a small graph builds in milliseconds); meanwhile the previous version's index serves, so
names may lag a load by the build's duration. With no index at all yet: 503 + Retry-After.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import Request

from api.errors import Unavailable
from graph.config import Settings
from graph.deadline import time_left
from names import IndexCache, NameIndex
from names.cache import NotReady


def _cache(settings: Settings) -> IndexCache:
    return IndexCache(partial(NameIndex.from_graph, timeout=settings.build_timeout),
                      retry_interval=settings.probe_interval)


def start(app: Any, settings: Settings) -> IndexCache:
    watcher = app.state.watcher
    return _cache(settings).follow(app.state.graph, lambda: watcher.version)


def current(request: Request, graph: Any, version: Any) -> NameIndex:
    cache: IndexCache | None = getattr(request.app.state, "names", None)
    if cache is None:  # an app run without its lifespan
        cache = request.app.state.names = _cache(request.app.state.settings)
    try:
        return cache.get(graph, version, wait=time_left(request.app.state.settings.read_deadline))
    except NotReady as e:
        raise Unavailable(e.detail, retry_after=e.retry_after) from None
