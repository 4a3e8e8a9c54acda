"""Graph JSON that visualises well (issue 11): every node and edge labelled in Chinese and in
English, statements by what they say, edge labels in both formats, and a cap that says so."""

from __future__ import annotations

import re

import networkx
import pytest
from fastapi.testclient import TestClient

JINAN = "hosp-jinan-mch"
CJK = re.compile(r"[\u4e00-\u9fff]")
CAMEL = re.compile(r"[a-z][A-Z]")


@pytest.fixture(scope="module")
def client(curated_client: TestClient) -> TestClient:
    return curated_client


def get(c, url, **params):
    r = c.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def cyto(client) -> dict:
    return get(client, f"/entities/{JINAN}/neighbourhood", depth=2)


def test_every_node_and_edge_has_both_labels_english_without_chinese(cyto):
    nodes = [n["data"] for n in cyto["elements"]["nodes"]]
    edges = [e["data"] for e in cyto["elements"]["edges"]]
    assert len(nodes) > 100 and edges
    for d in nodes + edges:
        assert d["label_zh"] and d["label_en"], d["id"]
        assert not CJK.search(d["label_en"]), (d["id"], d["label_en"])
        assert not CAMEL.search(d["label_en"]), (d["id"], d["label_en"])
    for d in edges:
        assert CJK.search(d["label_zh"]), (d["type"], d["label_zh"])


def test_statements_are_labelled_by_what_they_say(client):
    data = get(client, "/entities/person-shan-ruiping/neighbourhood", depth=2)
    by_id = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    assert by_id["A000-064"]["label_zh"] == "中国医师奖 → 单瑞萍"
    honour = next(d for d in by_id.values() if d["label_zh"] == "中国医师奖")
    assert by_id["A000-064"]["label_en"] == f"{honour['name_en']} → Shan Ruiping"
    assert by_id["A000-064"]["class_zh"] == "获奖" and by_id["person-shan-ruiping"]["class_en"] == "Person"


def test_d3_links_carry_the_same_labels_and_still_load_in_networkx(client, cyto):
    d3 = get(client, f"/entities/{JINAN}/neighbourhood", depth=2, format="d3")
    cy_edges = {e["data"]["id"]: (e["data"]["label_zh"], e["data"]["label_en"]) for e in cyto["elements"]["edges"]}
    assert {l["id"]: (l["label_zh"], l["label_en"]) for l in d3["links"]} == cy_edges
    g = networkx.node_link_graph(d3, edges="links")
    assert g.number_of_nodes() == len(d3["nodes"])


def test_uncapped_answer_says_so(cyto):
    assert cyto["truncated"] is False
    assert cyto["counts"]["nodes"] == cyto["counts"]["nodes_total"] == len(cyto["elements"]["nodes"])
    assert cyto["counts"]["edges"] == len(cyto["elements"]["edges"])


@pytest.mark.parametrize("fmt", ["cytoscape", "d3"])
def test_a_capped_answer_is_marked_truncated_with_counts(client, cyto, fmt):
    data = get(client, f"/entities/{JINAN}/neighbourhood", depth=2, max_nodes=10, format=fmt)
    nodes = data["elements"]["nodes"] if fmt == "cytoscape" else data["nodes"]
    assert data["truncated"] is True
    assert data["counts"]["nodes"] == len(nodes) == 11
    assert data["counts"]["nodes_total"] == cyto["counts"]["nodes_total"]
    ids = {(n["data"] if fmt == "cytoscape" else n)["id"] for n in nodes}
    edges = data["elements"]["edges"] if fmt == "cytoscape" else data["links"]
    assert all((e["data"] if fmt == "cytoscape" else e)["source"] in ids for e in edges)


def test_paths_count_what_they_return(client):
    data = get(client, "/paths", **{"from": "person-zhang-yunli", "to": "person-nie-wenying"})
    assert data["counts"]["paths"] == data["found"] == len(data["paths"]) >= 1
    assert data["truncated"] is (data["counts"]["paths_total"] > data["found"])
    for n in data["elements"]["nodes"]:
        assert n["data"]["label_zh"] and n["data"]["label_en"]


def test_bad_cap_is_422(client):
    assert client.get(f"/entities/{JINAN}/neighbourhood", params={"max_nodes": 0}).status_code == 422
    assert client.get(f"/entities/{JINAN}/neighbourhood", params={"max_nodes": 100000}).status_code == 422
