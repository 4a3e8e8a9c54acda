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
                lex.entries[e.id] = Entry(e.id, e.type, str(raw.get("name_zh") or ""), surfaces, ff.key)
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
    """The project's name resolver (package `names`), when it is installed and accepts our entries."""
    try:
        from names import NameIndex  # type: ignore[import-not-found]
    except ImportError:
        return None
    rows = [{"id": e.id, "type": e.type, "name_zh": e.name_zh, "aliases": e.surfaces} for e in lex.entries.values()]
    for build in ("from_entities", "from_rows"):
        if hasattr(NameIndex, build):
            try:
                return getattr(NameIndex, build)(rows)
            except Exception:  # noqa: BLE001 (another signature: fall back to the exact resolver)
                return None
    return None


def _adapt(raw, lex: Lexicon) -> list[Candidate]:
    """Whatever shape the resolver's candidates have (objects or dicts), as Candidates."""
    out = []
    for c in raw or []:
        get = (lambda k, c=c: c.get(k)) if isinstance(c, dict) else (lambda k, c=c: getattr(c, k, None))
        cid = get("id")
        if cid in lex.entries:
            out.append(Candidate(cid, lex.entries[cid].type, str(get("name") or lex.entries[cid].name_zh),
                                 float(get("score") or 0.0), str(get("via") or get("match") or "name resolver")))
    return out
