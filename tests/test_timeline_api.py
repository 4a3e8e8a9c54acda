"""A hospital's timeline (issue 11): dated entries in order, figures as series in text order,
which campus list is current, one row per Party branch, CSV download; against a real Neo4j."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

JINAN, GUILIN, YANZHOU = "hosp-jinan-mch", "hosp-guilin-mch", "hosp-yanzhou-people"


@pytest.fixture(scope="module")
def client(curated_client: TestClient) -> TestClient:
    return curated_client


@pytest.fixture(scope="module")
def timelines(client) -> dict[str, dict]:
    out = {}
    for hid in (JINAN, GUILIN, YANZHOU):
        r = client.get(f"/hospitals/{hid}/timeline")
        assert r.status_code == 200, r.text
        out[hid] = r.json()
    return out


def test_entries_are_dated_and_in_date_order_founding_first(timelines):
    t = timelines[JINAN]
    years = [e["year"] for e in t["entries"]]
    assert None not in years and years == sorted(years)
    first = t["entries"][0]
    assert (first["category"], first["year"]) == ("founding", 1951)
    categories = {e["category"] for e in t["entries"]}
    assert {"founding", "campus", "honour", "designation", "figure", "milestone"} <= categories
    opened = [(e["date"], e["subject"]["name_zh"]) for e in t["entries"] if e["category"] == "campus"]
    assert opened == [("2023-12-20", "东院区"), ("2025-01-22", "总院区")]


def test_every_entry_is_labelled_in_both_languages_and_cites_its_sentence(timelines):
    for t in timelines.values():
        for e in t["entries"] + t["undated"]:
            assert e["label_zh"] and e["label_en"], e["fact_id"]
            assert e["year_basis"] in ("stated", "inferred", "unknown")
            assert e["sources"], e["fact_id"]
            for s in e["sources"]:
                assert s["quote"] in s["sentence"], e["fact_id"]
    honour = next(e for e in timelines[JINAN]["entries"] if e["fact_id"] == "A001-071")
    assert honour["label_zh"] == "全国计划生育协会先进单位 → 济南市妇幼保健院"


def test_guilins_current_news_years_are_marked_inferred(timelines):
    inferred = {e["fact_id"]: e for e in timelines[GUILIN]["entries"] if e["year_basis"] == "inferred"}
    assert inferred["A003-045"]["date"] == "2022-05-31"  # 今年5月31日, article of 2022
    stated = {e["fact_id"] for e in timelines[GUILIN]["entries"] if e["year_basis"] == "stated"}
    assert "A003-067" in stated  # “2021年桂林市最佳志愿服务组织”


@pytest.mark.parametrize("hospital, committee, values", [(JINAN, "pc-jinan-mch", [9, 13]),
                                                         (GUILIN, "pc-guilin-mch", [17, 26])])
def test_party_branch_counts_are_one_series_in_text_order(timelines, hospital, committee, values):
    series = [s for s in timelines[hospital]["series"]
              if s["metric"] == "party_branch_count" and s["entity"]["id"] == committee]
    assert len(series) == 1
    assert [p["value"] for p in series[0]["points"]] == values
    assert all(p["quote"] for p in series[0]["points"])


def test_the_campus_list_says_what_the_text_says_is_current(timelines):
    c = timelines[JINAN]["campuses"]
    assert c["stated_count"]["value"] == 3 and c["stated_count"]["article_id"] == "A001"
    named = {r["entity"]["name_zh"]: r["named_by_count_article"] for r in c["listed"]}
    assert named == {"东院区": True, "总院区": True, "中心院区": False, "西院区": False}
    assert "一院三区" in c["current"] and "does not say which 3" in c["current"]
    # the same note in Chinese, for a page in Chinese
    assert "一院三区" in c["current_zh"] and "没有说明现在的3个院区是哪几个" in c["current_zh"]
    assert "中心院区" in c["current_zh"] and "does" not in c["current_zh"]


def test_one_row_per_party_branch(client, timelines):
    rows = timelines[YANZHOU]["party_branches"]
    assert len(rows) == len({r["entity"]["id"] for r in rows}) == 3
    ortho = next(r for r in rows if r["entity"]["id"] == "branch-yz-orthopaedics")
    assert {p["id"] for p in ortho["parents"]} == {"pc-yanzhou-people", "dept-yz-orthopaedics"}
    # the profile shows the same three rows
    profile = client.get(f"/hospitals/{YANZHOU}").json()
    assert sorted(b["entity"]["id"] for b in profile["party_branches"]) == sorted(r["entity"]["id"] for r in rows)


def test_timeline_downloads_as_csv_one_row_per_entry(client, timelines):
    r = client.get(f"/hospitals/{JINAN}/timeline", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    t = timelines[JINAN]
    assert [x["fact_id"] for x in rows] == [e["fact_id"] for e in t["entries"] + t["undated"]]
    assert all(x["quote"] in x["sentence"] and x["label_zh"] and "generated_at" in x for x in rows)
    by_accept = client.get(f"/hospitals/{JINAN}/timeline", headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv")


def test_unknown_hospital_is_404(client):
    r = client.get("/hospitals/hosp-nowhere/timeline")
    assert r.status_code == 404 and "Traceback" not in r.text
