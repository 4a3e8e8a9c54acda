"""The state of drafting one article: its sentences, dates, main hospital, the entities
proposed so far (linked to the graph or new) and the facts, de-duplicated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import ontology
from curation.propose import nlp
from curation.propose import templates as T
from curation.propose.lexicon import Lexicon
from curation.propose.types import ArticleText, Draft, ProposedEntity, ProposedFact

SENTENCE_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
HOSPITAL_NAME_RE = re.compile(r"[\u4e00-\u9fff（）()]{2,20}?(?:妇幼保健院|人民医院|中医医院|医院|保健院)"
                              r"|(?<![\u4e00-\u9fff])[一二三四五六七八九]附院")


@dataclass
class Sentence:
    start: int
    end: int
    text: str


def clean_name(name: str) -> str:
    name = name.strip().strip("“”\"'《》「」 ")
    name = re.sub(r"^(?:图为|图中|左为|右为|如图|据|[0-9]+[个名家项])", "", name)
    if "的" in name:
        name = name.rsplit("的", 1)[1]
    changed = True
    while changed:
        changed = False
        for w in T.LEAD_STOP:
            if name.startswith(w) and len(name) > len(w) + 1:
                name, changed = name[len(w):], True
        for a in ("医院", "该院", "本院", "我院", "全院", "院"):
            # 医院急诊科 -> 急诊科: the hospital in front of one of its units.
            if name.startswith(a) and len(name) - len(a) >= 2 and type_of(name[len(a):]) not in (None, "Hospital"):
                name, changed = name[len(a):], True
    return name.strip("“”\"'、，,")


def person_pinyin(name: str) -> tuple[str, str]:
    """张运利 -> ('Zhāng Yùnlì', 'Zhang Yunli'): family name first, as the fact files write it."""
    from pypinyin import Style, pinyin

    from curation.propose.templates import COMPOUND_SURNAMES

    split = 2 if name[:2] in COMPOUND_SURNAMES else 1
    tone = [s[0] for s in pinyin(name, style=Style.TONE)]
    plain = [s[0] for s in pinyin(name, style=Style.NORMAL)]
    return (f"{''.join(tone[:split]).title()} {''.join(tone[split:]).capitalize()}",
            f"{''.join(plain[:split]).title()} {''.join(plain[split:]).capitalize()}")


def without_owner(name: str) -> str:
    """济宁市某某医院信息装备党支部 -> 信息装备党支部: a unit named with its hospital in front."""
    m = HOSPITAL_NAME_RE.match(name)
    if m and len(name) - m.end() >= 2 and type_of(name[m.end():]) not in (None, "Hospital", "Organisation"):
        return name[m.end():]
    return name


def inside_quotes(text: str, at: int) -> bool:
    """Whether offset `at` lies between an opening “ and its closing ”."""
    return text.rfind("“", 0, at) > text.rfind("”", 0, at)


# Between the items of an enumeration: 妇科、产科和儿科.
LIST_SEPARATOR = re.compile(r"[、和及]")


def list_items(text: str, start: int) -> Iterator[tuple[str, int]]:
    """The items of an enumeration and where each begins (`start`: where `text` begins)."""
    for piece in LIST_SEPARATOR.split(text):
        yield piece, start
        start += len(piece) + 1


# A person's name at the end of a clause, and the honorific that may follow it. Optional
# after a name already proposed (院长刘某某); required to propose a new one (庞某某教授).
HONORIFIC = "(?:教授|同志|医生|博士|研究员|主任医师|先生|女士)"
PERSON_TAIL = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{2,4}}?){HONORIFIC}?$")
HONORIFIC_TAIL = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{2,3}}){HONORIFIC}$")


PROVINCE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:省|自治区)(?=[\u4e00-\u9fff]{2,}市)")
# 该中心/该科: the unit of that kind named last.
UNIT_ANAPHORS = {"该中心": ("Centre",), "该科": ("Department",), "该科室": ("Department",), "该部": ("Department",)}


def type_of(name: str) -> str | None:
    if name in T.NOT_UNITS or name.endswith("干部"):
        return None
    for cls, suffixes in T.TYPE_SUFFIXES:
        if name.endswith(suffixes):
            return cls
    return None


def level_of(name: str) -> str | None:
    for rx, level in T.LEVELS:
        if rx.search(name):
            return level
    return None


class Context:
    def __init__(self, article: ArticleText, lexicon: Lexicon, extractor: str):
        self.article = article
        self.text = article.text
        self.lexicon = lexicon
        self.onto = ontology.load()
        self.draft = Draft(article=article.id, extractor=extractor)
        self._by_name: dict[tuple[str, str], ProposedEntity] = {}
        self._by_id: dict[str, ProposedEntity] = {}
        self._facts: dict[tuple, ProposedFact] = {}
        self.sentences = [Sentence(m.start(), m.end(), m.group()) for m in SENTENCE_RE.finditer(self.text)
                          if m.group().strip()]
        self.dates = nlp.times(self.text)
        self.main = self._main_hospital()
        self._committee: ProposedEntity | None = None

    # --- entities ------------------------------------------------------------------------
    def _main_hospital(self) -> ProposedEntity | None:
        """The article's hospital: the first hospital named in the title, else in the text."""
        for source, offset in ((self.article.title, None), (self.text[:400], 0), (self.text, 0)):
            for s, e, surface in self.lexicon.find(source):
                for c in self.lexicon.resolve(surface, {"Hospital"}):
                    return self.entity(surface, "Hospital", (s, e) if offset is not None else None, cand=c)
            for m in HOSPITAL_NAME_RE.finditer(source):
                # A hospital word inside quotation marks is a title (荣获“…示范医院”), not the article's hospital.
                if inside_quotes(source, m.start()) or m.group().startswith(T.GENERIC_HOSPITAL_PREFIXES) \
                        or clean_name(m.group()) in T.HOSPITAL_ANAPHORS:
                    continue
                span = (m.start(), m.end()) if offset is not None else None
                name = clean_name(m.group())
                full = self._expansion(name) if offset is None else None
                if full is not None:
                    # The title's 市一医院 is the text's 九江市第一人民医院: one entity, named in full.
                    ent = self.entity(full[0], "Hospital", full[1])
                    self._by_name[(name, "Hospital")] = ent
                    return ent
                return self.entity(name, "Hospital", span)
        return None

    def _expansion(self, short: str) -> tuple[str, tuple[int, int]] | None:
        """A longer hospital name in the text that spells out a short one (its characters in
        order, the same last character, never the short name itself with words in front), with its span."""
        for m in HOSPITAL_NAME_RE.finditer(self.text):
            name = clean_name(m.group())
            if len(name) <= len(short) or short in name or name[-1] != short[-1] or inside_quotes(self.text, m.start()) \
                    or name.startswith(T.GENERIC_HOSPITAL_PREFIXES) or PROVINCE_PREFIX.sub("", name) == short:
                continue
            chars = iter(name)
            if all(c in chars for c in short):
                return name, (m.end() - len(name), m.end())
        return None

    def committee(self) -> ProposedEntity | None:
        if self._committee is None and self.main is not None:
            self._committee = self.entity(self.main.name_zh + "党委", "PartyCommittee", None)
        return self._committee

    def entity(self, name: str, cls: str, span: tuple[int, int] | None, *, cand=None, kind: str | None = None
               ) -> ProposedEntity:
        """The entity of this name and type: an existing one (linked), or a new proposal."""
        name = name.strip()
        key = (name, cls)
        ent = self._by_name.get(key) or self._same_without_province(name, cls)
        if ent is None:
            owner = self.main.id if getattr(self, "main", None) is not None and self.main.linked else None
            cands = [cand] if cand else self.lexicon.resolve(name, self._compatible(cls), owner=owner)
            if cands:
                c = cands[0]
                ent = self._by_id.get(c.id) or ProposedEntity(c.id, c.type, self.lexicon.entries[c.id].name_zh,
                                                              linked=True, via=f"{c.via}: {name}")
            else:
                prefix = self._prefix(cls)
                n = sum(1 for e in self._by_id.values() if not e.linked) + 1
                # Never an id taken already: drafting again after a save links some entities
                # to the ids the curator saved, which were once this numbering's.
                while (fresh := f"{prefix}-{self.article.id.lower()}-{n:02d}") in self._by_id or \
                        fresh in self.lexicon.entries:
                    n += 1
                ent = ProposedEntity(fresh, cls, name, via="new",
                                     kind=kind or self._kind(name, cls),
                                     level=level_of(name) if cls in ("Honour", "Programme") else None)
                if cls == "Person":
                    ent.pinyin, ent.name_en = person_pinyin(name)
                    slug = f"person-{ent.name_en.lower().replace(' ', '-')}"
                    if slug not in self._by_id and slug not in self.lexicon.entries and slug.isascii():
                        ent.id = slug
            self._by_name[key] = ent
            self._by_id.setdefault(ent.id, ent)
        if span and span not in ent.mentions:
            ent.mentions.append(span)
        return ent

    def _same_without_province(self, name: str, cls: str) -> ProposedEntity | None:
        """湖北省黄石市妇幼保健院 and 黄石市妇幼保健院 are one hospital."""
        if cls not in ("Hospital", "Organisation"):
            return None
        bare = PROVINCE_PREFIX.sub("", name)
        for (other, other_cls), ent in self._by_name.items():
            if other_cls == cls and other != name and PROVINCE_PREFIX.sub("", other) == bare and len(bare) >= 4:
                return ent
        return None

    def _compatible(self, cls: str) -> set[str]:
        if cls in ("Hospital", "Organisation"):
            return {"Hospital", "Organisation"}
        if cls in ("Department", "Centre"):
            return {"Department", "Centre", "Laboratory"}
        return {cls}

    def _prefix(self, cls: str) -> str:
        for c in self.onto.classes.get(cls, [cls]):
            if c in self.onto.id_prefixes:
                return self.onto.id_prefixes[c]
        return "ent"

    @staticmethod
    def _kind(name: str, cls: str) -> str | None:
        if cls == "Department":
            for suffix, kind in T.DEPARTMENT_KINDS:
                if name.endswith(suffix):
                    return kind
        return None

    def resolve_phrase(self, phrase: str, start: int) -> list[ProposedEntity]:
        """The entity (or entities, for a list) a phrase at the end of a clause names."""
        p = phrase
        for w in T.TRAIL_STOP:
            if p.endswith(w):
                p = p[: -len(w)]
        p = p.rstrip("，、 ")
        if not p:
            return []
        if p.endswith(T.COMMITTEE_ANAPHORS) and (p in T.COMMITTEE_ANAPHORS or p.endswith(T.COMMITTEE_ANAPHORS[:3])):
            c = self.committee()
            return [c] if c else []
        tail = re.search(r"[^，。；：！？,;:\s]+$", p)
        if not tail:
            return []
        chunk = tail.group()
        if chunk.endswith(T.HOSPITAL_ANAPHORS) and clean_name(chunk) in T.HOSPITAL_ANAPHORS:
            return [self.main] if self.main else []
        anaphor = next((a for a in UNIT_ANAPHORS if chunk.endswith(a)), None)
        if anaphor:
            return self._antecedent(UNIT_ANAPHORS[anaphor][0], start + tail.start())
        person = self._person_at_end(chunk, start + tail.start())
        if person is not None:
            return [person]
        brand = re.search(r"“([^”]{2,20})”(?:党建|服务|特色)?品牌$", chunk) or re.fullmatch(r"“([^”]{2,30})”", chunk)
        if brand:
            return [self.entity(brand.group(1), "Brand", (start + tail.start(), start + len(p)))]
        out = []
        items = re.split(r"[、和及与]", chunk)
        offset = start + tail.start()
        for item in items:
            name = clean_name(item)
            cls = type_of(name)
            known = [c for s, e, c in self.lexicon.find(name) if s == 0 and e == len(name)]
            if cls or known:
                if name in T.HOSPITAL_ANAPHORS:
                    out.append(self.main)
                else:
                    out.append(self.entity(name, cls or self.lexicon.entries[self.lexicon.by_surface[known[0]][0]].type,
                                           (offset, offset + len(item))))
            offset += len(item) + 1
        if len(out) != len(items):
            # A list with a piece that is no entity is not a list of subjects: take the last piece only.
            out = out[-1:] if out and len(items) > 1 and out[-1] is not None else out
        return [e for e in out if e is not None]

    def _antecedent(self, cls: str, before: int) -> list[ProposedEntity]:
        """The unit of this class named last before an anaphor (该中心 -> 卒中中心)."""
        suffix = "中心" if cls == "Centre" else "科"
        best = None
        for m in re.finditer(rf"[\u4e00-\u9fff]{{2,8}}?{suffix}(?![\u4e00-\u9fff]{{0,1}}{suffix})", self.text[:before]):
            name = clean_name(m.group())
            if type_of(name) == cls and not name.startswith("该") and not inside_quotes(self.text, m.start()):
                best = (name, m.start() + len(m.group()) - len(name), m.end())
        if best is None:
            return []
        return [self.entity(best[0], cls, (best[1], best[2]))]

    def _person_at_end(self, chunk: str, offset: int) -> ProposedEntity | None:
        """院长刘某某 / 刘某某教授 at the end of a clause: a person proposed earlier in the
        article (by a position), named last, is who the clause is about."""
        m = PERSON_TAIL.search(chunk)
        if not m:
            return None
        for ent in self._by_id.values():
            if ent.type == "Person" and ent.name_zh and m.group("name").endswith(ent.name_zh):
                at = offset + m.end("name") - len(ent.name_zh)
                return self.entity(ent.name_zh, "Person", (at, at + len(ent.name_zh)))
        # Not proposed yet, but named with an honorific: 庞某某教授, 李某同志.
        h = HONORIFIC_TAIL.search(chunk)
        if h and (h.group("name")[0] in T.SURNAMES or h.group("name")[:2] in T.COMPOUND_SURNAMES):
            at = offset + h.start("name")
            return self.entity(h.group("name"), "Person", (at, at + len(h.group("name"))))
        return None

    # --- facts ---------------------------------------------------------------------------
    def fact(self, subject: ProposedEntity | None, predicate: str, obj, span: tuple[int, int], confidence: float,
             rule: str, **qualifiers) -> ProposedFact | None:
        if subject is None or obj is None:
            return None
        if isinstance(obj, ProposedEntity) and obj.id == subject.id:
            return None
        s, e = span
        quote = self.text[s:e]
        if not quote.strip() or "\n" in quote:
            return None
        pred = self.onto.predicates[predicate]
        obj_value = obj.id if isinstance(obj, ProposedEntity) else obj
        if not pred.literal_object and isinstance(obj, ProposedEntity):
            if pred.range and not any(self.onto.is_a(obj.type, r) for r in pred.range):
                return None
        if pred.domain and not any(self.onto.is_a(subject.type, d) for d in pred.domain):
            return None
        quals = {k: v for k, v in qualifiers.items() if v not in (None, "")}
        key = (subject.id, predicate, str(obj_value), quals.get("role"), quals.get("metric"))
        old = self._facts.get(key)
        if old is not None and old.confidence >= confidence:
            return old
        f = ProposedFact(id="", subject=subject.id, predicate=predicate, object=obj_value, quote=quote,
                         start=s, end=e, confidence=confidence, rule=rule, qualifiers=quals)
        self._facts[key] = f
        return f

    def date_in(self, sentence: Sentence, before: int | None = None) -> dict:
        """The year or date a sentence states (the last one before `before`), as qualifiers."""
        best = None
        for s, e, value in self.dates:
            if sentence.start <= s < sentence.end and (before is None or s < before):
                best = value
        if best is None:
            return {}
        return {"year": int(best)} if len(best) == 4 else {"date": best}

    def finish(self) -> Draft:
        facts = sorted(self._facts.values(), key=lambda f: (f.start, f.predicate))
        used = {f.subject for f in facts} | {str(f.object) for f in facts} | \
               {f.qualifiers.get("conferrer") for f in facts}
        for i, f in enumerate(facts, 1):
            f.id = f"{self.article.id}-P{i:03d}"
        self.draft.facts = facts
        self.draft.entities = [e for e in self._by_id.values() if e.id in used]
        return self.draft
