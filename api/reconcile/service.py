"""Answers of the reconciliation service: candidates from the one name resolver, rescored
with the properties a query gives (city, province, district, role), suggest, data extension
and previews. Routes parse the protocol; this module knows nothing of HTTP."""

from __future__ import annotations

import html
from urllib.parse import quote
from dataclasses import dataclass
from typing import Any

import ontology
from api.errors import BadRequest
from api.reconcile.models import (Candidate, ExtendMeta, ExtendRequest, ExtendResult, Feature, PropertyRef,
                                  ProposedProperties, Query, QueryResult, SuggestItem, TypeRef)
from api.reconcile.properties import PROPERTIES, Property, proposed
from graph.connection import Graph
from names import NameIndex, normalise
from names.index import MATCH_MARGIN, MATCH_SCORE

# How much a property value moves a candidate's score: agreeing is good evidence, a stated
# city or role that is not the candidate's is strong evidence against it.
AGREES = 10.0
DISAGREES = -25.0
POOL = 20                     # candidates taken from the resolver before properties rescore them
PLACE_VALUE_SCORE = MATCH_SCORE   # a place named in a column counts when it resolves this well


@dataclass(frozen=True)
class Limits:
    batch_max: int
    limit_max: int
    default_limit: int


def type_ref(cls: str) -> TypeRef:
    return TypeRef(id=cls, name=ontology.load().class_label(cls, "en"))


def check_types(types: list[str]) -> None:
    known = ontology.load().entity_types
    unknown = [t for t in types if t not in known]
    if unknown:
        raise BadRequest(f"unknown type {unknown[0]!r}; one of: {', '.join(known)}")


def _chain(cls: str) -> list[str]:
    return ontology.load().classes.get(cls, [cls])


def _value_texts(v: Any) -> list[str]:
    """A property value as OpenRefine sends it: a string, a number, {id, name}, or a list."""
    values = v if isinstance(v, list) else [v]
    out = []
    for x in values[:20]:
        if isinstance(x, dict):
            out += [str(x[k]) for k in ("id", "name") if x.get(k)]
        elif x is not None and str(x).strip():
            out.append(str(x))
    return out


class Reconciler:
    def __init__(self, index: NameIndex, graph: Graph, limits: Limits):
        self.index, self.graph, self.limits = index, graph, limits
        self._places: dict[str, set[str]] = {}

    # ------------------------------------------------------------------ queries
    def reconcile(self, queries: dict[str, Query]) -> dict[str, QueryResult]:
        if len(queries) > self.limits.batch_max:
            raise BadRequest(f"at most {self.limits.batch_max} queries in one batch; got {len(queries)}")
        for q in queries.values():
            check_types(q.types)
            for p in q.properties:
                if p.pid not in PROPERTIES or not (PROPERTIES[p.pid].place_kinds or PROPERTIES[p.pid].matches_role):
                    matchable = [k for k, v in PROPERTIES.items() if v.place_kinds or v.matches_role]
                    raise BadRequest(f"property {p.pid!r} cannot be matched on; one of: {', '.join(matchable)}")
        pools = {key: self._pool(q) for key, q in queries.items()}
        wanted = sorted({c.id for key, q in queries.items() if q.properties for c in pools[key]})
        rows = {r["id"]: r for r in self.graph.read("reconcile/properties", ids=wanted)} if wanted else {}
        return {key: self._rank(q, pools[key], rows) for key, q in queries.items()}

    def _pool(self, q: Query):
        found = self.index.resolve(q.query, types=q.types or None, limit=POOL)
        if q.type_strict == "all" and len(q.types) > 1:
            found = [c for c in found if set(q.types) <= set(_chain(c.type))]
        return found

    def _rank(self, q: Query, pool, rows: dict[str, dict]) -> QueryResult:
        limit = min(q.limit or self.limits.default_limit, self.limits.limit_max)
        scored = []
        for c in pool:
            score, features = c.score, [Feature(id="name", value=c.score)]
            for p in q.properties:
                verdict = self._compare(PROPERTIES[p.pid], p.v, rows.get(c.id))
                if verdict is not None:
                    score += AGREES if verdict else DISAGREES
                    features.append(Feature(id=p.pid, value=verdict))
            scored.append((max(0.0, min(100.0, score)), c, features))
        scored.sort(key=lambda t: (-t[0], t[1].id))
        scored = scored[:limit]
        out = []
        for i, (score, c, features) in enumerate(scored):
            nxt = scored[i + 1][0] if i + 1 < len(scored) else 0.0
            out.append(Candidate(
                id=c.id, name=c.name, type=[type_ref(c.type)], score=round(score, 1), features=features,
                match=i == 0 and score >= MATCH_SCORE and score - nxt >= MATCH_MARGIN,
                description=" — ".join(filter(None, [c.name_en, c.why]))))
        return QueryResult(result=out)

    def _compare(self, prop: Property, value: Any, row: dict | None) -> bool | None:
        """True when the candidate has the value, False when it has another, None when the
        graph says nothing of it (no place of that kind, no role): no evidence either way."""
        texts = _value_texts(value)
        if not texts or row is None:
            return None
        if prop.place_kinds:
            own = {p["id"] for p in row["places"] if p.get("kind") in prop.place_kinds}
            if not own:
                return None
            return any(own & self._place_ids(t) for t in texts)
        if prop.matches_role:
            roles = [normalise(r) for r in row["roles"]]
            if not roles:
                return None
            return any(normalise(t) and any(normalise(t) in r for r in roles) for t in texts)
        return None

    def _place_ids(self, text: str) -> set[str]:
        if text not in self._places:
            if text in self.index.entries:
                self._places[text] = {text}
            else:
                self._places[text] = {c.id for c in self.index.resolve(text, types=["Place"], limit=5)
                                      if c.score >= PLACE_VALUE_SCORE}
        return self._places[text]

    # ------------------------------------------------------------------ suggest
    def suggest_entities(self, prefix: str, types: list[str], cursor: int, limit: int) -> list[SuggestItem]:
        check_types(types)
        found = self.index.resolve(prefix, types=types or None, limit=cursor + limit)[cursor:]
        return [SuggestItem(id=c.id, name=c.name, description=c.name_en, notable=[type_ref(c.type)]) for c in found]


def suggest_types(prefix: str, limit: int) -> list[SuggestItem]:
    onto, p = ontology.load(), normalise(prefix)
    out = []
    for cls in onto.entity_types:
        labels = [cls, onto.class_label(cls, "en"), onto.class_label(cls, "zh")]
        if not p or any(p in normalise(label) for label in labels):
            out.append(SuggestItem(id=cls, name=onto.class_label(cls, "en"), description=onto.class_label(cls, "zh")))
    return out[:limit]


def suggest_properties(prefix: str, limit: int) -> list[SuggestItem]:
    p = normalise(prefix)
    return [SuggestItem(id=prop.id, name=prop.name, description=f"{prop.name_zh}: {prop.description}")
            for prop in PROPERTIES.values()
            if not p or any(p in normalise(s) for s in (prop.id, prop.name, prop.name_zh))][:limit]


def propose(type: str | None, limit: int) -> ProposedProperties:
    if type:
        check_types([type])
    props = proposed(_chain(type)) if type else list(PROPERTIES.values())
    return ProposedProperties(type=type or "", limit=limit,
                              properties=[PropertyRef(id=p.id, name=p.name) for p in props[:limit]])


# ------------------------------------------------------------------ data extension
def extend(graph: Graph, req: ExtendRequest, batch_max: int) -> ExtendResult:
    if len(req.ids) > batch_max:
        raise BadRequest(f"at most {batch_max} ids in one extension request; got {len(req.ids)}")
    unknown = [p.id for p in req.properties if p.id not in PROPERTIES]
    if unknown:
        raise BadRequest(f"unknown property {unknown[0]!r}; one of: {', '.join(PROPERTIES)}")
    rows = {r["id"]: r for r in graph.read("reconcile/properties", ids=list(dict.fromkeys(req.ids)))}
    meta = []
    for p in req.properties:
        prop = PROPERTIES[p.id]
        meta.append(ExtendMeta(id=prop.id, name=prop.name,
                               type=TypeRef(id=prop.value_type[0], name=prop.value_type[1]) if prop.value_type else None))
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for id in req.ids:
        row = rows.get(id)
        out[id] = {}
        for p in req.properties:
            values = PROPERTIES[p.id].extend(row) if row else []
            limit = p.settings.get("limit")
            if isinstance(limit, int) and limit > 0:
                values = values[:limit]
            out[id][p.id] = values
    return ExtendResult(meta=meta, rows=out)


# ------------------------------------------------------------------ preview
def preview_html(row: dict[str, Any], base_url: str) -> str:
    """A small HTML card; every value from the graph is escaped."""
    e = html.escape
    places = " · ".join(e(p.get("name_zh") or p["id"]) for p in row["places"])
    grade = " · ".join(e(g["name_zh"]) for g in row["grades"])
    lines = [
        f'<div style="font:13px sans-serif;padding:4px"><b>{e(row.get("name_zh") or row["id"])}</b>',
        f'<div>{e(row.get("name_en") or "")}</div>',
        f'<div style="color:#555">{e(type_ref(row["type"]).name)} · <code>{e(row["id"])}</code></div>',
    ]
    if places:
        lines.append(f"<div>{places}</div>")
    if grade:
        lines.append(f"<div>{grade}</div>")
    if row["type"] in ("Hospital",) or row["honours"]:
        lines.append(f"<div>honours: {int(row['honours'])}</div>")
    link = e(base_url + "explorer/#entity=" + quote(row["id"], safe=""))
    lines.append(f'<a href="{link}" target="_blank">open in the explorer</a></div>')
    return "\n".join(lines)
