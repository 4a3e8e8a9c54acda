"""What an extractor produces, and the one interface every extractor implements.

A proposal never writes into the curated facts: it is a draft a curator accepts, edits or
rejects. Every fact carries its exact quote with code-point offsets, a confidence and the
rule (or extractor) that produced it; every entity says whether it reuses an existing id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass
class ArticleText:
    id: str
    text: str
    title: str = ""
    date: str | None = None


@dataclass
class ProposedEntity:
    id: str                      # an existing id when linked, else a fresh one (<prefix>-<article>-<nn>)
    type: str
    name_zh: str
    linked: bool = False         # True: the graph already has this entity, the id is reused
    via: str = ""                # how it was linked (the resolver's explanation) or found
    kind: str | None = None
    level: str | None = None
    name_en: str | None = None   # people only: from the pinyin (a draft; polyphonic surnames need a look)
    pinyin: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "type": self.type, "name_zh": self.name_zh, "name_en": self.name_en, "pinyin": self.pinyin,
             "linked": self.linked, "via": self.via, "kind": self.kind, "level": self.level}
        if self.mentions:
            d["mentions"] = [list(m) for m in self.mentions[:20]]
        return {k: v for k, v in d.items() if v is not None}


@dataclass
class ProposedFact:
    id: str
    subject: str
    predicate: str
    object: Any
    quote: str
    start: int
    end: int
    confidence: float
    rule: str
    qualifiers: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "subject": self.subject, "predicate": self.predicate, "object": self.object,
             "qualifiers": self.qualifiers or None, "quote": self.quote, "start": self.start, "end": self.end,
             "confidence": round(self.confidence, 2), "rule": self.rule}
        return {k: v for k, v in d.items() if v is not None}


@dataclass
class Draft:
    article: str
    extractor: str
    entities: list[ProposedEntity] = field(default_factory=list)
    facts: list[ProposedFact] = field(default_factory=list)


@runtime_checkable
class Extractor(Protocol):
    """Drafts entities and facts from one article. The rule extractor is one; an LLM behind
    an OpenAI-compatible URL would be another, returning the same Draft (and its quotes are
    checked against the text the same way before anything is written)."""

    name: str

    def extract(self, article: ArticleText, lexicon: "Lexicon") -> Draft: ...  # noqa: F821


@dataclass
class Candidate:
    """One answer of the name resolver."""
    id: str
    type: str
    name: str
    score: float
    via: str
