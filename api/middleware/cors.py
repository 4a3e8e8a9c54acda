"""CORS for the read API: any origin by default (HKG_CORS_ORIGINS narrows it).

GET, HEAD and OPTIONS everywhere; POST only where a read is posted (/sparql, /reconcile).
Curation routes are never opened to other origins by this: a request to them passes through
untouched, so a browser on another origin gets no CORS grant and cannot read or write them.

Built on Starlette's CORSMiddleware (preflights, simple requests, Vary: Origin), one
instance per policy, chosen by path.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

READ_METHODS = ["GET", "HEAD", "OPTIONS"]
POST_PATHS = ("/sparql", "/reconcile")
CLOSED_PATHS = ("/curation",)
# Headers a page may read from our answers (besides the CORS-safelisted ones).
EXPOSED = ["ETag", "Retry-After", "X-SPARQL-Truncated", "RateLimit", "RateLimit-Policy", "Content-Disposition",
           "X-Graph-Version"]
# Headers a page may send: content negotiation, conditional requests, a posted query's type.
ALLOWED_HEADERS = ["Accept", "Accept-Language", "Content-Type", "If-None-Match"]


def _matches(path: str, prefixes: Sequence[str]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


class Cors:
    def __init__(self, app: ASGIApp, origins: Sequence[str] = ("*",), max_age: int = 600) -> None:
        self.app = app
        common = {"allow_origins": list(origins), "allow_headers": ALLOWED_HEADERS, "expose_headers": EXPOSED,
                  "allow_credentials": False, "max_age": max_age}
        self.read = CORSMiddleware(app, allow_methods=READ_METHODS, **common)
        self.post = CORSMiddleware(app, allow_methods=READ_METHODS + ["POST"], **common)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if _matches(path, CLOSED_PATHS):
            await self.app(scope, receive, send)
        elif _matches(path, POST_PATHS):
            await self.post(scope, receive, send)
        else:
            await self.read(scope, receive, send)
