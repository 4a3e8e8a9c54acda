"""`hkg validate`: what the validator accepts, what it rejects, and how it says so.

No Neo4j is needed: every test builds a small data folder (facts/*.yaml + articles/*.txt)
in a temporary directory, or reads the project's real data, and validates it.

A problem names the file, the line, the fact or entity id, and what is wrong; each kind of
bad input has its own message; every problem of every file is reported in one run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cli.main import main
from graph.config import get_settings
from loaders import factfile
from loaders.validate import Dataset, Problem, load_dataset
from tests.bad_fact_files import CORPUS, BadFile
from tests.bad_fact_files import line_of as corpus_line

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = PROJECT_ROOT / "data"
HKG = Path(sys.executable).parent / "hkg"

# --- a small, valid data folder -------------------------------------------------------------

ARTICLE_T001 = """\
测试医院是一家三级甲等医院。
2021年，测试医院获评全国文明单位。
张三任测试医院院长。
医院共有床位1200张。
测试医院隶属国家卫生健康委员会。
"""

SHARED = """\
entities:
  - {id: org-nhc, type: Organisation, kind: health_authority, name_zh: 国家卫生健康委员会, name_en: National Health Commission}
  - {id: place-jinan, type: Place, kind: city, name_zh: 济南市, name_en: Jinan}
"""

T001 = """\
article:
  id: T001
  title: 测试医院
  outlet: 测试报
  date: "2024-05-01"

entities:
  - {id: hosp-test, type: Hospital, name_zh: 测试医院, name_en: Test Hospital}
  - {id: person-zhang-san, type: Person, name_zh: 张三, name_en: Zhang San, pinyin: Zhāng Sān}
  - {id: honour-civilised-unit, type: Honour, level: national, name_zh: 全国文明单位, name_en: National Civilised Unit}
  - {id: prog-grade-3a, type: Programme, kind: qualification, name_zh: 三级甲等, name_en: Grade 3A}

facts:
  - id: T001-001
    subject: hosp-test
    predicate: designatedAs
    object: prog-grade-3a
    quote: 测试医院是一家三级甲等医院
  - id: T001-002
    subject: hosp-test
    predicate: awarded
    object: honour-civilised-unit
    qualifiers:
      year: 2021
      conferrer: org-nhc
    quote: 2021年，测试医院获评全国文明单位
  - id: T001-003
    subject: person-zhang-san
    predicate: holdsPosition
    object: hosp-test
    qualifiers:
      role: 院长
    quote: 张三任测试医院院长
  - id: T001-004
    subject: hosp-test
    predicate: figure
    object: 1200
    qualifiers:
      metric: bed_count
      label: 床位
      unit: 张
    quote: 医院共有床位1200张
  - id: T001-005
    subject: hosp-test
    predicate: locatedIn
    object: place-jinan
    quote: 测试医院
  - id: T001-006
    subject: hosp-test
    predicate: subordinateTo
    object: org-nhc
    quote: 测试医院隶属国家卫生健康委员会
"""

# Paths as the validator shows them: relative to the working directory (the tmp folder).
T001_FILE = "data/facts/T001.yaml"
SHARED_FILE = "data/facts/shared.yaml"


def line_of(text: str, needle: str, after: str | None = None) -> int:
    """1-based number of the first line of `text` containing `needle` (after the first line
    containing `after`, when given); the needle must be unambiguous."""
    lines = text.splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line) + 1
    hits = [i + 1 for i, line in enumerate(lines) if i >= start and needle in line]
    assert hits, f"{needle!r} not in the YAML"
    if after is None:
        assert len(hits) == 1, f"{needle!r} is on several lines: {hits}"
    return hits[0]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def the_problem(ds: Dataset) -> Problem:
    assert len(ds.problems) == 1, "expected exactly one problem, got:\n" + "\n".join(map(str, ds.problems))
    return ds.problems[0]


@dataclass
class DataFolder:
    root: Path   # the data folder (HKG_DATA_DIR)

    def fact_file(self, name: str, text: str) -> None:
        (self.root / "facts" / f"{name}.yaml").write_text(text, encoding="utf-8")

    def article(self, article_id: str, text: str) -> None:
        (self.root / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")

    def validate(self) -> Dataset:
        return load_dataset(self.root)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataFolder:
    """A valid data folder at tmp/data, the working directory being tmp."""
    monkeypatch.chdir(tmp_path)
    folder = DataFolder(tmp_path / "data")
    (folder.root / "facts").mkdir(parents=True)
    (folder.root / "articles").mkdir()
    folder.article("T001", ARTICLE_T001)
    folder.fact_file("shared", SHARED)
    folder.fact_file("T001", T001)
    return folder


@pytest.fixture
def fresh_settings():
    """The CLI reads HKG_DATA_DIR through the cached settings: forget them before and after."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


# --- valid data -----------------------------------------------------------------------------

def test_the_small_data_folder_is_valid(data: DataFolder):
    ds = data.validate()
    assert ds.problems == []
    assert sorted(ds.facts) == [f"T001-00{i}" for i in range(1, 7)]
    assert len(ds.entities) == 6
    assert list(ds.articles) == ["T001"]


def test_the_real_data_is_valid_and_every_quote_gets_its_offsets():
    ds = load_dataset(REAL_DATA, root=PROJECT_ROOT)
    assert ds.problems == [], "\n".join(map(str, ds.problems))
    assert len(ds.facts) > 300
    for fact in ds.facts.values():
        # A fact read from a dataset (places.yaml) cites the dataset instead of a quote.
        assert fact.sources or "dataset" in fact.raw, f"{fact.id} has no quote"
        for src in fact.sources:
            assert src.start is not None and src.end is not None, f"{fact.id}: no offsets for {src.quote!r}"
            text = ds.articles[src.article].article.text
            assert text[src.start:src.end] == src.quote, f"{fact.id}: offsets do not frame the quote"


def test_offsets_are_those_of_the_first_occurrence_unless_another_is_named(data: DataFolder):
    ds = data.validate()
    text = ARTICLE_T001
    src = ds.facts["T001-005"].sources[0]          # 测试医院 occurs on several lines
    assert (src.start, src.end) == (0, len("测试医院"))

    data.fact_file("T001", edit(T001, "    quote: 测试医院\n", "    quote: 测试医院\n    occurrence: 2\n"))
    ds = data.validate()
    assert ds.problems == []
    src = ds.facts["T001-005"].sources[0]
    second = text.index("测试医院", 1)
    assert (src.start, src.end) == (second, second + len("测试医院"))


def test_unquoted_dates_stay_strings_and_are_accepted(data: DataFolder):
    data.fact_file("T001", edit(T001, 'date: "2024-05-01"', "date: 2024-05-01"))
    ds = data.validate()
    assert ds.problems == []
    assert ds.articles["T001"].article.get("date") == "2024-05-01"


# --- each kind of bad input: one problem, on its line, naming its fact or entity ------------

NEW_ENTITY = "  - {id: dept-test-x, type: Departmnet, name_zh: 某科, name_en: Some Department}\n"

BAD_INPUTS = [
    # (case, old text, new text, the line's needle, needle's anchor, fact/entity id, message start)
    ("unknown type",
     "\n\nfacts:\n", "\n" + NEW_ENTITY + "\nfacts:\n",
     "type: Departmnet", None, "dept-test-x", "unknown type 'Departmnet'; one of: "),
    ("unknown predicate",
     "predicate: designatedAs", "predicate: designatedTo",
     "predicate: designatedTo", None, "T001-001", "unknown predicate 'designatedTo'; one of: "),
    ("unknown qualifier",
     "      year: 2021\n", "      yaer: 2021\n",
     "qualifiers:", "id: T001-002", "T001-002", "unknown qualifier 'yaer'; one of: "),
    ("undeclared subject",
     "    subject: hosp-test\n    predicate: locatedIn", "    subject: hosp-tset\n    predicate: locatedIn",
     "subject: hosp-tset", None, "T001-005", "subject 'hosp-tset' is not a declared entity"),
    ("undeclared object",
     "object: place-jinan", "object: place-jinnan",
     "object: place-jinnan", None, "T001-005", "object 'place-jinnan' is not a declared entity"),
    ("undeclared conferrer",
     "conferrer: org-nhc", "conferrer: org-who",
     "qualifiers:", "id: T001-002", "T001-002", "conferrer 'org-who' is not a declared entity"),
    ("quote not in the article",
     "quote: 张三任测试医院院长", "quote: 张三任测试医院副院长",
     "quote: 张三任测试医院副院长", None, "T001-003", "quote not found in article T001 (occurrence 1)"),
    ("malformed qualifier date",
     "      year: 2021\n", '      date: "2023/12/20"\n',
     "qualifiers:", "id: T001-002", "T001-002",
     "malformed date '2023/12/20'; use YYYY, YYYY-MM or YYYY-MM-DD"),
    ("malformed article date",
     'date: "2024-05-01"', 'date: "2024/05/01"',
     'date: "2024/05/01"', None, "T001",
     "article: malformed date '2024/05/01'; use YYYY, YYYY-MM or YYYY-MM-DD"),
    ("subject of the wrong type (domain)",
     "    subject: hosp-test\n    predicate: subordinateTo", "    subject: person-zhang-san\n    predicate: subordinateTo",
     "subject: person-zhang-san", "id: T001-006", "T001-006",
     "subordinateTo cannot have a Person as subject (allowed: Organisation)"),
    ("object of the wrong type (range)",
     "    object: org-nhc\n    quote: 测试医院隶属", "    object: place-jinan\n    quote: 测试医院隶属",
     "object: place-jinan", "id: T001-006", "T001-006",
     "subordinateTo cannot have a Place as object (allowed: Organisation)"),
    ("holdsPosition without role",
     "      role: 院长\n", "      role_en: President\n",
     "qualifiers:", "id: T001-003", "T001-003", "a position needs its role (qualifiers: role)"),
    ("figure without metric",
     "      metric: bed_count\n", "",
     "qualifiers:", "id: T001-004", "T001-004", "a figure needs a snake_case metric"),
]


@pytest.mark.parametrize(("old", "new", "needle", "anchor", "subject", "message"),
                         [case[1:] for case in BAD_INPUTS], ids=[case[0] for case in BAD_INPUTS])
def test_a_bad_input_gives_one_problem_naming_file_line_and_id(
        data: DataFolder, old, new, needle, anchor, subject, message):
    bad = edit(T001, old, new)
    data.fact_file("T001", bad)
    problem = the_problem(data.validate())
    assert (problem.file, problem.line, problem.subject) == (T001_FILE, line_of(bad, needle, anchor), subject)
    assert problem.message.startswith(message), problem.message


def test_a_quote_not_found_shows_the_closest_article_text(data: DataFolder):
    data.fact_file("T001", edit(T001, "quote: 张三任测试医院院长", "quote: 张三任测试医院副院长"))
    problem = the_problem(data.validate())
    assert problem.message.endswith("; closest text: '张三任测试医院院长。'"), problem.message


def test_a_statement_subject_of_the_wrong_type_is_reported_on_the_subject_line(data: DataFolder):
    bad = edit(T001, "    subject: person-zhang-san\n", "    subject: hosp-test\n")
    data.fact_file("T001", bad)
    ds = data.validate()
    expected = Problem(T001_FILE, line_of(bad, "subject: hosp-test", "id: T001-003"), "T001-003",
                       "holdsPosition cannot have a Hospital as subject (allowed: Person)")
    assert expected in ds.problems, "\n".join(map(str, ds.problems))


def test_a_statement_object_of_the_wrong_type_is_reported_on_the_object_line(data: DataFolder):
    bad = edit(T001, "object: honour-civilised-unit", "object: prog-grade-3a")
    data.fact_file("T001", bad)
    ds = data.validate()
    expected = Problem(T001_FILE, line_of(bad, "object: prog-grade-3a", "id: T001-002"), "T001-002",
                       "awarded cannot have a Programme as object (allowed: Honour)")
    assert expected in ds.problems, "\n".join(map(str, ds.problems))


@pytest.mark.parametrize(("old", "new"), [
    ("    subject: person-zhang-san\n", "    subject: hosp-test\n"),
    ("object: honour-civilised-unit", "object: prog-grade-3a"),
], ids=["domain", "range"])
def test_a_statement_endpoint_of_the_wrong_type_is_reported_once(data: DataFolder, old, new):
    data.fact_file("T001", edit(T001, old, new))
    the_problem(data.validate())


def test_a_duplicate_entity_id_in_another_file_is_reported_where_it_is_declared_again(data: DataFolder):
    shared = SHARED + "  - {id: hosp-test, type: Hospital, name_zh: 测试医院, name_en: Test Hospital}\n"
    data.fact_file("shared", shared)
    problem = the_problem(data.validate())
    first = line_of(T001, "id: hosp-test,")
    assert problem == Problem(SHARED_FILE, line_of(shared, "id: hosp-test,"), "hosp-test",
                              f"duplicate entity id (first declared at {T001_FILE}:{first})")


def test_a_duplicate_fact_id_in_another_file_is_reported_where_it_occurs_again(data: DataFolder):
    data.article("T002", "测试医院是一家三级甲等医院。\n")
    t002 = """\
article:
  id: T002
  title: 另一篇
facts:
  - id: T001-001
    subject: hosp-test
    predicate: designatedAs
    object: prog-grade-3a
    quote: 测试医院是一家三级甲等医院
"""
    data.fact_file("T002", t002)
    problem = the_problem(data.validate())
    first = line_of(T001, "- id: T001-001")
    assert problem == Problem("data/facts/T002.yaml", line_of(t002, "- id: T001-001"), "T001-001",
                              f"duplicate fact id (first at {T001_FILE}:{first})")


def test_the_same_statement_twice_under_two_ids_is_refused_naming_the_first(data: DataFolder):
    """A draft accepted again after a save would otherwise count twice in every history."""
    again = """  - id: T001-099
    subject: hosp-test
    predicate: designatedAs
    object: prog-grade-3a
    quote: 测试医院是一家三级甲等医院
"""
    text = T001.rstrip("\n") + "\n" + again
    data.fact_file("T001", text)
    problem = the_problem(data.validate())
    assert (problem.file, problem.line, problem.subject) == (T001_FILE, line_of(text, "- id: T001-099"), "T001-099")
    assert problem.message.startswith(f"says exactly what fact T001-001 says (line {line_of(T001, '- id: T001-001')})")


def test_the_same_statement_with_another_qualifier_is_another_fact(data: DataFolder):
    other = """  - id: T001-099
    subject: hosp-test
    predicate: awarded
    object: honour-civilised-unit
    qualifiers:
      year: 2021
    quote: 2021年，测试医院获评全国文明单位
"""
    data.fact_file("T001", T001.rstrip("\n") + "\n" + other)
    assert data.validate().problems == []


def test_a_yaml_syntax_error_is_reported_with_its_line(data: DataFolder):
    bad = edit(T001, "    object: prog-grade-3a\n", "    object: prog-grade-3a: oops\n")
    data.fact_file("T001", bad)
    problem = the_problem(data.validate())
    assert (problem.file, problem.line, problem.subject) == (T001_FILE, line_of(bad, "prog-grade-3a: oops"), None)
    assert problem.message.startswith("YAML: ")
    assert str(problem) == f"{T001_FILE}:{problem.line}: {problem.message}"


def test_a_yaml_syntax_error_does_not_stop_the_other_files_being_checked(data: DataFolder):
    data.fact_file("T001", edit(T001, "    object: prog-grade-3a\n", "    object: prog-grade-3a: oops\n"))
    broken_shared = edit(SHARED, "type: Place", "type: Plaice")
    data.fact_file("shared", broken_shared)
    ds = data.validate()
    assert [(p.file, p.subject) for p in ds.problems] == [(T001_FILE, None), (SHARED_FILE, "place-jinan")]


def test_a_one_character_change_to_a_real_quote_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REAL_DATA, tmp_path / "data")
    path = tmp_path / "data" / "facts" / "A000.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    article = (tmp_path / "data" / "articles" / "A000.txt").read_text(encoding="utf-8")

    # A real fact whose quote is written plainly on its own line.
    ff = factfile.read(path)
    fact, src = next((f, f.sources[0]) for f in ff.facts
                     if f.sources and len(f.sources[0].quote) >= 4
                     and lines[f.sources[0].line - 1].strip() == f"quote: {f.sources[0].quote}")
    assert src.article == "A000" and src.quote in article
    i = len(src.quote) // 2
    changed = src.quote[:i] + ("的" if src.quote[i] != "的" else "了") + src.quote[i + 1:]
    assert changed not in article
    lines[src.line - 1] = lines[src.line - 1].replace(src.quote, changed)
    path.write_text("".join(lines), encoding="utf-8")

    problem = the_problem(load_dataset(tmp_path / "data"))
    assert (problem.file, problem.line, problem.subject) == ("data/facts/A000.yaml", src.line, fact.id)
    assert problem.message.startswith("quote not found in article A000")


# --- all problems in one run, and the command line -------------------------------------------

THREE_ERRORS = [
    ("predicate: designatedAs", "predicate: designatedTo"),                 # T001-001
    ("conferrer: org-nhc", "conferrer: org-who"),                           # T001-002
    ("quote: 张三任测试医院院长", "quote: 张三任测试医院副院长"),                   # T001-003
]


def three_errors(data: DataFolder) -> tuple[str, list[tuple[str, int, str, str]]]:
    bad = T001
    for old, new in THREE_ERRORS:
        bad = edit(bad, old, new)
    data.fact_file("T001", bad)
    expected = [
        (T001_FILE, line_of(bad, "predicate: designatedTo"), "T001-001", "unknown predicate 'designatedTo'"),
        (T001_FILE, line_of(bad, "qualifiers:", "id: T001-002"), "T001-002", "conferrer 'org-who' is not a declared entity"),
        (T001_FILE, line_of(bad, "quote: 张三任测试医院副院长"), "T001-003", "quote not found in article T001"),
    ]
    return bad, expected


def test_all_problems_of_a_file_are_reported_in_one_run_in_line_order(data: DataFolder):
    _, expected = three_errors(data)
    ds = data.validate()
    assert len(ds.problems) == 3, "\n".join(map(str, ds.problems))
    for problem, (file, line, subject, message) in zip(ds.problems, expected):
        assert (problem.file, problem.line, problem.subject) == (file, line, subject)
        assert problem.message.startswith(message)


def run_hkg(cwd: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HKG_DATA_DIR": str(data_dir)}
    return subprocess.run([str(HKG), "validate", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_cli_prints_every_problem_as_file_line_id_message_and_exits_non_zero(data: DataFolder, tmp_path: Path):
    _, expected = three_errors(data)
    result = run_hkg(tmp_path, data.root)
    assert result.returncode != 0
    err = result.stderr.splitlines()
    assert len(err) == 4, result.stderr
    for line, (file, n, subject, message) in zip(err, expected):
        assert line.startswith(f"{file}:{n}: {subject}: {message}"), line
    assert err[3] == "3 problem(s) in 2 file(s)"
    assert "ok:" not in result.stdout


def test_the_cli_says_ok_and_exits_zero_on_the_real_data(tmp_path: Path):
    result = run_hkg(PROJECT_ROOT, REAL_DATA)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    m = re.fullmatch(r"ok: (\d+) files, (\d+) articles, (\d+) entities, (\d+) facts\n", result.stdout)
    assert m, result.stdout
    assert int(m.group(4)) > 300


def test_the_cli_in_process_follows_hkg_data_dir(data: DataFolder, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture, fresh_settings):
    monkeypatch.setenv("HKG_DATA_DIR", str(data.root))
    assert main(["validate"]) == 0
    out = capsys.readouterr()
    assert out.out == "ok: 2 files, 1 articles, 6 entities, 6 facts\n"

    _, expected = three_errors(data)
    assert main(["validate"]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert [line.split(": ", 2)[:2] for line in out.err.splitlines()[:3]] == [
        [f"{file}:{n}", subject] for file, n, subject, _ in expected]


# --- the file as a whole: one strict schema, checked before anything else ----------------------

@pytest.mark.parametrize("bad", CORPUS, ids=[b.name for b in CORPUS])
def test_a_file_that_does_not_fit_the_schema_is_one_problem_on_its_line_never_a_traceback(
        data: DataFolder, bad: BadFile):
    text = bad.edit(T001)
    data.fact_file("T001", text)
    problem = the_problem(data.validate())
    assert (problem.file, problem.line) == (T001_FILE, corpus_line(text, bad.needle)), str(problem)
    assert bad.message in problem.message, problem.message


def test_unknown_values_of_the_ontologys_enumerations_are_refused(data: DataFolder):
    bad = edit(T001, "name_zh: 全国文明单位", "name_zh: 全国文明单位, names: [{text: 文明单位, lang: zh, kind: nickname}]")
    data.fact_file("T001", bad)
    problem = the_problem(data.validate())
    assert problem.line == line_of(bad, "kind: nickname")
    assert "names[0].kind: must be 'official', 'short', 'former' or 'alias' (got 'nickname')" in problem.message


def test_an_alias_is_refused_before_it_is_expanded(data: DataFolder):
    # A billion laughs: nine levels of ten aliases would build 10^9 list items if constructed.
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    data.fact_file("T001", T001 + "\n".join(levels) + "\n")
    problem = the_problem(data.validate())
    assert problem.line == line_of(T001 + "\n".join(levels), "a0: &a0")
    assert "anchors and aliases" in problem.message


def test_the_cli_shows_the_first_50_problems_and_the_count(data: DataFolder, tmp_path: Path):
    many = "".join(f"  - {{id: T001-{i:03}, subject: hosp-test, predicate: awarded, object: honour-civilised-unit, "
                   f"quote: 测试医院, occurrence: many}}\n" for i in range(100, 220))
    data.fact_file("T001", T001 + many)
    result = run_hkg(tmp_path, data.root)
    assert result.returncode == 1
    err = result.stderr.splitlines()
    assert len(err) == 52, result.stderr[-500:]
    assert all(".occurrence: must be a whole number (got 'many')" in line for line in err[:50])
    assert err[50] == "... and 70 more problem(s) (120 in all)"
    assert err[51] == "120 problem(s) in 2 file(s)"
