"""Fetching the whole-graph exports and analytics, which the API builds in the background
(exports/builder.py): the first request for a graph version answers 503 + Retry-After, a
later one the artifact. Clients wait as a polite client would, for a bounded total time."""

from __future__ import annotations

import time
from typing import Any

# Every whole-graph artifact the API serves (path, params): asked for at once, they build in one queue.
ARTIFACT_URLS: list[tuple[str, dict[str, Any]]] = [
    ("/export/graph.ttl", {}), ("/export/graph.jsonld", {}), ("/export/graph.graphml", {}),
    ("/export/graph.graphml", {"view": "projection"}), ("/export/nodes.csv", {}), ("/export/relationships.csv", {}),
    ("/export/neo4j-admin.zip", {}), ("/analytics/components", {}),
]


def get_built(client, url: str, *, params: dict | None = None, within: float = 180.0, **kw: Any):
    """GET `url` (any client with httpx's `get`), waiting `Retry-After` seconds after each 503
    that carries one, for at most `within` seconds in all; then the last answer, whatever it is."""
    t0 = time.monotonic()
    while True:
        r = client.get(url, params=params, **kw)
        retry = r.headers.get("retry-after")
        left = within - (time.monotonic() - t0)
        if r.status_code != 503 or retry is None or left <= 0:
            return r
        time.sleep(min(float(retry), left))


def ask_for_all(client) -> None:
    """Queue every artifact's build now (each first answer is a 503), so they build while tests run."""
    for url, params in ARTIFACT_URLS:
        client.get(url, params=params)
