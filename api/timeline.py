"""A hospital's timeline, shaped from the statements about it and its units (api/timeline query).

Table-driven: each statement class names the roles of its subject and object, how it is
labelled in both languages and where it goes (dated entries, undated entries, figure series).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from api.labels import CLASSES, category_label, number, participant, zh

# Undated statements of these categories still belong in a history (listed after the dated ones).
UNDATED_KEPT = {"founding", "campus", "milestone", "honour", "designation"}
DATE_ROLE_ORDER = {"date": 0, "since": 0, "as_of": 1}


def _text_order(src: dict | None, value: Any = None) -> tuple:
    """Where an entry sits in its article: the quote's offset, refined by where the figure's
    number sits inside the quote (将原来9个党支部调整为13个: 9 before 13)."""
    if not src:
        return ("~", 0)
    at = src.get("start") or 0
    if value is not None:
        i = (src.get("quote") or "").find(number(value))
        at += max(i, 0)
    return (src.get("article_id") or "~", at)


def entry(s: dict) -> dict[str, Any]:
    category, subj_role, obj_role = CLASSES.get(s["class"], ("milestone", "ABOUT", None))
    subj, obj = participant(s["participants"], subj_role), participant(s["participants"], obj_role)
    if category == "milestone" and s.get("kind") == "founded":
        category = "founding"
    elif category == "milestone" and subj and subj.get("type") == "Campus":
        category = "campus"
    date, role = s.get("date"), "date" if s.get("date") else None
    year, basis = s.get("year"), s.get("year_basis")
    if s.get("since"):
        date, role = s["since"], "since"
    elif year is None and s.get("as_of"):
        # A position the article states in the present tense: held at the article's date.
        date, role, year, basis = s["as_of"], "as_of", int(str(s["as_of"])[:4]), "inferred"
    elif year is not None and role is None:
        role = "date"
    label_zh, label_en = category_label(category, s, subj, obj)
    return {"fact_id": s["id"], "category": category, "kind": s.get("kind"), "year": year, "date": date,
            "date_role": role, "year_basis": basis or ("unknown" if year is None else None),
            "label_zh": label_zh, "label_en": label_en, "subject": subj, "object": obj,
            "conferrer": participant(s["participants"], "CONFERRED_BY"),
            "value": s.get("value") if category == "figure" else None, "unit": s.get("unit"), "note": s.get("note"),
            "sources": sorted(s["sources"], key=lambda x: (x["article_id"], x.get("start") or 0))}


def _sort_key(e: dict) -> tuple:
    src = e["sources"][0] if e["sources"] else None
    return (e["year"], str(e["date"] or e["year"]), DATE_ROLE_ORDER.get(e["date_role"] or "date", 0),
            _text_order(src, e["value"]), e["fact_id"])


def series(entries: list[dict]) -> list[dict]:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for e in entries:
        if e["category"] == "figure" and e["subject"] and e["value"] is not None:
            groups[(e["subject"]["id"], e["_metric"])].append(e)
    out = []
    for (_, metric), es in sorted(groups.items()):
        es.sort(key=lambda e: _text_order(e["sources"][0] if e["sources"] else None, e["value"]))
        out.append({"entity": es[0]["subject"], "metric": metric, "label_zh": es[-1]["_label"], "unit": es[0]["unit"],
                    "points": [_point(e) for e in es]})
    return out


def _point(e: dict) -> dict:
    src = e["sources"][0] if e["sources"] else {}
    return {"value": e["value"], "year": e["year"], "date": e["date"], "year_basis": e["year_basis"],
            "fact_id": e["fact_id"], "note": e["note"], "quote": src.get("quote", ""), "article_id": src.get("article_id", "")}


def campuses(links: list[dict], entries: list[dict]) -> dict[str, Any]:
    rows: dict[str, dict] = {}
    for link in links:
        if link["relation"] != "HAS_CAMPUS":
            continue
        row = rows.setdefault(link["entity"]["id"], {"entity": link["entity"], "fact_ids": [], "articles": []})
        row["fact_ids"].append(link["fact_id"])
        row["articles"] += [a for a in link["articles"] if a and a not in row["articles"]]
    counts = [e for e in entries if e["category"] == "figure" and e.get("_metric") == "campus_count" and e["sources"]]
    # The latest dated article that states a count says what is current; an undated one sorts first.
    counts.sort(key=lambda e: str(e["sources"][0].get("article_date") or ""))
    stated = counts[-1] if counts else None
    article = stated["sources"][0]["article_id"] if stated else None
    for row in rows.values():
        row["named_by_count_article"] = any(a["id"] == article for a in row["articles"])
    listed = sorted(rows.values(), key=lambda r: (not r["named_by_count_article"], r["entity"]["id"]))
    return {"listed": listed, "stated_count": _point(stated) if stated else None,
            "current": _campus_note(listed, stated, "en"), "current_zh": _campus_note(listed, stated, "zh")}


# The campus note in each language the page speaks: one note, phrased per language, so that
# a Chinese page need not show an English one.
CAMPUS_NOTE = {
    "en": {
        "unstated": "{count} campuses are named; no article states how many there are now.",
        "stated": "{article} ({when}) states {n} campuses (“{quote}”) and names {named_count}: {named}.",
        "is_the_list": " The campuses named across the articles are that list.",
        "also_named": " Also named, by other articles: {others}.",
        "which_unknown": " The text does not say which {n} make up the current list.",
        "cited": "{name} ({articles})", "undated": "undated", "none": "none", "and": ", ", "then": "; ",
    },
    "zh": {
        "unstated": "文章共提到{count}个院区，没有文章说明现在有几个院区。",
        "stated": "{article}（{when}）称有{n}个院区（“{quote}”），提到其中{named_count}个：{named}。",
        "is_the_list": "各篇文章提到的院区就是这份名单。",
        "also_named": "其他文章还提到：{others}。",
        "which_unknown": "原文没有说明现在的{n}个院区是哪几个。",
        "cited": "{name}（{articles}）", "undated": "未注明日期", "none": "无", "and": "、", "then": "；",
    },
}


def _campus_note(listed: list[dict], stated: dict | None, lang: str) -> str:
    p = CAMPUS_NOTE[lang]
    if stated is None:
        return p["unstated"].format(count=len(listed))
    src = stated["sources"][0]
    n, named = int(stated["value"]), [r for r in listed if r["named_by_count_article"]]
    others = [r for r in listed if not r["named_by_count_article"]]
    text = p["stated"].format(article=src["article_id"], when=src.get("article_date") or p["undated"], n=n,
                              quote=src["quote"], named_count=len(named),
                              named=p["and"].join(zh(r["entity"]) for r in named) or p["none"])
    if n == len(listed):
        return text + p["is_the_list"]
    if others:
        text += p["also_named"].format(others=p["then"].join(
            p["cited"].format(name=zh(r["entity"]), articles=p["and"].join(
                f"{a['id']} {a.get('date') or p['undated']}" for a in r["articles"]))
            for r in others))
    return text + p["which_unknown"].format(n=n)


def branches(links: list[dict]) -> list[dict]:
    """One row per Party branch, however many bodies it is attached to (a branch is linked to the
    Party committee and to its department: two links, one branch)."""
    rows: dict[str, dict] = {}
    for link in links:
        if link["relation"] != "HAS_PARTY_BRANCH":
            continue
        row = rows.setdefault(link["entity"]["id"], {"entity": link["entity"], "parents": [], "fact_ids": []})
        if link["parent"] not in row["parents"]:
            row["parents"].append(link["parent"])
        row["fact_ids"].append(link["fact_id"])
    return sorted(rows.values(), key=lambda r: r["entity"]["id"])


def build(r: dict[str, Any]) -> dict[str, Any]:
    all_entries = []
    for s in r["statements"]:
        e = entry(s)
        e["_metric"], e["_label"] = s.get("metric"), s.get("label")
        all_entries.append(e)
    dated = sorted((e for e in all_entries if e["year"] is not None), key=_sort_key)
    undated = sorted((e for e in all_entries if e["year"] is None and e["category"] in UNDATED_KEPT),
                     key=lambda e: (_text_order(e["sources"][0] if e["sources"] else None), e["fact_id"]))
    out = {"hospital": r["hospital"], "entries": dated, "undated": undated, "series": series(all_entries),
           "campuses": campuses(r["links"], all_entries), "party_branches": branches(r["links"])}
    for e in all_entries:
        e.pop("_metric"), e.pop("_label")
    return out
