"""Security headers on every answer, and a Content-Security-Policy that fits what is served.

The pages (explorer, /docs, /redoc) load scripts only from this server (no inline script, no
CDN); `connect-src` adds the API origins the explorer may be pointed at with `?api=`
(HKG_EXPLORER_API_ORIGINS). JSON, CSV and RDF answers get `default-src 'none'`: a browser
that is tricked into rendering one as a page runs nothing from it.

A pure ASGI middleware (not BaseHTTPMiddleware): it only touches the response's start
message, so streamed answers stay streamed.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def page_csp(connect_origins: Iterable[str]) -> str:
    connect = " ".join(["'self'", *connect_origins])
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        # Cytoscape's labels and ReDoc's styled components set styles from script.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src {connect}",
        "worker-src 'self' blob:",   # ReDoc's search runs in a blob worker
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


PAGE_PREFIXES = ("/explorer", "/docs", "/redoc")


class SecurityHeaders:
    def __init__(self, app: ASGIApp, connect_origins: Iterable[str] = ()) -> None:
        self.app = app
        self.page_policy = page_csp(connect_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = self.page_policy if path.startswith(PAGE_PREFIXES) else API_CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in {**COMMON, "content-security-policy": csp}.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
