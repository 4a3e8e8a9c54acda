"""Leave-one-out quality and speed of the machine drafts on the seed articles.

For each article: build the entity lexicon WITHOUT that article's own entities and facts,
draft it, and compare the proposals with its curated facts. A proposal matches a curated
fact when the predicate is the same, the subject and the object are the same entity after
linking (a reused id, or a new entity whose name is the curated entity's name or alias;
quotes and spaces ignored, or one name containing the other at >= 60% of its length),
literal objects agree (a figure's value; a milestone's text is free, its quote decides),
and the quotes overlap. Each curated fact and each proposal matches at most once.

    .venv/bin/python bench/curation_bench.py [--data data] [--misses N]

Prints precision and recall per predicate family, and seconds per article warm, with the
engines' start-up (jieba's dictionary, jionlp's import) reported apart.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from curation.propose import Lexicon, draft, read_article  # noqa: E402
from curation.propose import nlp  # noqa: E402
from curation.propose.rules import RuleExtractor  # noqa: E402
from loaders.factfile import discover, read  # noqa: E402

FAMILIES = {
    "honours": ("awarded",),
    "designations": ("designatedAs",),
    "roles": ("holdsPosition",),
    "units": ("hasUnit", "hasCampus", "hasPartyCommittee", "hasPartyBranch", "hasBrand", "locatedIn"),
    "partnerships": ("partnersWith", "memberOf", "affiliatedWith", "subordinateTo"),
    "figures": ("figure",),
    "milestones": ("milestone",),
}
FAMILY_OF = {p: fam for fam, preds in FAMILIES.items() for p in preds}
GOALS = {"honours": 0.70, "designations": 0.70, "roles": 0.70}


def norm(name: str) -> str:
    return re.sub(r"[“”\"'《》\s（）()]", "", name or "")


def gold(data_dir: Path):
    files = [read(p) for p in discover(data_dir)]
    names: dict[str, list[str]] = defaultdict(list)     # normalised name -> entity ids
    for ff in files:
        for e in ff.entities:
            for n in [e.raw.get("name_zh")] + [x.get("text") for x in e.raw.get("names") or [] if isinstance(x, dict)]:
                if n:
                    names[norm(str(n))].append(e.id)
    facts = defaultdict(list)
    for ff in files:
        if not ff.article:
            continue
        text = (data_dir / "articles" / f"{ff.key}.txt").read_text(encoding="utf-8")
        for f in ff.facts:
            src = next((s for s in f.sources if s.article == ff.key), None)
            if src is None:
                continue
            start = -1
            for _ in range(max(src.occurrence, 1)):
                start = text.find(src.quote, start + 1)
            facts[ff.key].append((f, (start, start + len(src.quote)) if start >= 0 else None))
    return files, names, facts


def link(entity, names: dict[str, list[str]]) -> set[str]:
    """The curated ids a proposed entity stands for."""
    if entity.linked:
        return {entity.id}
    n = norm(entity.name_zh)
    if n in names:
        return set(names[n])
    out = set()
    for g, ids in names.items():
        if g and (g in n or n in g) and min(len(g), len(n)) / max(len(g), len(n)) >= 0.6:
            out |= set(ids)
    return out


def compare(d, gold_facts, names):
    ents = {e.id: e for e in d.entities}
    ids = {eid: link(e, names) for eid, e in ents.items()}
    matched_p, matched_g = set(), set()
    for gi, (g, span) in enumerate(gold_facts):
        for pi, p in enumerate(d.facts):
            if pi in matched_p or p.predicate != g.predicate or span is None:
                continue
            if not (p.start < span[1] and span[0] < p.end):
                continue
            if g.subject not in ids.get(p.subject, {p.subject}):
                continue
            if isinstance(p.object, str) and p.object in ents:
                if str(g.object) not in ids[p.object]:
                    continue
            elif g.predicate == "figure":
                try:
                    if abs(float(p.object) - float(g.object)) > 1e-6:
                        continue
                except (TypeError, ValueError):
                    continue
            elif g.predicate != "milestone" and str(p.object) != str(g.object):
                continue
            matched_p.add(pi)
            matched_g.add(gi)
            break
    return matched_p, matched_g


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parent.parent / "data")
    ap.add_argument("--misses", type=int, default=0, help="print up to N missed curated facts per family")
    ap.add_argument("--false-positives", type=int, default=0, metavar="N",
                    help="print up to N proposals that match no curated fact, per family")
    args = ap.parse_args()

    t0 = time.perf_counter()
    nlp.segmenter()
    nlp.times("2020年")
    import ontology
    ontology.load()
    startup = time.perf_counter() - t0

    files, names, facts = gold(args.data)
    articles = sorted(facts)
    extractor = RuleExtractor()
    tp_p, tp_g, n_p, n_g = Counter(), Counter(), Counter(), Counter()
    misses, wrong = defaultdict(list), defaultdict(list)
    lex_seconds, warm = [], []
    for aid in articles:
        t = time.perf_counter()
        lex = Lexicon.from_data_dir(args.data, exclude={aid})
        lex_seconds.append(time.perf_counter() - t)
        art = read_article(args.data, aid)
        draft(art, lex, extractor)                      # cold: this lexicon's words enter jieba
        t = time.perf_counter()
        d = draft(art, lex, extractor)
        warm.append(time.perf_counter() - t)
        mp, mg = compare(d, facts[aid], names)
        for i, p in enumerate(d.facts):
            fam = FAMILY_OF[p.predicate]
            n_p[fam] += 1
            tp_p[fam] += i in mp
            if i not in mp:
                names_of = {e.id: e.name_zh for e in d.entities}
                wrong[fam].append(f"{aid} {p.rule} {names_of.get(p.subject, p.subject)} -> "
                                  f"{names_of.get(p.object, p.object)}: {p.quote[:50]}")
        for i, (g, _) in enumerate(facts[aid]):
            fam = FAMILY_OF[g.predicate]
            n_g[fam] += 1
            tp_g[fam] += i in mg
            if i not in mg:
                misses[fam].append(f"{aid} {g.predicate} {g.subject} -> {g.object}: {g.sources[0].quote[:50]}")

    print(f"leave-one-out over {len(articles)} articles ({sum(n_g.values())} curated facts, "
          f"{sum(n_p.values())} proposals)\n")
    print(f"{'family':14} {'curated':>8} {'proposed':>9} {'precision':>10} {'recall':>8}  goal")
    for fam in [*FAMILIES, "overall"]:
        if fam == "overall":
            g, p, a, b = sum(n_g.values()), sum(n_p.values()), sum(tp_g.values()), sum(tp_p.values())
            goal = "recall >= 50%, precision >= 60%"
        else:
            g, p, a, b = n_g[fam], n_p[fam], tp_g[fam], tp_p[fam]
            goal = f"recall >= {GOALS[fam]:.0%}" if fam in GOALS else ""
        prec = f"{b / p:.1%}" if p else "-"
        rec = f"{a / g:.1%}" if g else "-"
        print(f"{fam:14} {g:8} {p:9} {prec:>10} {rec:>8}  {goal}")
    print(f"\nstart-up (jieba dictionary + jionlp import + ontology), once per process: {startup:.2f} s "
          f"(jieba {nlp.STARTUP.get('jieba', 0):.2f} s, jionlp {nlp.STARTUP.get('jionlp', 0):.2f} s)")
    print(f"lexicon build (from the fact files), per article: {sum(lex_seconds) / len(lex_seconds):.2f} s")
    print(f"draft, warm, per article: mean {sum(warm) / len(warm):.2f} s, max {max(warm):.2f} s "
          f"(goal < 2 s); article sizes {min(len(read_article(args.data, a).text) for a in articles)}-"
          f"{max(len(read_article(args.data, a).text) for a in articles)} characters")
    if args.misses:
        for fam, ms in misses.items():
            print(f"\nmissed {fam} ({len(ms)}):")
            for m in ms[: args.misses]:
                print("  " + m)
    if args.false_positives:
        for fam, ws in wrong.items():
            print(f"\nunmatched {fam} proposals ({len(ws)}):")
            for w in ws[: args.false_positives]:
                print("  " + w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
