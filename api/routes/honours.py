"""Recognition histories: every honour, title, certification, designation, ranking and
selection, per hospital (its units, brands and people) and across hospitals, as JSON or CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.cache import AnswersDep, CachedAnswers
from api.deps import GraphDep
from api.downloads import DOWNLOAD_RESPONSES, DownloadFormat, csv_response, flatten, stamp, wants_csv
from api.errors import BadRequest, NotFound, error_responses
from api.models import Page
from api.models.honours import Level, RecipientKind, RecognitionEntry, RecognitionKind
from api.routes.common import HospitalId, Limit, Offset
from api.sentences import add_sentences
from graph.config import get_settings
from graph.connection import Graph

router = APIRouter(tags=["honours"])

CSV_COLUMNS = ["fact_id", "hospitals", "recipient_id", "recipient_zh", "recipient_en", "recipient_kind",
               "honour_id", "honour_zh", "honour_en", "kind", "level", "rank", "year", "date", "year_basis",
               "conferrer_id", "conferrer_zh", "conferrer_en", "note", "quote", "sentence",
               "article_id", "article_title", "article_date", "article_outlet", "article_url", "article_ids"]


class RecognitionPage(Page[RecognitionEntry]):
    graph_version: str | None = None
    generated_at: str


FromYear = Annotated[int | None, Query(ge=1900, le=2100, examples=[2020], description="only recognitions of this year or later")]
ToYear = Annotated[int | None, Query(ge=1900, le=2100, examples=[2026], description="only recognitions of this year or earlier")]
KindFilter = Annotated[RecognitionKind | None, Query(description="only this kind of recognition", examples=["award"])]
LevelFilter = Annotated[Level | None, Query(description="only recognitions conferred at this level", examples=["national"])]
RecipientFilter = Annotated[RecipientKind | None, Query(description="only recognitions of this kind of recipient", examples=["hospital"])]
Format = Annotated[DownloadFormat | None, Query(description="json (a page) or csv (the whole filtered history); "
                                                "default: by the Accept header, else json", examples=["json"])]
Conferrer = Annotated[str | None, Query(min_length=1, max_length=100, examples=["org-zaozhuang-hc", "卫生健康委"],
                                        description="the conferrer's id, or part of its Chinese or English name")]


def _csv_row(e: dict[str, Any], src: dict[str, Any] | None) -> dict[str, Any]:
    by, src = e.get("conferrer") or {}, src or {}
    return {"fact_id": e["fact_id"], "hospitals": " ".join(h["id"] for h in e.get("hospitals", [])),
            "recipient_id": e["recipient"]["id"], "recipient_zh": e["recipient"].get("name_zh"),
            "recipient_en": e["recipient"].get("name_en"), "recipient_kind": e["recipient_kind"],
            "honour_id": e["honour"]["id"], "honour_zh": e["honour"].get("name_zh"), "honour_en": e["honour"].get("name_en"),
            **{k: e.get(k) for k in ("kind", "level", "rank", "year", "date", "year_basis", "note")},
            "conferrer_id": by.get("id"), "conferrer_zh": by.get("name_zh"), "conferrer_en": by.get("name_en"),
            "quote": src.get("quote"), "sentence": src.get("sentence"), "article_id": src.get("article_id"),
            "article_title": src.get("article_title"), "article_date": src.get("article_date"),
            "article_outlet": src.get("article_outlet"), "article_url": src.get("article_url")}


def history(request: Request, graph: Graph, hospital_id: str | None, fmt: DownloadFormat | None,
            limit: int, offset: int, **filters: Any):
    csv = wants_csv(request, fmt)
    if csv:  # a download is the whole history, not a page of it
        limit, offset = get_settings().download_max_rows, 0
    params = {k: (v.value if hasattr(v, "value") else v) for k, v in filters.items()}
    row = graph.read("api/recognitions", id=hospital_id, limit=limit, offset=offset, **params)[0]
    if not row["found"]:
        raise NotFound("hospital", hospital_id)
    if csv and row["total"] > limit:
        raise BadRequest(f"{row['total']} entries exceed the download limit of {limit}; narrow the filters")
    items = add_sentences(graph, row["items"])
    meta = stamp(request, graph)
    if csv:
        name = f"honours-{hospital_id}" if hospital_id else "honours"
        return csv_response(flatten(items, _csv_row), CSV_COLUMNS, name, meta)
    return {"total": row["total"], "limit": limit, "offset": offset, "items": items, **meta}


def cached(answers: CachedAnswers, request: Request, hospital_id: str | None, fmt: DownloadFormat | None,
           limit: int, offset: int, compute):
    """A history is many rows and sentences cut in the database (a second or more for a long one):
    its JSON page is kept per graph version like the profile's. Downloads are computed each time."""
    if wants_csv(request, fmt):
        return compute()
    key = ("honours", hospital_id, tuple(sorted(request.query_params.multi_items())), limit, offset)
    return answers.answer(key, lambda: RecognitionPage.model_validate(compute()))


@router.get("/hospitals/{id}/honours", response_model=RecognitionPage, responses=DOWNLOAD_RESPONSES | error_responses(404, 422, 503),
            summary="A hospital's recognition history: honours, titles, certifications, designations, rankings and "
                    "selections of the hospital, its units, brands and people, by year, with quote and sentence "
                    "(JSON, or CSV with ?format=csv or Accept: text/csv)")
def hospital_honours(id: HospitalId, request: Request, graph: GraphDep, answers: AnswersDep,
                     kind: KindFilter = None, level: LevelFilter = None,
                     conferrer: Conferrer = None, from_year: FromYear = None, to_year: ToYear = None,
                     recipient_kind: RecipientFilter = None,
                     format: Format = None, limit: Limit = 100, offset: Offset = 0):
    """The recognition history of a hospital, its units, brands and people: each honour, title, certification,
    designation, ranking or selection with its year, level, conferrer, quote and the sentence around it, oldest
    first. Filter by kind, level, conferrer, years and recipient kind; paged with limit/offset. With ?format=csv
    (or Accept: text/csv) the whole filtered history as CSV (422 past the download limit). 404 for an unknown
    hospital."""
    return cached(answers, request, id, format, limit, offset, lambda: history(
        request, graph, id, format, limit, offset, kind=kind, level=level, conferrer=conferrer,
        from_year=from_year, to_year=to_year, recipient_kind=recipient_kind))


@router.get("/honours", response_model=RecognitionPage, responses=DOWNLOAD_RESPONSES | error_responses(422, 503),
            summary="Recognitions across hospitals, by conferrer, kind, level, years or recipient kind "
                    "(JSON, or CSV with ?format=csv or Accept: text/csv)")
def all_honours(request: Request, graph: GraphDep, answers: AnswersDep,
                kind: KindFilter = None, level: LevelFilter = None,
                conferrer: Conferrer = None, from_year: FromYear = None, to_year: ToYear = None,
                recipient_kind: RecipientFilter = None,
                format: Format = None, limit: Limit = 100, offset: Offset = 0):
    """Recognitions across all hospitals, with the same filters, fields, paging and CSV download as a hospital's
    history."""
    return cached(answers, request, None, format, limit, offset, lambda: history(
        request, graph, None, format, limit, offset, kind=kind, level=level, conferrer=conferrer,
        from_year=from_year, to_year=to_year, recipient_kind=recipient_kind))
