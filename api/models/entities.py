"""An entity with its relationships and the statements it takes part in."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.models import EntityRef, Source


class Props(BaseModel):
    """A node's or relationship's properties: the typed ones below, and the ontology's
    qualifiers (year, level, role, ...) as they are stored."""
    model_config = ConfigDict(extra="allow")


class EntityProps(Props):
    id: str
    type: str | None = Field(None, description="the ontology class, e.g. Hospital, Person")
    name_zh: str | None = None
    name_en: str | None = None
    labels: list[str] | None = None


class LinkProps(Props):
    fact_id: str | None = None
    articles: list[str] | None = Field(None, description="articles that state the link")
    quotes: list[str] | None = Field(None, description="the quote of each article, in the same order")


class EntityLink(BaseModel):
    direction: str = Field(description="out: this entity is the subject; in: the object")
    relation: str = Field(description="relationship type, e.g. HAS_UNIT")
    entity: EntityRef
    link: LinkProps


class Participant(BaseModel):
    role: str = Field(description="the participant's role in the statement, e.g. HOLDER, RECIPIENT")
    entity: EntityRef


class StatementProps(Props):
    id: str
    fact_id: str | None = None
    class_: str | None = Field(None, alias="class", description="statement class, e.g. Tenure")


class EntityStatement(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    role: str = Field(description="this entity's role in the statement")
    class_: str | None = Field(None, alias="class", serialization_alias="class")
    statement: StatementProps
    participants: list[Participant]
    sources: list[Source]


class EntityDetail(BaseModel):
    entity: EntityProps
    links: list[EntityLink]
    statements: list[EntityStatement]


class PersonDetail(EntityDetail):
    positions: list[EntityStatement] = Field(description="Tenure statements the person holds")
    memberships: list[EntityStatement]
    honours: list[EntityStatement]
    branches_led: list[EntityStatement] = Field(description="positions held in Party branches")


class PersonInScope(BaseModel):
    person: EntityProps
    organisation: EntityRef | None = None
    role: str | None = None
    fact: StatementProps
