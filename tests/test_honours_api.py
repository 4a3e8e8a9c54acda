"""Recognition histories (issue 11): honours, titles, certifications, designations, rankings and
selections per hospital and across hospitals, their filters, and their CSV/JSON downloads,
against a real Neo4j holding the curated data."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

import ontology

JINAN, ZAOZHUANG, GUILIN, YANZHOU = "hosp-jinan-mch", "hosp-zaozhuang-mch", "hosp-guilin-mch", "hosp-yanzhou-people"


@pytest.fixture(scope="module")
def client(curated_client: TestClient) -> TestClient:
    return curated_client


def get(c: TestClient, url: str, **params):
    r = c.get(url, params=params)
    assert r.status_code == 200, (url, params, r.status_code, r.text)
    return r.json()


def history(c: TestClient, hospital: str | None = None, **params) -> list[dict]:
    url = f"/hospitals/{hospital}/honours" if hospital else "/honours"
    page = get(c, url, limit=500, **params)
    assert page["total"] == len(page["items"])
    return page["items"]


def test_yanzhou_lists_its_certifications_and_designations_with_sources(client):
    items = history(client, YANZHOU)
    by_honour = {i["honour"]["name_zh"]: i for i in items}
    certified = [i for i in items if i["kind"] == "certification"]
    assert {i["recipient"]["id"] for i in certified} >= {"centre-yz-chest-pain", "centre-yz-heart-failure"}
    assert all(i["conferrer"]["id"] == "org-ccha" for i in certified if "通过中国心血管健康联盟认证" in i["sources"][0]["quote"])
    assert by_honour["中国房颤中心建设单位"]["kind"] == "designation"
    assert "济宁市重点学科" in by_honour and by_honour["济宁市重点学科"]["recipient"]["id"] == "dept-yz-cardiology"
    for i in items:
        assert i["sources"], i["fact_id"]
        for s in i["sources"]:
            assert s["quote"] in s["sentence"] and s["article_id"] == "A004"
    # A004 has no date: nothing is inferred, 近日 or not.
    assert {i["year_basis"] for i in items} == {"unknown"}


def test_every_recipient_of_a_hospital_belongs_to_it_and_every_entry_has_kind_and_basis(client):
    kinds = {v.value for v in ontology.load().enumeration("RecognitionKind")}
    for hid in (JINAN, ZAOZHUANG, GUILIN, YANZHOU):
        items = history(client, hid)
        assert items, hid
        for i in items:
            assert i["kind"] in kinds
            assert i["year_basis"] in ("stated", "inferred", "unknown")
            assert (i["year"] is None) == (i["year_basis"] == "unknown"), i["fact_id"]
            assert hid in {h["id"] for h in i["hospitals"]}, i["fact_id"]


def test_the_party_brand_selection_and_the_dated_jinan_honour_are_in_the_history(client):
    items = {i["fact_id"]: i for i in history(client, JINAN)}
    brand = items["A001-073"]
    assert (brand["kind"], brand["honour"]["name_zh"], brand["level"]) == ("selection", "卫健系统优秀党建品牌", "sector")
    cfpa = items["A001-071"]
    assert (cfpa["year"], cfpa["year_basis"]) == (2026, "stated")
    assert "2026年6月" not in cfpa["sources"][0]["quote"]  # the year is in the sentence before, noted
    assert "2026" in cfpa["note"]


def test_filters_by_kind_level_and_recipient_kind_select_exactly_the_matching_entries(client):
    everything = history(client, JINAN)
    for params, keep in (({"kind": "title"}, lambda i: i["kind"] == "title"),
                         ({"kind": "designation"}, lambda i: i["kind"] == "designation"),
                         ({"level": "national"}, lambda i: i["level"] == "national"),
                         ({"recipient_kind": "person"}, lambda i: i["recipient_kind"] == "person"),
                         ({"kind": "designation", "level": "municipal"},
                          lambda i: i["kind"] == "designation" and i["level"] == "municipal")):
        expected = [i["fact_id"] for i in everything if keep(i)]
        assert expected, params
        assert [i["fact_id"] for i in history(client, JINAN, **params)] == expected, params


def test_conferrer_filter_by_id_or_name_across_hospitals(client):
    by_id = history(client, conferrer="org-zaozhuang-hc")
    assert {i["fact_id"] for i in by_id} == {"A002-027", "A002-089"}
    assert all([h["id"] for h in i["hospitals"]] == [ZAOZHUANG] for i in by_id)
    by_name = history(client, conferrer="枣庄市卫生健康委")
    assert [i["fact_id"] for i in by_name] == [i["fact_id"] for i in by_id]
    assert history(client, conferrer="no such conferrer") == []


def test_across_hospitals_is_the_union_of_the_histories_and_year_filters_apply(client):
    across = {i["fact_id"] for i in history(client)}
    for hid in (JINAN, ZAOZHUANG, GUILIN, YANZHOU):
        assert {i["fact_id"] for i in history(client, hid)} <= across
    from2022 = history(client, from_year=2022)
    assert from2022 and all(i["year"] is not None and i["year"] >= 2022 for i in from2022)
    years = [i["year"] for i in from2022]
    assert years == sorted(years)
    assert {i["fact_id"] for i in history(client, from_year=2021, to_year=2021)} >= {"A003-067", "A003-080"}


@pytest.mark.parametrize("params", [{"kind": "medal"}, {"level": "galactic"}, {"recipient_kind": "alien"},
                                    {"from_year": 1800}, {"format": "xml"}, {"conferrer": ""}])
def test_bad_filters_are_422(client, params):
    r = client.get("/honours", params=params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].split(";")[0] in ("application/json", "application/problem+json")


def test_unknown_hospital_is_404_in_both_formats(client):
    for params in ({}, {"format": "csv"}):
        assert client.get("/hospitals/hosp-nowhere/honours", params=params).status_code == 404


def _csv(r) -> list[dict]:
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def test_history_downloads_as_csv_one_row_per_entry_with_quote_sentence_and_stamp(client):
    items = history(client, YANZHOU)
    rows = _csv(client.get(f"/hospitals/{YANZHOU}/honours", params={"format": "csv"}))
    assert [r["fact_id"] for r in rows] == [i["fact_id"] for i in items]
    for row, item in zip(rows, items):
        assert row["honour_zh"] == item["honour"]["name_zh"] and row["kind"] == item["kind"]
        assert row["year_basis"] == item["year_basis"] and row["recipient_id"] == item["recipient"]["id"]
        assert row["quote"] and row["quote"] in row["sentence"]
        assert row["article_id"] == "A004" and row["article_title"]
        assert row["generated_at"][:2] == "20" and row["graph_version"]  # the load set one
    # the same download by content negotiation
    negotiated = _csv(client.get(f"/hospitals/{YANZHOU}/honours", headers={"Accept": "text/csv"}))
    drop = lambda rs: [{k: v for k, v in r.items() if k != "generated_at"} for r in rs]  # noqa: E731
    assert drop(negotiated) == drop(rows)


def test_json_answer_carries_the_stamp_and_sentences(client):
    page = get(client, f"/hospitals/{GUILIN}/honours")
    assert "graph_version" in page and page["generated_at"]
    for i in page["items"]:
        for s in i["sources"]:
            assert s["quote"] in s["sentence"] and len(s["sentence"]) < 600
