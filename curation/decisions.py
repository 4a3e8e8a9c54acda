"""Where the review of an article's machine drafts stands, so that reopening it shows each
draft as the curator left it.

- **accepted**: the draft's fact is in the curated fact file — the fact the curator saved
  from it (recorded at the save: draft id -> fact id), or a curated fact saying the same
  (same subject, predicate and object, quotes overlapping).
- **rejected**: the curator rejected it; the decision is stored with the drafts, in the
  proposals file's `review:` section (written atomically, like the fact files).
- **pending**: neither.

Decisions are keyed by what the draft says (subject, predicate, object and quote span), not
by its number, so drafting the article again keeps them for the drafts that come back.
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

from curation import factfiles
from curation.articles import now

STATUSES = ("pending", "accepted", "rejected")
# Decisions a curator sends outside a save: rejecting a draft, or taking that back.
# "accepted" is not among them: a draft is accepted when its fact is saved.
DECIDABLE = ("rejected", "pending")
lock = threading.Lock()        # read-modify-write of a proposals file, one at a time in this process


class DecisionError(Exception):
    """A decision names a draft the proposals file does not have (nothing was written)."""


def key(p: dict[str, Any], names: dict[str, str]) -> str:
    """What a draft says, as a stable key: subject|predicate|object|start-end, entities by
    their names (a new draft may number its new entities differently, or link them to the
    entities the curator has saved since)."""
    return (f"{names.get(str(p.get('subject')), p.get('subject'))}|{p.get('predicate')}|"
            f"{names.get(str(p.get('object')), p.get('object'))}|{p.get('start')}-{p.get('end')}")


def names_of(proposals: dict[str, Any]) -> dict[str, str]:
    return {str(e.get("id")): str(e.get("name_zh")) for e in proposals.get("entities") or []
            if isinstance(e, dict) and e.get("name_zh")}


def _spans(facts: list[dict], text: str) -> dict[str, tuple[int, int] | None]:
    """Each curated fact's quote span in the text (code points), from quote + occurrence."""
    out: dict[str, tuple[int, int] | None] = {}
    for f in facts:
        quote, start = f.get("quote"), -1
        if isinstance(quote, str) and quote:
            for _ in range(max(int(f.get("occurrence") or 1), 1)):
                start = text.find(quote, start + 1)
                if start < 0:
                    break
        out[str(f.get("id"))] = (start, start + len(quote)) if start >= 0 else None
    return out


def annotate(proposals: dict[str, Any], curated: dict[str, Any], text: str) -> dict[str, Any]:
    """The proposals document with `status` (and `fact`, the curated fact's id, when accepted)
    on every draft, and `counts` of each status."""
    facts = [f for f in curated.get("facts") or [] if isinstance(f, dict)]
    by_id = {str(f.get("id")): f for f in facts}
    spans = _spans(facts, text)
    decided = {d.get("key"): d for d in proposals.get("review") or [] if isinstance(d, dict)}
    names = names_of(proposals)
    counts: Counter = Counter({s: 0 for s in STATUSES})
    out = []
    for p in proposals.get("facts") or []:
        p = {k: v for k, v in p.items() if k not in ("status", "fact", "decided_by", "decided_at")}
        d = decided.get(key(p, names)) or {}
        fact = d.get("fact") if d.get("decision") == "accepted" and d.get("fact") in by_id else None
        fact = fact or _same(p, facts, spans)
        if fact:
            p["status"], p["fact"] = "accepted", fact
        elif d.get("decision") == "rejected":
            p["status"] = "rejected"
        else:
            p["status"] = "pending"
        if d and p["status"] == d.get("decision"):
            p["decided_by"], p["decided_at"] = d.get("by"), d.get("at")
        counts[p["status"]] += 1
        out.append(p)
    return {**proposals, "facts": out, "counts": dict(counts)}


def _same(p: dict, facts: list[dict], spans: dict) -> str | None:
    """The id of a curated fact saying what the draft says, quotes overlapping."""
    for f in facts:
        if (f.get("subject"), f.get("predicate"), str(f.get("object"))) != \
                (p.get("subject"), p.get("predicate"), str(p.get("object"))):
            continue
        span = spans.get(str(f.get("id")))
        if span and isinstance(p.get("start"), int) and p["start"] < span[1] and span[0] < p["end"]:
            return str(f.get("id"))
    return None


def record(path: Path, decisions: list[tuple[str, str, str | None]], by: str) -> dict[str, Any]:
    """Store decisions [(draft id, decision, fact id or None)] in the proposals file at `path`,
    atomically; "pending" removes a decision. Unknown draft ids are refused, nothing written."""
    with lock:
        doc = factfiles.load(path)
        drafts = {str(p.get("id")): p for p in doc.get("facts") or [] if isinstance(p, dict)}
        unknown = [pid for pid, _, _ in decisions if pid not in drafts]
        if unknown:
            raise DecisionError(f"no draft {', '.join(unknown[:5])} in the proposals of {doc.get('article')}")
        review = {d.get("key"): d for d in doc.get("review") or [] if isinstance(d, dict)}
        for pid, decision, fact in decisions:
            k = key(drafts[pid], names_of(doc))
            if decision == "pending":
                review.pop(k, None)
            else:
                review[k] = {"key": k, "proposal": pid, "decision": decision, "by": by, "at": now(),
                             **({"fact": fact} if fact else {})}
        doc["review"] = sorted(review.values(), key=lambda d: str(d.get("proposal")))
        factfiles.write_atomic(path, factfiles.dump_plain(doc))
        return doc


def carried_over(old_path: Path, new: dict[str, Any]) -> list[dict[str, Any]]:
    """The decisions of a previous draft of the article that still concern a draft of the new
    one (renumbered to the new draft's id)."""
    if not old_path.exists():
        return []
    try:
        old = factfiles.load(old_path)
    except Exception:   # noqa: BLE001 - an unreadable old draft only loses its decisions
        return []
    names = names_of(new)
    new_ids = {key(p, names): p.get("id") for p in new.get("facts") or []}
    return [{**d, "proposal": new_ids[d["key"]]} for d in old.get("review") or []
            if isinstance(d, dict) and d.get("key") in new_ids]
