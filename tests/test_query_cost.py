"""Reads cost what they return: every per-item query does the same work on a graph ten times larger.

The curated data is loaded beside a synthetic graph (bench/synthetic.py) at scale 0.005 and
then at 0.05 (~2.5k and ~25k synthetic facts). The synthetic facts never touch a curated
entity, so each query below, asked about curated ids, has the same answer at both sizes; its
database hits (PROFILE, summed over the plan) must then stay within 1.5x: a query that scans a
label, every relationship or every node grows with the graph and fails here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.synthetic import generate
from graph.connection import Graph
from graph.profile import profile
from loaders.load import load

DATA = Path(__file__).resolve().parent.parent / "data"
SMALL, LARGE = 0.005, 0.05
GROWTH = 1.5
JINAN = "hosp-jinan-mch"
PAGE = {"limit": 50, "offset": 0}

# (case, named query, identifiers of a template, parameters): the per-item reads of the API.
CASES = [
    ("evidence of a statement", "api/fact_evidence", None, {"id": "A000-064"}),
    ("evidence of a structural link", "api/fact_evidence", None, {"id": "A000-016"}),
    ("fact: a statement", "api/fact", None, {"id": "A000-064"}),
    ("fact: a structural link", "api/fact", None, {"id": "A000-016"}),
    ("article", "api/article", None, {"id": "A003"}),
    ("entity: a person", "api/entity_detail", None, {"id": "person-shan-ruiping"}),
    ("entity: a hospital", "api/entity_detail", None, {"id": JINAN}),
    ("entity exists", "api/entity_exists", None, {"id": JINAN}),
    ("hospital profile", "api/hospital_profile", None, {"id": JINAN}),
    ("hospital people", "api/scope_people", None, {"id": JINAN, "limit": 50, "offset": 0}),
    ("hospital timeline", "api/timeline", None, {"id": JINAN}),
    ("hospital recognitions", "api/recognitions", None,
     {"id": JINAN, "from_year": None, "to_year": None, "recipient_kind": None, "kind": None, "level": None,
      "conferrer": None, "limit": 100, "offset": 0}),
    ("neighbourhood depth 2", "api/neighbourhood", None, {"id": JINAN, "depth": 2, "max_nodes": 500}),
    ("paths", "api/paths", {"max_length": 6}, {"from": "person-shan-ruiping", "to": JINAN, "max_length": 6, "limit": 10}),
    ("hospitals in a city", "api/hospitals", None, {"city_ids": ["place-jinan"], "district_ids": None, "province_ids": None, **PAGE}),
    ("hospitals in a province", "api/hospitals", None,
     {"city_ids": None, "district_ids": None, "province_ids": ["place-shandong"], **PAGE}),
    ("search: Chinese name", "api/search", None, {"q": "济南", "lucene": "济南", "type": None, "resolved": [], "candidates": 1000, **PAGE}),
    ("search: English word", "api/search", None, {"q": "Jinan", "lucene": "Jinan Jinan*", "type": None, "resolved": [], "candidates": 1000, **PAGE}),
]
# Pages of a list answer the same page size at both scales (their totals come from counts, not scans).
PAGES = [
    ("people page", "api/entity_list", {"label": "Person"}, {"kind": None, **PAGE}),
    ("organisations page", "api/entity_list", {"label": "Organisation"}, {"kind": None, **PAGE}),
    ("hospitals page", "api/hospitals", None, {"city_ids": None, "district_ids": None, "province_ids": None, **PAGE}),
]


def _mixed_folder(root: Path, scale: float) -> Path:
    """The curated facts plus a synthetic graph of this scale, in one data folder."""
    out = root / f"mixed-{scale}"
    syn = root / f"synthetic-{scale}"
    generate(syn, scale=scale, seed=1, real=DATA)
    for sub in ("facts", "articles"):
        shutil.copytree(DATA / sub, out / sub)
        for f in (syn / sub).iterdir():
            shutil.copy(f, out / sub / ("synthetic-shared.yaml" if f.name == "shared.yaml" else f.name))
    return out


@pytest.fixture(scope="module")
def hits(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Database hits of every case at both scales (and the small graph's answers, to check they exist)."""
    root = tmp_path_factory.mktemp("cost")
    out: dict[float, dict[str, int]] = {}
    for scale in (SMALL, LARGE):
        graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
        load(graph, _mixed_folder(root, scale))
        # Plans made for the other size must not be reused: each size is planned afresh.
        graph.write_tx(lambda tx: tx.run("CALL db.clearQueryCaches()").consume())
        out[scale] = {case: profile(graph, name, identifiers, **params)[0] for case, name, identifiers, params in CASES + PAGES}
    # What the cases answer on the large graph: each must find something, or it proves nothing.
    out["answers"] = {case: graph.read_template(name, identifiers, **params) if identifiers else graph.read(name, **params)
                      for case, name, identifiers, params in CASES + PAGES}
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    return out


@pytest.mark.parametrize("case", [c[0] for c in CASES + PAGES])
def test_db_hits_do_not_grow_with_the_graph(hits, case):
    small, large = hits[SMALL][case], hits[LARGE][case]
    assert small > 0, f"{case}: the query did no work at all; the case tests nothing"
    assert large <= GROWTH * small, (f"{case}: {small} db hits at scale {SMALL}, {large} at {LARGE} "
                                     f"({large / small:.1f}x, allowed {GROWTH}x): it reads more than it returns")


@pytest.mark.parametrize("case", [c[0] for c in CASES + PAGES])
def test_each_case_answers_something(hits, case):
    rows = hits["answers"][case]
    assert rows and any(v not in (None, [], {}, 0, False) for v in rows[0].values()), (case, rows)
