"""Adding an article to the data folder.

`add()` normalises the text, refuses a text already present (same content hash) or nearly
the same (Jaccard of character 5-gram shingles >= NEAR_DUPLICATE), assigns the next id,
stores data/articles/<id>.txt and writes the skeleton fact file data/facts/<id>.yaml whose
`article:` block records the text's hash. Once facts cite it, the text is immutable: the
validator compares the file with the recorded hash, and `revise()` is the one way to change
it (every quote is re-anchored in the new text or the revision is refused, naming them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from curation import factfiles
from curation.text import NEAR_DUPLICATE, content_hash, jaccard, normalise, shingles

ID_RE = re.compile(r"^A(\d{3,})$")
DATE_RE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
MAX_CHARS = 200_000        # a news article; a book is not what this studio curates


class ArticleRefused(Exception):
    """The article cannot be added (or revised); the message says why and names any duplicate."""

    def __init__(self, message: str, *, duplicate_of: str | None = None, similarity: float | None = None,
                 problems: list[str] | None = None):
        super().__init__(message)
        self.duplicate_of = duplicate_of
        self.similarity = similarity
        self.problems = problems or []


@dataclass
class AddResult:
    id: str
    hash: str
    text_path: Path
    facts_path: Path
    chars: int
    nearest: tuple[str, float] | None = None    # the most similar existing article, below the threshold


@dataclass
class StoredArticle:
    id: str
    text: str
    shingles: set[str] = field(repr=False, default_factory=set)


def stored(data_dir: Path) -> list[StoredArticle]:
    out = []
    for p in sorted((data_dir / "articles").glob("*.txt")):
        if ID_RE.match(p.stem):
            text = p.read_text(encoding="utf-8")
            out.append(StoredArticle(p.stem, text))
    return out


def next_id(data_dir: Path) -> str:
    """One past the highest article id in texts or fact files (a gap is never reused)."""
    nums = [int(m.group(1)) for p in [*(data_dir / "articles").glob("*.txt"), *(data_dir / "facts").glob("*.yaml")]
            if (m := ID_RE.match(p.stem))]
    return f"A{(max(nums) + 1) if nums else 0:03d}"


def check_new(data_dir: Path, text: str) -> tuple[str, float] | None:
    """Raise ArticleRefused when `text` (normalised) is already in the folder or nearly so;
    otherwise return the nearest article and its similarity (for the record)."""
    h = content_hash(text)
    mine = shingles(text)
    nearest: tuple[str, float] | None = None
    for art in stored(data_dir):
        if content_hash(normalise(art.text)) == h:
            raise ArticleRefused(f"this text is already article {art.id} (same content hash)", duplicate_of=art.id,
                                 similarity=1.0)
        sim = jaccard(mine, shingles(art.text))
        if sim >= NEAR_DUPLICATE:
            raise ArticleRefused(f"this text nearly duplicates article {art.id} "
                                 f"(Jaccard {sim:.2f} over {len(mine)} character 5-grams; threshold {NEAR_DUPLICATE})",
                                 duplicate_of=art.id, similarity=sim)
        if nearest is None or sim > nearest[1]:
            nearest = (art.id, sim)
    return nearest


def add(data_dir: Path, raw_text: str, *, title: str, date: str | None = None, outlet: str | None = None,
        url: str | None = None, by: str = "cli") -> AddResult:
    text = normalise(raw_text)
    problems = []
    if not text.strip():
        problems.append("the text is empty")
    if len(text) > MAX_CHARS:
        problems.append(f"the text has {len(text)} characters; at most {MAX_CHARS}")
    if not title or not title.strip():
        problems.append("a title is required")
    if date is not None and not DATE_RE.match(date):
        problems.append(f"malformed date {date!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
    if url is not None and not re.match(r"^https?://\S+$", url):
        problems.append(f"malformed url {url!r}")
    if problems:
        raise ArticleRefused("; ".join(problems), problems=problems)
    nearest = check_new(data_dir, text)
    article_id = next_id(data_dir)
    text_path = data_dir / "articles" / f"{article_id}.txt"
    facts_path = data_dir / "facts" / f"{article_id}.yaml"
    h = content_hash(text)
    meta = {"id": article_id, "title": normalise(title).strip(), "outlet": outlet and normalise(outlet).strip(),
            "date": date, "url": url, "hash": h}
    doc = {"article": {k: v for k, v in meta.items() if v},
           "entities": [], "facts": [],
           "history": [{"at": now(), "by": by, "action": "added article"}]}
    # The text first, then the fact file that cites it: a crash between the two leaves a
    # text without facts (harmless, and the next add skips its id), never facts without text.
    factfiles.write_atomic(text_path, text)
    factfiles.write_atomic(facts_path, factfiles.dumps(doc))
    return AddResult(article_id, h, text_path, facts_path, len(text), nearest)


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def recorded_hash(facts_path: Path) -> str | None:
    try:
        doc = factfiles.load(facts_path)
    except (OSError, yaml.YAMLError):
        return None
    art = doc.get("article") if isinstance(doc, dict) else None
    return art.get("hash") if isinstance(art, dict) else None


def revise(data_dir: Path, article_id: str, raw_text: str, *, by: str = "cli") -> dict:
    """A changed text is a new version: every quote citing the article must still be found
    in it (offsets are recomputed by the loader), otherwise nothing is written and the
    quotes that lost their anchor are reported."""
    from loaders.factfile import discover, read

    text = normalise(raw_text)
    text_path = data_dir / "articles" / f"{article_id}.txt"
    facts_path = data_dir / "facts" / f"{article_id}.yaml"
    if not text_path.exists() or not facts_path.exists():
        raise ArticleRefused(f"no article {article_id}")
    lost = []
    for p in discover(data_dir):
        for f in read(p).facts:
            for s in f.sources:
                if s.article == article_id and s.quote not in text:
                    lost.append(f"{f.id}: quote {s.quote!r} is not in the new text")
    if lost:
        raise ArticleRefused(f"{len(lost)} quote(s) citing {article_id} would lose their anchor; nothing written",
                             problems=lost)
    doc = factfiles.load(facts_path)
    old = (doc.get("article") or {}).get("hash")
    doc.setdefault("article", {})["hash"] = content_hash(text)
    doc.setdefault("history", []).append({"at": now(), "by": by, "action": "revised text",
                                          "detail": f"previous {old}"})
    factfiles.write_atomic(text_path, text)
    factfiles.write_atomic(facts_path, factfiles.dumps(doc))
    return {"id": article_id, "hash": doc["article"]["hash"], "previous": old}
