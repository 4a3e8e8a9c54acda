"""A client generated from /openapi.json by a maintained generator (openapi-python-client)
type-checks under mypy --strict and reads typed answers from the real API.

This is what an API consumer does: if an operation returned a free-form blob, the usage
below (typed attribute access) would not type-check; if the schema lied about an answer, the
generated parser would fail on the real data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from loaders.load import load
from tests.live import serve

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BIN = Path(sys.executable).parent
JINAN = "hosp-jinan-mch"

# What a consumer writes against the generated package: typed fields, no dict digging.
USAGE = '''
from hkg_client import Client
from hkg_client.api.entities import neighbourhood
from hkg_client.api.honours import hospital_honours
from hkg_client.api.hospitals import hospital_profile
from hkg_client.models import CytoscapeGraph, GraphFormat, HospitalProfile, RecognitionPage


def read(base_url: str, hospital_id: str) -> dict[str, object]:
    client = Client(base_url=base_url, raise_on_unexpected_status=True)
    profile = hospital_profile.sync(hospital_id, client=client)
    assert isinstance(profile, HospitalProfile)
    name: str | None = profile.hospital.name_zh if isinstance(profile.hospital.name_zh, str) else None
    campuses: list[str] = [c.entity.id for c in profile.campuses]

    honours = hospital_honours.sync(hospital_id, client=client, limit=100)
    assert isinstance(honours, RecognitionPage)
    total: int = honours.total
    quotes: list[str] = [s.quote for entry in honours.items for s in entry.sources]
    kinds: list[str] = [entry.kind.value for entry in honours.items]

    graph = neighbourhood.sync(hospital_id, client=client, depth=1, format_=GraphFormat.CYTOSCAPE)
    assert isinstance(graph, CytoscapeGraph)
    node_ids: list[str] = [n.data.id for n in graph.elements.nodes]
    labels_en: list[str] = [n.data.label_en for n in graph.elements.nodes]
    truncated: bool = graph.truncated
    return {"name": name, "campuses": campuses, "total": total, "quotes": quotes, "kinds": kinds,
            "node_ids": node_ids, "labels_en": labels_en, "truncated": truncated}
'''


@pytest.fixture(scope="module")
def app(graph, neo4j_settings):
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, DATA_DIR)
    return create_app(neo4j_settings)


@pytest.fixture(scope="module")
def generated(app, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("client")
    with TestClient(app) as c:
        (out / "openapi.json").write_text(json.dumps(c.get("/openapi.json").json()))
    # No post-hooks: the generator would otherwise run ruff, which is not what is tested.
    (out / "config.yaml").write_text("post_hooks: []\npackage_name_override: hkg_client\n")
    done = subprocess.run([str(BIN / "openapi-python-client"), "generate", "--path", "openapi.json",
                           "--config", "config.yaml", "--meta", "none", "--output-path", "hkg_client"],
                          cwd=out, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (out / "usage.py").write_text(USAGE)
    return out


def test_the_generated_client_and_its_usage_type_check_strictly(generated):
    done = subprocess.run([str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir=/dev/null",
                           "usage.py", "hkg_client"], cwd=generated, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_generated_client_reads_a_hospital_its_honours_and_its_neighbourhood(generated, app):
    sys.path.insert(0, str(generated))
    try:
        import usage   # the module written above, over the generated package
        with serve(app) as base, TestClient(app) as c:
            got = usage.read(base, JINAN)
            profile = c.get(f"/hospitals/{JINAN}").json()
            honours = c.get(f"/hospitals/{JINAN}/honours", params={"limit": 100}).json()
            hood = c.get(f"/entities/{JINAN}/neighbourhood", params={"depth": 1}).json()
    finally:
        sys.path.remove(str(generated))
        for name in [m for m in sys.modules if m == "usage" or m.startswith("hkg_client")]:
            del sys.modules[name]
    assert got["name"] == profile["hospital"]["name_zh"] == "济南市妇幼保健院"
    assert got["campuses"] == [c["entity"]["id"] for c in profile["campuses"]] and got["campuses"]
    assert got["total"] == honours["total"] >= 13
    assert got["quotes"] == [s["quote"] for e in honours["items"] for s in e["sources"]]
    assert set(got["kinds"]) <= {"award", "title", "certification", "designation", "ranking", "selection"}
    assert got["node_ids"] == [n["data"]["id"] for n in hood["elements"]["nodes"]] and JINAN in got["node_ids"]
    assert all(got["labels_en"]) and got["truncated"] == hood["truncated"]
