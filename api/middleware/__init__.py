"""HTTP middleware: one module per job (security headers, CORS, caching, rate limits).

`install(app, settings)` adds them in their one order (outermost first): CORS (so that
every answer, a 429 included, can be read by an allowed page) → rate limit (a 304 counts
too) → caching (ETag/304 before any query runs) → gzip → the rest of the app.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from api.middleware.caching import HttpCache
from api.middleware.cors import Cors
from api.middleware.deadline import RequestDeadline
from api.middleware.ratelimit import RateLimit
from graph.config import Settings


def install(app: FastAPI, settings: Settings) -> None:
    # add_middleware wraps what is already there: added innermost first.
    app.add_middleware(RequestDeadline, seconds=settings.read_deadline)
    app.add_middleware(GZipMiddleware, minimum_size=settings.gzip_min_bytes, compresslevel=settings.gzip_level)
    app.add_middleware(HttpCache, max_age=settings.cache_max_age)
    app.add_middleware(RateLimit, limit=settings.rate_limit, window=settings.rate_window,
                       loopback=settings.rate_limit_loopback)
    app.add_middleware(Cors, origins=settings.cors_origins)
