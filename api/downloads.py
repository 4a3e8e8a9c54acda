"""Histories and timelines as downloads: JSON (the answer itself) or CSV, one row per entry.

The format is chosen by `?format=csv|json`, else by the Accept header (text/csv). Every
download carries the graph version and the time it was made: in the JSON body, in the CSV
as two columns of every row (a spreadsheet keeps them), and in headers of both."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from graph.connection import Graph


# OpenAPI: the CSV form of a history or timeline download.
DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


class DownloadFormat(str, Enum):
    json = "json"
    csv = "csv"


def asks_for(request: Request, media_type: str) -> bool:
    """Does the Accept header ask for `media_type` ahead of JSON? JSON stays the answer unless
    a client names the other form first (a browser's text/html, a spreadsheet's text/csv)."""
    accept = request.headers.get("accept", "")
    return media_type in accept and "application/json" not in accept.split(media_type)[0]


def wants_csv(request: Request, fmt: DownloadFormat | None) -> bool:
    if fmt is not None:
        return fmt is DownloadFormat.csv
    return asks_for(request, "text/csv")


def graph_version(request: Request, graph: Graph | None = None) -> str | None:
    """The graph version as the background watcher last saw it; without a watcher (an app
    built without one), a download reads it itself: one small query, for a deliberate request."""
    watcher = getattr(request.app.state, "watcher", None)
    version = getattr(watcher, "version", None)
    if version is None and graph is not None:
        rows = graph.read("api/graph_version")
        version = rows[0]["version"] if rows else None
    return version


def stamp(request: Request, graph: Graph | None = None) -> dict[str, Any]:
    return {"graph_version": graph_version(request, graph),
            "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}


def csv_response(rows: Iterable[dict[str, Any]], columns: list[str], filename: str, meta: dict[str, Any]) -> Response:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns + list(meta), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**{k: ("" if v is None else v) for k, v in row.items()}, **{k: v or "" for k, v in meta.items()}})
    day = str(meta.get("generated_at", ""))[:10]
    # A BOM so that spreadsheet programs read the Chinese text as UTF-8.
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}-{day}.csv"',
                             "X-Graph-Version": str(meta.get("graph_version") or ""),
                             "Vary": "Accept"})


def flatten(entries: list[dict[str, Any]], row: Callable[[dict[str, Any], dict[str, Any] | None], dict[str, Any]]) -> list[dict[str, Any]]:
    """One CSV row per entry; an entry cited by several articles keeps its first source in the
    row's quote and sentence columns and lists every article id."""
    out = []
    for e in entries:
        sources = e.get("sources") or []
        r = row(e, sources[0] if sources else None)
        r["article_ids"] = " ".join(s["article_id"] for s in sources)
        out.append(r)
    return out
