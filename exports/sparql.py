"""A read-only SPARQL 1.1 query service over the exported RDF (rdflib), with a time-out and a
result-size limit. Updates, federated queries (SERVICE) and dataset clauses (FROM, FROM NAMED:
rdflib would fetch them from the web) are refused.
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
from dataclasses import dataclass

import rdflib.plugins.sparql as rdflib_sparql
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate

import ontology
from ontology import PREFIXES

rdflib_sparql.SPARQL_LOAD_GRAPHS = False      # never fetch a graph named in a query from the web

RESULTS_JSON = "application/sparql-results+json"
TURTLE = "text/turtle; charset=utf-8"

_slots = threading.BoundedSemaphore(int(os.environ.get("HKG_SPARQL_WORKERS", "4")))   # queries running at once


@dataclass
class Limits:
    timeout: float = float(os.environ.get("HKG_SPARQL_TIMEOUT", "10"))        # seconds
    max_rows: int = int(os.environ.get("HKG_SPARQL_MAX_ROWS", "10000"))       # rows (SELECT) or triples (CONSTRUCT)


LIMITS = Limits()


class SparqlError(Exception):
    def __init__(self, status: int, error: str, message: str):
        super().__init__(message)
        self.status = status
        self.error = error


@dataclass
class Answer:
    body: bytes | dict
    media_type: str
    truncated: bool = False
    rows: int = 0


_NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
       "xsd": "http://www.w3.org/2001/XMLSchema#", "owl": "http://www.w3.org/2002/07/owl#",
       "dcterms": "http://purl.org/dc/terms/", **{k: str(v) for k, v in PREFIXES.items()}}


def prepare(text: str):
    """Parse a query (the usual prefixes predeclared) or raise SparqlError(400)."""
    if not text or not text.strip():
        raise SparqlError(400, "invalid_query", "no query: pass it as ?query=, a form field or an application/sparql-query body")
    try:
        q = prepareQuery(text, initNs=_NS)
    except Exception as e:
        try:
            parseUpdate(text)
        except Exception:
            raise SparqlError(400, "invalid_query", f"not a SPARQL 1.1 query: {e}") from None
        raise SparqlError(400, "update_refused",
                          "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ...) "
                          "are refused; change the graph through the curated fact files") from None
    if getattr(q.algebra, "datasetClause", None):
        raise SparqlError(400, "invalid_query", "FROM / FROM NAMED are not supported: the endpoint serves one graph")
    if re.search(r"\bSERVICE\b", _strip_literals(text), re.IGNORECASE):
        raise SparqlError(400, "invalid_query", "federated queries (SERVICE) are not allowed")
    return q


def _strip_literals(text: str) -> str:
    return re.sub(r'"[^"\n]*"|\'[^\'\n]*\'|<[^>\s]*>|#[^\n]*', " ", text)


def _term(t) -> dict:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    if isinstance(t, Literal):
        d = {"type": "literal", "value": str(t)}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype:
            d["datatype"] = str(t.datatype)
        return d
    return {"type": "literal", "value": str(t)}


def _evaluate(g: Graph, q, max_rows: int, cancelled: threading.Event) -> Answer:
    res = g.query(q)
    if res.type == "ASK":
        return Answer({"head": {}, "boolean": bool(res.askAnswer)}, RESULTS_JSON, rows=1)
    if res.type == "SELECT":
        names = [str(v) for v in res.vars or []]
        rows, truncated = [], False
        for row in res:
            if cancelled.is_set():
                break
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append({n: _term(row[i]) for i, n in enumerate(names) if row[i] is not None})
        return Answer({"head": {"vars": names}, "results": {"bindings": rows}}, RESULTS_JSON, truncated, len(rows))
    out = ontology.bind_prefixes(Graph())
    truncated = False
    for i, t in enumerate(res.graph):
        if i >= max_rows:
            truncated = True
            break
        out.add(t)
    return Answer(out.serialize(format="turtle", encoding="utf-8"), TURTLE, truncated, len(out))


class QueryCancelled(Exception):
    """Raised inside a worker thread whose query ran past the time-out."""


def run(g: Graph, text: str, limits: Limits | None = None) -> Answer:
    """Evaluate in a worker thread; past the time-out the worker is interrupted
    (an asynchronous exception: rdflib's evaluation is pure Python) and 503 is returned."""
    limits = limits or LIMITS
    q = prepare(text)
    if not _slots.acquire(timeout=limits.timeout):
        raise SparqlError(503, "busy", "too many SPARQL queries are running; retry shortly")
    box: dict = {}
    state = threading.Lock()
    cancelled = threading.Event()

    def work() -> None:
        try:
            box["answer"] = _evaluate(g, q, limits.max_rows, cancelled)
        except QueryCancelled:
            pass
        except BaseException as e:  # noqa: BLE001 - reported to the caller
            box["error"] = e
        finally:
            try:
                with state:
                    box["done"] = True
            except QueryCancelled:
                pass
            _slots.release()

    worker = threading.Thread(target=work, name="sparql-query", daemon=True)
    worker.start()
    worker.join(limits.timeout)
    with state:
        if not box.get("done"):
            cancelled.set()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(QueryCancelled))
            raise SparqlError(503, "query_timeout",
                              f"the query did not finish within {limits.timeout:g} s; narrow it or add a LIMIT")
    if "error" in box:
        raise SparqlError(400, "query_failed", f"the query failed: {box['error']}")
    return box["answer"]


def dataset(data: Graph) -> Graph:
    """What the endpoint serves: the exported data (a graph built for it, extended in place)
    plus the ontology, so that `?x a/rdfs:subClassOf* hkg:Organisation` and class labels work."""
    data += ontology.load().graph
    return data
