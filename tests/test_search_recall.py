"""Search reads indexes only, and finds everything the old full scan found.

The search once scanned every entity with `toLower(...) CONTAINS ...` beside its full-text
indexes. It now reads a trigram TEXT index; the old scan is kept here as the oracle: for
substrings of every curated name (single characters, Chinese and English, any case), for
aliases and for pinyin with and without tones, every entity the scan finds is found.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from api.routes.search import lucene_terms
from graph.connection import Graph
from graph.profile import profile
from loaders.load import load

TONED = "āáǎàēéěèīíǐìōóǒòūúǔù"
DATA = Path(__file__).resolve().parent.parent / "data"

# The predicate of the old search's scan branch, verbatim: the oracle.
ORACLE = """
MATCH (node:Entity)
WHERE node.name_zh CONTAINS $q OR toLower(node.name_en) CONTAINS toLower($q)
   OR any(a IN node.aliases WHERE toLower(a) CONTAINS toLower($q))
   OR toLower(coalesce(node.search_en, '')) CONTAINS toLower($q)
RETURN collect(node.id) AS ids
"""


@pytest.fixture(scope="module")
def curated(graph: Graph) -> Graph:
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, DATA)
    return graph


def _queries(graph: Graph) -> list[str]:
    """Deterministic sample of what people type: pieces of names, aliases and pinyin."""
    rng = random.Random(13)
    rows = graph.read_tx(lambda tx: tx.run(
        "MATCH (n:Entity) RETURN n.name_zh AS zh, n.name_en AS en, n.aliases AS aliases, n.pinyin AS pinyin, "
        "n.search_en AS search_en ORDER BY n.id").data())
    out: set[str] = set()

    def piece(text: str, n: int) -> str:
        i = rng.randrange(0, max(1, len(text) - n + 1))
        return text[i:i + n]

    for r in rows:
        if r["zh"]:
            out |= {r["zh"][0], piece(r["zh"], 1), piece(r["zh"], 2), piece(r["zh"], 4)}
        if r["en"]:
            out |= {piece(r["en"], 1).strip() or "a", piece(r["en"], 3), piece(r["en"], 7).upper(), r["en"].lower()}
        for alias in r["aliases"] or []:
            out |= {alias, piece(alias, 2)}
        if r["pinyin"]:
            out |= {r["pinyin"], r["pinyin"].split()[0]}
        if r["search_en"]:
            out.add(piece(r["search_en"], 5))
    # Every single character and tone-marked pinyin, and a sample of the rest (the test stays quick).
    keep = sorted(q for q in out if q.strip() and (len(q) == 1 or any(c in q for c in TONED)))
    rest = sorted(q for q in out if q.strip() and q not in keep)
    return keep + rng.sample(rest, min(len(rest), 200))


def _search_ids(graph: Graph, q: str) -> set[str]:
    row = graph.read("api/search", q=q, lucene=lucene_terms(q), type=None, resolved=[], limit=100_000, offset=0,
                     candidates=1000)[0]
    return {i["id"] for i in row["items"]}


def test_search_finds_everything_the_contains_scan_finds(curated: Graph):
    queries = _queries(curated)
    assert len(queries) > 250, "the sample should cover many names"
    kinds = {"single character": [q for q in queries if len(q) == 1],
             "pinyin with tones": [q for q in queries if any(c in q for c in TONED)]}
    assert all(kinds.values()), kinds
    missed = {}
    for q in queries:
        expected = set(curated.read_tx(lambda tx: tx.run(ORACLE, q=q).single()["ids"]))
        assert expected, f"{q!r} is a piece of a name, so the scan finds it"
        lost = expected - _search_ids(curated, q)
        if lost:
            missed[q] = sorted(lost)
    assert not missed, f"the index-backed search lost what the scan found: {dict(list(missed.items())[:10])}"


def test_search_reads_no_label_scan(curated: Graph):
    _, operators = profile(curated, "api/search", q="医院", lucene="医院", type=None, resolved=[], limit=20, offset=0,
                           candidates=1000)
    assert not [op for op in operators if "Scan" in op and "Index" not in op], operators
