"""Requests and answers of the Reconciliation Service API v0.2, as Pydantic models.

Field names are the protocol's: camelCase in the manifest (identifierSpace, defaultTypes),
snake_case in the suggest and extend blocks (service_url, propose_properties), as OpenRefine
sends and reads them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_QUERY_CHARS = 500


class TypeRef(BaseModel):
    id: str
    name: str


class ServiceRef(BaseModel):
    service_url: str
    service_path: str
    flyout_service_path: str | None = None


class Suggest(BaseModel):
    entity: ServiceRef
    type: ServiceRef
    property: ServiceRef


class UrlTemplate(BaseModel):
    url: str


class Preview(BaseModel):
    url: str
    width: int
    height: int


class PropertySetting(BaseModel):
    name: str
    label: str
    type: Literal["number", "text", "checkbox", "select"]
    default: Any = None
    help_text: str = ""


class Extend(BaseModel):
    propose_properties: ServiceRef
    property_settings: list[PropertySetting] = []


class Manifest(BaseModel):
    versions: list[str]
    name: str
    identifierSpace: str
    schemaSpace: str
    documentation: str | None = None
    defaultTypes: list[TypeRef]
    view: UrlTemplate
    preview: Preview
    suggest: Suggest
    extend: Extend
    batchSize: int


# ---------------------------------------------------------------- reconciliation queries
class QueryProperty(BaseModel):
    pid: str = Field(min_length=1, max_length=100)
    v: Any


class Query(BaseModel):
    model_config = ConfigDict(extra="ignore")
    query: str = Field(max_length=MAX_QUERY_CHARS)
    type: str | list[str] | None = None
    limit: int | None = Field(default=None, ge=1)
    properties: list[QueryProperty] = Field(default=[], max_length=20)
    type_strict: Literal["should", "all", "any"] | None = None

    @field_validator("type")
    @classmethod
    def _types_list(cls, v: str | list[str] | None) -> str | list[str] | None:
        if isinstance(v, list) and len(v) > 20:
            raise ValueError("at most 20 types")
        return v

    @property
    def types(self) -> list[str]:
        if self.type is None or self.type == "":
            return []
        return [self.type] if isinstance(self.type, str) else list(self.type)


class Feature(BaseModel):
    id: str
    value: float | bool


class Candidate(BaseModel):
    id: str
    name: str
    description: str | None = None
    type: list[TypeRef]
    score: float
    match: bool
    features: list[Feature] = []


class QueryResult(BaseModel):
    result: list[Candidate]


# ---------------------------------------------------------------- suggest, preview, extend
class SuggestItem(BaseModel):
    id: str
    name: str
    description: str | None = None
    notable: list[TypeRef] | None = None


class SuggestResult(BaseModel):
    result: list[SuggestItem]


class Flyout(BaseModel):
    id: str
    html: str


class PropertyRef(BaseModel):
    id: str
    name: str


class ProposedProperties(BaseModel):
    type: str
    limit: int
    properties: list[PropertyRef]


class ExtendProperty(BaseModel):
    id: str = Field(min_length=1, max_length=100)
    settings: dict[str, Any] = {}


class ExtendRequest(BaseModel):
    ids: list[str] = Field(max_length=1000)
    properties: list[ExtendProperty] = Field(min_length=1, max_length=20)


class ExtendMeta(BaseModel):
    id: str
    name: str
    type: TypeRef | None = None


class ExtendResult(BaseModel):
    meta: list[ExtendMeta]
    rows: dict[str, dict[str, list[dict[str, Any]]]]
