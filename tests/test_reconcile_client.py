"""An independent client, py-reconciliation-service-api (in its own virtual environment,
since it pins old pydantic and httpx), reconciles names against a live uvicorn of the API:
names, abbreviations, pinyin and traditional forms all get the right top match."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from api.main import create_app
from graph.config import Settings
from graph.connection import Graph
from loaders.load import load
from tests.live import serve

ROOT = Path(__file__).resolve().parent.parent
CLIENT_PYTHON = ROOT / ".venv-reconcile" / "bin" / "python"
CLIENT_SCRIPT = ROOT / "tests" / "clients" / "reconcile_client.py"

# (query as a journalist's spreadsheet has it, type, the id it must match)
CASES = [
    ("济南市妇幼保健院", "Hospital", "hosp-jinan-mch"),                  # Chinese name
    ("Zaozhuang Maternal and Child Health Care Hospital", "Hospital", "hosp-zaozhuang-mch"),   # English
    ("济南妇幼", "Hospital", "hosp-jinan-mch"),                          # abbreviation
    ("济宁三院", "Hospital", "hosp-yanzhou-people"),                     # abbreviation by rule
    ("兖州人医", "Hospital", "hosp-yanzhou-people"),                     # abbreviation by rule
    ("Jinan Shi Fuyou Baojianyuan", "Hospital", "hosp-jinan-mch"),       # pinyin
    ("zaozhuang fuyou", "Hospital", "hosp-zaozhuang-mch"),               # pinyin of an abbreviation
    ("桂林市婦幼保健院", "Hospital", "hosp-guilin-mch"),                 # traditional
    ("濟南市婦幼保健院", "Hospital", "hosp-jinan-mch"),                  # traditional
    ("Shan Ruiping", "Person", "person-shan-ruiping"),                   # a person in English
]


@pytest.fixture(scope="module")
def client_run(graph: Graph, neo4j_settings: Settings) -> dict:
    if not CLIENT_PYTHON.is_file():
        pytest.fail(f"the independent client is not installed at {CLIENT_PYTHON}: run `make reconcile-client`")
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, ROOT / "data")
    queries = [{"query": q, "type": t, "limit": 3} for q, t, _ in CASES]
    with serve(create_app(neo4j_settings)) as url:
        done = subprocess.run([str(CLIENT_PYTHON), str(CLIENT_SCRIPT), f"{url}/reconcile"], input=json.dumps(queries),
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"the client failed:\n{done.stderr}"
    return json.loads(done.stdout)


def test_the_client_accepts_the_manifest(client_run):
    m = client_run["manifest"]
    assert "0.2" in m["versions"] and m["identifier_space"] and m["schema_space"]
    assert {"id": "Hospital", "name": "Hospital"} in m["default_types"]


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c[0] for c in CASES])
def test_the_client_gets_the_right_top_match(client_run, i):
    query, _, expected = CASES[i]
    result = client_run["results"][i]["result"]
    assert result, f"no candidate for {query!r}"
    assert (result[0]["id"], result[0]["match"]) == (expected, True), result
