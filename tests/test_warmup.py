"""The plan warm-up: every read the API uses is planned when the API starts, in the background,
so that a first request on a large graph does not spend its read deadline planning.

Against the real Neo4j of the fixtures. Whether a plan was reused is read from Neo4j itself:
`db.clearQueryCaches()` says how many plans it cleared, so (clear, warm up, call the API,
clear) clearing no more plans than the warm-up made means every API read reused one.
"""

from __future__ import annotations

import math
import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import queries
from api import warmup
from api.main import create_app
from graph.config import Settings
from graph.connection import Graph
from graph.warmup import Read, Warmup
from loaders.load import load
from tests.conftest import FUNCTIONAL_DEADLINES, free_port

ROOT = Path(__file__).resolve().parent.parent
JINAN = "hosp-jinan-mch"
# Modules whose code names the reads the routes make (the routes, and the helpers they call).
READERS = [*sorted((ROOT / "api").rglob("*.py")), ROOT / "exports" / "snapshot.py", ROOT / "names" / "index.py"]
NAMED_READ = re.compile(r"""\.read(?:_template)?\(\s*["']([\w/]+)["']""")
# The API's background watcher's own reads (not under the request deadline, not warmed).
WATCHER = [Read("graph/version"), Read("system/components")]


def bucket(value: object) -> int | None:
    """Neo4j's length bucket of a string or list parameter: 0, 1, 2-10, 11-100, 101-1000, ..."""
    if not isinstance(value, (str, list)):
        return None
    return len(value) if len(value) < 2 else math.ceil(math.log10(len(value))) + 1


def cleared(graph: Graph) -> int:
    """Clears Neo4j's query caches and says how many plans they held."""
    message = graph.read_tx(lambda tx: tx.run("CALL db.clearQueryCaches()").single()[0])
    found = re.search(r"of (\d+) quer", message)
    return int(found.group(1)) if found else 0


@pytest.fixture(scope="module")
def curated(graph: Graph) -> Graph:
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, ROOT / "data")
    return graph


def test_every_read_query_of_the_api_folder_has_a_warmup_entry():
    api_reads = {name for name in queries.catalogue() if name.startswith("api/")}
    missing = api_reads - set(warmup.READS) - set(warmup.NOT_WARMED)
    assert not missing, f"queries/api files without a warm-up entry in api/warmup.py: {sorted(missing)}"


def test_every_read_the_routes_name_has_a_warmup_entry():
    named = {m for path in READERS for m in NAMED_READ.findall(path.read_text(encoding="utf-8"))}
    assert {"api/hospital_profile", "api/timeline", "api/recognitions"} <= named  # the scan finds them
    missing = named - set(warmup.READS) - set(warmup.NOT_WARMED)
    assert not missing, f"reads without a warm-up entry in api/warmup.py: {sorted(missing)}"


def test_every_warmup_entry_is_a_named_query_with_a_plan_of_its_own():
    for name, reads in warmup.READS.items():
        assert reads and all(r.name == name for r in reads), name
        assert name in queries.catalogue(), name
    # Two entries with the same text and parameter types would plan once and warm nothing more.
    shapes = [(str(r), tuple(sorted((k, type(v).__name__, bucket(v)) for k, v in r.params.items())))
              for r in warmup.reads()]
    assert len(shapes) == len(set(shapes))


def test_the_warmup_plans_every_read_on_the_curated_graph_and_the_api_reuses_the_plans(curated, neo4j_settings):
    reads = warmup.reads() + WATCHER + [Read(name) for name in warmup.NOT_WARMED]
    cleared(curated)
    w = Warmup(curated, reads, timeout=60.0)
    w.run_pending()
    assert w.failed == [] and len(w.warmed) == len(reads) and w.finished
    # Each warm-up read made one plan of its own (no two share a cache key).
    assert cleared(curated) == len(reads)

    w = Warmup(curated, reads, timeout=60.0)
    w.run_pending()
    settings = Settings(**{**dict(NEO4J_URI=neo4j_settings.uri, NEO4J_PASSWORD=neo4j_settings.neo4j_password),
                           **FUNCTIONAL_DEADLINES})
    urls = [f"/hospitals/{JINAN}", f"/hospitals/{JINAN}/honours", f"/hospitals/{JINAN}/timeline",
            f"/hospitals/{JINAN}/people", "/honours", "/hospitals", "/hospitals?city=济南", "/people", "/branches",
            "/programmes", "/organisations", "/articles", "/articles/A003", "/facts/A000-064",
            "/facts/A000-064/evidence", "/facts/A000-016", f"/entities/{JINAN}", "/people/person-shan-ruiping",
            f"/entities/{JINAN}/neighbourhood", f"/entities/{JINAN}/neighbourhood?depth=2",
            f"/paths?from=person-shan-ruiping&to={JINAN}", "/search?q=济南", "/search?q=Jinan", "/stats",
            f"/entities/{JINAN}/rdf"]
    with TestClient(create_app(settings)) as c:
        for url in urls:
            assert c.get(url).status_code == 200, url
    # No plan beyond the warm-up's: every read of these calls found its plan cached.
    assert cleared(curated) == len(reads)


def test_a_down_neo4j_neither_blocks_the_start_nor_raises_and_health_says_so():
    settings = Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}", HKG_WARMUP_TIMEOUT=5.0)
    started = time.monotonic()
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        r = c.get("/health")
        assert r.status_code == 503
        plans = r.json()["plans"]
        assert plans["warmed"] == 0 and plans["total"] == len(warmup.statements()) and plans["finished"] is False
    assert time.monotonic() - started < 20  # start, one call and shutdown: nothing waits for the warm-up


def test_health_reports_the_warmup_and_switching_it_off_removes_it(curated, neo4j_settings):
    base = dict(NEO4J_URI=neo4j_settings.uri, NEO4J_PASSWORD=neo4j_settings.neo4j_password)
    with TestClient(create_app(Settings(**base, HKG_WARMUP_TIMEOUT=60.0))) as c:
        deadline = time.monotonic() + 300  # the API's reads, then the loader's 355 statements
        while not (plans := c.get("/health").json()["plans"])["finished"] and time.monotonic() < deadline:
            time.sleep(0.2)
        # The API's reads, then the loader's statements (tests/test_load_warmup.py).
        assert plans == {**plans, "warmed": len(warmup.statements()), "total": len(warmup.statements()), "failed": 0}
        assert plans["seconds"] is not None
    with TestClient(create_app(Settings(**base, HKG_WARMUP=False))) as c:
        assert c.get("/health").json()["plans"] is None


def test_a_failing_read_is_counted_and_the_others_still_run(curated):
    # A parameter of a type the query cannot take fails in Neo4j; the next read still runs.
    w = Warmup(curated, [Read("api/paths", {"from": "x", "to": "y", "max_length": 6, "limit": "ten"}),
                         Read("api/stats")], timeout=60.0)
    w.run_pending()
    assert w.failed == [("api/paths", "CypherSyntaxError")] and w.warmed == ["api/stats"] and w.finished
