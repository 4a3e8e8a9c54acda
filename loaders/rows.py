"""Validated facts -> the parameter rows the load queries take.

Each row carries a content hash: the loader compares it with the hash stored in the graph,
so a reload writes only what changed and its summary tells created / updated / deleted.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ontology
from loaders.factfile import EntityDecl, Fact
from loaders.validate import Dataset

ARTICLE_FIELDS = ("title", "title_en", "outlet", "reporters", "correspondents", "date", "date_basis", "url")


def _hash(obj: Any) -> str:
    return hashlib.sha1(json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def plain_pinyin(text: str) -> str:
    """Zhāng Yùnlì -> Zhang Yunli, so that searches typed without tones match."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    """Neo4j stores no nulls and no maps: drop the former, the caller flattens the latter."""
    return {k: v for k, v in d.items() if v is not None and v != []}


@dataclass
class Rows:
    articles: list[dict] = field(default_factory=list)
    entities: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))      # by class
    links: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))         # by rel type
    statements: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))    # by predicate
    origins: set[str] = field(default_factory=set)

    @property
    def fact_count(self) -> int:
        return sum(map(len, self.links.values())) + sum(map(len, self.statements.values()))


def entity_row(e: EntityDecl, origin: str) -> dict:
    raw = e.raw
    names = [n for n in raw.get("names") or [] if isinstance(n, dict)]
    aliases_zh = [n["text"] for n in names if n.get("lang") == "zh"]
    aliases_en = [n["text"] for n in names if n.get("lang") == "en"]
    pinyin = raw.get("pinyin")
    search_en = " ".join(filter(None, [*aliases_en, pinyin, plain_pinyin(pinyin) if pinyin else None])) or None
    row = _clean({
        "id": e.id, "type": e.type, "name_zh": raw.get("name_zh"), "name_en": raw.get("name_en"),
        "pinyin": pinyin, "gender": raw.get("gender"), "kind": raw.get("kind"), "level": raw.get("level"),
        "note": raw.get("note"),
        "aliases": aliases_zh + aliases_en,
        # Names keep their language and kind; Neo4j has no map properties, so JSON.
        "names_json": json.dumps([{k: n.get(k) for k in ("text", "lang", "kind")} for n in names], ensure_ascii=False),
        # What the full-text indexes read: every Chinese name in one field, every Latin one in another.
        "search_zh": " ".join(aliases_zh) or None,
        "search_en": search_en,
        # Every name, alias and pinyin, lower-cased, one per line: the trigram TEXT index on it
        # answers the search's substring match (CONTAINS) without reading every entity.
        "search_text": "\n".join(filter(None, [raw.get("name_zh"), raw.get("name_en"), *aliases_zh, *aliases_en,
                                               search_en])).lower() or None,
        "origin": origin,
        **dataset_props(raw),
    })
    row["hash"] = _hash(row)
    return row


def dataset_props(raw: Any) -> dict[str, Any]:
    """A dataset source (`dataset: {name, version, record}`, `inferred: basis`) as flat
    properties: Neo4j has no map properties."""
    block = raw.get("dataset") if hasattr(raw, "get") else None
    if not isinstance(block, dict):
        return {}
    props = {"dataset": str(block.get("name")), "dataset_version": str(block.get("version")),
             "dataset_record": str(block["record"]) if block.get("record") is not None else None}
    if raw.get("inferred"):
        props |= {"inferred": True, "inferred_from": str(raw["inferred"])}
    return props


def build(ds: Dataset, origins: set[str] | None = None) -> Rows:
    """All entities and articles (always synced whole, so the graph's entities are exactly
    the declared ones) and the facts of `origins` (all when None)."""
    onto = ontology.load()
    rows = Rows()
    for ff in ds.files:
        for e in ff.entities:
            if ds.entities.get(e.id) is e:
                rows.entities[e.type].append(entity_row(e, ff.key))
        if ff.article:
            art = ff.article
            row = _clean({"id": art.id, "text": art.text, **{k: art.get(k) for k in ARTICLE_FIELDS}})
            row["date"] = str(row["date"]) if "date" in row else None
            row = _clean(row)
            row["hash"] = _hash(row)
            rows.articles.append(row)
    selected = origins if origins is not None else {ff.key for ff in ds.files}
    rows.origins = set(selected)
    article_dates = {aid: ff.article.get("date") for aid, ff in ds.articles.items() if ff.article}
    for ff in ds.files:
        if ff.key not in selected:
            continue
        for f in ff.facts:
            if ds.facts.get(f.id) is not f:
                continue
            pred = onto.predicates[f.predicate]
            if pred.structural:
                rows.links[pred.rel_type].append(link_row(f))
            else:
                rows.statements[f.predicate].append(statement_row(f, pred, article_dates.get(f.origin)))
    return rows


def _sources(f: Fact) -> list[dict]:
    return [{"article": s.article, "quote": s.quote, "start": s.start, "end": s.end, "fact_id": f.id}
            for s in f.sources]


def _year(q: dict[str, Any]) -> int | None:
    if isinstance(q.get("year"), int):
        return q["year"]
    for key in ("date", "since"):
        if q.get(key):
            return int(str(q[key])[:4])
    return None


def link_row(f: Fact) -> dict:
    src = _sources(f)
    props = _clean({
        "fact_id": f.id, "predicate": f.predicate, "origin": f.origin,
        "articles": [s["article"] for s in src], "quotes": [s["quote"] for s in src],
        "starts": [s["start"] for s in src], "ends": [s["end"] for s in src],
        **{k: (str(v) if not isinstance(v, (int, float, str, bool)) else v) for k, v in f.qualifiers.items()},
        **dataset_props(f.raw),
    })
    props["year"] = _year(f.qualifiers)
    props = _clean(props)
    props["hash"] = _hash([f.subject, f.object, props])
    return {"subject": f.subject, "object": str(f.object), "props": props}


def statement_row(f: Fact, pred: ontology.Predicate, article_date: Any) -> dict:
    onto = ontology.load()
    q = {k: v for k, v in f.qualifiers.items() if k != "conferrer"}
    props: dict[str, Any] = {
        "id": f.id, "predicate": f.predicate, "class": pred.statement_class, "origin": f.origin,
        **{k: (v if isinstance(v, (int, float, str, bool)) else str(v)) for k, v in q.items()},
        "year": _year(q),
        "subject_id": f.subject,
        "object_id": None if pred.literal_object else str(f.object),
        "conferrer_id": f.qualifiers.get("conferrer"),
        "articles": [s.article for s in f.sources],
    }
    if pred.literal_object:
        props[pred.object_role] = f.object
    if pred.statement_class == "Tenure" and "as_of" not in q and article_date:
        # A role stated by an article holds as of the article's date, not forever.
        props["as_of"] = str(article_date)
    for key in ("date", "since", "until", "as_of"):
        if key in props and props[key] is not None:
            props[key] = str(props[key])
    props = _clean(props)
    sources = _sources(f)
    props["hash"] = _hash([props, sources])
    assert pred.statement_class in onto.statement_types
    return {"props": props, "subject": f.subject,
            "object": None if pred.literal_object else str(f.object),
            "conferrer": f.qualifiers.get("conferrer"), "sources": sources}
