"""HTTP caching keyed on the graph version: ETag, 304, Cache-Control, Vary.

The graph changes only when a load commits, and every load changes the graph version
(graph/version.py). So an answer is fully determined by (API version, graph version, the
request's path and query, and the representation asked for: Accept, and whether it may be
gzipped). The ETag is a hash of exactly these, computed BEFORE the route runs: a client that
revalidates with a matching If-None-Match gets 304 without any query reaching Neo4j.

The version comes from the background watcher (never read per request). Because the watcher
only reports a version after it has committed, the version a route then reads is never older
than the one in the tag: a tag can be stale (then the next revalidation simply gets a 200),
never ahead of its body. GET and HEAD share their tags, as HTTP requires.

`Cache-Control: no-cache` by default (caches keep the answer but revalidate each time, so a
curator's load is visible at once); HKG_CACHE_MAX_AGE > 0 allows that many seconds of reuse.
Errors get `no-store`. Pages, static files and /health are left alone.
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.version import API_VERSION

VARY = ("Accept", "Accept-Encoding", "Origin")
SKIPPED = ("/health", "/explorer", "/docs", "/redoc", "/apidocs", "/curation")


def etag_for(version: str, scope: Scope, headers: Headers) -> str:
    gz = "gzip" in headers.get("accept-encoding", "").lower()
    parts = [API_VERSION, version, "GET", scope.get("path", ""), scope.get("query_string", b"").decode("latin-1"),
             headers.get("accept", ""), "gzip" if gz else "identity"]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f'"{digest}"'


def matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as If-None-Match asks (RFC 9110 13.1.2)."""
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in if_none_match.split(","))


def merge_vary(headers: MutableHeaders) -> None:
    present = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
    lower = {v.lower() for v in present}
    headers["vary"] = ", ".join(present + [v for v in VARY if v.lower() not in lower])


class HttpCache:
    def __init__(self, app: ASGIApp, max_age: int = 0) -> None:
        self.app = app
        self.cache_control = f"public, max-age={max_age}" if max_age > 0 else "no-cache"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        cacheable = scope["method"] in ("GET", "HEAD") and not any(
            path == p or path.startswith(p + "/") for p in SKIPPED)
        watcher = getattr(scope["app"].state, "watcher", None) if "app" in scope else None
        version = getattr(watcher, "version", None)
        request_headers = Headers(scope=scope)
        etag = etag_for(version, scope, request_headers) if cacheable and version else None

        if etag and matches(request_headers.get("if-none-match", ""), etag):
            headers = MutableHeaders({"etag": etag, "cache-control": self.cache_control})
            merge_vary(headers)
            await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
            await send({"type": "http.response.body", "body": b""})
            return

        async def decorate(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                status = message["status"]
                if status >= 400:
                    headers["cache-control"] = "no-store"
                elif etag and 200 <= status < 300:
                    headers.setdefault("etag", etag)
                    headers.setdefault("cache-control", self.cache_control)
                    merge_vary(headers)
            await send(message)

        await self.app(scope, receive, decorate)
