"""A hospital's timeline: founding, campuses, milestones, honours, designations, tenures and
figures in date order, figures as series, the campus list and its currency, one row per Party
branch; as JSON, or as CSV (one row per entry) with ?format=csv or Accept: text/csv."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api import timeline
from api.deps import GraphDep
from api.downloads import DOWNLOAD_RESPONSES, DownloadFormat, csv_response, flatten, stamp, wants_csv
from api.errors import NotFound, error_responses
from api.models.timeline import Timeline
from api.routes.common import HospitalId, one
from api.sentences import add_sentences

router = APIRouter(tags=["hospitals"])

CSV_COLUMNS = ["fact_id", "category", "kind", "year", "date", "date_role", "year_basis", "label_zh", "label_en",
               "subject_id", "subject_zh", "subject_en", "object_id", "object_zh", "object_en",
               "conferrer_id", "conferrer_zh", "value", "unit", "note", "quote", "sentence",
               "article_id", "article_title", "article_date", "article_outlet", "article_url", "article_ids"]


def _csv_row(e: dict[str, Any], src: dict[str, Any] | None) -> dict[str, Any]:
    subj, obj, by, src = e.get("subject") or {}, e.get("object") or {}, e.get("conferrer") or {}, src or {}
    return {**{k: e.get(k) for k in ("fact_id", "category", "kind", "year", "date", "date_role", "year_basis",
                                      "label_zh", "label_en", "value", "unit", "note")},
            "subject_id": subj.get("id"), "subject_zh": subj.get("name_zh"), "subject_en": subj.get("name_en"),
            "object_id": obj.get("id"), "object_zh": obj.get("name_zh"), "object_en": obj.get("name_en"),
            "conferrer_id": by.get("id"), "conferrer_zh": by.get("name_zh"),
            **{k: src.get(k) for k in ("quote", "sentence", "article_id", "article_title", "article_date",
                                       "article_outlet", "article_url")}}


@router.get("/hospitals/{id}/timeline", response_model=Timeline, responses=DOWNLOAD_RESPONSES | error_responses(404, 422, 503),
            summary="A hospital's timeline: everything dated about it and its units in order, figures as series, "
                    "which campus list is current, one row per Party branch (JSON, or CSV with ?format=csv)")
def hospital_timeline(id: HospitalId, request: Request, graph: GraphDep, format: Annotated[DownloadFormat | None, Query(
                          description="json or csv (one row per entry); default: by the Accept header, else json",
                          examples=["json"])] = None):
    """A hospital's dated history in order (founding, campuses, milestones, honours, designations, tenures,
    figures), undated entries apart, figures as series per metric, which campus list is current and one row per
    Party branch; each entry with its quote and sentence. ?format=csv (or Accept: text/csv) gives one CSV row
    per entry. 404 for an unknown hospital."""
    r = one(graph.read("api/timeline", id=id))
    if r is None:
        raise NotFound("hospital", id)
    t = timeline.build(r)
    add_sentences(graph, t["entries"] + t["undated"])
    meta = stamp(request, graph)
    if wants_csv(request, format):
        return csv_response(flatten(t["entries"] + t["undated"], _csv_row), CSV_COLUMNS, f"timeline-{id}", meta)
    return {**t, **meta}
