"""The API's side of SPARQL: send a query to Fuseki's query service and read the answer as
it streams, cut at the row and byte limits (cut.py). Nothing here parses SPARQL: the engine
does, and its refusals are mapped to EngineRefusal with a status and a fixed wording."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from graph.config import Settings
from ontology import PREFIXES
from servers.fuseki import server
from servers.fuseki.cut import Cutter, JsonRows, LineRows

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
# Fuseki picks by query form: results JSON for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE.
ACCEPT = f"{RESULTS_JSON}, {NTRIPLES};q=0.9"

_STANDARD = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
             "xsd": "http://www.w3.org/2001/XMLSchema#", "owl": "http://www.w3.org/2002/07/owl#",
             "dcterms": "http://purl.org/dc/terms/"}
# Predeclared prefixes, all on the query's first line (no newline), so that the line numbers
# of the engine's parse errors are the client's own. A query may redeclare any of them.
PROLOGUE = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in {**_STANDARD, **{k: str(v) for k, v in PREFIXES.items()}}.items()) + " "

UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}


@dataclass
class Answer:
    body: bytes
    media_type: str          # RESULTS_JSON or NTRIPLES
    rows: int
    truncated: str | None    # rows, bytes, incomplete; None when whole


class EngineRefusal(Exception):
    """The engine refused or could not answer; `kind` names the problem."""

    def __init__(self, status: int, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.kind, self.detail = status, kind, detail


def _refusal(status: int, text: str) -> EngineRefusal:
    first = (text.strip().splitlines() or [""])[0][:300]
    # Columns on the first line count the predeclared prologue: give the client its own.
    first = re.sub(r"line 1, column (\d+)", lambda m: f"line 1, column {max(1, int(m.group(1)) - len(PROLOGUE))}", first)
    if status == 400:
        # The query service parses queries only: an update fails at its first keyword.
        m = re.search(r'Encountered "\s*(?:<\w+>\s*)?"?(\w+)', first)
        if m and m.group(1).lower() in UPDATE_WORDS:
            return EngineRefusal(400, "update_refused", "this endpoint is read-only: SPARQL updates are refused")
        return EngineRefusal(400, "invalid_query", first or "the query is not valid SPARQL 1.1")
    if status == 422:   # QueryDeniedException: SERVICE, refused by config.ttl
        return EngineRefusal(400, "service_refused", "federated queries (SERVICE) are disabled on this endpoint")
    if status == 503:
        return EngineRefusal(503, "timeout", f"the query did not finish within the engine's time-out "
                                             f"({server.engine_timeout():g} s); narrow it or add a LIMIT")
    return EngineRefusal(503, "unavailable", "the SPARQL engine could not answer; retry shortly")


async def query(settings: Settings, text: str, *, default_graphs: list[str] = (),
                named_graphs: list[str] = ()) -> Answer:
    params = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
    wait = server.engine_timeout() + 5.0      # the engine's own time-out fires first
    timeout = httpx.Timeout(wait, connect=2.0)
    try:
        async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client:
            async with client.stream("POST", settings.sparql_endpoint, params=params,
                                     content=(PROLOGUE + text).encode("utf-8"),
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": ACCEPT, "Accept-Encoding": "identity"}) as r:
                if r.status_code != 200:
                    body = b""
                    async for chunk in r.aiter_raw():
                        body += chunk
                        if len(body) > 4096:
                            break
                    raise _refusal(r.status_code, body.decode("utf-8", "replace"))
                media = r.headers.get("content-type", "").split(";")[0].strip().lower()
                kind = JsonRows if media == RESULTS_JSON else LineRows
                cutter: Cutter = kind(settings.sparql_max_rows, settings.sparql_max_bytes)
                try:
                    async for chunk in r.aiter_raw():
                        cutter.feed(chunk)
                        if cutter.full:
                            break      # leaving the block closes the connection: Fuseki stops the query
                except (httpx.ReadError, httpx.RemoteProtocolError, httpx.ReadTimeout):
                    cutter.incomplete()
                return Answer(cutter.result(), media if media in (RESULTS_JSON, NTRIPLES) else NTRIPLES,
                              cutter.rows, cutter.truncated)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as e:
        raise EngineRefusal(503, "unavailable", "the SPARQL engine is not answering (restarting on a new "
                                                "graph version, or down); retry shortly") from e
    except httpx.ReadTimeout as e:
        raise EngineRefusal(503, "timeout", "the SPARQL engine did not answer in time; retry shortly") from e
    except httpx.HTTPError as e:
        raise EngineRefusal(503, "unavailable", "the SPARQL engine could not answer; retry shortly") from e
