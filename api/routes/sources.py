"""Sources: articles (metadata, address, and the quotes and sentences facts cite: never the
whole text, which stays in the data folder for curators), evidence, stats."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import GraphDep
from api.errors import NotFound
from api.models.analytics import Stats
from api.models.facts import ArticleFacts
from api.models import Evidence, Page, clean
from api.routes.common import ArticleId, FactId, Limit, Offset, one, page
from api.sentences import sentences

router = APIRouter(tags=["sources"])

@router.get("/articles", response_model=Page[dict[str, Any]], summary="Source articles")
def articles(graph: GraphDep, limit: Limit = 50, offset: Offset = 0):
    """The source articles (metadata only, never the text), by id. Paged with limit/offset."""
    return page(graph.read("api/articles", limit=limit, offset=offset)[0], limit, offset)


@router.get("/articles/{id}", response_model=ArticleFacts, response_model_exclude_unset=True, summary="An article's metadata, its address and every fact it supports, each with "
                                     "its quote and the sentence around it (never the whole text)")
def article(id: ArticleId, graph: GraphDep):
    """An article's metadata and address and every fact it supports, each with its quote, offsets and the sentence
    around it, in reading order; never the article's whole text. 404 for an unknown article."""
    r = one(graph.read("api/article", id=id))
    if r is None:
        raise NotFound("article", id)
    facts = [{"fact_id": s["fact_id"], "predicate": s["predicate"], "subject_id": s["subject_id"],
              "object_id": s["object_id"], "statement": clean(s["statement"]), "quote": s["quote"],
              "start": s["start"], "end": s["end"]} for s in r["statements"]]
    for link in r["links"]:
        props = link["link"]
        i = props["articles"].index(id)
        facts.append({"fact_id": link["fact_id"], "predicate": link["predicate"], "subject_id": link["subject_id"],
                      "object_id": link["object_id"], "relation": link["relation"], "quote": props["quotes"][i],
                      "start": props["starts"][i], "end": props["ends"][i]})
    found = sentences(graph, ({"article_id": id, "start": f["start"], "end": f["end"]} for f in facts))
    for f in facts:
        f["sentence"] = found.get((id, f["start"], f["end"]), f["quote"])
    facts.sort(key=lambda f: (f["start"] is None, f["start"], f["fact_id"]))
    return {"article": clean({k: v for k, v in r["article"].items() if k not in ("text", "hash")}),
            "facts": facts, "fact_count": len(facts)}


@router.get("/facts/{id}/evidence", response_model=list[Evidence],
            summary="Where a fact comes from: each quote, in its sentence, and its article")
def evidence(id: FactId, graph: GraphDep):
    """Each quote supporting the fact, in its sentence, with its offsets and article. 404 for an unknown fact."""
    rows = graph.read("api/fact_evidence", id=id)[0]["evidence"]
    if not rows:
        raise NotFound("fact", id)
    quoted = [e for e in rows if not e.get("dataset")]
    found = sentences(graph, ({"article_id": e["article"]["id"], "start": e["start"], "end": e["end"]} for e in quoted))
    return [Evidence(fact_id=id, predicate=e["predicate"], subject_id=e["subject_id"], object_id=e["object_id"],
                     dataset=e["dataset"])
            if e.get("dataset") else
            Evidence(fact_id=id, predicate=e["predicate"], subject_id=e["subject_id"], object_id=e["object_id"],
                     article=clean(dict(e["article"])), quote=e["quote"], start=e["start"], end=e["end"],
                     sentence=found.get((e["article"]["id"], e["start"], e["end"]), e["quote"]))
            for e in rows]


@router.get("/stats", response_model=Stats, summary="Node counts per label and relationship counts per type")
def stats(graph: GraphDep):
    """How many nodes carry each label and how many relationships have each type, in the current graph."""
    r = graph.read("api/stats")
    if not r:
        return {"labels": {}, "relationship_types": {}}
    return {"labels": {x["name"]: x["count"] for x in sorted(r[0]["labels"], key=lambda x: x["name"])},
            "relationship_types": {x["name"]: x["count"] for x in sorted(r[0]["types"], key=lambda x: x["name"])}}
