"""Saving a curator's accepted and edited facts into an article's fact file.

    save(graph, data_dir, "A005", payload, curator="wang", if_match=etag)

1. Under the load lock (one writer at a time, with `hkg load`), compare `if_match` with the
   hash of the fact file as it is now: a different hash means someone saved in between (Stale).
2. Build the new file: the article block kept (its id and text hash are not the curator's to
   change), the curator's entities and facts (offsets -> `occurrence`), a history entry.
3. Validate it in the context of the whole data folder BEFORE it replaces anything: a quote
   not in the text, an unknown predicate, a wrong type... is refused with its messages and
   nothing is written (Invalid).
4. Write it atomically (temp + rename, stable key order), then load that article
   incrementally in the same lease. If the load fails the previous file is put back.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curation import factfiles
from curation.articles import ID_RE, now
from loaders.factfile import discover, read
from loaders.validate import Problem, validate

# An entity id: its type's prefix, then lower-case words of letters and digits joined by
# hyphens (hosp-jinan-mch, person-wu-xiaodong): it appears in addresses and in git diffs.
ENTITY_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
ENTITY_ID_MAX = 80
SAVE_WAIT = 10.0          # seconds a save waits for a running load before giving up
_local = threading.Lock()   # saves of this process, in order, also where the load lock is absent


class ReviewError(Exception):
    """Base of the refusals of a save; nothing was written."""


class UnknownArticle(ReviewError):
    """No such article in the data folder."""


class Stale(ReviewError):
    """If-Match does not match the fact file as it is now: someone saved in between."""

    def __init__(self, current: str | None):
        super().__init__("the fact file changed since you loaded it (If-Match does not match its current hash); "
                         "reload, re-apply your edits, and save again")
        self.current = current


class Invalid(ReviewError):
    """The new fact file does not validate: the problems say where (fact id, line, message)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s); nothing was written")
        self.problems = problems


class Busy(ReviewError):
    """Another load holds the load lock."""


@dataclass
class SaveResult:
    article: str
    etag: str
    facts: int
    entities: int
    changes: dict[str, int]
    loaded: dict[str, Any] = field(default_factory=dict)


def paths(data_dir: Path, article_id: str) -> tuple[Path, Path]:
    if not ID_RE.match(article_id):
        raise UnknownArticle(f"{article_id!r} is not an article id")
    text, facts = data_dir / "articles" / f"{article_id}.txt", data_dir / "facts" / f"{article_id}.yaml"
    if not text.exists() or not facts.exists():
        raise UnknownArticle(f"no article {article_id} in the data folder")
    return text, facts


def current(data_dir: Path, article_id: str) -> tuple[dict[str, Any], str]:
    """The fact file as data, and its ETag."""
    _, facts_path = paths(data_dir, article_id)
    raw = facts_path.read_bytes()
    return factfiles.loads(raw.decode("utf-8")), factfiles.file_hash(facts_path) or ""


def next_fact_ids(article_id: str, facts: list[dict], taken: set[str]) -> None:
    n = max([int(m.group(1)) for f in facts if (m := re.match(rf"^{article_id}-(\d+)$", str(f.get("id") or "")))]
            + [int(m.group(1)) for t in taken if (m := re.match(rf"^{article_id}-(\d+)$", t))] + [0])
    for f in facts:
        if not f.get("id"):
            n += 1
            f["id"] = f"{article_id}-{n:03d}"


def _anchor(f: dict, text: str, problems: list[tuple[str | None, str]]) -> dict:
    """Offsets (code points, from the page) -> the file's `occurrence`; checked against the text."""
    start, end = f.pop("start", None), f.pop("end", None)
    quote = f.get("quote")
    if isinstance(start, int) and isinstance(end, int) and isinstance(quote, str):
        if text[start:end] != quote:
            problems.append((f.get("id"), f"the quote is not the article's text at {start}-{end}"))
        else:
            occ, i = 0, -1
            while (i := text.find(quote, i + 1)) != -1 and i <= start:
                occ += 1
            if occ > 1:
                f["occurrence"] = occ
            else:
                f.pop("occurrence", None)
    return f


def build(doc: dict[str, Any], text: str, payload: dict[str, Any], curator: str, article_id: str
          ) -> tuple[dict[str, Any], dict[str, int], list[tuple[str | None, str]]]:
    """The new file: the old article block, the payload's entities and facts, one more history
    entry; and the problems found on the way, as (fact or entity id, message)."""
    problems: list[tuple[str | None, str]] = []
    article = dict(doc.get("article") or {"id": article_id})
    for key, value in (payload.get("article") or {}).items():
        if key not in ("id", "hash"):
            article[key] = value
    entities = [dict(e) for e in payload.get("entities") or []]
    known = {str(e.get("id")) for e in doc.get("entities") or [] if isinstance(e, dict)}
    for e in entities:
        eid = str(e.get("id") or "")
        if eid not in known and (not ENTITY_ID_RE.match(eid) or len(eid) > ENTITY_ID_MAX):
            problems.append((eid, "an entity id is lower-case letters and digits in words joined by hyphens, "
                            f"starting with its type's prefix (e.g. hosp-xinghe-third), at most {ENTITY_ID_MAX} "
                            "characters"))
    facts = [_anchor(dict(f), text, problems) for f in payload.get("facts") or []]
    before = {str(f.get("id")): f for f in doc.get("facts") or [] if isinstance(f, dict)}
    next_fact_ids(article_id, facts, set(before))
    after = {str(f["id"]): f for f in facts}
    changes = {"added": sum(1 for i in after if i not in before),
               "changed": sum(1 for i in after if i in before and factfiles.canonical({"facts": [before[i]]}) !=
                              factfiles.canonical({"facts": [after[i]]})),
               "removed": sum(1 for i in before if i not in after)}
    history = list(doc.get("history") or [])
    entry = {"at": now(), "by": curator, "action": "saved", "facts": dict(changes)}
    if payload.get("summary"):
        entry["detail"] = str(payload["summary"])[:500]
    history.append(entry)
    return {"article": article, "entities": entities, "facts": facts, "history": history}, changes, problems


def check(data_dir: Path, article_id: str, new_text: str) -> list[Problem]:
    """Validate a candidate fact file for `article_id` in the context of the whole folder."""
    target = (data_dir / "facts" / f"{article_id}.yaml").resolve()
    # Outside the facts folder, so that no load ever reads a candidate; named *<id>.yaml so
    # that its problems are recognised as this article's.
    fd, tmp = tempfile.mkstemp(prefix="hkg-check-", suffix=f"-{article_id}.yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(new_text)
        files = [read(p, _display(p, data_dir)) for p in discover(data_dir) if p.resolve() != target]
        files.append(read(Path(tmp), f"facts/{article_id}.yaml"))
        ds = validate(files, data_dir / "articles")
    finally:
        Path(tmp).unlink(missing_ok=True)
    return [p for p in ds.problems if p.file.endswith(f"{article_id}.yaml")] or \
        [p for p in ds.problems]


def _display(p: Path, data_dir: Path) -> str:
    try:
        return str(p.resolve().relative_to(data_dir.resolve()))
    except ValueError:
        return str(p)


@contextlib.contextmanager
def _writer(graph, holder: str):
    """The load lock (loaders.lock) when the project has it; this process's own lock always."""
    with _local:
        try:
            from loaders.lock import LockHeld, load_lock
        except ImportError:
            yield None
            return
        try:
            with load_lock(graph, holder, wait=SAVE_WAIT) as lease:
                yield lease
        except LockHeld as e:
            raise Busy(str(e)) from e


def _load(graph, data_dir: Path, article_id: str, lease) -> dict[str, Any]:
    from graph import schema
    from loaders import load as loader
    from loaders.validate import load_dataset

    ds = load_dataset(data_dir, root=data_dir)
    if not ds.ok:
        raise Invalid(ds.problems)
    schema.apply(graph)
    plan = loader.plan(graph, ds, {article_id})
    if not plan.summary.changed:
        pass        # nothing to write: no transaction, the graph version stays
    elif lease is not None and "lease" in inspect.signature(loader.write).parameters:
        # Written under our lease (the save's If-Match check and file write are inside it too);
        # the load's transaction renews it as its last statement and bumps the graph version.
        loader.write(graph, plan, lease=lease, load_id=loader.new_load_id())
    else:
        loader.write(graph, plan)
    s = plan.summary
    return {kind: {"created": sum(ch.created.values()), "updated": sum(ch.updated.values()),
                   "deleted": sum(ch.deleted.values())} for kind, ch in (("nodes", s.nodes),
                                                                           ("relationships", s.relationships))}


def save(graph, data_dir: Path, article_id: str, payload: dict[str, Any], *, curator: str,
         if_match: str | None, dry_run: bool = False) -> SaveResult:
    text_path, facts_path = paths(data_dir, article_id)
    with _writer(graph, f"curation save of {article_id} by {curator}") if not dry_run else contextlib.nullcontext() \
            as lease:
        doc, etag = current(data_dir, article_id)
        if not dry_run and (if_match or "").strip().strip('"').removeprefix("W/").strip('"') != etag:
            raise Stale(etag)
        text = text_path.read_text(encoding="utf-8")
        new_doc, changes, anchor_problems = build(doc, text, payload, curator, article_id)
        new_text = factfiles.dumps(new_doc)
        problems = [Problem(f"facts/{article_id}.yaml", 0, who, msg) for who, msg in anchor_problems]
        problems += check(data_dir, article_id, new_text)
        if problems:
            raise Invalid(problems)
        result = SaveResult(article_id, etag, len(new_doc["facts"]), len(new_doc["entities"]), changes)
        if dry_run:
            return result
        old_bytes = facts_path.read_bytes()
        factfiles.write_atomic(facts_path, new_text)
        try:
            result.loaded = _load(graph, data_dir, article_id, lease)
        except BaseException:
            # The graph did not take it (Neo4j away, lease lost): the file goes back as it was.
            factfiles.write_atomic(facts_path, old_bytes.decode("utf-8"))
            raise
        result.etag = factfiles.file_hash(facts_path) or ""
        _record_accepted(data_dir, article_id, payload.get("from_proposals") or {}, new_doc, curator)
        return result


def _record_accepted(data_dir: Path, article_id: str, accepted: dict[str, str], new_doc: dict, curator: str) -> None:
    """The drafts the saved facts came from, marked accepted with their fact's id (in the
    proposals file, beside the rejections), so that reopening the article shows them so."""
    from curation import decisions
    from curation.propose import proposals_path

    path = proposals_path(data_dir, article_id)
    saved = {str(f.get("id")) for f in new_doc.get("facts") or []}
    if not accepted or not path.exists():
        return
    drafts = {str(p.get("id")) for p in factfiles.load(path).get("facts") or [] if isinstance(p, dict)}
    todo = [(pid, "accepted", fid) for pid, fid in accepted.items() if pid in drafts and fid in saved]
    if todo:
        decisions.record(path, todo, curator)
