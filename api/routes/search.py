from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query

import ontology
from api.deps import GraphDep, NamesDep
from api.errors import BadRequest
from api.models import Page, clean
from api.routes.common import Limit, Offset, page
from graph.config import get_settings
from names.index import MATCH_SCORE

router = APIRouter(tags=["search"])

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
# Lucene's operators are upper-case words; both analyzers lower-case what they index, so the
# lower-case word finds the same names and is never read as an operator.
_LUCENE_OPERATORS = {"AND", "OR", "NOT", "TO"}


def lucene_terms(q: str) -> str:
    """The user's words as a Lucene query that cannot be misparsed: every special character
    escaped, operators searched as words, and each word also as a prefix so that 'Zhang Yun'
    finds 'Zhang Yunli'."""
    words = [w.lower() if w in _LUCENE_OPERATORS else w for w in q.split()]
    words = [_LUCENE_SPECIAL.sub(r"\\\1", w) for w in words if w]
    return " ".join(f"{w} {w}*" if w.isascii() else w for w in words)


@router.get("/search", response_model=Page[dict[str, Any]],
            summary="Search entities by Chinese or English name, pinyin or alias, ranked")
def search(graph: GraphDep, names: NamesDep,
           q: Annotated[str, Query(min_length=1, max_length=200, examples=["济宁市第三人民医院", "Shan Ruiping"],
                                  description="words of a name: Chinese (simplified or traditional), English, pinyin, an abbreviation or an alias")],
           type: Annotated[str | None, Query(description="an ontology class, e.g. Hospital, Person", examples=["Hospital"])] = None,
           limit: Limit = 20, offset: Offset = 0):
    """Entities whose Chinese or English name, pinyin or alias matches `q` (full-text, each word also as a prefix),
    best match first, optionally of one ontology class. Paged with limit/offset; 422 for an unknown type or a
    query with no searchable characters."""
    if type is not None and type not in ontology.load().entity_types:
        raise BadRequest(f"unknown type {type!r}; one of: {', '.join(ontology.load().entity_types)}")
    terms = lucene_terms(q.strip())
    if not terms:
        raise BadRequest("the query has no searchable characters")
    # The resolver's sure matches (a name, alias, pinyin, traditional form or abbreviation)
    # rank first; the full-text index adds what merely contains the words.
    resolved = [{"id": c.id, "score": c.score} for c in names.resolve(q, types=[type] if type else None, limit=20)
                if c.score >= MATCH_SCORE]
    row = graph.read("api/search", q=q.strip(), lucene=terms, type=type, resolved=resolved,
                     limit=limit, offset=offset, candidates=get_settings().search_candidates)[0]
    return page(row, limit, offset, clean)
