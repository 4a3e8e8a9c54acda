"""Pydantic models of the curation routes (request bodies and answers)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


# A made-up article about a made-up hospital (星河市 is the tests' fictional city): the
# example of adding one, and what `hkg openapi-examples` adds to its copy of the data.
NEW_ARTICLE_EXAMPLE = {
    "text": "星河市第二人民医院：守护一方健康\n近日，星河市第二人民医院被星河市卫生健康委员会评为“星河市平安医院”。\n",
    "title": "星河市第二人民医院：守护一方健康", "date": "2026-01", "outlet": "星河日报"}


class NewArticle(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [NEW_ARTICLE_EXAMPLE]})
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
    from_proposals: dict[str, str] | None = Field(
        default=None, max_length=5000, description="the drafts the new facts were accepted from: draft id -> fact id; "
                                                   "recorded in the proposals file, so they show as accepted",
        examples=[{"A005-P003": "A005-001"}])


class ReviewDecision(BaseModel):
    # Not `Decision`: a generated client names a model's class and its field alike and then
    # cannot type the field (openapi-python-client makes DecisionDecision).
    model_config = ConfigDict(extra="forbid")
    proposal: str = Field(min_length=1, max_length=40, description="the draft's id", examples=["A005-P003"])
    decision: Literal["rejected", "pending"] = Field(description="`rejected`, or `pending` to take a rejection back "
                                                                 "(a draft is accepted by saving its fact)")


class DecisionsBody(BaseModel):
    # The example takes a rejection back (a draft rejected shows `rejected`, `decided_by` and `decided_at`).
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"decisions": [{"proposal": "A001-P001", "decision": "pending"}]}]})
    decisions: list[ReviewDecision] = Field(min_length=1, max_length=5000)


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


# --- answers of the studio's reads ---------------------------------------------------------
# Fact files are YAML that curators write: the models name what the studio reads and keep
# whatever else a file holds (extra="allow"); the routes serialise with exclude_unset, so an
# answer is the file's content as it is, with no key added.

class EnumValue(BaseModel):
    value: str = Field(examples=["inferred"])
    label_en: str
    label_zh: str


class QualifierField(BaseModel):
    """One qualifier as the studio's card offers it, derived from the ontology and its shapes."""
    key: str = Field(examples=["year_basis"])
    input: Literal["enum", "year", "date", "entity", "text"] = Field(
        description="enum: one of `values`; year: a number (xsd:gYear); date: YYYY, YYYY-MM or YYYY-MM-DD; "
                    "entity: an entity's id of a type in `range`; text: free text")
    required: bool = Field(description="the shapes require it for this predicate")
    values: list[EnumValue] | None = Field(default=None, description="the closed list (input enum)")
    range: list[str] | None = Field(default=None, description="the entity types it takes (input entity)")


class OntologyPredicate(BaseModel):
    name: str = Field(examples=["awarded"])
    label_zh: str | None = None
    label_en: str | None = None
    structural: bool = Field(description="links the hospital's structure (campus, unit, branch) rather than a fact")
    literal: bool = Field(description="its object is a value, not an entity")
    domain: list[str] = Field(description="the entity types a subject may have")
    range: list[str] = Field(description="the entity types an object may have (empty for a literal)")
    object_input: Literal["entity", "number", "text"] = Field(description="what the object is: an entity, or a "
                                                                          "literal number or text")
    qualifiers: list[QualifierField] = Field(description="the qualifiers a fact of this predicate takes, in the "
                                                           "order a curator reads them")


class IdRule(BaseModel):
    pattern: str = Field(description="the regular expression a new entity's id matches")
    max_length: int
    text: str


class CurationOntology(BaseModel):
    """What a fact can say, from the ontology: the studio's predicate, type and qualifier choices."""
    predicates: list[OntologyPredicate]
    entity_types: list[str]
    qualifiers: list[str]
    classes: dict[str, list[str]] = Field(description="entity type -> itself and its superclasses (a subject or "
                                                      "object fits a predicate when one of them is in its domain/range)")
    id_prefixes: dict[str, str] = Field(description="entity type -> the prefix of its new ids")
    id_rule: IdRule


class ArticleMeta(BaseModel):
    """The `article:` block of a fact file (id, title, date, outlet, url, hash, reporters, ...)."""
    model_config = ConfigDict(extra="allow")
    id: str | None = None
    title: str | None = None
    title_en: str | None = None
    date: str | int | None = None
    outlet: str | None = None
    url: str | None = None
    hash: str | None = None


class CurationArticle(BaseModel):
    """An article's full text and metadata, for curators only."""
    id: str = Field(examples=["A001"])
    article: ArticleMeta
    text: str = Field(description="the whole text, as stored (NFC); offsets count its Unicode code points")
    offsets: str = Field(description="what `start`/`end` count", examples=["Unicode code points"])


class DeclaredEntity(BaseModel):
    """An entity a fact file declares, as written there."""
    model_config = ConfigDict(extra="allow")
    id: str
    type: str
    name_zh: str | None = None
    name_en: str | None = None


class FileFact(BaseModel):
    """A curated fact as written in a fact file."""
    model_config = ConfigDict(extra="allow")
    id: str
    subject: str
    predicate: str
    object: Any = None
    qualifiers: dict[str, Any] | None = None
    quote: str
    start: int | None = None
    end: int | None = None
    occurrence: int | None = None


class FactFile(BaseModel):
    """An article's curated fact file, with the ETag to send back as If-Match."""
    model_config = ConfigDict(extra="allow")
    etag: str = Field(description="the file's hash (also the ETag header)")
    article: ArticleMeta | None = None
    entities: list[DeclaredEntity] = Field(default_factory=list)
    facts: list[FileFact] = Field(default_factory=list)
    history: list[dict[str, Any]] | None = Field(default=None, description="who saved what, when")


class DraftEntity(BaseModel):
    """An entity the drafting found: an existing one (linked) or a new one to create."""
    model_config = ConfigDict(extra="allow")
    id: str
    type: str
    name_zh: str
    name_en: str | None = None
    pinyin: str | None = None
    linked: bool = Field(description="True: the graph already has this entity and its id is reused")
    via: str = Field(description="how it was linked or found")
    kind: str | None = None
    level: str | None = None
    mentions: list[list[int]] | None = Field(default=None, description="[start, end] spans in the text")


class DraftFact(BaseModel):
    """A machine-drafted fact: not curated until a curator accepts it."""
    model_config = ConfigDict(extra="allow")
    id: str
    subject: str
    predicate: str
    object: Any = None
    qualifiers: dict[str, Any] | None = None
    quote: str
    start: int
    end: int
    confidence: float
    rule: str = Field(description="the extraction rule that drafted it")
    status: Literal["pending", "accepted", "rejected"] | None = Field(
        default=None, description="the review: accepted (its fact is curated), rejected (a curator said so), pending")
    fact: str | None = Field(default=None, description="accepted: the curated fact's id")
    decided_by: str | None = Field(default=None, description="the curator who decided")
    decided_at: str | None = None


class Proposals(BaseModel):
    """An article's stored proposals file (machine drafts)."""
    model_config = ConfigDict(extra="allow")
    article: str = Field(examples=["A001"])
    extractor: str = Field(examples=["rules-v1"])
    note: str | None = None
    entities: list[DraftEntity] = Field(default_factory=list)
    facts: list[DraftFact] = Field(default_factory=list)
    review: list[dict[str, Any]] | None = Field(default=None, description="the curator's decisions, as stored")
    counts: dict[str, int] | None = Field(default=None, description="drafts pending, accepted and rejected",
                                          examples=[{"pending": 3, "accepted": 2, "rejected": 1}])
