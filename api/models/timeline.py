"""Models of a hospital's timeline: dated entries, figures as time series, the campus list
and the Party branches (one row per branch)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.models import EntityRef
from api.models.honours import RecognitionSource


class TimelineEntry(BaseModel):
    fact_id: str
    category: str = Field(description="founding, campus, milestone, honour, designation, tenure, figure, membership "
                                      "or partnership")
    kind: str | None = Field(None, description="the milestone's or the recognition's kind")
    year: int | None = None
    date: str | None = None
    date_role: str | None = Field(None, description="date, since (a tenure began) or as_of (held at the article's date)")
    year_basis: str | None = Field(None, description="stated, inferred or unknown (docs/curation.md, year policy)")
    label_zh: str
    label_en: str
    subject: EntityRef | None = None
    object: EntityRef | None = None
    conferrer: EntityRef | None = None
    value: float | None = None
    unit: str | None = None
    note: str | None = None
    sources: list[RecognitionSource]


class FigurePoint(BaseModel):
    value: float
    year: int | None = None
    date: str | None = None
    year_basis: str | None = None
    fact_id: str
    note: str | None = None
    quote: str
    article_id: str


class FigureSeries(BaseModel):
    entity: EntityRef
    metric: str
    label_zh: str
    unit: str | None = None
    points: list[FigurePoint] = Field(description="in the order the text gives them (e.g. 9 → 13 党支部)")


class CampusRow(BaseModel):
    entity: EntityRef
    fact_ids: list[str]
    articles: list[dict]
    named_by_count_article: bool = Field(description="named by the article whose stated campus count is the latest")


class CampusList(BaseModel):
    listed: list[CampusRow]
    stated_count: FigurePoint | None = Field(None, description="the campus count of the latest dated article that "
                                                               "states one (e.g. “一院三区”: 3)")
    current: str = Field(description="which list is current, as far as the text says (in English)")
    current_zh: str = Field(description="the same note in Chinese")


class BranchRow(BaseModel):
    entity: EntityRef
    parents: list[EntityRef] = Field(description="every body the branch belongs to (the Party committee, a department)")
    fact_ids: list[str]


class Timeline(BaseModel):
    hospital: EntityRef
    entries: list[TimelineEntry] = Field(description="dated entries, oldest first")
    undated: list[TimelineEntry] = Field(description="recognitions and milestones without a year, in text order")
    series: list[FigureSeries]
    campuses: CampusList
    party_branches: list[BranchRow]
    graph_version: str | None = None
    generated_at: str
