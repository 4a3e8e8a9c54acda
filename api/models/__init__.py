"""Pydantic models at the API boundary."""

from __future__ import annotations

import json
from enum import Enum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

# Stored on nodes for loading and indexing only; never part of an answer.
INTERNAL = {"hash", "search_zh", "search_en", "search_text", "names_json", "text"}


class Page(BaseModel, Generic[T]):
    total: int = Field(description="how many items match, over all pages")
    limit: int
    offset: int
    items: list[T]


class GraphFormat(str, Enum):
    cytoscape = "cytoscape"
    d3 = "d3"


class RecipientKind(str, Enum):
    hospital = "hospital"
    department = "department"
    team = "team"
    person = "person"
    party = "party"
    brand = "brand"
    campus = "campus"
    other = "other"


class Source(BaseModel):
    article_id: str
    article_title: str | None = None
    quote: str
    start: int | None = None
    end: int | None = None


class CitedSource(BaseModel):
    """An article quote that states a fact, with the article's bibliographic data. Not a schema
    of its own: the answers' source models extend it (FactSource, RecognitionSource)."""
    article_id: str
    article_title: str | None = None
    article_date: str | None = None
    article_outlet: str | None = None
    article_url: str | None = None
    quote: str
    start: int | None = None
    end: int | None = None


class EntityRef(BaseModel):
    id: str
    name_zh: str | None = None
    name_en: str | None = None
    type: str | None = None


class DatasetSource(BaseModel):
    """A fact read from a maintained dataset (places/): the dataset, its version, the record."""
    name: str
    version: str
    record: str | None = None
    inferred: bool = Field(default=False, description="true when the graph inferred the fact (e.g. a place read from a name)")
    inferred_from: str | None = None


class Evidence(BaseModel):
    fact_id: str
    predicate: str | None
    subject_id: str | None
    object_id: str | None
    article: dict[str, Any] | None = Field(default=None, description="the article quoted (none for a dataset fact)")
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: str | None = Field(default=None, description="the sentence (or line) of the article that contains the quote")
    dataset: DatasetSource | None = Field(default=None, description="the dataset a fact was read from, instead of an article")


def clean(props: dict[str, Any] | None) -> dict[str, Any] | None:
    """Node properties as an answer: internal fields dropped, names decoded."""
    if props is None:
        return None
    out = {k: v for k, v in props.items() if k not in INTERNAL}
    if "names_json" in props:
        out["names"] = json.loads(props["names_json"])
    return out
