"""Citable facts: /facts/{id} as JSON, or as a readable page (Accept: text/html or ?format=html).
Fact ids are stable; a retracted one answers 410 and names its replacement."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api import factpage
from api.deps import GraphDep
from api.downloads import asks_for, graph_version
from api.errors import Gone, NotFound, error_responses
from api.labels import link_label, participant, statement_label
from api.models.facts import FactCitation
from api.routes.common import FactId, one
from api.sentences import sentences
from graph.config import get_settings
from loaders import retracted

router = APIRouter(tags=["sources"])

# Properties of a fact that are bookkeeping, not what it says.
HIDDEN = {"id", "class", "predicate", "origin", "hash", "subject_id", "object_id", "conferrer_id", "fact_id",
          "articles", "quotes", "starts", "ends", "dataset", "dataset_version", "dataset_record", "inferred",
          "inferred_from"}


class FactFormat(str, Enum):
    json = "json"
    html = "html"


def _wants_html(request: Request, fmt: FactFormat | None) -> bool:
    if fmt is not None:
        return fmt is FactFormat.html
    # A browser asks for text/html first; a client that lists JSON first gets JSON.
    return asks_for(request, "text/html")


def dataset_source(f: dict[str, Any]) -> dict[str, Any] | None:
    """A link read from a dataset (places): the dataset and its version, apart from article quotes."""
    if not f.get("dataset"):
        return None
    return {"name": f["dataset"], "version": f.get("dataset_version"), "record": f.get("dataset_record"),
            "inferred": bool(f.get("inferred")), "inferred_from": f.get("inferred_from")}


def citation(fact: dict[str, Any], url: str) -> str:
    ds = fact.get("dataset")
    if ds is not None:
        basis = f" (inferred: {ds['inferred_from']})" if ds["inferred"] else ""
        where = f"{ds['name']} {ds['version']}" + (f", record {ds['record']}" if ds.get("record") else "")
        return f"{fact['label_zh']} — {where}{basis}. Hospital Knowledge Graph, fact {fact['id']}, {url}"
    src = fact["sources"][0] if fact["sources"] else {}
    parts = [f"“{src.get('quote', '')}”", f"《{src.get('article_title') or src.get('article_id', '')}》"]
    parts += [x for x in (src.get("article_outlet"), src.get("article_date")) if x]
    return f"{fact['label_zh']} — " + ", ".join(parts) + f". Hospital Knowledge Graph, fact {fact['id']}, {url}"


@router.get("/facts/{id}", response_model=FactCitation,
            responses={200: {"content": {"text/html": {}}}, **error_responses(404, 410, 422, 503)},
            summary="A fact as a citation: what it says, its entities, the quote in its sentence and the article "
                    "(JSON, or a readable page with Accept: text/html or ?format=html)")
def fact(id: FactId, request: Request, graph: GraphDep, format: Annotated[FactFormat | None, Query(
          description="json or html (a readable page); default: by the Accept header, else json",
          examples=["json"])] = None):
    """One fact as a citation: its statement in Chinese and English, its properties, the entities it links (with
    their roles), each quote in its sentence with the article, a ready-made citation string and the graph
    version. A readable HTML page with Accept: text/html or ?format=html. 404 for an unknown id, 410 for a
    retracted fact (naming its replacement)."""
    gone = retracted.read(get_settings().data_dir).get(id)
    r = one(graph.read("api/fact", id=id)) if gone is None else None
    if r is None:
        if gone is not None:
            raise Gone(f"fact {id} was retracted on {gone.retracted}: {gone.reason}", id=id,
                       replaced_by=gone.replaced_by,
                       replacement=str(request.url_for("fact", id=gone.replaced_by)) if gone.replaced_by else None)
        raise NotFound("fact", id)
    f, entities = r["fact"], r["entities"]
    if f["class"] in ("HonourConferral", "Designation", "Tenure", "Figure", "Membership", "Partnership", "Milestone"):
        label_zh, label_en = statement_label(f["class"], f, entities)
    else:
        label_zh, label_en = link_label(f["class"], participant(entities, "SUBJECT"), participant(entities, "OBJECT"))
    cut = sentences(graph, r["sources"])
    sources = [{**s, "sentence": cut.get((s["article_id"], s["start"], s["end"]), s["quote"])} for s in r["sources"]]
    url = str(request.url_for("fact", id=id))
    out = {"id": id, "predicate": f.get("predicate"), "statement_class": f["class"], "label_zh": label_zh,
           "label_en": label_en, "properties": {k: v for k, v in f.items() if k not in HIDDEN and v is not None},
           "entities": entities, "sources": sources, "dataset": dataset_source(f), "url": url, "graph_version": graph_version(request, graph)}
    out["citation"] = citation(out, url)
    if _wants_html(request, format):
        return HTMLResponse(factpage.render(out))
    return out
