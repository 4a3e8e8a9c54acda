"""Pydantic models of the curation routes (request bodies and answers)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class NewArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=400_000, description="the article's text (any line endings; stored NFC)")
    title: str = Field(min_length=1, max_length=300)
    date: str | None = Field(default=None, pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                             description="YYYY, YYYY-MM or YYYY-MM-DD: only what the source supports")
    outlet: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)


class AddedArticle(BaseModel):
    id: str = Field(examples=["A005"])
    hash: str
    chars: int
    nearest: dict[str, Any] | None = Field(default=None, description="the most similar existing article, below the "
                                                                     "near-duplicate threshold")


class CuratedFact(BaseModel):
    """One fact as the page sends it. `start`/`end` are Unicode code points (the page converts
    from the browser's UTF-16); the server checks the quote is the text there."""
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(default=None, description="omit for a new fact: the next <article>-NNN is assigned")
    subject: str
    predicate: str
    object: Any
    qualifiers: dict[str, Any] | None = None
    quote: str = Field(min_length=1, max_length=2000)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    occurrence: int | None = Field(default=None, ge=1)
    also: list[dict[str, Any]] | None = None


class SaveBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entities: list[dict[str, Any]] = Field(default_factory=list, max_length=2000,
                                           description="entities this article declares (new ones), as in a fact file")
    facts: list[CuratedFact] = Field(default_factory=list, max_length=5000)
    article: dict[str, Any] | None = Field(default=None, description="metadata to change (title, date, outlet, url, "
                                                                     "title_en, reporters...); id and hash are kept")
    summary: str | None = Field(default=None, max_length=500, description="a note for the history")


class SaveResult(BaseModel):
    article: str
    etag: str
    facts: int
    entities: int
    changes: dict[str, int] = Field(description="facts added / changed / removed by this save")
    loaded: dict[str, Any] = Field(default_factory=dict, description="what the incremental load changed in the graph")
    dry_run: bool = False


class Curator(BaseModel):
    curator: str = Field(description="the curator's name in the curators file", examples=["wang"])


class ArticleState(BaseModel):
    """An article of the data folder and how far its curation has come."""
    id: str = Field(examples=["A001"])
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    facts: int = Field(description="curated facts in its fact file")
    entities: int = Field(description="entities its fact file declares")
    has_proposals: bool = Field(description="whether machine-drafted proposals are stored for it")
