"""Completeness and the year policy of the recognitions, checked over the five curated articles.

No Neo4j here: this reads the fact files and the article texts, as `hkg validate` does.
- Every sentence with a recognition verb has a recognition fact quoted from it, or an entry
  with its reason in data/completeness/recognition-exclusions.yaml.
- Every recognition fact has a kind and a year basis; every dated statement has a year basis,
  and the basis is true to the text (docs/curation.md, "Year policy").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import ontology
from loaders.validate import Dataset, load_dataset

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXCLUSIONS = DATA / "completeness" / "recognition-exclusions.yaml"
RECOGNITION_PREDICATES = {"awarded", "designatedAs"}

# The verbs of recognition the issue names, and their close variants in these articles.
RECOGNITION_VERBS = re.compile(
    r"荣获|获评|评为|授予|入选|授牌|挂牌|获批|荣膺|摘得|被确定为|确定为"
    r"|通过[^。；，]{0,30}认证|获得[^。，；]{0,20}(称号|荣誉|资质)"
    r"|成为[^。，；]{0,40}(基地|中心|单位)")
CURRENT_NEWS = re.compile(r"今年|去年|本月|近日|日前|近期|(?<![年0-9])[0-9]{1,2}月[0-9]{1,2}日")
RETROSPECTIVE = re.compile(r"先后|近年来|曾获|曾被|相继|连年|历年")
SENTENCE_END = re.compile(r"[。！？!?\n]")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    d = load_dataset(DATA)
    assert d.ok, [str(p) for p in d.problems]
    return d


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if text[start:m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


CLAUSE_END = re.compile(r"[，；：,;]")


def clause(text: str, at: int, a: int, b: int) -> tuple[int, int]:
    """The clause (between commas or semicolons) of the sentence text[a:b] around position `at`."""
    left = max((m.end() for m in CLAUSE_END.finditer(text, a, at)), default=a)
    m = CLAUSE_END.search(text, at, b)
    return left, m.start() if m else b


def paragraph(text: str, start: int, end: int) -> str:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a:b if b >= 0 else len(text)]


def recognition_facts(ds: Dataset):
    return [f for f in ds.facts.values() if f.predicate in RECOGNITION_PREDICATES]


def article_year(ds: Dataset, article_id: str) -> int | None:
    date = ds.articles[article_id].article.get("date")
    return int(str(date)[:4]) if date else None


def exclusions() -> list[dict]:
    return yaml.safe_load(EXCLUSIONS.read_text(encoding="utf-8"))["exclusions"]


def test_the_five_articles_are_all_checked(ds):
    assert sorted(ds.articles) == ["A000", "A001", "A002", "A003", "A004"]


def test_every_sentence_with_a_recognition_verb_has_a_recognition_fact_or_a_reasoned_exclusion(ds):
    quoted = {}  # article -> list of (start, end) of recognition quotes
    for f in recognition_facts(ds):
        for s in f.sources:
            quoted.setdefault(s.article, []).append((s.start, s.end))
    excluded = {(e["article"], e["sentence"]) for e in exclusions()}
    missing = []
    for aid, ff in sorted(ds.articles.items()):
        text = ff.article.text
        for a, b in sentences(text):
            sentence = text[a:b].strip()
            if any(art == aid and sentence.startswith(start) for art, start in excluded):
                continue
            # Each verb's clause needs a quote: one sentence often lists several recognitions.
            for m in RECOGNITION_VERBS.finditer(text, a, b):
                ca, cb = clause(text, m.start(), a, b)
                if not any(qs < cb and ca < qe for qs, qe in quoted.get(aid, [])):
                    missing.append(f"{aid}@{ca}: {text[ca:cb]}")
    assert not missing, "recognition sentences with neither a fact nor an exclusion:\n" + "\n".join(missing)


@pytest.mark.parametrize("entry", exclusions(), ids=lambda e: f"{e['article']}:{e['sentence'][:12]}")
def test_each_exclusion_names_a_live_recognition_sentence_without_a_fact_and_gives_a_reason(ds, entry):
    assert len(entry.get("reason", "").strip()) >= 20, "an exclusion needs its reason"
    text = ds.articles[entry["article"]].article.text
    matches = [(a, b) for a, b in sentences(text) if text[a:b].strip().startswith(entry["sentence"])]
    assert len(matches) == 1, "the sentence must occur exactly once in its article"
    a, b = matches[0]
    assert RECOGNITION_VERBS.search(text[a:b]), "the sentence no longer has a recognition verb"
    for f in recognition_facts(ds):
        for s in f.sources:
            assert not (s.article == entry["article"] and a <= s.start and s.end <= b), \
                f"{f.id} now covers this sentence: drop the exclusion"


def test_every_recognition_has_a_kind_from_the_ontology_and_a_year_basis(ds):
    kinds = {v.value for v in ontology.load().enumeration("RecognitionKind")}
    bases = {v.value for v in ontology.load().enumeration("YearBasis")}
    for f in recognition_facts(ds):
        assert f.qualifiers.get("kind") in kinds, f.id
        assert f.qualifiers.get("year_basis") in bases, f.id


def test_every_dated_statement_records_its_year_basis(ds):
    onto = ontology.load()
    for f in ds.facts.values():
        if onto.predicates[f.predicate].structural:
            continue
        if f.qualifiers.get("year") is not None or f.qualifiers.get("date") is not None:
            assert f.qualifiers.get("year_basis") in ("stated", "inferred"), f.id
        elif f.qualifiers.get("year_basis") is not None:
            assert f.qualifiers["year_basis"] == "unknown", f.id


def _year(f) -> int | None:
    y = f.qualifiers.get("year")
    return int(y) if y is not None else (int(str(f.qualifiers["date"])[:4]) if f.qualifiers.get("date") else None)


def test_a_stated_year_is_written_in_the_paragraph_of_the_quote(ds):
    for f in ds.facts.values():
        if f.qualifiers.get("year_basis") != "stated":
            continue
        s = f.sources[0]
        assert f"{_year(f)}年" in paragraph(ds.articles[s.article].article.text, s.start, s.end), f.id


def test_a_year_is_inferred_only_from_a_dated_article_and_only_for_current_news(ds):
    inferred = [f for f in ds.facts.values() if f.qualifiers.get("year_basis") == "inferred"]
    assert inferred, "the Guilin article's 今年/去年 facts are inferred"
    for f in inferred:
        s = f.sources[0]
        year = article_year(ds, s.article)
        assert year is not None, f"{f.id}: an article without a date gives no inferred years"
        para = paragraph(ds.articles[s.article].article.text, s.start, s.end)
        assert CURRENT_NEWS.search(para), f"{f.id}: no current-news marker (今年, 近日, …) in its paragraph"
        allowed = {year} | ({year - 1} if "去年" in para else set())
        assert _year(f) in allowed, f.id


def test_no_year_is_inferred_for_a_retrospective_list(ds):
    for f in ds.facts.values():
        if f.qualifiers.get("year_basis") != "inferred":
            continue
        s = f.sources[0]
        text = ds.articles[s.article].article.text
        a, b = next((a, b) for a, b in sentences(text) if a <= s.start < b)
        assert not RETROSPECTIVE.search(text[a:b]), f.id


def test_a_recognition_reported_as_current_news_in_a_dated_article_has_its_year(ds):
    """The policy cuts both ways: where it allows an inference, the year is given."""
    for f in recognition_facts(ds):
        s = f.sources[0]
        if article_year(ds, s.article) is None:
            continue
        text = ds.articles[s.article].article.text
        a, b = next((a, b) for a, b in sentences(text) if a <= s.start < b)
        sentence = text[a:b]
        # The news must be the recognition itself (a verb of recognition in the sentence): a
        # title worn by someone in a dated report (国家心理咨询师秦初明, 6月17日…) is not news of it.
        if CURRENT_NEWS.search(sentence) and RECOGNITION_VERBS.search(sentence) and not RETROSPECTIVE.search(sentence):
            assert f.qualifiers.get("year_basis") in ("stated", "inferred"), f.id


def test_the_enumerations_of_the_ontology_and_the_shapes_agree():
    from ontology import shapes
    onto = ontology.load()
    allowed = {pc.path: set(pc.allowed) for sh in shapes.shapes() for pc in sh.properties
               if pc.allowed and sh.name in ("RecognitionShape", "StatementShape")}
    assert allowed["kind"] == {v.value for v in onto.enumeration("RecognitionKind")}
    assert allowed["yearBasis"] == {v.value for v in onto.enumeration("YearBasis")}
