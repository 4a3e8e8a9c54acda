"""Citable facts (issue 11): /facts/{id} as JSON and as a readable page, stable ids, retracted
ids answering 410 with their replacement; against a real Neo4j holding the curated data."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loaders import retracted
from loaders.validate import load_dataset

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def client(curated_client: TestClient) -> TestClient:
    return curated_client


def test_a_statement_fact_as_json_names_what_it_says_its_entities_and_its_article(client):
    r = client.get("/facts/A000-064")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    f = r.json()
    assert f["label_zh"] == "中国医师奖 → 单瑞萍"
    assert f["label_en"].endswith("→ Shan Ruiping")
    assert {(e["role"], e["entity"]["id"]) for e in f["entities"]} >= {("RECIPIENT", "person-shan-ruiping")}
    assert f["properties"]["kind"] == "award" and f["properties"]["year_basis"] == "unknown"
    (src,) = f["sources"]
    assert src["quote"] == "“中国医师奖”得主单瑞萍" and src["quote"] in src["sentence"]
    assert src["article_title"].startswith("济南市妇幼保健院") and src["article_id"] == "A000"
    assert "text" not in src and len(src["sentence"]) < 300  # the sentence, never the article
    assert f["url"].endswith("/facts/A000-064") and "A000-064" in f["citation"] and src["quote"] in f["citation"]


def test_a_structural_fact_is_citable_too(client):
    f = client.get("/facts/A001-003").json()
    assert f["statement_class"] == "HAS_CAMPUS"
    assert f["label_zh"] == "济南市妇幼保健院 —院区→ 东院区"
    assert [e["role"] for e in f["entities"]] == ["SUBJECT", "OBJECT"]
    assert f["sources"][0]["article_date"] == "2026"


@pytest.mark.parametrize("how", [{"params": {"format": "html"}},
                                 {"headers": {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}}])
def test_the_readable_page_highlights_the_quote_in_its_sentence(client, how):
    r = client.get("/facts/A004-037", **how)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<mark>其中胸痛中心、心衰中心均通过中国心血管健康联盟认证</mark>，房颤中心为中国房颤中心建设单位" in page
    assert "党建引领把航向" in page  # the article's title
    HTMLParser().feed(page)  # well-formed enough to parse
    assert "<script" not in page


def test_json_is_the_default_even_when_html_is_acceptable_later(client):
    r = client.get("/facts/A004-037", headers={"Accept": "application/json, text/html"})
    assert r.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("fact_id, replacement", [("A001-016", "A001-073"), ("A002-029", None)])
def test_a_retracted_fact_is_gone_and_names_its_replacement(client, fact_id, replacement):
    r = client.get(f"/facts/{fact_id}")
    assert r.status_code == 410, r.text
    body = r.json()
    assert body["status"] == 410 and body["replaced_by"] == replacement
    if replacement:
        assert body["replacement"].endswith(f"/facts/{replacement}")
        assert client.get(f"/facts/{replacement}").status_code == 200


def test_an_unknown_fact_is_404(client):
    assert client.get("/facts/A009-999").status_code == 404
    assert client.get("/facts/A000-064", params={"format": "pdf"}).status_code == 422


def test_retracted_ids_are_never_reused_and_replacements_exist():
    ds = load_dataset(DATA_DIR)
    gone = retracted.read(DATA_DIR)
    assert gone, "the record lists the facts the precision audit removed"
    assert not set(gone) & set(ds.facts), "a retracted id is in use again"
    for r in gone.values():
        assert r.replaced_by is None or r.replaced_by in ds.facts, r
        assert len(r.reason) > 20


def test_a_fact_of_an_article_retracted_whole_is_gone(tmp_path):
    (tmp_path / "retracted").mkdir()
    (tmp_path / "retracted" / "A009.yaml").write_text(
        "article: {id: A009}\nfacts:\n  - {id: A009-001, subject: x, predicate: awarded, object: y, quote: z}\n",
        encoding="utf-8")
    gone = retracted.read(tmp_path)
    assert gone["A009-001"].replaced_by is None and "A009" in gone["A009-001"].reason


def test_every_published_fact_id_is_still_in_the_data_or_recorded_as_retracted():
    published = [line.strip() for line in (DATA_DIR / "published-fact-ids.txt").read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
    assert len(published) == len(set(published)) > 400
    current, gone = set(load_dataset(DATA_DIR).facts), set(retracted.read(DATA_DIR))
    lost = [i for i in published if i not in current and i not in gone]
    assert not lost, f"published fact ids neither in the data nor retracted: {lost}"
