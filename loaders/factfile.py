"""Reading curated fact files (YAML) into typed records that remember their file and line."""

from __future__ import annotations

import hashlib
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
    unknown_sections: list[tuple[str, int]] = field(default_factory=list)
    parse_error: tuple[int, str] | None = None


SECTIONS = ("article", "entities", "facts", "history")


def content_hash(text: str) -> str:
    """The hash an article's `hash:` records: sha256 of its UTF-8 text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(path: Path, display: str | None = None) -> FactFile:
    """Parse one file. Structural problems are left for validation to report with lines;
    only a YAML syntax error stops the reading of the file."""
    display = display or str(path)
    ff = FactFile(path=path, key=path.stem)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        ff.parse_error = ((mark.line + 1) if mark else 1, f"YAML: {e.problem or e}")
        return ff
    except (OSError, UnicodeDecodeError) as e:
        ff.parse_error = (1, f"cannot read: {e}")
        return ff
    if doc is None:
        return ff
    if not isinstance(doc, dict):
        ff.parse_error = (1, "the file must be a mapping with article / entities / facts")
        return ff
    ff.unknown_sections = [(str(k), doc.key_lines.get(str(k), 1)) for k in doc if k not in SECTIONS] \
        if isinstance(doc, LineDict) else []
    hist = doc.get("history")
    if hist is not None:
        ff.history = hist if isinstance(hist, list) else [hist]
        ff.history_line = doc.key_lines.get("history", 1) if isinstance(doc, LineDict) else 1
    art = doc.get("article")
    if isinstance(art, LineDict):
        ff.article = ArticleMeta(id=str(art.get("id", "")), line=art.line, raw=art)
        ff.key = ff.article.id or ff.key
    for e in doc.get("entities") or []:
        if isinstance(e, LineDict):
            ff.entities.append(EntityDecl(id=str(e.get("id", "")), type=str(e.get("type", "")),
                                          line=e.line, file=display, raw=e))
    for f in doc.get("facts") or []:
        if not isinstance(f, LineDict):
            continue
        sources = []
        if "quote" in f:
            sources.append(Source(article=ff.key, quote=str(f.get("quote")), line=f.key_lines.get("quote", f.line),
                                  occurrence=_int(f.get("occurrence"), 1)))
        for extra in f.get("also") or []:
            if isinstance(extra, LineDict):
                sources.append(Source(article=str(extra.get("article", "")), quote=str(extra.get("quote", "")),
                                      line=extra.line, occurrence=_int(extra.get("occurrence"), 1)))
        quals = f.get("qualifiers") or {}
        ff.facts.append(Fact(id=str(f.get("id", "")), subject=str(f.get("subject", "")),
                             predicate=str(f.get("predicate", "")), object=f.get("object"),
                             qualifiers=dict(quals) if isinstance(quals, dict) else {"__invalid__": quals},
                             sources=sources, line=f.line, file=display, origin=ff.key, raw=f))
    return ff


def _int(v: Any, default: int) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) else default


def discover(data_dir: Path, paths: list[Path] | None = None) -> list[Path]:
    facts = data_dir / "facts"
    if paths:
        return [p if p.suffix else facts / f"{p}.yaml" for p in paths]
    return sorted(facts.glob("*.yaml"))
