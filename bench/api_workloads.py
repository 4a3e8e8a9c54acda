"""The read workloads of bench/api_bench.py: each endpoint's path, and what the direct side runs
for it (the same named queries with the same parameters, in the same order, sentences included)."""

from __future__ import annotations

from collections.abc import Callable

from api import timeline
from api.sentences import add_sentences, sentences
from graph.connection import Graph
from names import NameIndex
from names.index import MATCH_SCORE

def _direct_profile(g): g.read("api/hospital_profile", id="hosp-jinan-mch")
def _direct_neighbourhood(g): g.read("api/neighbourhood", id="hosp-guilin-mch", depth=2, max_nodes=500)
def _direct_entity(g): g.read("api/entity_detail", id="hosp-guilin-mch")
_NAMES: dict = {}


def _direct_search(g):
    # As the route does: the name resolver's sure matches (its index built once, as the API keeps
    # it per graph version), then the full-text query.
    names = _NAMES.get(id(g)) or _NAMES.setdefault(id(g), NameIndex.from_graph(g))
    q = "济宁市第三人民医院"
    resolved = [{"id": c.id, "score": c.score} for c in names.resolve(q, types=None, limit=20) if c.score >= MATCH_SCORE]
    g.read("api/search", q=q, lucene=q, type=None, resolved=resolved, limit=20, offset=0, candidates=1000)


def _direct_people(g):
    g.read("api/entity_exists", id="hosp-jinan-mch")
    g.read("api/scope_people", id="hosp-jinan-mch", limit=50, offset=0)


def _direct_honours(g):
    row = g.read("api/recognitions", id="hosp-jinan-mch", from_year=None, to_year=None, recipient_kind=None,
                 kind=None, level=None, conferrer=None, limit=100, offset=0)[0]
    add_sentences(g, row["items"])


def _direct_timeline(g):
    t = timeline.build(g.read("api/timeline", id="hosp-jinan-mch")[0])
    add_sentences(g, t["entries"] + t["undated"])


def _direct_evidence(g):
    rows = g.read("api/fact_evidence", id="A000-064")[0]["evidence"]
    sentences(g, ({"article_id": e["article"]["id"], "start": e["start"], "end": e["end"]} for e in rows))


def _direct_fact(g):
    r = g.read("api/fact", id="A000-064")[0]
    sentences(g, r["sources"])


def _direct_article(g):
    r = g.read("api/article", id="A003")[0]
    spans = [{"article_id": "A003", "start": s["start"], "end": s["end"]} for s in r["statements"]]
    for link in r["links"]:
        i = link["link"]["articles"].index("A003")
        spans.append({"article_id": "A003", "start": link["link"]["starts"][i], "end": link["link"]["ends"][i]})
    sentences(g, spans)


WORKLOADS: list[tuple[str, str, Callable[[Graph], None]]] = [
    ("profile", "/hospitals/hosp-jinan-mch", _direct_profile),
    ("neighbourhood", "/entities/hosp-guilin-mch/neighbourhood?depth=2", _direct_neighbourhood),
    ("evidence", "/facts/A000-064/evidence", _direct_evidence),
    ("article", "/articles/A003", _direct_article),
    ("entity", "/entities/hosp-guilin-mch", _direct_entity),
    ("honours", "/hospitals/hosp-jinan-mch/honours", _direct_honours),
    ("people", "/hospitals/hosp-jinan-mch/people", _direct_people),
    ("search", "/search?q=济宁市第三人民医院", _direct_search),
    ("timeline", "/hospitals/hosp-jinan-mch/timeline", _direct_timeline),
    ("fact", "/facts/A000-064", _direct_fact),
]
PER_ITEM = ("profile", "neighbourhood", "evidence", "article", "entity", "honours", "people", "timeline", "fact")
