"""One read deadline per request: every bounded read a request makes shares the settings'
`read_deadline` (graph/deadline.py), so that a route reading twice from a frozen Neo4j still
answers 503 within one deadline, not two. Reads only (GET, HEAD): a curator's save reads,
writes and reads again, each read under its own deadline, and must not lose its remaining
reads to the time its write took."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from graph.deadline import request_deadline


class RequestDeadline:
    def __init__(self, app: ASGIApp, seconds: float):
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        # The context variable is copied into the thread each sync route and dependency runs in.
        with request_deadline(self.seconds):
            await self.app(scope, receive, send)
