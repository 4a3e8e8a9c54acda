"""The load manifest: which fact files the graph holds, as of which bytes.

Kept in the graph (`(:GraphMeta {id: 'file:<name>'})` per file, `(:GraphMeta {id: 'manifest'})`
for the loader's fingerprint) and written in the same transaction as the load it records, so
it never claims what did not commit. A load reads a file again only when its bytes, its
article's text or the loader itself (ontology, shapes, row format) changed since: an
unchanged folder is recognised by hashing, not by parsing.

The manifest trusts that the graph is changed only by loads. After editing the graph by hand,
`hkg load --full` reads every file and diffs everything.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.config import PROJECT_ROOT
from graph.connection import Graph

# What decides the rows a file becomes: a change here re-reads every file.
FINGERPRINT_SOURCES = ("ontology/hkg.ttl", "ontology/shapes.ttl", "loaders/rows.py", "loaders/schema.py",
                       "loaders/validate.py", "loaders/factfile.py")


@lru_cache
def fingerprint() -> str:
    h = hashlib.sha1()
    for rel in FINGERPRINT_SOURCES:
        h.update((PROJECT_ROOT / rel).read_bytes())
    return h.hexdigest()


def file_sha(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def text_sha(articles_dir: Path, article: str | None) -> str:
    if not article:
        return ""
    try:
        return hashlib.sha1((articles_dir / f"{article}.txt").read_bytes()).hexdigest()
    except OSError:
        return "missing"


@dataclass
class FileState:
    name: str           # the file's stem
    sha: str
    origin: str         # its key: the article id, or the stem
    article: str        # its article id ("" for shared files)
    text_sha: str
    counts: dict = field(default_factory=dict)   # {"nodes": {class: n}, "rels": {type: n}, "facts": n}

    def as_row(self) -> dict:
        return {"name": self.name, "sha": self.sha, "origin": self.origin, "article": self.article,
                "text_sha": self.text_sha, "counts": json.dumps(self.counts, sort_keys=True)}


@dataclass
class Manifest:
    fingerprint: str | None
    files: dict[str, FileState]

    @classmethod
    def read(cls, graph: Graph) -> "Manifest":
        rows = graph.read("load/manifest_read")
        row = rows[0] if rows else {"fingerprint": None, "files": []}
        files = {}
        for f in row["files"]:
            if f.get("name") is None:
                continue
            files[f["name"]] = FileState(name=f["name"], sha=f["sha"], origin=f["origin"], article=f["article"] or "",
                                         text_sha=f["text_sha"] or "", counts=json.loads(f["counts"] or "{}"))
        return cls(fingerprint=row["fingerprint"], files=files)

    @property
    def usable(self) -> bool:
        return bool(self.files) and self.fingerprint == fingerprint()


@dataclass
class Selection:
    """What a load reads: the files to parse, the files taken as they are, the files gone."""
    parse: list[Path]
    unchanged: list[FileState]
    removed: list[FileState]


def select(manifest: Manifest, paths: list[Path], articles_dir: Path) -> Selection:
    """Files whose bytes and article text match the manifest are not parsed again."""
    on_disk = {p.stem: p for p in paths}
    parse, unchanged = [], []
    for name, path in on_disk.items():
        known = manifest.files.get(name) if manifest.usable else None
        if known and known.sha == file_sha(path) and known.text_sha == text_sha(articles_dir, known.article):
            unchanged.append(known)
        else:
            parse.append(path)
    removed = [f for name, f in manifest.files.items() if name not in on_disk]
    return Selection(parse=parse, unchanged=unchanged, removed=removed)


def add_counts(states: list[FileState]) -> tuple[Counter, Counter, int]:
    nodes, rels, facts = Counter(), Counter(), 0
    for s in states:
        nodes.update(s.counts.get("nodes", {}))
        rels.update(s.counts.get("rels", {}))
        facts += s.counts.get("facts", 0)
    return nodes, rels, facts
