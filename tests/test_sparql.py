"""/sparql: the SPARQL 1.1 protocol proxied to the project's Apache Jena Fuseki over a TDB2
store built from the real graph (the curated data). The engine's configuration
(servers/fuseki/config.ttl) is what refuses updates, SERVICE and file reads, and what stops
runaway queries: these tests attack it through the API and, where it matters, directly."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib import RDF

from api.main import create_app
from graph.config import Settings
from graph.connection import Graph
from loaders.load import load
from ontology import HKG, ID
from servers.fuseki import server as fuseki
from servers.fuseki import store
from servers.fuseki.cut import JsonRows, LineRows
from servers.fuseki.keeper import Keeper
from tests.built import get_built

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
JINAN = "hosp-jinan-mch"
HOSPITALS = "SELECT ?h ?name WHERE { ?h a hkg:Hospital ; hkg:nameZh ?name } ORDER BY ?h"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PROBLEM = "application/problem+json"


def reload(graph: Graph, settings: Settings, data_dir: Path = DATA_DIR) -> None:
    load(graph, data_dir)
    store.sync(graph, settings)


@pytest.fixture(scope="module")
def settings(graph: Graph, fuseki_settings: Settings) -> Settings:
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    reload(graph, fuseki_settings)
    return fuseki_settings


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def app_with(settings: Settings, **changes) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=changes)))


def sparql(client, query: str, method: str = "get", **kw):
    if method == "get":
        return client.get("/sparql", params={"query": query}, **kw)
    if method == "post":
        return client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    return client.post("/sparql", data={"query": query})


def problem(r, status: int, type_: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM), r.headers
    body = r.json()
    assert body["status"] == status and body["title"]
    if type_:
        assert body["type"] == type_, body
    return body


# --- the protocol and the results ---------------------------------------------------------

@pytest.mark.parametrize("method", ["get", "post", "form"])
def test_select_returns_the_hospitals_of_the_graph(client, graph, method):
    r = sparql(client, HOSPITALS, method)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    body = r.json()
    assert body["head"]["vars"] == ["h", "name"]
    got = {b["h"]["value"] for b in body["results"]["bindings"]}
    want = {str(ID[row["id"]]) for row in graph.read_tx(lambda tx: tx.run("MATCH (h:Hospital) RETURN h.id AS id").data())}
    assert got == want and str(ID[JINAN]) in got
    jinan = next(b for b in body["results"]["bindings"] if b["h"]["value"] == str(ID[JINAN]))
    assert jinan["name"] == {"type": "literal", "value": "济南市妇幼保健院", "xml:lang": "zh"}
    assert r.headers["X-SPARQL-Rows"] == str(len(want)) and "X-SPARQL-Truncated" not in r.headers


def test_ask_construct_and_the_ontology(client):
    r = sparql(client, f"ASK {{ id:{JINAN} a hkg:Hospital }}")
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert sparql(client, "ASK { id:nobody a hkg:Hospital }").json()["boolean"] is False
    r = sparql(client, f"CONSTRUCT {{ id:{JINAN} ?p ?o }} WHERE {{ id:{JINAN} ?p ?o }}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.content, format="turtle")
    assert (ID[JINAN], RDF.type, HKG.Hospital) in g
    r = client.get("/sparql", params={"query": f"DESCRIBE id:{JINAN}"}, headers={"Accept": "application/n-triples"})
    assert r.headers["content-type"].startswith("application/n-triples")
    assert (ID[JINAN], RDF.type, HKG.Hospital) in rdflib.Graph().parse(data=r.content, format="nt")
    # the ontology is in the store: subclass reasoning by property path
    r = sparql(client, "SELECT (COUNT(?o) AS ?n) WHERE { ?o a/rdfs:subClassOf* hkg:Organisation }")
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 1


def test_a_query_may_redeclare_a_predeclared_prefix_and_errors_keep_its_line_numbers(client):
    r = sparql(client, "PREFIX hkg: <urn:other:>\nASK { ?s a hkg:Hospital }")
    assert r.status_code == 200 and r.json()["boolean"] is False
    body = problem(sparql(client, "SELECT *\nWHERE { ?s ?p }"), 400, "/problems/sparql-invalid-query")
    assert "line 2" in body["detail"]


def test_the_store_holds_the_same_triples_as_the_turtle_export(client):
    turtle = get_built(client, "/export/graph.ttl")
    assert turtle.status_code == 200
    exported = len(rdflib.Graph().parse(data=turtle.content, format="turtle"))
    r = sparql(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(!STRSTARTS(STR(?s), STR(hkg:))) "
                       "FILTER(?s != <https://w3id.org/hospital-kg/ontology>) }")
    assert r.status_code == 200, r.text
    n = int(r.json()["results"]["bindings"][0]["n"]["value"])
    ontology_subjects = sparql(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isBlank(?s)) }").json()
    blank = int(ontology_subjects["results"]["bindings"][0]["n"]["value"])
    assert n - blank == exported, (n, blank, exported)


# --- refusals: problem+json ---------------------------------------------------------------

UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP DEFAULT",
           "LOAD <http://127.0.0.1:9/x.ttl>", "CREATE GRAPH <urn:g>", "insert data { <urn:a> <urn:b> <urn:c> }"]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_however_sent(client, update):
    for method in ("get", "post", "form"):
        problem(sparql(client, update, method), 400, "/problems/sparql-update-refused")
    problem(client.post("/sparql", data={"update": update}), 400, "/problems/sparql-update-refused")
    problem(client.get("/sparql", params={"update": update}), 400, "/problems/sparql-update-refused")
    problem(client.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"}),
            400, "/problems/sparql-update-refused")
    assert sparql(client, "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_the_engine_itself_has_no_update_endpoint(settings, client):
    """config.ttl configures the query operation only: even a client that reaches Fuseki
    directly cannot write."""
    base = settings.sparql_endpoint.rsplit("/", 1)[0]
    for url, kw in [(base, {"data": {"update": "CLEAR ALL"}}), (base + "/update", {"data": {"update": "CLEAR ALL"}}),
                    (base + "/query", {"content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}),
                    (base + "/data", {"content": b"<urn:a> <urn:b> <urn:c> .", "headers": {"Content-Type": "application/n-triples"}})]:
        r = httpx.post(url, timeout=10, **kw)
        assert 400 <= r.status_code < 500, (url, r.status_code)
    assert sparql(client, f"ASK {{ id:{JINAN} a hkg:Hospital }}").json()["boolean"] is True


def test_bad_requests(client):
    problem(sparql(client, "SELEKT nothing"), 400, "/problems/sparql-invalid-query")
    problem(client.get("/sparql"), 400)
    problem(client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]), 400)
    problem(client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415)
    problem(client.post("/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}), 400)


@pytest.mark.parametrize("ctype", ["application/sparql-query", "application/x-www-form-urlencoded"])
def test_a_body_over_the_limit_is_refused_before_parsing(settings, ctype):
    limit = settings.sparql_max_body
    garbage = b"x" * (limit + 1)              # not SPARQL: a parser would answer 400, not 413
    with app_with(settings) as c:
        problem(c.post("/sparql", content=garbage, headers={"Content-Type": ctype}), 413)

        def chunks():                         # no Content-Length: Transfer-Encoding chunked
            for _ in range(limit // 65536 + 2):
                yield b"y" * 65536
        problem(c.post("/sparql", content=chunks(), headers={"Content-Type": ctype}), 413)


def test_a_body_at_the_limit_is_answered(settings):
    limit = settings.sparql_max_body
    query = "ASK {}" + " " * (limit - 6)
    with app_with(settings) as c:
        r = c.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200, r.text
    assert r.json()["boolean"] is True


# --- truncation -----------------------------------------------------------------------------

def test_answers_are_cut_at_the_row_limit(settings):
    with app_with(settings, sparql_max_rows=5) as c:
        r = sparql(c, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        assert r.status_code == 200
        assert len(r.json()["results"]["bindings"]) == 5
        assert r.headers["X-SPARQL-Truncated"] == "rows" and r.headers["X-SPARQL-Rows"] == "5"
        r = sparql(c, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert len(rdflib.Graph().parse(data=r.content, format="turtle")) == 5
        assert r.headers["X-SPARQL-Truncated"] == "rows"
        r = sparql(c, HOSPITALS + " LIMIT 2")
        assert "X-SPARQL-Truncated" not in r.headers and len(r.json()["results"]["bindings"]) == 2


def test_answers_are_cut_at_the_byte_limit_on_a_row_boundary(settings):
    with app_with(settings, sparql_max_bytes=4096) as c:
        r = sparql(c, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        assert r.status_code == 200 and r.headers["X-SPARQL-Truncated"] == "bytes"
        rows = r.json()["results"]["bindings"]          # still a valid document
        assert 0 < len(rows) == int(r.headers["X-SPARQL-Rows"]) and len(r.content) <= 4096 + 16
        r = sparql(c, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert r.headers["X-SPARQL-Truncated"] == "bytes" and len(r.content) <= 4096
        assert len(rdflib.Graph().parse(data=r.content, format="turtle")) == int(r.headers["X-SPARQL-Rows"])


ROW = '{ "s": { "type": "literal", "value": "a } ] { [ \\" \\\\" } }'
DOC = '{ "head": { "vars": [ "s" ] } ,\n  "results": {\n    "bindings": [\n' + ",\n".join([ROW] * 7) + "\n    ]\n  }\n}\n"


@pytest.mark.parametrize("rows,max_bytes,chunk,kept,why", [
    (10, 10_000, 3, 7, None),       # whole, fed 3 bytes at a time
    (3, 10_000, 1000, 3, "rows"),
    (100, 300, 7, 3, "bytes"),      # braces and quotes inside strings are not structure
    (100, 90, 5, 0, "bytes"),       # not even one row fits: an empty, valid answer
])
def test_the_json_cutter_keeps_whole_rows(rows, max_bytes, chunk, kept, why):
    c = JsonRows(rows, max_bytes)
    data = DOC.encode()
    for i in range(0, len(data), chunk):
        c.feed(data[i:i + chunk])
        if c.full:
            break
    out = json.loads(c.result())
    assert len(out["results"]["bindings"]) == kept == (c.rows if why else 7)
    assert c.truncated == why
    assert all(b["s"]["value"] == 'a } ] { [ " \\' for b in out["results"]["bindings"])


def test_the_line_cutter_keeps_whole_lines():
    c = LineRows(2, 10_000)
    c.feed(b"<a> <b> <c> .\n<a> <b> <d")
    c.feed(b"> .\n<a> <b> <e> .\n")
    assert c.result() == b"<a> <b> <c> .\n<a> <b> <d> .\n" and c.truncated == "rows"


# --- no outbound request, no file read ------------------------------------------------------

class Listener:
    """A socket on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.connections.append(conn.recv(500))
            except OSError:
                self.connections.append(b"")
            conn.close()

    def close(self) -> None:
        time.sleep(0.5)        # let a late connection arrive before looking
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


def bypasses(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ sErViCe SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(\"it's \\\" SERVICE\" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND('\"' AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # SERVICE in a comment\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <loop:{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <bulk+5:{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <cache:{url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{url.replace('127.0.0.1', 'localhost')}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"DESCRIBE <{url}>",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"LOAD <{url}>",
        f"SELECT (<{url}> AS ?x) WHERE {{}}",
    ]


def test_no_query_makes_an_outbound_request(client, listener):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    for q in bypasses(url):
        for method in ("get", "form"):
            r = sparql(client, q, method)
            assert r.status_code in (200, 400), (q, r.status_code, r.text)
            if r.status_code == 400:
                problem(r, 400)
        r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": url,
                                          "named-graph-uri": url})
        assert r.status_code in (200, 400)
    listener.close()
    assert listener.connections == []
    # The engine refuses SERVICE by its configuration, not by a filter in front of it.
    body = problem(sparql(client, bypasses(url)[0]), 400, "/problems/sparql-service-refused")
    assert url not in json.dumps(body)


def test_the_engine_refuses_service_when_called_directly(settings, listener):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    r = httpx.get(settings.sparql_endpoint, params={"query": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"},
                  timeout=20)
    assert r.status_code == 422 and "SERVICE" in r.text
    listener.close()
    assert listener.connections == []


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_files_and_ports_cannot_be_probed(client, listener):
    """An existing and a missing file, an open and a closed port: the same answer."""
    pairs = [
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "SELECT * FROM <file:///no/such/file> WHERE { ?s ?p ?o }"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
         "SELECT * FROM NAMED <file:///no/such/file> WHERE { GRAPH ?g { ?s ?p ?o } }"),
        ("LOAD <file:///etc/passwd>", "LOAD <file:///no/such/file>"),
        ("LOAD <file:///etc/passwd> INTO GRAPH <urn:g>", "LOAD <file:///no/such/file> INTO GRAPH <urn:g>"),
        (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}",
         f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{closed_port()}/> {{ ?s ?p ?o }} }}"),
        (f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}",
         f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{closed_port()}/> {{ ?s ?p ?o }} }}"),
        (f"SELECT * FROM <http://127.0.0.1:{listener.port}/> WHERE {{ ?s ?p ?o }}",
         f"SELECT * FROM <http://127.0.0.1:{closed_port()}/> WHERE {{ ?s ?p ?o }}"),
    ]
    for existing, missing in pairs:
        a, b = sparql(client, existing), sparql(client, missing)
        assert a.status_code == b.status_code and a.status_code in (200, 400), (existing, a.text)
        assert a.content == b.content, (a.text, b.text)
        assert b"root:" not in a.content
    listener.close()
    assert listener.connections == []


# --- the store follows the graph -------------------------------------------------------------

def test_the_store_follows_a_committed_load_and_nothing_else(client, graph, settings, tmp_path):
    q = f"SELECT ?name WHERE {{ id:{JINAN} hkg:nameEn ?name }}"
    before = sparql(client, q).json()["results"]["bindings"][0]["name"]["value"]
    key = store.current_key(settings.fuseki_home)
    assert store.sync(graph, settings) == store.Synced(key, None, False)    # same version: nothing rebuilt
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    f = data / "facts" / "A000.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "name_en: Jinan Maternal and Child Health Care Hospital\n", "name_en: Jinan MCH Hospital (renamed)\n", 1),
        encoding="utf-8")
    keeper = Keeper(graph, settings.model_copy(update={"fuseki_poll": 0.2}))
    keeper.served = key
    keeper.start()
    try:
        load(graph, data)
        deadline = time.monotonic() + 120
        after = before
        while (after == before or keeper.served == key) and time.monotonic() < deadline:
            time.sleep(0.5)
            r = sparql(client, q)
            if r.status_code == 200:
                after = r.json()["results"]["bindings"][0]["name"]["value"]
            else:                                   # the restart of a swap: 503, retry shortly
                problem(r, 503, "/problems/unavailable")
                assert r.headers["Retry-After"]
        assert after == "Jinan MCH Hospital (renamed)" != before
        assert keeper.served != key and keeper.error is None
    finally:
        keeper.stop()
        reload(graph, settings)
    assert sparql(client, q).json()["results"]["bindings"][0]["name"]["value"] == before
    assert [p.name for p in (settings.fuseki_home / "stores").iterdir()] == [store.current_key(settings.fuseki_home)]


def test_an_engine_that_does_not_answer_gives_503_fast(settings):
    with app_with(settings, fuseki_url=f"http://127.0.0.1:{closed_port()}") as c:
        t = time.monotonic()
        body = problem(sparql(c, "ASK {}"), 503, "/problems/unavailable")
        assert time.monotonic() - t < 3 * 2.0 and "Retry-After" in c.get("/sparql", params={"query": "ASK {}"}).headers
    assert "127.0.0.1" not in body["detail"]


# --- runaway queries: the engine's time-out, then back to idle ------------------------------

def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU of the whole process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def heap_used_after_gc_mb(pid: int) -> float:
    """Force a full GC in the engine (jcmd), then read the heap in use (KB → MB)."""
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=30, check=True)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=30, check=True).stdout
    used = 0
    for line in out.splitlines():       # "def new generation total 9792K, used 1234K [...]" / "tenured ... used 5678K"
        if " used " in line and "generation" in line:
            used += int(line.split(" used ")[1].split("K")[0])
    assert used > 0, out
    return used / 1024


def heap_mb(setting: str) -> int:
    n, unit = int(setting[:-1]), setting[-1].lower()
    return n * {"m": 1, "g": 1024}[unit]


def test_four_runaway_queries_stop_at_the_engine_time_out_and_the_engine_returns_to_idle(client, settings):
    pid = fuseki.status(settings).pid
    assert pid is not None
    timeout = fuseki.engine_timeout()
    idle_heap = heap_used_after_gc_mb(pid)
    answers: list[tuple[int, str, float]] = []
    health: list[tuple[int, float]] = []
    started = time.monotonic()

    def runaway() -> None:
        t = time.monotonic()
        r = sparql(client, RUNAWAY)
        answers.append((r.status_code, r.json().get("type", ""), time.monotonic() - t))

    threads = [threading.Thread(target=runaway) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    busy = sparql(client, "ASK {}")                 # a fifth query finds the four slots taken
    cpu_busy_0 = proc_cpu_seconds(pid)
    while any(t.is_alive() for t in threads):
        t0 = time.monotonic()
        h = client.get("/health")
        health.append((h.status_code, time.monotonic() - t0))
        time.sleep(0.25)
    timed_out = time.monotonic()
    cpu_busy = (proc_cpu_seconds(pid) - cpu_busy_0) / (timed_out - started - 1.0)
    peak_rss = proc_status_kb(pid, "VmHWM") / 1024
    # Idle within 5 s of the time-out: CPU over the fifth second after it.
    time.sleep(4.0)
    c0 = proc_cpu_seconds(pid)
    time.sleep(1.0)
    cpu_after = proc_cpu_seconds(pid) - c0
    rss = proc_status_kb(pid, "VmRSS") / 1024
    heap_after = heap_used_after_gc_mb(pid)
    figures = {"engine_timeout_s": timeout, "answers": [(s, round(d, 1)) for s, _, d in answers],
               "cpu_while_running_cores": round(cpu_busy, 2), "cpu_4to5s_after_timeout_pct": round(100 * cpu_after, 1),
               "heap_after_gc_idle_mb": round(idle_heap, 1), "heap_after_gc_after_mb": round(heap_after, 1),
               "rss_mb": round(rss, 1), "peak_rss_mb": round(peak_rss, 1), "xmx_mb": heap_mb(settings.fuseki_heap),
               "health_calls": len(health), "health_max_s": round(max(d for _, d in health), 2)}
    print("\nrunaway figures:", json.dumps(figures))
    problem(busy, 503, "/problems/unavailable")
    assert [(s, t) for s, t, _ in answers] == [(503, "/problems/sparql-timeout")] * 4
    assert all(timeout - 0.5 <= d <= timeout + 3 * 2 for _, _, d in answers), answers
    assert cpu_busy > 0.05      # they really ran (on 2 cores shared with the rest of the machine)
    assert cpu_after < 0.05
    assert heap_after <= idle_heap + 32
    assert rss <= heap_mb(settings.fuseki_heap) + 256 and peak_rss <= heap_mb(settings.fuseki_heap) + 256
    assert health and all(s == 200 and d < 3.0 for s, d in health), health
    assert sparql(client, f"ASK {{ id:{JINAN} a hkg:Hospital }}").json()["boolean"] is True
