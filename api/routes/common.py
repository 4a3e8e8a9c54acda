"""Helpers shared by the route modules: pagination parameters and page building."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]


def page(row: dict[str, Any], limit: int, offset: int, item=lambda x: x) -> dict[str, Any]:
    return {"total": row["total"], "limit": limit, "offset": offset, "items": [item(i) for i in row["items"]]}


def one(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    return rows[0] if rows else None
