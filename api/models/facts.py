"""A fact as a citation: what it says, who it is about, and where it is written."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from api.models import CitedSource, DatasetSource, EntityRef


class FactEntity(BaseModel):
    role: str = Field(description="the entity's part in the fact: SUBJECT/OBJECT, or a statement role (RECIPIENT, ...)")
    entity: EntityRef


class FactSource(CitedSource):
    article_title_en: str | None = None
    sentence: str = Field(description="the sentence of the article that contains the quote")


class FactCitation(BaseModel):
    id: str = Field(description="the fact's id: stable, never reused")
    predicate: str | None = None
    statement_class: str | None = Field(None, description="the statement's class, or the relationship type")
    label_zh: str
    label_en: str
    properties: dict[str, Any] = Field(description="the fact's qualifiers (year, year_basis, kind, level, role, ...)")
    entities: list[FactEntity]
    sources: list[FactSource] = Field(description="the article quotes that state the fact (none for a dataset fact)")
    dataset: DatasetSource | None = Field(None, description="for a fact read from a dataset (places): the dataset, "
                                                            "its version and record, and whether it was inferred")
    citation: str = Field(description="a citation line to paste")
    url: str = Field(description="this fact's address")
    graph_version: str | None = None


class ArticleFact(BaseModel):
    """One fact an article supports: a statement (with its properties) or a link (with its relation)."""
    fact_id: str
    predicate: str | None = None
    subject_id: str | None = None
    object_id: str | None = None
    relation: str | None = Field(None, description="for a link fact: the relationship type")
    statement: dict[str, Any] | None = Field(None, description="for a statement fact: its properties")
    quote: str
    start: int | None = None
    end: int | None = None
    sentence: str = Field(description="the sentence of the article that contains the quote")


class ArticleFacts(BaseModel):
    article: dict[str, Any] = Field(description="the article's metadata (id, title, outlet, date, url, ...), "
                                                "never its text")
    facts: list[ArticleFact] = Field(description="in reading order")
    fact_count: int
