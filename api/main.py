"""The FastAPI application.

Endpoints are plain `def` functions: FastAPI runs them in its thread pool, and the official
driver's synchronous API is the better-trodden path (its connection pool is thread-safe).
One driver serves the whole process; it is created in the lifespan and closed at shutdown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from api import artifacts, cache, docs, errors, explorer, middleware, name_index, warmup
from api.openapi import document, operation_id
from api.middleware.security import SecurityHeaders
from api.routes import (analytics, curation, entities, exports, facts, health, honours, hospitals, reconcile, search,
                        sources, sparql, timeline)
from api.version import API_VERSION
from graph.config import Settings, get_settings
from graph.connection import Graph
from graph.version import VersionWatcher

DESCRIPTION = """
A knowledge graph of Chinese hospitals — campuses, centres, people and their positions,
Party branches, honours, programmes and alliances — curated from news articles. Every fact
carries its provenance: the article and the exact quote.
"""


def create_app(settings: Settings | None = None, graph: Graph | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Not verified here: the API starts while Neo4j is down, answers 503, and recovers
        # by itself when Neo4j comes back (the driver reconnects on the next request).
        # Every read is bounded by the settings' deadline (client) and transaction time-out
        # (server): a down or frozen Neo4j gives 503 + Retry-After within the deadline.
        owned = graph is None
        g = graph or Graph.connect(settings, verify=False, timeout=5.0, retry_time=1.0, interactive=True)
        # The sync routes run in anyio's thread pool: with enough threads, 100 concurrent
        # requests all start (and meet their deadline) at once instead of queueing.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        # The probe has a driver and pool of its own, so that busy or stuck request traffic
        # never starves /health, and /health never waits on the request pool.
        probe = Graph.connect(settings, verify=False, interactive=True, pool_size=2)
        watcher = VersionWatcher(probe, interval=settings.probe_interval).start()
        app.state.graph, app.state.watcher = g, watcher
        if owned:
            # The watcher is also a circuit breaker: when its probe has not succeeded for a
            # deadline, reads answer 503 at once instead of each waiting on a frozen server.
            stale = max(settings.health_stale_after, settings.read_deadline)
            g.gate = lambda: watcher.healthy(stale)
        app.state.builder = artifacts.start(app, settings)  # exports and analytics, in the background
        # Plans of the named reads, in the background: serving and /health do not wait for it.
        plans = app.state.warmup = warmup.start(app, settings)
        # The name index, in the background too, for the watcher's version and after each load.
        names = app.state.names = name_index.start(app, settings)
        try:
            yield
        finally:
            if plans is not None:
                plans.stop()
            names.stop()
            # Before the driver closes: closing it under a read in flight fails inside the
            # driver (seen: BufferError at shutdown while the name index was being built).
            for job in (plans, names):
                if job is not None:
                    job.join(settings.read_deadline)
            app.state.builder.close()
            # This lifespan's own objects (the app may run more than one lifespan, e.g. two test clients).
            watcher.stop()
            probe.close()
            if owned:
                g.close()

    app = FastAPI(title="Hospital Knowledge Graph API", version=API_VERSION, description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None,
                  generate_unique_id_function=operation_id)
    app.state.settings = settings
    errors.install(app)
    cache.install(app, settings)
    for module in (health, search, hospitals, honours, timeline, facts, entities, sources, exports, sparql, analytics, reconcile):
        app.include_router(module.router)
    curation.install(app)
    explorer.install(app, settings.explorer_dist)
    docs.install(app, settings.apidocs_dist)
    middleware.install(app, settings)  # CORS, rate limits, ETag/304, gzip
    app.add_middleware(SecurityHeaders, connect_origins=settings.explorer_connect_origins)
    document(app)   # the error model and the examples (api/openapi.py)
    return app
