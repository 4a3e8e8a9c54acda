from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter

from api.deps import GraphDep
from api.errors import NotFound
from api.models import Evidence, Page, clean
from api.routes.common import Limit, Offset, one, page

router = APIRouter(tags=["sources"])

_SENTENCE_END = re.compile(r"[。！？!?\n]")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence containing text[start:end]: from after the previous 。！？ or line break to
    the next one (inclusive), so that a reader sees the quote in context."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    return text[left:right].strip()


@router.get("/articles", response_model=Page[dict[str, Any]], summary="Source articles")
def articles(graph: GraphDep, limit: Limit = 50, offset: Offset = 0):
    return page(graph.read("api/articles", limit=limit, offset=offset)[0], limit, offset)


@router.get("/articles/{id}", summary="An article's metadata, text and every fact it supports")
def article(id: str, graph: GraphDep) -> dict[str, Any]:
    r = one(graph.read("api/article", id=id))
    if r is None:
        raise NotFound("article", id)
    art = dict(r["article"])
    facts = [{"fact_id": s["fact_id"], "predicate": s["predicate"], "subject_id": s["subject_id"],
              "object_id": s["object_id"], "statement": clean(s["statement"]), "quote": s["quote"],
              "start": s["start"], "end": s["end"]} for s in r["statements"]]
    for link in r["links"]:
        props = link["link"]
        i = props["articles"].index(id)
        facts.append({"fact_id": link["fact_id"], "predicate": link["predicate"], "subject_id": link["subject_id"],
                      "object_id": link["object_id"], "relation": link["relation"], "quote": props["quotes"][i],
                      "start": props["starts"][i], "end": props["ends"][i]})
    facts.sort(key=lambda f: (f["start"] is None, f["start"], f["fact_id"]))
    return {"article": clean({k: v for k, v in art.items() if k != "text"}) | {"text": art.get("text")},
            "facts": facts, "fact_count": len(facts)}


@router.get("/facts/{id}/evidence", response_model=list[Evidence],
            summary="Where a fact comes from: each quote, in its sentence, and its article")
def evidence(id: str, graph: GraphDep):
    rows = graph.read("api/fact_evidence", id=id)[0]["evidence"]
    if not rows:
        raise NotFound("fact", id)
    out = []
    for e in rows:
        art = dict(e["article"])
        text = art.pop("text", "") or ""
        sentence = sentence_around(text, e["start"], e["end"]) if e["start"] is not None else e["quote"]
        out.append(Evidence(fact_id=id, predicate=e["predicate"], subject_id=e["subject_id"], object_id=e["object_id"],
                            article=art, quote=e["quote"], start=e["start"], end=e["end"], sentence=sentence))
    return out


@router.get("/stats", summary="Node counts per label and relationship counts per type")
def stats(graph: GraphDep) -> dict[str, Any]:
    r = graph.read("api/stats")
    if not r:
        return {"labels": {}, "relationship_types": {}}
    return {"labels": {x["name"]: x["count"] for x in sorted(r[0]["labels"], key=lambda x: x["name"])},
            "relationship_types": {x["name"]: x["count"] for x in sorted(r[0]["types"], key=lambda x: x["name"])}}
