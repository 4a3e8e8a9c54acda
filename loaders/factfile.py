"""Reading curated fact files (YAML) into typed records that remember their file and line."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class LineDict(dict):
    """A YAML mapping that knows the line it starts on and the line of each key."""
    line: int = 0
    key_lines: dict[str, int]


# libyaml's parser when present (about 4x faster on large files), the same safe constructors.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[str(key)] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings ("2023-12-20"), as the format says; YAML would otherwise turn them into
# datetime.date and "2025" into an int, and a curator's intent would be guessed.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass
class Source:
    article: str
    quote: str
    line: int
    occurrence: int = 1
    start: int | None = None   # filled by validation: offsets of the quote in the article
    end: int | None = None


@dataclass
class ArticleMeta:
    id: str
    line: int
    raw: LineDict
    text: str | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)


@dataclass
class EntityDecl:
    id: str
    type: str
    line: int
    file: str
    raw: LineDict


@dataclass
class Fact:
    id: str
    subject: str
    predicate: str
    object: Any
    qualifiers: dict[str, Any]
    sources: list[Source]
    line: int
    file: str
    origin: str            # the fact file's key: its article id, or the file stem
    raw: LineDict


@dataclass
class FactFile:
    path: Path
    key: str
    article: ArticleMeta | None = None
    entities: list[EntityDecl] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    history: list[Any] = field(default_factory=list)   # who saved what, when (curation studio)
    history_line: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)   # (line, message) of the file's shape
    sha: str = ""           # hash of the file's bytes: the load manifest compares it


MAX_BYTES = 5 * 1024 * 1024
# Anchors and aliases let a few bytes expand into gigabytes ("billion laughs") and make a
# fact's text depend on another's: a fact file has neither.
_ANCHOR_HINT = re.compile(rb"[&*]")


def _refuse_before_parsing(data: bytes) -> tuple[int, str] | None:
    if len(data) > MAX_BYTES:
        return 1, f"file too large: {len(data):,} bytes (at most {MAX_BYTES:,}); split the article's facts"
    if _ANCHOR_HINT.search(data):
        # The event stream only (no objects are built, so no alias is expanded).
        try:
            for ev in yaml.parse(data, Loader=_Loader):
                if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
                    return ev.start_mark.line + 1, "YAML anchors and aliases (&name, *name) are not allowed in a fact file"
        except yaml.YAMLError:
            return None     # the real parse reports the syntax error with its line
    return None


SECTIONS = ("article", "entities", "facts", "history")


def content_hash(text: str) -> str:
    """The hash an article's `hash:` records: sha256 of its UTF-8 text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(path: Path, display: str | None = None) -> FactFile:
    """Parse one file against the file schema (`loaders.schema`). What does not fit is
    recorded with its line and left out; only what fits becomes records."""
    from loaders import schema

    display = display or str(path)
    ff = FactFile(path=path, key=path.stem)
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_BYTES else b"x" * (MAX_BYTES + 1)
    except OSError as e:
        ff.problems.append((1, f"cannot read: {e.strerror or e}"))
        return ff
    refused = _refuse_before_parsing(data) if len(data) <= MAX_BYTES else (
        1, f"file too large: {path.stat().st_size:,} bytes (at most {MAX_BYTES:,}); split the article's facts")
    if refused:
        ff.problems.append(refused)
        return ff
    ff.sha = hashlib.sha1(data).hexdigest()
    try:
        doc = yaml.load(data.decode("utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        ff.problems.append(((mark.line + 1) if mark else 1, f"YAML: {e.problem or e}"))
        return ff
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        ff.problems.append((1, f"cannot read: {e}"))
        return ff
    problems = schema.check(doc)
    ff.problems.extend((line, msg) for line, msg, _ in problems)
    bad = {path[:2] for _, _, path in problems}
    if any(len(path) < 2 for path in bad) or not isinstance(doc, dict):
        return ff       # the file as a whole (or one of its sections) does not fit: nothing to read
    hist = doc.get("history")
    if hist is not None:
        ff.history = hist if isinstance(hist, list) else [hist]
        ff.history_line = doc.key_lines.get("history", 1) if isinstance(doc, LineDict) else 1
    art = doc.get("article")
    if isinstance(art, LineDict) and not any(p[0] == "article" for p in bad):
        ff.article = ArticleMeta(id=str(art.get("id", "")), line=art.line, raw=art)
        ff.key = ff.article.id or ff.key
    for i, e in enumerate(doc.get("entities") or []):
        # An entity with a bad field is still declared (when its id and type are usable), so
        # that the facts using it are not reported too: one mistake, one problem.
        usable = isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("type"), str)
        if ("entities", i) not in bad or (usable and not any(len(p) == 3 and p[:2] == ("entities", i)
                                                             and p[2] in ("id", "type") for _, _, p in problems)):
            ff.entities.append(EntityDecl(id=str(e.get("id", "")), type=str(e.get("type", "")),
                                          line=e.line, file=display, raw=e))
    for i, f in enumerate(doc.get("facts") or []):
        if ("facts", i) in bad:
            continue
        sources = []
        if "quote" in f:
            sources.append(Source(article=ff.key, quote=str(f.get("quote")), line=f.key_lines.get("quote", f.line),
                                  occurrence=f.get("occurrence", 1)))
        for extra in f.get("also") or []:
            sources.append(Source(article=str(extra.get("article", "")), quote=str(extra.get("quote", "")),
                                  line=extra.line, occurrence=extra.get("occurrence", 1)))
        quals = f.get("qualifiers") or {}
        ff.facts.append(Fact(id=str(f.get("id", "")), subject=str(f.get("subject", "")),
                             predicate=str(f.get("predicate", "")), object=f.get("object"),
                             qualifiers=dict(quals), sources=sources, line=f.line, file=display,
                             origin=ff.key, raw=f))
    return ff


def discover(data_dir: Path, paths: list[Path] | None = None) -> list[Path]:
    facts = data_dir / "facts"
    if paths:
        return [p if p.suffix else facts / f"{p}.yaml" for p in paths]
    return sorted(facts.glob("*.yaml"))
