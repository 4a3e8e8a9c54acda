"""The sentence around each quote, for answers that cite (histories, timelines, /facts).

The cut is made by a query in the database: article texts never leave Neo4j, only the
sentences do (the API serves quotes and sentences, never whole articles)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.connection import Graph

SENTENCE_ENDS = ["。", "！", "？", "!", "?", "\n"]
WINDOW = 600  # characters searched either side of a quote for the sentence's ends


def sentences(graph: Graph, sources: Iterable[dict[str, Any]]) -> dict[tuple[str, int, int], str]:
    """(article_id, start, end) -> sentence, for every source that has offsets."""
    spans, seen = [], set()
    for s in sources:
        key = (s.get("article_id"), s.get("start"), s.get("end"))
        if None in key or key in seen:
            continue
        seen.add(key)
        spans.append({"key": f"{key[0]}|{key[1]}|{key[2]}", "article_id": key[0], "start": key[1], "end": key[2]})
    if not spans:
        return {}
    out = {}
    for row in graph.read("api/sentences", spans=spans, ends=SENTENCE_ENDS, window=WINDOW):
        article_id, start, end = row["key"].rsplit("|", 2)
        out[(article_id, int(start), int(end))] = row["sentence"]
    return out


def add_sentences(graph: Graph, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every source of every entry its `sentence` (the quote itself when offsets are missing)."""
    found = sentences(graph, (s for e in entries for s in e.get("sources", [])))
    for e in entries:
        for s in e.get("sources", []):
            s["sentence"] = found.get((s.get("article_id"), s.get("start"), s.get("end")), s.get("quote"))
    return entries
