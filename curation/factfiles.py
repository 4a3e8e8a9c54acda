"""Fact files as the curation studio writes them: stable key order and formatting (so a
git diff shows only what changed), atomic replacement, and the hash `If-Match` checks."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

# The order a curator reads a fact file in; keys not listed follow, sorted.
ORDER: dict[str, tuple[str, ...]] = {
    "file": ("article", "entities", "facts", "history"),
    "article": ("id", "title", "title_en", "outlet", "reporters", "correspondents", "date", "date_basis",
                "url", "hash"),
    "entity": ("id", "type", "name_zh", "name_en", "names", "pinyin", "gender", "kind", "level", "note"),
    "fact": ("id", "subject", "predicate", "object", "qualifiers", "quote", "occurrence", "also"),
    "qualifiers": ("role", "role_en", "metric", "label", "kind", "year", "date", "since", "until", "as_of",
                   "conferrer", "level", "rank", "unit", "note"),
    "history": ("at", "by", "action", "facts", "entities", "detail"),
}


class _Flow(dict):
    """A small mapping written on one line: {text: ..., lang: zh, kind: short}."""


class _Dumper(yaml.SafeDumper):
    pass


def _flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _block(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


_Dumper.add_representer(_Flow, _flow)
_Dumper.add_representer(dict, _block)


def _ordered(d: dict, kind: str) -> dict:
    order = ORDER.get(kind, ())
    keys = [k for k in order if k in d] + sorted((k for k in d if k not in order), key=str)
    return {k: d[k] for k in keys if d[k] is not None}


def canonical(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with every mapping in its stable order (plain dicts, nothing dropped but nulls)."""
    out: dict[str, Any] = {}
    for key, value in _ordered(doc, "file").items():
        if key == "article" and isinstance(value, dict):
            out[key] = _ordered(value, "article")
        elif key == "entities" and isinstance(value, list):
            out[key] = [_entity(e) for e in value]
        elif key == "facts" and isinstance(value, list):
            out[key] = [_fact(f) for f in value]
        elif key == "history" and isinstance(value, list):
            out[key] = [_Flow(_ordered(h, "history")) if isinstance(h, dict) else h for h in value]
        else:
            out[key] = value
    return out


def _entity(e: Any) -> Any:
    if not isinstance(e, dict):
        return e
    e = _ordered(e, "entity")
    if isinstance(e.get("names"), list):
        e["names"] = [_Flow({k: n[k] for k in ("text", "lang", "kind") if k in n} | {k: v for k, v in n.items()
                                                                                   if k not in ("text", "lang", "kind")})
                      if isinstance(n, dict) else n for n in e["names"]]
    return e


def _fact(f: Any) -> Any:
    if not isinstance(f, dict):
        return f
    f = _ordered(f, "fact")
    if isinstance(f.get("qualifiers"), dict):
        f["qualifiers"] = _ordered(f["qualifiers"], "qualifiers") or None
        if f["qualifiers"] is None:
            del f["qualifiers"]
    if isinstance(f.get("also"), list):
        f["also"] = [_Flow(a) if isinstance(a, dict) else a for a in f["also"]]
    return f


def dumps(doc: dict[str, Any]) -> str:
    text = yaml.dump(canonical(doc), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=4096, indent=2)
    # Blank line between the top-level sections, as the hand-written files have.
    return text.replace("\nentities:", "\n\nentities:").replace("\nfacts:", "\n\nfacts:") \
               .replace("\nhistory:", "\n\nhistory:")


def file_hash(path: Path) -> str | None:
    """The ETag of a fact file: the sha256 of its bytes (None when it does not exist)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _mode_of(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, fsync, rename: a reader (or a crash)
    sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            # mkstemp creates 0600; a data file keeps the mode it had, or the umask's like any other.
            os.fchmod(f.fileno(), _mode_of(path))
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def plain(obj: Any) -> Any:
    """LineDicts (the loader's line-aware mappings) -> plain dicts and lists, for dumping."""
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [plain(v) for v in obj]
    return obj


def loads(text: str) -> dict[str, Any]:
    """Parse a fact file the way the loader does (dates stay strings), as plain data."""
    from loaders.factfile import _Loader

    doc = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader)
    return plain(doc) if isinstance(doc, dict) else {}


def load(path: Path) -> dict[str, Any]:
    return loads(path.read_text(encoding="utf-8"))


def dump_plain(doc: dict[str, Any]) -> str:
    """Any other document (a proposals file): keys in the order given, Unicode as is."""
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, indent=2)
