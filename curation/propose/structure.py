"""Positions (党委书记/院长/主任 + name), units (设有/下设/成立 + units, 医院X科), Party
committee and branches, brands, campuses, partnerships (与…签约/合作/结对), memberships
(…联盟成员单位, 牵头成立…联盟), place and affiliation of the article's hospital."""

from __future__ import annotations

import re

from curation.propose import nlp
from curation.propose import templates as T
from curation.propose.context import (LIST_SEPARATOR, Context, Sentence, clean_name, inside_quotes, list_items,
                                      type_of, without_owner)

_ROLES = "|".join(re.escape(r) for r, _ in sorted(T.ROLES, key=lambda x: -len(x[0])))
ROLE_CHAIN = re.compile(rf"(?P<chain>(?:{T.NAME_CH}{{0,20}}?(?:{_ROLES})、)*{T.NAME_CH}{{0,20}}?(?:{_ROLES}))"
                        r"(?P<person>[\u4e00-\u9fff]{2,4})")
ROLE_SEG = re.compile(rf"(?P<org>{T.NAME_CH}{{0,20}}?)(?P<role>{_ROLES})$")
UNIT_NAME = re.compile(rf"{T.NAME_CH}{{1,18}}?(?:亚专科|门急诊|门诊|病房|病区|实验室|服务队|先锋队|团队|小组|院区|中心|科)$")
_UNIT_VERBS = "|".join(sorted(T.UNIT_VERBS, key=len, reverse=True))
UNIT_LIST = re.compile(rf"(?P<verb>{_UNIT_VERBS})了?(?P<list>[^，。；！？\n]{{2,80}})")
HOSPITAL_UNIT = re.compile(rf"(?:医院|该院|本院|我院)(?P<unit>{T.NAME_CH}{{2,16}}?(?:科|门诊|中心|实验室|服务队|团队|病房))"
                           r"(?=[，、。；和及与的在为是]|党|$)")
BRANCH = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,8}党支部)")
BRANDS = re.compile(r"(?P<list>(?:“[^”]{2,20}”[、和]?)+)(?:等)?(?:特色)?(?:党建|服务)?品牌")
CAMPUS = re.compile(r"(?<![\u4e00-\u9fff])(?P<name>[\u4e00-\u9fff]{1,4}院区)|(?<=[、，])(?P<name2>[\u4e00-\u9fff]{1,4}院区)")
PARTNER = re.compile(rf"与(?P<list>[^，。；！？\n]{{2,90}}?)(?:等)?(?:{'|'.join(T.PARTNER_VERBS)})(?P<what>[^，。；！？\n]{{0,24}})")
JOINT = re.compile(r"联合(?P<org>[\u4e00-\u9fff]{2,20}?)(?:开设|成立|建立|共建)")
MEMBER = re.compile(rf"(?P<alliance>[^，。；！？、\n“”]{{2,30}}?(?:联盟|医联体|协会|学会|分会|共同体))的?(?P<role>{'|'.join(T.MEMBER_ROLES)})")
LEADS = re.compile(r"牵头(?:成立|组建|创建)了?(?:全市首家|全省首家|首家)?“?(?P<alliance>[^，。；！？“”\n]{2,24}?(?:联盟|医联体|共同体))”?")
HOSPITAL_AFTER = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:医院|保健院)")
AFFILIATED = re.compile(r"(?P<org>[\u4e00-\u9fff]{2,16}?(?:大学|医学院|学院))附属")


def _person(ctx: Context, sent: Sentence, at: int) -> str | None:
    """A person's name starting at sentence offset `at`: jieba's nr word, else a family
    name followed by one or two given-name characters."""
    rest = sent.text[at:at + 6]
    # 院长荣获… : jieba may tag 荣获 as a name (荣 is a family name); a recognition verb never is one.
    if rest.startswith(T.RECOGNITION_VERBS):
        return None
    words = nlp.segmenter().tag(sent.text)
    for w, flag, s in words:
        if s == at and flag.startswith("nr") and 2 <= len(w) <= 4:
            return w
        # 院长荣获… / 院长带领…: a verb right after the title is no name (荣, 带 are also family names).
        if s == at and flag.startswith("v") and len(w) >= 2:
            return None
    if rest[:2] in T.COMPOUND_SURNAMES:
        n = 2
    elif rest[:1] in T.SURNAMES:
        n = 1
    else:
        return None
    given = ""
    for ch in rest[n:n + 2]:
        if ch in T.NAME_BREAK or not ("\u4e00" <= ch <= "\u9fff"):
            break
        given += ch
    return rest[:n] + given if given else None


def roles(ctx: Context) -> None:
    for sent in ctx.sentences:
        for m in ROLE_CHAIN.finditer(sent.text):
            person = _person(ctx, sent, m.start("person"))
            if not person:
                continue
            span = (sent.start + m.start(), sent.start + m.start("person") + len(person))
            p = ctx.entity(person, "Person", (sent.start + m.start("person"), span[1]))
            org = None
            for seg in m.group("chain").split("、"):
                sm = ROLE_SEG.search(seg)
                if not sm:
                    continue
                role, org_text = sm.group("role"), without_owner(clean_name(sm.group("org")))
                org = _role_org(ctx, org_text, role, org)
                if org is None:
                    continue
                full = ("党委书记" if role == "书记" and org.type == "PartyCommittee" else
                        "党支部书记" if role in ("书记", "支部书记") and org.type == "PartyBranch" else role)
                ctx.fact(p, "holdsPosition", org, span, 0.75, "position", role=full, role_en=T.ROLE_EN.get(full))


def _role_org(ctx: Context, org_text: str, role: str, previous):
    holder = dict(T.ROLES)[role]
    if org_text in ("", *T.HOSPITAL_ANAPHORS, "该院", "市"):
        base = previous if previous is not None and org_text == "" else ctx.main
    elif org_text in T.COMMITTEE_ANAPHORS:
        base = ctx.committee()
    else:
        embed = T.ROLE_EMBEDS.get(role)
        if embed and not org_text.endswith(embed) and type_of(org_text) not in ("Hospital", "Organisation"):
            org_text = without_owner(org_text + embed)
        cls = type_of(org_text)
        if cls is None:
            return None
        base = ctx.entity(org_text, cls, None)
    if base is None:
        return None
    if holder == "PartyCommittee" and base.type == "Hospital":
        return ctx.committee() if base is ctx.main else ctx.entity(base.name_zh + "党委", "PartyCommittee", None)
    if holder == "Hospital" and base.type == "PartyCommittee":
        return ctx.main
    if holder == "Unit" and base.type in ("Hospital", "PartyCommittee"):
        return None
    return base


def units(ctx: Context) -> None:
    main = ctx.main
    if main is None:
        return
    for sent in ctx.sentences:
        t = sent.text
        for m in UNIT_LIST.finditer(t):
            lst = re.split(r"等|，", m.group("list"))[0]
            for piece, s in list_items(lst, sent.start + m.start("list")):
                name = clean_name(piece)
                um = UNIT_NAME.search(name)
                if um and um.group() == name and type_of(name) not in ("Hospital", "Organisation", "Alliance"):
                    u = ctx.entity(name, type_of(name) or "Department", (s, s + len(piece)))
                    ctx.fact(main, _unit_predicate(u.type), u, (sent.start + m.start(), sent.start + m.start("list") + len(lst)),
                             0.6, "units-listed")
        for m in HOSPITAL_UNIT.finditer(t):
            name = clean_name(m.group("unit"))
            if type_of(name) in ("Hospital", "Organisation", "Alliance"):
                continue
            span = (sent.start + m.start(), sent.start + m.end())
            u = ctx.entity(name, type_of(name) or "Department", (sent.start + m.start("unit"), span[1]))
            ctx.fact(main, _unit_predicate(u.type), u, span, 0.6, "unit-of-hospital")
        for m in BRANCH.finditer(t):
            name = clean_name(m.group("name"))
            # 3个基层党支部 counts branches; “红旗型党支部”称号 is a title: neither names a branch.
            if name.startswith(("各", "个", "党支部", "基层", "每个", "所有")) or len(name) < 4 \
                    or inside_quotes(t, m.start()):
                continue
            span = (sent.start + m.start(), sent.start + m.end())
            ctx.fact(ctx.committee(), "hasPartyBranch", ctx.entity(name, "PartyBranch", span), span, 0.6, "party-branch")
        full = main.name_zh + "党委"
        if full in t:
            i = t.find(full)
            ctx.fact(main, "hasPartyCommittee", ctx.committee(), (sent.start + i, sent.start + i + len(full)), 0.75,
                     "party-committee")
        elif any(a in t for a in T.COMMITTEE_ANAPHORS):
            i = min(t.find(a) for a in T.COMMITTEE_ANAPHORS if a in t)
            span = (sent.start + i, sent.start + t.find("党委", i) + 2)
            ctx.fact(main, "hasPartyCommittee", ctx.committee(), span, 0.6, "party-committee")
        for m in BRANDS.finditer(t):
            for q in re.findall(r"“([^”]{2,20})”", m.group("list")):
                span = (sent.start + m.start(), sent.start + m.end())
                ctx.fact(main, "hasBrand", ctx.entity(q, "Brand", span), span, 0.6, "brand")
        for m in CAMPUS.finditer(t):
            name = m.group("name") or m.group("name2")
            if name and name not in ("院区", "各院区", "两院区", "新院区"):
                span = (sent.start + m.start(), sent.start + m.end())
                ctx.fact(main, "hasCampus", ctx.entity(name, "Campus", span), span, 0.55, "campus")


def _unit_predicate(cls: str) -> str:
    return "hasCampus" if cls == "Campus" else "hasPartyBranch" if cls == "PartyBranch" else "hasUnit"


def _organisations(ctx: Context, text: str, start: int):
    out = []
    for piece, s in list_items(text, start):
        name = clean_name(re.sub(r"^(上海|北京|天津|重庆)(?=[\u4e00-\u9fff]{2,}(?:大学|医院))", "", piece))
        cls = type_of(name)
        if cls in ("Hospital", "Organisation"):
            out.append(ctx.entity(name, cls, (s, s + len(piece))))
    return out


def partnerships(ctx: Context) -> None:
    main = ctx.main
    if main is None:
        return
    for sent in ctx.sentences:
        t = sent.text
        for m in PARTNER.finditer(t):
            clause = t[max(t.rfind("，", 0, m.start()), 0):m.end()]
            kind = next((k for w, k in T.PARTNER_KINDS if w in clause), "other")
            span = (sent.start + m.start(), sent.start + m.end())
            quals = {"kind": kind, **ctx.date_in(sent, span[1])}
            for org in _organisations(ctx, m.group("list"), sent.start + m.start("list")):
                ctx.fact(main, "partnersWith", org, span, 0.6, "partnership", **quals)
        for m in JOINT.finditer(t):
            for org in _organisations(ctx, m.group("org"), sent.start + m.start("org")):
                span = (sent.start + m.start(), sent.start + m.end())
                ctx.fact(main, "partnersWith", org, span, 0.55, "joint-clinic", kind="joint_clinic")
        for m in re.finditer(r"对(?P<list>[^，。；！？\n]{2,80}?)等?的?(?:年度)?(?:对口支援|帮扶|结对)", t):
            span = (sent.start + m.start(), sent.start + m.end())
            for org in _organisations(ctx, m.group("list"), sent.start + m.start("list")):
                ctx.fact(main, "partnersWith", org, span, 0.55, "paired-support", kind="paired_support")
        for m in MEMBER.finditer(t):
            name = clean_name(m.group("alliance"))
            cls = "Alliance" if type_of(name) == "Alliance" else "Organisation"
            span = (sent.start + m.start(), sent.start + m.end())
            ctx.fact(main, "memberOf", ctx.entity(name, cls, span), span, 0.65, "membership", role=m.group("role"))
        for m in LEADS.finditer(t):
            name = clean_name(m.group("alliance"))
            span = (sent.start + m.start(), sent.start + m.end())
            ctx.fact(main, "memberOf", ctx.entity(name, "Alliance", span), span, 0.6, "leads-alliance", role="牵头单位")
        for m in AFFILIATED.finditer(t):
            # X大学附属Y医院 makes Y, not the article's hospital, X's affiliate unless Y is it.
            named = HOSPITAL_AFTER.match(t, m.end())
            if named and not (main.name_zh.endswith(named.group()) or named.group() in T.HOSPITAL_ANAPHORS):
                continue
            span = (sent.start + m.start(), sent.start + m.end())
            ctx.fact(main, "affiliatedWith", ctx.entity(clean_name(m.group("org")), "Organisation", span), span, 0.55,
                     "affiliation")


def place(ctx: Context) -> None:
    """A hospital or organisation is located in the place its name starts with, when the
    graph knows that place (济南市妇幼保健院 -> 济南市; 北京安贞医院 -> 北京市)."""
    for ent in list(ctx._by_id.values()):
        if ent.type not in ("Hospital", "Organisation") or ent.linked:
            continue
        i = ctx.text.find(ent.name_zh)
        if i < 0:
            continue
        # The longest place name the entity's name starts with.
        best = None
        for n in range(min(7, len(ent.name_zh) - 1), 1, -1):
            prefix = ent.name_zh[:n]
            if prefix.endswith(("省", "市", "区", "县")):
                cands = ctx.lexicon.resolve(prefix, {"Place"})
            elif n == 2:
                cands = ctx.lexicon.resolve(prefix + "市", {"Place"})
            else:
                continue
            if cands:
                best = (prefix, cands[0])
                break
        if best:
            place_ent = ctx.entity(best[0], "Place", None, cand=best[1])
            ctx.fact(ent, "locatedIn", place_ent, (i, i + len(ent.name_zh)), 0.55, "place-in-name")


def words(ctx: Context, sent: Sentence):
    return nlp.segmenter().tag(sent.text)


_UNIT_SUFFIX = r"(?:亚专科|门急诊|门诊|病房|病区|实验室|服务队|先锋队|团队|小组|中心|保健部|科)"
ENUMERATION = re.compile(rf"(?P<list>(?:[\u4e00-\u9fffA-Za-z0-9]{{1,14}}?{_UNIT_SUFFIX}[、和及]){{1,12}}"
                         rf"[\u4e00-\u9fffA-Za-z0-9]{{1,14}}?{_UNIT_SUFFIX})(?![\u4e00-\u9fff]{{0,1}}(?:医院|联盟))")
COUNTED = re.compile(r"(?P<list>(?:[\u4e00-\u9fff]{2,12}、)+[\u4e00-\u9fff]{2,12}?)(?:[和及][\u4e00-\u9fff]{2,12}?)?等?"
                     r"(?:[0-9]+|[一二三四五六七八九十]+)大(?P<what>[\u4e00-\u9fff]{0,8}?(?P<head>亚专科|专科|门诊|中心|学科))")
QUOTED_UNIT = re.compile(rf"(?:{'|'.join(T.UNIT_SETUP_VERBS)})了?[^，。；“”]{{0,6}}“(?P<name>[^”]{{2,24}}?{_UNIT_SUFFIX})”")
_BRAND = re.compile(rf"(?:{'|'.join(T.BRAND_VERBS)})了?[^，。；“”]{{0,8}}“(?P<name>[^”]{{2,16}})”"
                    rf"(?P<tail>{'|'.join(T.BRAND_TAILS)})")


def more_units(ctx: Context) -> None:
    """Units named in enumerations (妇科、产科、新生儿科), counted lists (…等三大特色门诊),
    quoted units set up by the hospital (设立“…中心”), and brands it built (打造“…”平台)."""
    main = ctx.main
    if main is None:
        return
    for sent in ctx.sentences:
        t = sent.text
        for m in ENUMERATION.finditer(t):
            for piece, s in list_items(m.group("list"), sent.start + m.start("list")):
                name = clean_name(piece)
                cls = type_of(name)
                if cls in ("Department", "Centre", "Laboratory", "Team") and len(name) >= 2:
                    ctx.fact(main, "hasUnit", ctx.entity(name, cls, (s, s + len(piece))),
                             (sent.start + m.start(), sent.start + m.end()), 0.5, "units-enumerated")
        for m in COUNTED.finditer(t):
            head = m.group("head")
            span = (sent.start + m.start(), sent.start + m.end())
            for piece in LIST_SEPARATOR.split(m.group("list")):
                name = clean_name(piece)
                if not name or len(name) < 2:
                    continue
                full = name if type_of(name) else name + head
                cls = type_of(full) or "Department"
                if cls in ("Department", "Centre"):
                    ctx.fact(main, "hasUnit", ctx.entity(full, cls, None), span, 0.45, "units-counted")
        for m in QUOTED_UNIT.finditer(t):
            name = clean_name(m.group("name"))
            cls = type_of(name)
            if cls in ("Department", "Centre", "Laboratory", "Team"):
                span = (sent.start + m.start(), sent.start + m.end())
                ctx.fact(main, "hasUnit", ctx.entity(name, cls, span), span, 0.5, "unit-quoted")
        for m in _BRAND.finditer(t):
            span = (sent.start + m.start(), sent.start + m.end())
            ctx.fact(main, "hasBrand", ctx.entity(m.group("name"), "Brand", span), span, 0.45, "brand-built")
