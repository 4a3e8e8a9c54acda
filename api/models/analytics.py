"""Answers of the graph analytics (networkx on the entity projection)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Ranked(BaseModel):
    id: str
    type: str
    name_zh: str | None = None
    name_en: str | None = None
    score: float
    degree: int


class Centrality(BaseModel):
    measure: str
    type: str | None = None
    nodes: int = Field(description="nodes of the projection")
    edges: int = Field(description="edges of the projection")
    items: list[Ranked]


class Top(BaseModel):
    id: str
    name_zh: str | None = None
    degree: int


class Group(BaseModel):
    index: int
    size: int
    members: list[str] | None = Field(None, description="entity ids (with members=true)")
    top: list[Top] = Field(description="the best-connected members")


class Groups(BaseModel):
    nodes: int
    edges: int
    total: int = Field(description="how many groups there are")
    modularity: float | None = None
    algorithm: str | None = None
    items: list[Group]


class Stats(BaseModel):
    labels: dict[str, int] = Field(description="node count per label")
    relationship_types: dict[str, int] = Field(description="relationship count per type")
