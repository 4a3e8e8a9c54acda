"""Retracted fact ids: the record data/retracted-facts.yaml, and every fact of an article
retracted whole (`hkg retract` moves its fact file to data/retracted/).

A published fact id never changes and is never reused; when a fact is withdrawn its id is
recorded, with the fact that replaces it if there is one, so that a citation of it still
answers (410 Gone, naming the replacement) instead of a bare 404."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

RECORD = "retracted-facts.yaml"
RETRACTED_ARTICLES = "retracted"


@dataclass(frozen=True)
class Retraction:
    id: str
    retracted: str
    replaced_by: str | None
    reason: str


def read(data_dir: Path) -> dict[str, Retraction]:
    paths = [data_dir / RECORD, *sorted((data_dir / RETRACTED_ARTICLES).glob("*.yaml"))]
    # Keyed by modification times: re-read when a file changes, never per request otherwise.
    return _read(tuple((p, p.stat().st_mtime_ns) for p in paths if p.is_file()))


@lru_cache(maxsize=4)
def _read(files: tuple[tuple[Path, int], ...]) -> dict[str, Retraction]:
    out: dict[str, Retraction] = {}
    for path, _ in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if path.name == RECORD:
            for item in doc.get("retracted") or []:
                out[str(item["id"])] = Retraction(
                    id=str(item["id"]), retracted=str(item.get("retracted") or ""),
                    replaced_by=item.get("replaced_by"), reason=" ".join(str(item["reason"]).split()))
            continue
        article = (doc.get("article") or {}).get("id") or path.stem
        for f in doc.get("facts") or []:
            if isinstance(f, dict) and f.get("id"):
                out.setdefault(str(f["id"]), Retraction(id=str(f["id"]), retracted="", replaced_by=None,
                                                        reason=f"its article {article} was retracted"))
    return out
