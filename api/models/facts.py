"""A fact as a citation: what it says, who it is about, and where it is written."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from api.models import EntityRef


class FactEntity(BaseModel):
    role: str = Field(description="the entity's part in the fact: SUBJECT/OBJECT, or a statement role (RECIPIENT, ...)")
    entity: EntityRef


class FactSource(BaseModel):
    article_id: str
    article_title: str | None = None
    article_title_en: str | None = None
    article_date: str | None = None
    article_outlet: str | None = None
    article_url: str | None = None
    quote: str
    start: int | None = None
    end: int | None = None
    sentence: str = Field(description="the sentence of the article that contains the quote")


class FactCitation(BaseModel):
    id: str = Field(description="the fact's id: stable, never reused")
    predicate: str | None = None
    statement_class: str | None = Field(None, description="the statement's class, or the relationship type")
    label_zh: str
    label_en: str
    properties: dict[str, Any] = Field(description="the fact's qualifiers (year, year_basis, kind, level, role, ...)")
    entities: list[FactEntity]
    sources: list[FactSource]
    citation: str = Field(description="a citation line to paste")
    url: str = Field(description="this fact's address")
    graph_version: str | None = None
