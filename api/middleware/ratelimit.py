"""Per-client rate limits: HKG_RATE_LIMIT requests per HKG_RATE_WINDOW seconds per address.

Fixed windows counted in memory (one process; a fleet would count in a shared store). Over
the limit: 429 problem+json with Retry-After. Every answer advertises the policy and what is
left with the IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers-10):
`RateLimit-Policy: "default";q=600;w=60` and `RateLimit: "default";r=599;t=42`.

Loopback clients (the developer's own machine, the explorer served locally) are exempt
unless HKG_RATE_LIMIT_LOOPBACK is set; 0 switches limits off. Behind a reverse proxy run
uvicorn with --proxy-headers (and --forwarded-allow-ips) so that the client's address, not the
proxy's, is counted.
"""

from __future__ import annotations

import ipaddress
import math
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem_response

# Counters kept at most: past this, windows that have ended are dropped (bounded memory
# however many addresses call).
MAX_CLIENTS = 100_000


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RateLimit:
    def __init__(self, app: ASGIApp, limit: int, window: int, loopback: bool = False) -> None:
        self.app = app
        self.limit = limit
        self.window = window
        self.loopback = loopback
        self.policy = f'"default";q={limit};w={window}'
        self._counts: dict[str, tuple[int, int]] = {}  # client -> (window number, requests in it)

    def _count(self, client: str, now: float) -> int:
        window_no = int(now // self.window)
        seen_window, count = self._counts.get(client, (window_no, 0))
        count = count + 1 if seen_window == window_no else 1
        if len(self._counts) >= MAX_CLIENTS and client not in self._counts:
            self._counts = {c: wc for c, wc in self._counts.items() if wc[0] == window_no}
        self._counts[client] = (window_no, count)
        return count

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        if not self.loopback and is_loopback(client):
            await self.app(scope, receive, send)
            return
        now = time.time()
        count = self._count(client, now)
        reset = max(1, math.ceil(self.window - now % self.window))
        remaining = max(0, self.limit - count)
        fields = {"RateLimit-Policy": self.policy, "RateLimit": f'"default";r={remaining};t={reset}'}
        if count > self.limit:
            response = problem_response(429, "Too many requests",
                                        f"more than {self.limit} requests in {self.window} s from this client; "
                                        f"retry after {reset} s", type="/problems/rate-limited",
                                        instance=scope.get("path"), headers={"Retry-After": str(reset), **fields})
            await response(scope, receive, send)
            return

        async def with_fields(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in fields.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_fields)
