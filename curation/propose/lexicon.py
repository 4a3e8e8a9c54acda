"""The entity lexicon: the graph's own names and aliases, for finding and linking mentions.

Built from the data folder's fact files (what the graph is loaded from), optionally leaving
some articles out (the benchmark's leave-one-out). Linking goes through the project's one
name resolver (`names.NameIndex`, which also knows pinyin, traditional forms and
abbreviations) when it is installed; until then an exact resolver over names and aliases
answers through the same `resolve(text, types)` call.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from curation.propose.types import Candidate
from loaders.factfile import discover, read

# Units belong to one hospital: "产科" in an article about another hospital is not that
# hospital's 产科, so a unit links only to a unit of the article's own hospital.
UNIT_TYPES = {"Department", "Centre", "Laboratory", "Team", "Campus", "PartyBranch", "PartyCommittee"}
OWNING = {"hasUnit", "hasCampus", "hasPartyCommittee", "hasPartyBranch"}
# Short names too generic to find by themselves ("院党委" is every hospital's committee).
GENERIC = re.compile(r"^(院|医院|该院|我院|本院|院党委|党委|市|省|中心|门诊)")
MIN_SURFACE = 2


@dataclass
class Entry:
    id: str
    type: str
    name_zh: str
    surfaces: list[str]
    origin: str
    owner: str | None = None
    raw: dict = field(default_factory=dict, repr=False)


@dataclass
class Lexicon:
    entries: dict[str, Entry] = field(default_factory=dict)
    by_surface: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    resolver: object | None = None
    _pattern: re.Pattern | None = None

    @classmethod
    def from_data_dir(cls, data_dir: Path, exclude: set[str] | frozenset[str] = frozenset()) -> "Lexicon":
        files = [read(p) for p in discover(data_dir)]
        lex = cls()
        owners: dict[str, str] = {}
        for ff in files:
            if ff.key in exclude:
                continue
            for e in ff.entities:
                raw = e.raw
                names = [raw.get("name_zh")] + [n.get("text") for n in raw.get("names") or []
                                                 if isinstance(n, dict) and n.get("lang") == "zh"]
                surfaces = [s for s in dict.fromkeys(str(n) for n in names if n) if len(s) >= MIN_SURFACE]
                lex.entries[e.id] = Entry(e.id, e.type, str(raw.get("name_zh") or ""), surfaces, ff.key,
                                          raw={"id": e.id, "type": e.type, **{k: raw.get(k) for k in
                                               ("name_zh", "name_en", "pinyin", "names", "kind")}})
            for f in ff.facts:
                if f.predicate in OWNING:
                    owners[str(f.object)] = f.subject
        for eid, entry in lex.entries.items():
            owner = owners.get(eid)
            while owner and owner in owners and lex.entries.get(owner, Entry("", "", "", [], "")).type != "Hospital":
                owner = owners[owner]
            entry.owner = owner
            for s in entry.surfaces:
                if not GENERIC.match(s) or s == entry.name_zh:
                    lex.by_surface[s].append(eid)
        lex.resolver = _name_index(lex)
        return lex

    @property
    def pattern(self) -> re.Pattern:
        """Longest-first alternation of every surface: one pass finds all known mentions."""
        if self._pattern is None:
            surfaces = sorted(self.by_surface, key=len, reverse=True) or ["(?!)"]
            self._pattern = re.compile("|".join(map(re.escape, surfaces)))
        return self._pattern

    def find(self, text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group()) for m in self.pattern.finditer(text)]

    def resolve(self, name: str, types: set[str] | None = None, *, owner: str | None = None) -> list[Candidate]:
        """Candidates for a name, best first. Units only link within their own hospital."""
        cands: list[Candidate] = []
        if self.resolver is not None:
            cands = _adapt(self.resolver.resolve(name, sorted(types) if types else None), self)
        if not cands:
            cands = [Candidate(eid, self.entries[eid].type, name,
                               1.0 if self.entries[eid].name_zh == name else 0.9,
                               "exact name" if self.entries[eid].name_zh == name else "alias")
                     for eid in self.by_surface.get(name, [])]
        out = []
        for c in cands:
            e = self.entries.get(c.id)
            if e is None or (types and c.type not in types):
                continue
            if e.type in UNIT_TYPES and e.owner != owner:
                continue
            out.append(c)
        return sorted(out, key=lambda c: -c.score)

    def words(self) -> dict[str, str]:
        """The jieba user dictionary: surface -> part of speech (nr people, nt organisations, nz other)."""
        pos = {"Person": "nr", "Place": "ns", "Hospital": "nt", "Organisation": "nt"}
        return {s: pos.get(self.entries[ids[0]].type, "nz") for s, ids in self.by_surface.items()}


def _name_index(lex: Lexicon):
    """The project's one name resolver (package `names`: names, aliases, English, pinyin,
    traditional forms, abbreviations), built over this lexicon's entities."""
    try:
        from names import NameIndex
    except ImportError:     # the exact resolver of Lexicon.resolve answers alone
        return None
    return NameIndex.from_entities([e.raw for e in lex.entries.values()])


# A reused id must be a sure thing: a name, alias, pinyin or rule-made abbreviation met
# exactly (the resolver's scores 85-100). Merely similar names stay new entities, for the
# curator to merge.
SURE_SCORE = 85.0


def _adapt(raw, lex: Lexicon) -> list[Candidate]:
    out = []
    for c in raw or []:
        if c.id in lex.entries and c.score >= SURE_SCORE:
            out.append(Candidate(c.id, lex.entries[c.id].type, c.name, c.score / 100.0, c.why))
    return out
