"""`hkg load --bulk` builds, through the real neo4j-admin, the same graph as the driver load.

The curated data is loaded twice: by the driver load into the session's server, and by the
bulk route (neo4j-admin CSV files, `database import full`, schema) into a server of its own.
Every node (labels and all properties, the content hashes included) and every relationship
(type, ends and all properties) must be identical; so must each property's type: a Figure
of 1200 beds stays the integer 1200.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from exports.admin_csv import AdminWriter, kind
from graph.config import Settings
from graph.connection import Graph
from graph.neo4j_local import server
from loaders.bulk import bulk_load
from loaders.load import load
from tests.conftest import free_port

DATA = Path(__file__).resolve().parent.parent / "data"

# Everything but the bookkeeping nodes (graph version, load lease), which differ by design.
DUMP_NODES = """
MATCH (n) WHERE NOT n:GraphMeta
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
"""
DUMP_RELS = """
MATCH (a)-[r]->(b) WHERE NOT a:GraphMeta AND NOT b:GraphMeta
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props
"""


def _typed(v):
    """A value with its type spelled out, so that 1200 and 1200.0 differ."""
    if isinstance(v, list):
        return [_typed(x) for x in v]
    return [type(v).__name__, v]


def dump(graph: Graph) -> tuple[list, list]:
    nodes = sorted(json.dumps([r["id"], sorted(r["labels"]), {k: _typed(v) for k, v in sorted(r["props"].items())}],
                              ensure_ascii=False, default=str)
                   for r in graph.read_tx(lambda tx: tx.run(DUMP_NODES).data()))
    rels = sorted(json.dumps([r["source"], r["type"], r["target"], {k: _typed(v) for k, v in sorted(r["props"].items())}],
                             ensure_ascii=False, default=str)
                  for r in graph.read_tx(lambda tx: tx.run(DUMP_RELS).data()))
    return nodes, rels


def digest(d: tuple[list, list]) -> str:
    return hashlib.sha256("\n".join(d[0] + ["--"] + d[1]).encode()).hexdigest()


@pytest.fixture(scope="module")
def driver_dump(graph: Graph) -> tuple[list, list]:
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, DATA)
    return dump(graph)


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory, neo4j_settings: Settings):
    home = tmp_path_factory.mktemp("bulk-neo4j")
    settings = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=home, HKG_NEO4J_PORT=free_port(), HKG_NEO4J_HEAP="1g",
                        HKG_NEO4J_PAGECACHE="128m", HKG_NEO4J_LIB=neo4j_settings.local_lib)
    report = bulk_load(settings, DATA, csv_dir=tmp_path_factory.mktemp("bulk-csv"))
    try:
        with Graph.connect(settings) as g:
            yield report, g
    finally:
        server.stop(settings)


def test_bulk_builds_the_same_graph_as_the_driver_load(driver_dump, bulk):
    report, g = bulk
    got = dump(g)
    assert len(got[0]) == len(driver_dump[0]) and len(got[1]) == len(driver_dump[1]), \
        (len(got[0]), len(driver_dump[0]), len(got[1]), len(driver_dump[1]))
    missing = sorted(set(driver_dump[0]) - set(got[0]))[:3] + sorted(set(driver_dump[1]) - set(got[1]))[:3]
    assert digest(got) == digest(driver_dump), f"first differences (driver side): {missing}"


def test_bulk_reports_every_phase_and_sets_a_graph_version(bulk):
    report, g = bulk
    assert {"parse+validate", "write csv", "import", "schema"} <= set(report.phases)
    assert report.facts > 400 and report.nodes > 0 and report.relationships > 0
    assert report.version
    meta = g.read_tx(lambda tx: tx.run("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS v").single())
    assert meta["v"] == report.version


def test_bulk_applies_the_schema(bulk):
    _, g = bulk
    names = {r["name"] for r in g.read_tx(lambda tx: tx.run("SHOW INDEXES YIELD name, state WHERE state = 'ONLINE'").data())}
    assert {"entity_id", "link_sources", "entity_search_text", "hospital_id"} <= names


def test_a_column_mixing_integers_and_decimals_keeps_each_type(tmp_path):
    w = AdminWriter(tmp_path)
    for i, value in enumerate([1200, 3.5, 7, "about 40"]):
        w.add_node(["Statement", "Figure"], {"id": f"f{i}", "value": value})
    w.close()
    headers = sorted(p.read_text(encoding="utf-8").splitlines()[0] for p in tmp_path.glob("nodes-*.csv"))
    assert headers == ["id:ID,:LABEL,value:double", "id:ID,:LABEL,value:long", "id:ID,:LABEL,value:string"]
    assert kind([1, 2]) == "long[]" and kind(["a"]) == "string[]"


# The incremental loader takes over: these run last, on the bulk-loaded graph.

NEW_ARTICLE = """\
article:
  id: A900
  title: 兖州区人民医院测试科成立

entities:
  - id: dept-a900-test
    type: Department
    name_zh: 兖州区人民医院测试科
    name_en: Test Department of Yanzhou District People's Hospital

facts:
  - id: A900-001
    subject: hosp-yanzhou-people
    predicate: hasUnit
    object: dept-a900-test
    quote: 兖州区人民医院测试科
"""


def graph_version(g: Graph) -> str:
    return g.read_tx(lambda tx: tx.run("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS v").single()["v"])


def test_after_a_bulk_load_hkg_load_reads_no_file_and_writes_nothing(bulk, files_read):
    report, g = bulk
    before = dump(g)

    again = load(g, DATA)

    from loaders import manifest as mf
    m = mf.Manifest.read(g)
    assert files_read == [] and again.files_read == 0, (m.fingerprint, mf.fingerprint(), sorted(m.files)[:3],
                                                        [(f.name, f.sha, f.text_sha) for f in m.files.values()][:2])
    assert again.changed is False and again.files_unchanged == len(list((DATA / "facts").glob("*.yaml")))
    assert again.facts == report.facts
    assert graph_version(g) == report.version and dump(g) == before


def test_after_a_bulk_load_a_new_article_is_loaded_reading_only_its_file(bulk, files_read, tmp_path):
    _, g = bulk
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "facts" / "A900.yaml").write_text(NEW_ARTICLE, encoding="utf-8")
    (data / "articles" / "A900.txt").write_text("近日，济宁市兖州区人民医院测试科成立。\n", encoding="utf-8")

    added = load(g, data)

    assert files_read == ["A900"]       # its reference to A004's hospital is checked in the graph
    assert added.nodes.created == {"Article": 1, "Department": 1} and added.relationships.created == {"HAS_UNIT": 1}
    assert not (added.nodes.updated or added.nodes.deleted or added.relationships.deleted)
    assert added.batched is False
    link = g.read_tx(lambda tx: tx.run("MATCH (:Hospital {id: 'hosp-yanzhou-people'})-[r:HAS_UNIT]->"
                                       "(:Department {id: 'dept-a900-test'}) RETURN r.fact_id AS f").data())
    assert link == [{"f": "A900-001"}]
