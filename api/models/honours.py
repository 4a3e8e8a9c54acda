"""Models of the recognition history (honours, titles, certifications, designations,
rankings, selections). The closed lists come from the ontology (hkg:RecognitionKind,
hkg:YearBasis), never from a list typed here."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

import ontology
from api.models import CitedSource, EntityRef, RecipientKind

__all__ = ["RecognitionKind", "YearBasis", "Level", "RecognitionSource", "RecognitionEntry", "RecipientKind"]


def _enum(name: str) -> type[Enum]:
    return Enum(name, {v.value: v.value for v in ontology.load().enumeration(name)}, type=str)  # type: ignore[return-value]


RecognitionKind = _enum("RecognitionKind")
YearBasis = _enum("YearBasis")


def _levels() -> type[Enum]:
    from ontology import shapes
    allowed = next(pc.allowed for s in shapes.shapes() if s.name == "LevelledShape" for pc in s.properties
                   if pc.path == "level")
    return Enum("Level", {v: v for v in allowed}, type=str)  # type: ignore[return-value]


Level = _levels()


class RecognitionSource(CitedSource):
    sentence: str | None = Field(None, description="the sentence of the article that contains the quote")


class HonourRef(EntityRef):
    level: str | None = None


class RecognitionEntry(BaseModel):
    fact_id: str = Field(description="stable id of the fact; /facts/{fact_id} cites it")
    statement_class: str = Field(description="HonourConferral (an honour) or Designation (a programme)")
    kind: RecognitionKind = Field(description="award, title, certification, designation, ranking or selection")
    year: int | None = None
    date: str | None = None
    year_basis: YearBasis | None = Field(None, description="stated, inferred (from the article's date) or unknown")
    level: str | None = None
    rank: str | None = None
    note: str | None = None
    honour: HonourRef = Field(description="the honour or programme: what was received")
    recipient: EntityRef
    recipient_kind: RecipientKind
    conferrer: EntityRef | None = None
    hospitals: list[EntityRef] = Field(default_factory=list, description="hospitals whose unit or person received it")
    sources: list[RecognitionSource]
