"""The one name resolver: Chinese names, curated aliases, English names, pinyin, traditional
characters and rule-made abbreviations, each found by exact key first and by similarity
after. Search, reconciliation, the place filters and curation's entity linking all ask it.

Scores are on a 0-100 scale and say how the name matched (`why`), so a person can judge a
candidate: an exact name beats a curated alias, which beats pinyin, which beats an
abbreviation made by rule, which beats a merely similar name.
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

import ontology
from names.abbreviate import abbreviations, english_abbreviations
from names.normalise import has_cjk, normalise, pinyin_key

# How a key was made -> its score when the query meets it exactly.
SCORES = {
    "name": 100.0,          # the Chinese or English name
    "alias": 95.0,          # a curated official, short, former name or alias
    "pinyin": 90.0,         # toneless pinyin of a name, or the curated pinyin
    "abbreviation": 85.0,   # a short form made by rule
    "homophone": 70.0,      # a Chinese query whose pinyin equals a name's: same sound, other characters
}
SIMILAR_MAX = 80.0          # a name that is only similar never scores as much as an exact key
MATCH_SCORE = 85.0          # the least score of a candidate that can be a match...
MATCH_MARGIN = 5.0          # ...when it beats the next entity by this much
FUZZY_POOL = 200            # keys sharing the most n-grams with the query, compared in full
# A query's n-grams are counted rarest first, until their keys add up to this: "医院" or "人民"
# are in nearly every key of a national graph (a million postings), tell no name apart, and
# counting them made one search outlast its deadline. The rarest n-gram always counts. Below
# this size (the curated graph has a few thousand keys) every n-gram counts, as before.
FUZZY_POSTINGS = 50_000


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    type: str
    score: float
    match: bool
    why: str
    name_en: str | None = None


@dataclass
class Entry:
    id: str
    type: str
    name_zh: str
    name_en: str | None = None
    pinyin: str | None = None
    names: list[tuple[str, str]] = field(default_factory=list)   # (text, kind)
    kind: str | None = None

    @classmethod
    def from_mapping(cls, e: Mapping[str, Any]) -> "Entry":
        """An entity as a fact file declares it (`names: [{text, kind}]`) or as the graph
        stores it (`names_json`)."""
        names = e.get("names")
        if names is None and e.get("names_json"):
            names = json.loads(e["names_json"])
        pairs = [(n["text"], n.get("kind") or "alias") for n in names or [] if isinstance(n, Mapping) and n.get("text")]
        return cls(id=e["id"], type=e.get("type") or "Entity", name_zh=e.get("name_zh") or e.get("name_en") or e["id"],
                   name_en=e.get("name_en"), pinyin=e.get("pinyin"), names=pairs, kind=e.get("kind"))


def _grams(key: str) -> set[str]:
    """Character bigrams of a Chinese key, trigrams of a Latin one (its whole self if shorter)."""
    n = 2 if has_cjk(key) else 3
    return {key[i:i + n] for i in range(max(1, len(key) - n + 1))}


class NameIndex:
    """Built once per graph version; answers `resolve` from memory."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: dict[str, Entry] = {}
        # key -> entity id -> (score, why): the best way each entity has that key.
        self._exact: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        self._pinyin: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        self._grams: dict[str, set[str]] = defaultdict(set)
        for e in entries:
            self.entries[e.id] = e
            self._add(e)
        for key in list(self._exact) + list(self._pinyin):
            for g in _grams(key):
                self._grams[g].add(key)

    @classmethod
    def from_entities(cls, entities: Iterable[Mapping[str, Any]]) -> "NameIndex":
        return cls(Entry.from_mapping(e) for e in entities)

    @classmethod
    def from_graph(cls, graph: Any, *, timeout: float | None = None) -> "NameIndex":
        """`graph` is a graph.connection.Graph; every :Entity in it. With `timeout`, read outside
        any request deadline (the background builder, names/cache.py), stopped by Neo4j after
        `timeout` seconds, and streamed into entries without holding every row as a dict."""
        if timeout is None:
            return cls.from_entities(graph.read("names/entities"))
        return cls(graph.read_background("names/entities", timeout=timeout, row=Entry.from_mapping))

    def __len__(self) -> int:
        return len(self.entries)

    # ------------------------------------------------------------------ building
    def _put(self, table: dict, key: str, id: str, score: float, why: str) -> None:
        if key and (id not in table[key] or table[key][id][0] < score):
            table[key][id] = (score, why)

    def _add(self, e: Entry) -> None:
        named: list[tuple[str, str, str]] = [(e.name_zh, "name", "Chinese name")]
        if e.name_en:
            named.append((e.name_en, "name", "English name"))
        named += [(text, "alias", f"{kind} name {text!r}") for text, kind in e.names]
        for text, how, why in named:
            self._put(self._exact, normalise(text), e.id, SCORES[how], why)
            if has_cjk(text):
                self._put(self._pinyin, pinyin_key(text), e.id, SCORES["pinyin"], f"pinyin of {text!r}")
                for short in abbreviations(normalise(text)):
                    self._put(self._exact, short, e.id, SCORES["abbreviation"], f"abbreviation of {text!r}")
                    self._put(self._pinyin, pinyin_key(short), e.id, SCORES["abbreviation"],
                              f"pinyin of the abbreviation {short!r}")
            else:
                for short in english_abbreviations(text):
                    self._put(self._exact, normalise(short), e.id, SCORES["abbreviation"], f"abbreviation of {text!r}")
        if e.pinyin:
            self._put(self._pinyin, normalise(e.pinyin), e.id, SCORES["pinyin"], "pinyin")

    # ------------------------------------------------------------------ resolving
    def _type_ok(self, e: Entry, types: frozenset[str] | None) -> bool:
        if not types:
            return True
        chain = ontology.load().classes.get(e.type, [e.type])
        return any(t in chain for t in types)

    def resolve(self, text: str, types: Iterable[str] | str | None = None, limit: int = 10) -> list[Candidate]:
        """The entities `text` may name, best first, at most `limit`. `types` keeps only
        entities of these ontology classes (or their subclasses)."""
        if isinstance(types, str):
            types = [types]
        wanted = frozenset(types) if types else None
        q = normalise(text)
        if not q or limit < 1:
            return []
        best: dict[str, tuple[float, str]] = {}

        def offer(id: str, score: float, why: str) -> None:
            if id not in best or best[id][0] < score:
                best[id] = (score, why)

        for id, (score, why) in self._exact.get(q, {}).items():
            offer(id, score, why)
        if has_cjk(q):
            for id, (_, why) in self._pinyin.get(pinyin_key(q), {}).items():
                offer(id, SCORES["homophone"], f"sounds like: {why}")
        else:
            for id, (score, why) in self._pinyin.get(q, {}).items():
                offer(id, score, why)
        for key, ratio in self._similar(q):
            for table in (self._exact, self._pinyin):
                for id, (score, why) in table.get(key, {}).items():
                    offer(id, round(min(SIMILAR_MAX, score) * ratio, 1), f"similar ({ratio:.2f}) to {why}")

        ranked = sorted(((s, w, id) for id, (s, w) in best.items() if self._type_ok(self.entries[id], wanted)),
                        key=lambda t: (-t[0], t[2]))[:limit]
        out = []
        for i, (score, why, id) in enumerate(ranked):
            nxt = ranked[i + 1][0] if i + 1 < len(ranked) else 0.0
            match = i == 0 and score >= MATCH_SCORE and score - nxt >= MATCH_MARGIN
            e = self.entries[id]
            out.append(Candidate(id=id, name=e.name_zh, type=e.type, score=score, match=match, why=why, name_en=e.name_en))
        return out

    def _similar(self, q: str) -> list[tuple[str, float]]:
        """Keys sharing n-grams with the query, with a similarity in (0, 1]; a key that
        contains the query (a prefix typed so far, a name without its suffix) counts as
        similar in proportion to how much of it the query covers."""
        shared: dict[str, int] = defaultdict(int)
        postings = 0
        for g in sorted(_grams(q), key=lambda g: (len(self._grams.get(g, ())), g)):
            keys = self._grams.get(g, ())
            if postings and postings + len(keys) > FUZZY_POSTINGS:
                break
            postings += len(keys)
            for key in keys:
                shared[key] += 1
        pool = heapq.nsmallest(FUZZY_POOL, shared, key=lambda k: (-shared[k], len(k), k))
        out = []
        for key in pool:
            if key == q:
                continue
            ratio = SequenceMatcher(None, q, key).ratio()
            if q in key:
                ratio = max(ratio, 0.75 + 0.25 * len(q) / len(key))
            if ratio >= 0.5:
                out.append((key, ratio))
        return out
