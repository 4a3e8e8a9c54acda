"""The API's named reads, with sample parameters shaped like the routes' own, for the plan
warm-up (graph/warmup.py) that runs when the API starts.

A sample must have the TYPE and the LENGTH BUCKET of what the route passes (Neo4j plans a
string of 8 characters and one of 14 apart: lengths 0, 1, 2–10, 11–100, … each get their own
plan), never its value: ids here do not exist, so each warm-up read costs an index lookup.
Ids are warmed in both buckets real ids fall in: fact and article ids are short (`A000-064`,
`A003`), entity ids long (`hosp-jinan-mch`), national ones either (`hosp-n-999`, `N000123-030`).
Filters a user may add (a year range, a kind, a conferrer) are planned on first use: the
warm-up covers each route's unfiltered call, the one every client starts with.

tests/test_warmup.py fails when a read the routes use has no entry here.

After the API's reads (they serve users) come the loader's statements (loaders/warmup.py),
so that the first curation save or `hkg load` after a start does not plan either.
"""

from __future__ import annotations

import logging
from typing import Any

from api.sentences import SENTENCE_ENDS, WINDOW
from graph.config import Settings
from graph.warmup import Read, Warmup
from loaders import warmup as loader_warmup

log = logging.getLogger("hkg.api")

SHORT_ID, LONG_ID = "warmup-0", "warmup-no-such-id"      # 8 and 17 characters: ids of 2–10 and 11–100
PAGE = {"limit": 1, "offset": 0}                          # integers: their value does not change the plan
NO_FILTERS = {"from_year": None, "to_year": None, "recipient_kind": None, "kind": None, "level": None, "conferrer": None}
# The labels the entity lists render into api/entity_list (api/routes/entities.py).
LISTED_LABELS = ("Person", "PartyBranch", "Programme", "Organisation")


def _ids(name: str, **params: Any) -> list[Read]:
    """The read once with a short id and once with a long one."""
    return [Read(name, {"id": i, **params}) for i in (SHORT_ID, LONG_ID)]


def _span(i: int) -> dict[str, Any]:
    return {"key": f"{SHORT_ID}|{i * 10}|{i * 10 + 4}", "article_id": SHORT_ID, "start": i * 10, "end": i * 10 + 4}


# Query name -> the reads that plan it; most-used pages first (a warm-up on a large graph takes
# minutes, and the profile should not wait behind the search).
READS: dict[str, list[Read]] = {
    "api/hospital_profile": _ids("api/hospital_profile"),
    "api/recognitions": _ids("api/recognitions", **NO_FILTERS, **PAGE)
                        + [Read("api/recognitions", {"id": None, **NO_FILTERS, **PAGE})],  # /honours, all hospitals
    "api/timeline": _ids("api/timeline"),
    "api/entity_exists": _ids("api/entity_exists"),
    "api/scope_people": _ids("api/scope_people", **PAGE),
    "api/entity_detail": _ids("api/entity_detail"),
    "api/neighbourhood": _ids("api/neighbourhood", depth=2, max_nodes=100),
    "api/fact": _ids("api/fact"),
    "api/fact_evidence": _ids("api/fact_evidence"),
    "api/article": _ids("api/article"),
    # One source (a fact), a few (an article), tens (a history, a timeline) and hundreds.
    "api/sentences": [Read("api/sentences", {"spans": [_span(i) for i in range(n)], "ends": list(SENTENCE_ENDS),
                                             "window": WINDOW}) for n in (1, 2, 11, 101)],
    "api/search": [Read("api/search", {"q": q, "lucene": lucene, "type": None, "resolved": resolved,
                                       "candidates": 1000, **PAGE})
                   for q, lucene in (("医院", "医院"), ("Jinan", "Jinan Jinan*"))
                   for resolved in ([], [{"id": LONG_ID, "score": 1.0}])],
    "api/hospitals": [Read("api/hospitals", {"city_ids": None, "district_ids": None, "province_ids": None,
                                             key: [LONG_ID], **PAGE}) for key in ("city_ids", "district_ids", "province_ids")]
                     + [Read("api/hospitals", {"city_ids": None, "district_ids": None, "province_ids": None, **PAGE})],
    "api/entity_list": [Read("api/entity_list", {"kind": None, **PAGE}, {"label": label}) for label in LISTED_LABELS],
    "api/articles": [Read("api/articles", PAGE)],
    # One plan per path-length bound (1-8, the route's range): the bound is rendered into the text.
    "api/paths": [Read("api/paths", {"from": LONG_ID, "to": LONG_ID + "-2", "max_length": n, "limit": 10}, {"max_length": n})
                  for n in range(1, 9)],
    "api/stats": [Read("api/stats")],
    "api/graph_version": [Read("api/graph_version")],
    "export/neighbourhood": _ids("export/neighbourhood"),  # /entities/{id}/export
    "reconcile/properties": [Read("reconcile/properties", {"ids": ids}) for ids in ([LONG_ID], [LONG_ID, SHORT_ID])],
}

# Reads the routes use that are deliberately not warmed, and why.
NOT_WARMED: dict[str, str] = {
    # The name index's source (names/index.py): every entity, read once per graph version; its
    # cost is the reading, not the plan, and a warm-up run would read the whole graph.
    "names/entities": "reads every entity: its cost is the reading, not the plan",
}


def reads() -> list[Read]:
    return [r for rs in READS.values() for r in rs]


def statements() -> list[Read]:
    """What the API warms, in order: its own reads first, then the loader's statements."""
    return reads() + loader_warmup.statements()


def start(app: Any, settings: Settings) -> Warmup | None:
    """Starts the warm-up over the app's graph, unless switched off (HKG_WARMUP=false)."""
    if not settings.warmup:
        return None
    watcher = app.state.watcher
    ready = lambda: watcher.healthy(max(settings.health_stale_after, settings.read_deadline))  # noqa: E731
    return Warmup(app.state.graph, statements(), timeout=settings.warmup_timeout, ready=ready,
                  retry_interval=settings.probe_interval).start()
