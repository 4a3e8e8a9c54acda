"""Validation of the curated fact files against the ontology and the shapes.

Every problem names the file, the line, the fact (or entity) and what is wrong, and all
problems of all files are reported in one run.
"""

from __future__ import annotations

import json

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ontology
from loaders.factfile import EntityDecl, Fact, FactFile, LineDict, content_hash, discover, read
from ontology import shapes

DATE_RE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
HISTORY_KEYS = {"at", "by", "action", "facts", "entities", "detail"}
TIMESTAMP_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    subject: str | None     # the fact or entity id, when there is one
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.subject}: {self.message}" if self.subject else f"{where}: {self.message}"


@dataclass
class External:
    """What the files of an incremental load refer to in the files it does not read, as the
    graph holds it (a cross-file reference is checked against the graph, not by parsing)."""
    entities: dict[str, tuple[str, str]] = field(default_factory=dict)    # id -> (type, origin)
    article_texts: dict[str, str] = field(default_factory=dict)           # id -> text
    facts: dict[str, str] = field(default_factory=dict)                   # statement id -> origin


@dataclass
class Dataset:
    """All fact files of a load, read and cross-checked."""
    files: list[FactFile]
    articles: dict[str, FactFile] = field(default_factory=dict)
    entities: dict[str, EntityDecl] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    external: External = field(default_factory=External)

    @property
    def ok(self) -> bool:
        return not self.problems

    def type_of(self, entity_id: str) -> str | None:
        e = self.entities.get(entity_id)
        if e:
            return e.type
        ext = self.external.entities.get(entity_id)
        return ext[0] if ext else None


def load_dataset(data_dir: Path, paths: list[Path] | None = None, root: Path | None = None) -> Dataset:
    """Read and validate every fact file of `data_dir` (or the named ones)."""
    root = root or Path.cwd()
    files = [read(p, display_path(p, root)) for p in discover(data_dir, paths)]
    return validate(files, data_dir / "articles")


def display_path(p: Path, root: Path) -> str:
    try:
        return str(p.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(p)


def validate(files: list[FactFile], articles_dir: Path, external: External | None = None) -> Dataset:
    ds = Dataset(files=files, external=external or External())
    read_keys = {ff.key for ff in files}
    onto = ontology.load()
    p = ds.problems.append

    for ff in files:
        display = display_path(ff.path, Path.cwd())
        for line, msg in ff.problems:
            p(Problem(display, line, None, msg))
        if ff.article:
            _check_article(ff, display, articles_dir, ds)
        for line, msg in _check_history(ff):
            p(Problem(display, line, None, msg))
        for e in ff.entities:
            if e.id in ds.entities:
                first = ds.entities[e.id]
                p(Problem(e.file, e.line, e.id, f"duplicate entity id (first declared at {first.file}:{first.line})"))
                continue
            ds.entities[e.id] = e
            ext = ds.external.entities.get(e.id)
            if ext and ext[1] not in read_keys:
                p(Problem(e.file, e.line, e.id, f"duplicate entity id (already declared by {ext[1]})"))

    for e in ds.entities.values():
        for msg in _check_entity(e, onto):
            p(Problem(e.file, e.line, e.id or None, msg))

    for ff in files:
        said: dict[str, Fact] = {}
        for f in ff.facts:
            # The same statement twice under two ids (a draft accepted again after a save) would
            # count twice in every history: refuse it, naming the fact it repeats.
            same = said.setdefault(_what_it_says(f), f)
            if same is not f:
                p(Problem(f.file, f.line, f.id or None, f"says exactly what fact {same.id} says "
                          f"(line {same.line}): same subject, predicate, object, qualifiers and quotes"))
            if not f.id:
                p(Problem(f.file, f.line, None, "a fact needs an id"))
                continue
            if f.id in ds.facts:
                first = ds.facts[f.id]
                p(Problem(f.file, f.line, f.id, f"duplicate fact id (first at {first.file}:{first.line})"))
                continue
            ds.facts[f.id] = f
            if ds.external.facts.get(f.id, ff.key) not in read_keys:
                p(Problem(f.file, f.line, f.id, f"duplicate fact id (already a fact of {ds.external.facts[f.id]})"))
            for line, msg in _check_fact(f, ff, onto, ds, articles_dir):
                p(Problem(f.file, line, f.id, msg))
    ds.problems.sort(key=lambda x: (x.file, x.line))
    return ds


def _what_it_says(f: Fact) -> str:
    return json.dumps([f.subject, f.predicate, f.object, f.qualifiers,
                       sorted((src.article, src.quote, src.occurrence) for src in f.sources)],
                      sort_keys=True, ensure_ascii=False, default=str)


def _check_article(ff: FactFile, display: str, articles_dir: Path, ds: Dataset) -> None:
    art = ff.article
    assert art is not None
    p = ds.problems.append
    if not art.id:
        p(Problem(display, art.line, None, "article: needs an id"))
        return
    if art.id in ds.articles:
        p(Problem(display, art.line, art.id, f"duplicate article id (also in {ds.articles[art.id].path})"))
    date = art.get("date")
    if date is not None and not DATE_RE.match(str(date)):
        p(Problem(display, art.raw.key_lines.get("date", art.line), art.id,
                  f"article: malformed date {date!r}; use YYYY, YYYY-MM or YYYY-MM-DD"))
    text_path = articles_dir / f"{art.id}.txt"
    try:
        art.text = text_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        p(Problem(display, art.line, art.id, f"article text {text_path} not found"))
    recorded = art.get("hash")
    if recorded is not None and art.text is not None and content_hash(art.text) != str(recorded):
        # Quotes and offsets were checked against the recorded text: once facts cite it,
        # a changed text is a new version (hkg article revise re-anchors or reports quotes).
        p(Problem(display, art.raw.key_lines.get("hash", art.line), art.id,
                  f"article text {text_path.name} changed since its hash was recorded; "
                  "revise it with `hkg article revise` instead of editing it"))
    ds.articles[art.id] = ff


def _check_history(ff: FactFile) -> Iterable[tuple[int, str]]:
    """history: who saved what, when: a list of {at: ISO timestamp, by: curator, action, ...}."""
    for i, h in enumerate(ff.history):
        line = getattr(h, "line", ff.history_line)
        if not isinstance(h, dict):
            yield line, f"history entry {i + 1} must be a mapping {{at, by, action}}"
            continue
        for key in set(h) - HISTORY_KEYS:
            yield line, f"history entry {i + 1}: unknown field {key!r}"
        if not TIMESTAMP_RE.match(str(h.get("at", ""))):
            yield line, f"history entry {i + 1}: `at` must be an ISO timestamp, e.g. 2026-01-31T12:00:00Z"
        if not str(h.get("by") or "").strip():
            yield line, f"history entry {i + 1}: `by` (the curator) is required"
        if not str(h.get("action") or "").strip():
            yield line, f"history entry {i + 1}: `action` is required"


def _check_entity(e: EntityDecl, onto: ontology.Ontology) -> Iterable[str]:
    if not e.id:
        yield "an entity needs an id"
        return
    if "dataset" in e.raw:
        yield from _check_dataset(e.raw["dataset"])
    if e.type not in onto.entity_types:
        yield f"unknown type {e.type!r}; one of: {', '.join(onto.entity_types)}"
        return
    prefix = _id_prefix(e.type, onto)
    if prefix and not e.id.startswith(prefix + "-"):
        yield f"the id of a {e.type} starts with {prefix!r}-"
    values = {ontology.local(ontology.HKG[k]): [v] for k, v in
              (("nameZh", e.raw.get("name_zh")), ("nameEn", e.raw.get("name_en")),
               ("pinyin", e.raw.get("pinyin")), ("level", e.raw.get("level")))}
    yield from shapes.check(e.type, values, lambda _id: None, onto)


def _check_dataset(block: Any) -> Iterable[str]:
    """`dataset: {name, version, record}`: the dataset must be the one installed, at the
    version installed, so that a fact never claims a source it was not read from."""
    from places.dataset import DATASET, load as load_divisions
    if not isinstance(block, dict) or not block.get("name") or not block.get("version"):
        yield "dataset must be a mapping with name and version (and the record it was read from)"
        return
    if block["name"] != DATASET:
        yield f"unknown dataset {block['name']!r}; known: {DATASET}"
        return
    divisions = load_divisions()
    if str(block["version"]) != divisions.version:
        yield (f"read from {DATASET} {block['version']}, but {divisions.version} is installed: "
               "regenerate the file with `hkg places`")
    record = block.get("record")
    if record is not None and divisions.get(str(record)) is None:
        yield f"{DATASET} {divisions.version} has no record {record!r}"


def _id_prefix(cls: str, onto: ontology.Ontology) -> str | None:
    for c in onto.classes.get(cls, []):
        if c in onto.id_prefixes:
            return onto.id_prefixes[c]
    return None


def _check_fact(f: Fact, ff: FactFile, onto: ontology.Ontology, ds: Dataset,
                articles_dir: Path) -> Iterable[tuple[int, str]]:
    raw: LineDict = f.raw
    line_of = lambda key: raw.key_lines.get(key, f.line)  # noqa: E731
    pred = onto.predicates.get(f.predicate)
    if pred is None:
        yield line_of("predicate"), f"unknown predicate {f.predicate!r}; one of: {', '.join(sorted(onto.predicates))}"
        return
    type_errors = 0
    subj_type = ds.type_of(f.subject)
    if subj_type is None:
        yield line_of("subject"), f"subject {f.subject!r} is not a declared entity"
    elif pred.domain and not any(onto.is_a(subj_type, d) for d in pred.domain):
        type_errors += 1
        yield line_of("subject"), f"{f.predicate} cannot have a {subj_type} as subject (allowed: {', '.join(sorted(pred.domain))})"
    if pred.literal_object:
        obj_type = None
        if f.object is None or isinstance(f.object, (dict, list)):
            yield line_of("object"), f"{f.predicate} needs a literal object"
    else:
        obj_type = ds.type_of(str(f.object)) if f.object is not None else None
        if obj_type is None:
            yield line_of("object"), f"object {f.object!r} is not a declared entity"
        elif pred.range and not any(onto.is_a(obj_type, r) for r in pred.range):
            type_errors += 1
            yield line_of("object"), f"{f.predicate} cannot have a {obj_type} as object (allowed: {', '.join(sorted(pred.range))})"

    qual_line = line_of("qualifiers")
    for key in f.qualifiers:
        if key not in onto.qualifiers:
            yield qual_line, f"unknown qualifier {key!r}; one of: {', '.join(sorted(onto.qualifiers))}"
    conferrer = f.qualifiers.get("conferrer")
    if conferrer is not None and ds.type_of(str(conferrer)) is None:
        yield qual_line, f"conferrer {conferrer!r} is not a declared entity"
    for key in ("date", "since", "until", "as_of"):
        v = f.qualifiers.get(key)
        if v is not None and not DATE_RE.match(str(v)):
            yield qual_line, f"malformed {key} {v!r}; use YYYY, YYYY-MM or YYYY-MM-DD"

    if "dataset" in raw:
        # A fact from a dataset (places.yaml) cites the dataset and its version, never a quote.
        for msg in _check_dataset(raw["dataset"]):
            yield line_of("dataset"), msg
        if f.sources:
            yield line_of("dataset"), "a fact cites either a dataset or quotes, not both"
        if "inferred" in raw and not str(raw.get("inferred") or "").strip():
            yield line_of("inferred"), "inferred: say what the value was inferred from"
    elif "inferred" in raw:
        yield line_of("inferred"), "only a dataset fact may be marked inferred here"
    elif not f.sources:
        yield f.line, "a fact needs a quote"
    for src in f.sources:
        yield from _check_source(src, ds)

    if not pred.structural:
        values = statement_values(f, pred)
        for msg in shapes.check(pred.statement_class, values, ds.type_of, onto):
            # Date and type problems already reported above are not repeated.
            if msg.startswith("a date is") or (type_errors and " is a " in msg):
                continue
            if True:
                yield qual_line, msg


def statement_values(f: Fact, pred: ontology.Predicate) -> dict[str, list[Any]]:
    """A statement fact seen as the node it becomes: ontology property -> values."""
    onto = ontology.load()
    role_names = {v: k for k, v in onto.rel_types.items()}
    values: dict[str, list[Any]] = {role_names.get(pred.subject_role, "subject"): [f.subject]}
    obj_key = pred.object_role if pred.literal_object else role_names.get(pred.object_role, "object")
    values[obj_key] = [f.object]
    for key, v in f.qualifiers.items():
        if key in onto.qualifiers:
            values[onto.qualifiers[key]] = [v]
    values["source"] = [s.article for s in f.sources]
    return values


def _check_source(src, ds: Dataset) -> Iterable[tuple[int, str]]:
    art = ds.articles.get(src.article)
    if art is not None and art.article is not None:
        text = art.article.text
    elif src.article in ds.external.article_texts:
        text = ds.external.article_texts[src.article]
    else:
        yield src.line, f"quote cites article {src.article!r}, which has no fact file with that id"
        return
    if text is None:
        return
    if not src.quote.strip():
        yield src.line, "empty quote"
        return
    if "\n" in src.quote:
        yield src.line, "a quote must not span a line break"
        return
    start = -1
    for _ in range(max(src.occurrence, 1)):
        start = text.find(src.quote, start + 1)
        if start < 0:
            break
    if start < 0:
        hint = _closest(text, src.quote)
        yield src.line, (f"quote not found in article {src.article} (occurrence {src.occurrence})"
                         + (f"; closest text: {hint!r}" if hint else ""))
        return
    src.start, src.end = start, start + len(src.quote)


def _closest(text: str, quote: str) -> str | None:
    """The article span sharing the longest prefix with the quote, to show what differs."""
    for n in range(min(len(quote), 12), 1, -1):
        i = text.find(quote[:n])
        if i >= 0:
            return text[i:i + len(quote)]
    return None
