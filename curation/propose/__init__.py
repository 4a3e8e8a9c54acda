"""Machine drafts of an article's entities and facts, written to data/proposals/<id>.yaml
(never into the curated facts). `propose_article` is what `hkg propose` and the API call."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from curation import factfiles
from curation.propose.lexicon import Lexicon
from curation.propose.types import ArticleText, Draft, Extractor, ProposedEntity, ProposedFact

__all__ = ["ArticleText", "Draft", "Extractor", "Lexicon", "ProposedEntity", "ProposedFact", "ProposeError",
           "ProposeResult", "default_extractor", "draft", "propose_article", "proposals_path", "read_article"]


class ProposeError(Exception):
    """The article cannot be drafted (unknown id, no text)."""


@dataclass
class ProposeResult:
    article: str
    path: Path
    entities: list[ProposedEntity]
    facts: list[ProposedFact]
    counts: Counter = field(default_factory=Counter)

    @property
    def linked(self) -> int:
        return sum(1 for e in self.entities if e.linked)


def default_extractor() -> Extractor:
    from curation.propose.rules import RuleExtractor

    return RuleExtractor()


def proposals_path(data_dir: Path, article_id: str) -> Path:
    return data_dir / "proposals" / f"{article_id}.yaml"


def read_article(data_dir: Path, article_id: str) -> ArticleText:
    from curation.articles import ID_RE

    if not ID_RE.match(article_id):
        raise ProposeError(f"{article_id!r} is not an article id (A followed by digits)")
    text_path = data_dir / "articles" / f"{article_id}.txt"
    if not text_path.exists():
        raise ProposeError(f"no article {article_id} (no {text_path.name} in the data folder)")
    meta = {}
    facts_path = data_dir / "facts" / f"{article_id}.yaml"
    if facts_path.exists():
        meta = factfiles.load(facts_path).get("article") or {}
    return ArticleText(article_id, text_path.read_text(encoding="utf-8"), str(meta.get("title") or ""),
                       str(meta["date"]) if meta.get("date") else None)


def draft(article: ArticleText, lexicon: Lexicon, extractor: Extractor | None = None) -> Draft:
    """Run an extractor, then keep only what can be trusted mechanically: quotes that are
    the text at their offsets, on one line."""
    d = (extractor or default_extractor()).extract(article, lexicon)
    d.facts = [f for f in d.facts if article.text[f.start:f.end] == f.quote and "\n" not in f.quote]
    return d


def propose_article(data_dir: Path, article_id: str, extractor: Extractor | None = None,
                    lexicon: Lexicon | None = None) -> ProposeResult:
    article = read_article(data_dir, article_id)
    lexicon = lexicon or Lexicon.from_data_dir(data_dir)
    d = draft(article, lexicon, extractor)
    from curation.decisions import carried_over, lock

    path = proposals_path(data_dir, article_id)
    facts = [f.as_dict() for f in d.facts]
    doc = {"article": article_id, "extractor": d.extractor,
           "note": "machine draft: nothing here is curated until a curator accepts it",
           "entities": [e.as_dict() for e in d.entities],
           "facts": facts}
    # Drafting again keeps the curator's decisions on the drafts that come back.
    with lock:
        review = carried_over(path, doc)
        if review:
            doc["review"] = review
        factfiles.write_atomic(path, factfiles.dump_plain(doc))
    return ProposeResult(article_id, path, d.entities, d.facts, Counter(f.predicate for f in d.facts))
