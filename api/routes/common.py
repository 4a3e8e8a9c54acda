"""Helpers shared by the route modules: pagination parameters and page building.

Page sizes and the deepest offset come from the one settings table (graph/config.py); an
offset or limit out of bounds is a 422, never a query that overflows in Neo4j.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

from graph.config import get_settings

_settings = get_settings()
PAGE_DEFAULT = _settings.page_default
PAGE_MAX = _settings.page_max
MAX_OFFSET = _settings.max_offset

Limit = Annotated[int, Query(ge=1, le=PAGE_MAX, description=f"page size (1–{PAGE_MAX})", examples=[PAGE_DEFAULT])]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"items to skip (0–{MAX_OFFSET})", examples=[0])]




def id_path(kind: str, example: str) -> Any:
    """An `{id}` path parameter: described, with a real id of the curated data as example,
    and bounded (a 10 kB id is a 422, not a query)."""
    return Annotated[str, Path(description=f"the {kind}'s stable id", examples=[example], min_length=1,
                               max_length=200)]


HospitalId = id_path("hospital", "hosp-jinan-mch")
EntityId = id_path("entity (any class)", "hosp-jinan-mch")
PersonId = id_path("person", "person-shan-ruiping")
ArticleId = id_path("article", "A001")
FactId = id_path("fact", "A001-001")


def page(row: dict[str, Any], limit: int, offset: int, item=lambda x: x) -> dict[str, Any]:
    return {"total": row["total"], "limit": limit, "offset": offset, "items": [item(i) for i in row["items"]]}


def one(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    return rows[0] if rows else None
