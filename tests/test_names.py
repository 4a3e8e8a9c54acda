"""The name resolver: every way a person writes a name finds the entity, ranked by how it matched."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.connection import Graph
from loaders.load import load
from names import IndexCache, NameIndex, normalise, pinyin_key
from names.abbreviate import abbreviations, english_abbreviations, leading_places

DATA = Path(__file__).resolve().parent.parent / "data"


def fact_file_entities() -> list[dict]:
    out = []
    for f in sorted((DATA / "facts").glob("*.yaml")):
        out += yaml.safe_load(f.read_text(encoding="utf-8")).get("entities") or []
    return out


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex.from_entities(fact_file_entities())


def top(index: NameIndex, q: str, types=None):
    found = index.resolve(q, types=types, limit=5)
    assert found, f"nothing found for {q!r}"
    return found[0]


# --- normalisation ------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("濟南市婦幼保健院", "济南市妇幼保健院"),       # traditional characters
    ("济南市　妇幼保健院", "济南市妇幼保健院"),      # full-width space
    ("Zhāng Yùnlì", "zhang yunli"),               # tone marks and case
    ("Children's Hospital", "childrens hospital"),  # punctuation
    ("ＡＢＣ１２３", "abc123"),                     # full-width letters and digits
])
def test_normalise_folds_what_never_distinguishes_names(a, b):
    assert normalise(a) == normalise(b)


def test_normalise_keeps_different_names_apart():
    assert normalise("山西") != normalise("陕西")
    assert normalise("") == "" and normalise("·—!") == ""


def test_pinyin_key_is_toneless_and_spaceless():
    assert pinyin_key("济南市") == "jinanshi"
    assert pinyin_key("Ji Nan Shi") == "jinanshi"


# --- abbreviations by rule ----------------------------------------------------------------

def test_leading_places_are_split_off_only_when_something_follows():
    assert leading_places("济宁市兖州区人民医院") == ([("济宁", "市"), ("兖州", "区")], "人民医院")
    assert leading_places("桂林市") == ([], "桂林市")
    assert leading_places("单县妇幼保健院") == ([], "单县妇幼保健院")   # a one-character place keeps its 县


@pytest.mark.parametrize("name, short", [
    ("济南市妇幼保健院", "济南妇幼"),
    ("济宁市第三人民医院", "济宁三院"),
    ("济宁市兖州区人民医院", "兖州人医"),
    ("平阴县妇幼保健院", "平阴妇幼"),
    ("国家卫生健康委员会", "国家卫健委"),
])
def test_abbreviations_follow_the_rules(name, short):
    assert short in abbreviations(name)


def test_no_abbreviation_is_a_bare_institution_word():
    for name in ("济宁市兖州区人民医院", "济南市妇幼保健院", "济宁市第三人民医院"):
        assert not {"人民医院", "人医", "妇幼", "妇幼保健院", "三院"} & abbreviations(name)


def test_english_abbreviations():
    assert english_abbreviations("Jinan Maternal and Child Health Care Hospital") == {"jinan mch"}
    assert english_abbreviations("Shandong Province") == {"shandong"}
    assert english_abbreviations("Jinan") == set()


# --- resolving: each way of writing a name ------------------------------------------------

@pytest.mark.parametrize("q, types, expected, how", [
    ("济南市妇幼保健院", None, "hosp-jinan-mch", "Chinese name"),
    ("Jinan Maternal and Child Health Care Hospital", None, "hosp-jinan-mch", "English name"),
    ("山东第一医科大学附属济南妇幼保健院", None, "hosp-jinan-mch", "official name"),
    ("濟南市婦幼保健院", None, "hosp-jinan-mch", "Chinese name"),
    ("济南妇幼", ["Hospital"], "hosp-jinan-mch", "short name"),
    ("Jinan Shi Fuyou Baojianyuan", None, "hosp-jinan-mch", "pinyin"),
    ("jinan fuyou", ["Hospital"], "hosp-jinan-mch", "pinyin"),
    ("济宁三院", None, "hosp-yanzhou-people", "abbreviation"),
    ("兖州人医", None, "hosp-yanzhou-people", "abbreviation"),
    ("濟寧三院", None, "hosp-yanzhou-people", "abbreviation"),
    ("枣庄妇幼", None, "hosp-zaozhuang-mch", "abbreviation"),
    ("Jinan MCH", ["Hospital"], "hosp-jinan-mch", "abbreviation"),
    ("单瑞萍", None, "person-shan-ruiping", "Chinese name"),
    ("Shan Ruiping", None, "person-shan-ruiping", "English name"),
    ("Shàn Ruìpíng", None, "person-shan-ruiping", "English name"),
    ("Shandong", ["Place"], "place-shandong", "pinyin"),
])
def test_resolve_finds_the_entity_and_says_how(index, q, types, expected, how):
    c = top(index, q, types)
    assert (c.id, c.match) == (expected, True), index.resolve(q, types=types, limit=3)
    assert how in c.why


def test_scores_rank_exact_above_alias_above_pinyin_above_abbreviation(index):
    exact = top(index, "济南市妇幼保健院").score
    alias = top(index, "山东第一医科大学附属济南妇幼保健院").score
    pinyin = top(index, "Jinan Shi Fuyou Baojianyuan").score
    abbrev = top(index, "济宁三院").score
    assert exact > alias > pinyin > abbrev


def test_a_name_two_entities_share_is_no_match_without_a_type(index):
    # 济南妇幼 is the service brand's name and the hospital's short name.
    found = index.resolve("济南妇幼", limit=5)
    assert {"brand-jinan-mch", "hosp-jinan-mch"} <= {c.id for c in found[:2]}
    typed = index.resolve("济南妇幼", types=["Hospital"])
    assert typed[0].id == "hosp-jinan-mch" and typed[0].match


@pytest.mark.parametrize("typo, how", [
    ("济南市妇幼保险院", "similar"),       # one character wrong
    ("济南市妇幼保建院", "sounds like"),   # a homophone typed for 健
])
def test_a_mistyped_name_is_a_candidate_never_a_match(index, typo, how):
    found = index.resolve(typo)
    assert found[0].id == "hosp-jinan-mch" and not found[0].match
    assert found[0].why.startswith(how)


def test_types_include_subclasses(index):
    # Hospital is an Organisation: asking for organisations finds hospitals too.
    assert top(index, "济南市妇幼保健院", ["Organisation"]).id == "hosp-jinan-mch"
    assert all(c.type == "Person" for c in index.resolve("济南", types=["Person"]))


def test_limit_and_empty_queries(index):
    assert len(index.resolve("妇幼", limit=3)) == 3
    assert index.resolve("", limit=3) == [] and index.resolve("!!!") == []
    assert index.resolve("济南", limit=0) == []


def test_a_generic_word_matches_nothing(index):
    assert not any(c.match for c in index.resolve("人民医院"))


# --- from the graph, once per version -----------------------------------------------------

def test_index_from_graph_equals_index_from_fact_files(graph: Graph, index: NameIndex):
    graph.write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    load(graph, DATA)
    from_graph = NameIndex.from_graph(graph)
    assert set(from_graph.entries) == set(index.entries)
    for q in ("济南妇幼", "济宁三院", "Shan Ruiping", "濟南市婦幼保健院"):
        assert [c.id for c in from_graph.resolve(q)] == [c.id for c in index.resolve(q)]


def test_cache_rebuilds_only_when_the_version_changes():
    built = []
    cache = IndexCache(build=lambda g: built.append(g) or NameIndex.from_entities(g))
    a = [{"id": "hosp-a", "type": "Hospital", "name_zh": "甲市人民医院"}]
    b = [{"id": "hosp-b", "type": "Hospital", "name_zh": "乙市人民医院"}]
    assert cache.get(a, "v1") is cache.get(a, "v1")
    assert cache.builds == 1
    assert set(cache.get(b, "v2").entries) == {"hosp-b"} and cache.builds == 2


def test_a_similar_name_is_found_by_its_rare_ngrams_when_common_ones_are_in_every_key(monkeypatch):
    # As on a national graph, where "医院" and "人民" are in nearly every key: those n-grams are
    # not counted past FUZZY_POSTINGS, and the distinctive ones still find the name.
    import names.index as ni
    monkeypatch.setattr(ni, "FUZZY_POSTINGS", 300)
    crowd = [{"id": f"hosp-{i}", "type": "Hospital", "name_zh": f"第{i}人民医院"} for i in range(1000)]
    target = {"id": "hosp-target", "type": "Hospital", "name_zh": "滕州市中心人民医院"}
    index = NameIndex.from_entities(crowd + [target])
    found = index.resolve("滕州市中心人名医院", limit=5)   # a typo: only similar
    assert found and found[0].id == "hosp-target" and found[0].why.startswith("similar")
