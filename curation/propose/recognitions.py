"""Honours (awarded) and designations (designatedAs): 荣获/获评/被评为/被授予/入选…称号/奖,
成为…单位/基地/中心, 通过…认证, X和Y是…重点专科, 三级甲等."""

from __future__ import annotations

import re

from curation.propose import templates as T
from curation.propose.context import LIST_SEPARATOR, Context, Sentence, clean_name, level_of, type_of

_VERBS = "|".join(sorted(T.RECOGNITION_VERBS, key=len, reverse=True))
QUOTED = re.compile(rf"(?P<verb>{_VERBS})了?(?P<pre>[^“”，。；！？\n]{{0,24}}?)“(?P<q>[^”]{{2,40}})”"
                    r"(?P<post>荣誉称号|称号|荣誉|[一二三四五六七八九十]等奖|奖|等次|[一二三四五六七八九十]等等次)?")
UNQUOTED = re.compile(rf"(?P<verb>{_VERBS})了?(?P<obj>{T.NAME_CH}{{3,40}})")
COPULA = re.compile(rf"(?P<items>{T.NAME_CH}{{2,30}}(?:[、和及]{T.NAME_CH}{{2,30}})*)(?:均|都|分别)?"
                    rf"(?:是|(?<![作成认称视])为|被评为|获评)"
                    rf"(?P<obj>{T.NAME_CH}{{4,36}})")
CERTIFIED = re.compile(rf"通过了?(?P<body>{T.NAME_CH}{{2,30}}?)(?P<what>{T.NAME_CH}{{0,12}})认证")
APPROVED = re.compile(rf"(?P<obj>{T.NAME_CH}{{4,40}})(?:成功)?获批")
CONTINUED = re.compile(rf"[，、和及](?P<obj>{T.NAME_CH}{{4,40}})")
QUOTED_BASE = re.compile(rf"(?:{'|'.join(T.UNIT_SETUP_VERBS)})了?“(?P<obj>[^”]{{4,40}}?(?:基地|平台|示范区))”")
PERSON_TITLE = re.compile(r"“(?P<obj>[^”]{2,20})”(?:得主)?(?P<person>[\u4e00-\u9fff]{2,3})(?=[，、。；和及等（(]|$)")


# A programme's name never holds a verb of the sentence around it (…通过中国胸痛中心, …到会参加…中心).
NOT_A_NAME = re.compile(rf"{_VERBS}|通过|参加|参与|到会|出席|举行|是对|帮助")
HONOUR_WORDS = re.compile(r"(优秀|先进|十佳|十大|最美|最佳|模范|标兵)")


def head_kind(name: str, quoted: bool) -> str | None:
    """'honour' / 'designation' by what the name ends with; None: not a recognition."""
    if HONOUR_WORDS.search(name) and name.endswith(("团队", "集体", "单位", "个人", "科室", "医院", "组织")):
        return "honour"
    for h in T.HONOUR_HEADS:
        if name.endswith(h):
            return "honour"
    for h in T.DESIGNATION_HEADS:
        if name.endswith(h):
            return "designation"
    return "honour" if quoted else None


def trim_to_head(obj: str) -> str | None:
    """The longest prefix of `obj` that ends with a recognition head."""
    best = None
    for heads in (T.HONOUR_HEADS, T.DESIGNATION_HEADS):
        for h in heads:
            i = obj.rfind(h)
            if i >= 0 and (best is None or i + len(h) > len(best)):
                best = obj[: i + len(h)]
    return best


def _conferrer(ctx: Context, sent: Sentence, verb_at: int):
    """被 X 评为: the organisation X between 被 and the verb."""
    before = sent.text[:verb_at]
    m = re.search(r"被([^，。；“”被]{2,24})$", before)
    if not m:
        return None, verb_at
    name = clean_name(m.group(1))
    cls = type_of(name)
    if cls not in ("Organisation", "Hospital", "Alliance"):
        cands = ctx.lexicon.resolve(name, {"Organisation"})
        if not cands:
            return None, m.start()
        cls = "Organisation"
    return ctx.entity(name, "Organisation" if cls != "Alliance" else cls, (sent.start + m.start(1), sent.start + m.end(1))), m.start()


def _subjects(ctx: Context, sent: Sentence, upto: int):
    clause_start = max(sent.text.rfind(c, 0, upto) for c in "，；：,;:") + 1
    subjects = ctx.resolve_phrase(sent.text[clause_start:upto], sent.start + clause_start)
    if subjects:
        return subjects, 0.0
    # No subject in the clause: the sentence's own subject, else the article's hospital.
    first = ctx.resolve_phrase(sent.text[:max(clause_start - 1, 0)], sent.start) if clause_start else []
    return (first[:1] or ([ctx.main] if ctx.main else [])), 0.15


def _record(ctx: Context, sent: Sentence, m: re.Match, name: str, kind: str, rule: str, conf: float,
            extra: dict | None = None) -> None:
    conferrer, subj_upto = _conferrer(ctx, sent, m.start("verb")) if "verb" in m.groupdict() else (None, m.start())
    subjects, penalty = _subjects(ctx, sent, subj_upto)
    if kind == "honour" and name.endswith(T.PERSONAL_HONOUR_HEADS):
        subjects = [s for s in subjects if s.type == "Person"]
    if not subjects:
        return
    batch = T.BATCH_RE.search(sent.text[max(0, m.start() - 6):m.end()])
    quals = {**ctx.date_in(sent, sent.start + m.end()), "conferrer": conferrer.id if conferrer else None,
             "level": level_of(name), "note": batch.group() if batch else None, **(extra or {})}
    cls, pred = ("Honour", "awarded") if kind == "honour" else ("Programme", "designatedAs")
    obj = ctx.entity(name, cls, (sent.start + m.start(), sent.start + m.end()))
    start = min([sent.start + m.start()] + [s.mentions[-1][0] for s in subjects if s.mentions
                                             and s.mentions[-1][0] >= sent.start])
    for s in subjects:
        ctx.fact(s, pred, obj, (start, sent.start + m.end()), conf - penalty, rule, **quals)


def extract(ctx: Context) -> None:
    for sent in ctx.sentences:
        t = sent.text
        taken: list[tuple[int, int]] = []
        for m in QUOTED.finditer(t):
            pre = re.sub(r"(?:19|20)[0-9]{2}年度?|[0-9]{4}|" + T.BATCH_RE.pattern, "", m.group("pre"))
            # 成为全市荣获“…”: only what follows the last recognition verb belongs to the name, and
            # that verb is the one that says what kind of recognition it is.
            verbs_in_pre = re.findall(_VERBS, pre)
            verb = verbs_in_pre[-1] if verbs_in_pre else m.group("verb")
            pre = re.split(_VERBS, pre)[-1] if pre else ""
            pre = clean_name(pre) if pre else ""
            q, post = m.group("q"), m.group("post") or ""
            year_in = re.match(r"((?:19|20)[0-9]{2})年度?", q)
            if year_in:
                q = q[year_in.end():]
            rank = T.RANK_RE.search(post)
            name = (pre + q + ("奖" if rank else post if post.endswith("奖") else "")).strip()
            kind = head_kind(q + post, quoted=verb in T.HONOUR_VERBS)
            honour_verb = verb in T.HONOUR_VERBS
            if kind is None or (type_of(q) in ("Hospital", "Organisation", "Alliance") and not post and not honour_verb):
                continue
            _record(ctx, sent, m, name, kind, "recognition-quoted", 0.8,
                    {"rank": rank.group(1) if rank else None, "year": int(year_in.group(1)) if year_in else None})
            taken.append(m.span())
        for m in UNQUOTED.finditer(t):
            if any(a <= m.start() < b for a, b in taken) or t[m.end("verb"):].startswith(("“", "了“")):
                continue
            obj = trim_to_head(re.sub(r"^(?:(?:19|20)[0-9]{2}年度?|" + T.BATCH_RE.pattern + ")", "", m.group("obj")))
            if not obj or len(obj) < 4 or T.COUNTED_AFTER_RE.match(m.group("obj")):
                continue   # 获4项…项目: grants counted, a figure rather than a recognition
            rank = T.RANK_RE.search(obj)
            name = obj[: rank.start()] + "奖" if rank else obj
            kind = head_kind(obj, quoted=False)
            if kind is None or type_of(name) in ("Hospital", "Organisation"):
                continue
            _record(ctx, sent, m, clean_name(name), kind, "recognition", 0.65, {"rank": rank.group(1) if rank else None})
            taken.append(m.span())
            # 确定为A，B和C: each further name with a head is the same kind of recognition.
            pos = m.start("obj") + len(obj)
            while (more := CONTINUED.match(t, pos)) and (nxt := trim_to_head(more.group("obj"))) \
                    and head_kind(nxt, False) == kind:
                end = more.start("obj") + len(nxt)
                first = next((f for f in ctx._facts.values() if f.end == sent.start + m.end() and f.rule == "recognition"), None)
                if first is not None:
                    cls = "Programme" if kind == "designation" else "Honour"
                    obj_ent = ctx.entity(clean_name(nxt), cls, (sent.start + more.start("obj"), sent.start + end))
                    subj = next(e for e in ctx._by_id.values() if e.id == first.subject)
                    ctx.fact(subj, first.predicate, obj_ent, (first.start, sent.start + end), 0.55, "recognition-list",
                             **{k: v for k, v in first.qualifiers.items() if k in ("conferrer", "year", "date")},
                             level=level_of(nxt))
                taken.append((more.start(), end))
                pos = end
        for m in COPULA.finditer(t):
            obj = trim_to_head(m.group("obj")) or (m.group("obj") if head_kind(m.group("obj"), False) else None)
            kind = head_kind(obj, False) if obj else None
            if not kind or any(a <= m.start("obj") < b for a, b in taken):
                continue
            # X是对Y的肯定: 对/由/在 open a phrase about Y, not the name of what X is.
            if obj.startswith(("对", "由", "在", "从", "向")) or NOT_A_NAME.search(obj):
                continue
            obj = re.sub(T.BATCH_RE.pattern, "", obj)
            items = [clean_name(i) for i in LIST_SEPARATOR.split(m.group("items"))]
            if T.FIRST_OF_KIND_RE.search(obj) or T.NOT_A_RECOGNITION_RE.search(obj) and \
                    not any(i in T.HOSPITAL_ANAPHORS for i in items):
                continue
            clause_start = max(t.rfind(c, 0, m.start()) for c in "，；：,;:") + 1
            if t[clause_start:m.start("items")].strip():
                # The list must open its clause: "…，产科和妇科是…".
                items_text = t[clause_start:m.start("obj")]
                if not items_text:
                    continue
            owners = []
            for item in items:
                if item in T.HOSPITAL_ANAPHORS and ctx.main:
                    owners.append(ctx.main)
                elif type_of(item) in ("Department", "Centre", "Laboratory", "Team") or len(item) >= 4:
                    cls = type_of(item) or "Department"
                    owners.append(ctx.entity(item, cls, None))
            span = (sent.start + m.start(), sent.start + m.start("obj") + len(obj))
            pred, cls = ("designatedAs", "Programme") if kind == "designation" else ("awarded", "Honour")
            prog = ctx.entity(obj, cls, span)
            for o in owners:
                ctx.fact(o, pred, prog, span, 0.6, "recognition-copula", level=level_of(obj))
                if o is not ctx.main and ctx.main:
                    ctx.fact(ctx.main, "hasUnit", o, span, 0.55, "unit-of-designation")
            taken.append(m.span())
        for m in CERTIFIED.finditer(t):
            whole = clean_name(m.group("body") + m.group("what"))
            # The certifying body is the longest front part that names an organisation.
            cut = next((i for i in range(len(whole), 1, -1) if type_of(whole[:i]) in ("Organisation", "Alliance")),
                       len(whole))
            body = whole[:cut]
            name = whole + "认证"
            conferrer = ctx.entity(body, "Organisation", None) if type_of(body) in ("Organisation", "Alliance") else None
            subjects, penalty = _subjects(ctx, sent, m.start())
            prog = ctx.entity(name, "Programme", (sent.start + m.start(), sent.start + m.end()))
            start = min([sent.start + m.start()] + [s.mentions[-1][0] for s in subjects if s.mentions
                                                     and s.mentions[-1][0] >= sent.start])
            for s in subjects:
                ctx.fact(s, "designatedAs", prog, (start, sent.start + m.end()), 0.7 - penalty, "certification",
                         conferrer=conferrer.id if conferrer else None, level=level_of(body))
        for m in APPROVED.finditer(t):
            clause_start = max(t.rfind(c, 0, m.start()) for c in "，；：,;:") + 1
            obj = clean_name(t[clause_start:m.end("obj")])
            if len(obj) < 4 or any(a <= m.start("obj") < b for a, b in taken) or not trim_to_head(obj) \
                    or T.NOT_A_RECOGNITION_RE.search(obj):
                continue   # 医院还成功获批: what was approved is named after the verb, or not at all
            span = (sent.start + clause_start, sent.start + m.end())
            if ctx.main:
                ctx.fact(ctx.main, "designatedAs", ctx.entity(obj, "Programme", span), span, 0.5, "approval",
                         level=level_of(obj), **ctx.date_in(sent, span[1]))
        for m in QUOTED_BASE.finditer(t):
            span = (sent.start + m.start(), sent.start + m.end())
            if ctx.main:
                ctx.fact(ctx.main, "designatedAs", ctx.entity(m.group("obj"), "Programme", span), span, 0.45,
                         "base-set-up", level=level_of(m.group("obj")))
        for m in PERSON_TITLE.finditer(t):
            person = m.group("person")
            if person[0] not in T.SURNAMES:
                continue
            span = (sent.start + m.start(), sent.start + m.end())
            p = ctx.entity(person, "Person", (sent.start + m.start("person"), span[1]))
            h = ctx.entity(m.group("obj"), "Honour", span)
            ctx.fact(p, "awarded", h, span, 0.7, "person-title", level=level_of(m.group("obj")))
        for m in T.HOSPITAL_GRADE_RE.finditer(t):
            if ctx.main:
                span = (sent.start + m.start(), sent.start + m.end())
                ctx.fact(ctx.main, "designatedAs", ctx.entity("三级甲等", "Programme", span), span, 0.5,
                         "hospital-grade")


LEVELLED = re.compile(rf"(?<![\u4e00-\u9fff])(?P<obj>{T.LEVEL_PREFIX}[\u4e00-\u9fffA-Za-z0-9（）()]{{2,28}}?"
                      rf"(?:{'|'.join(sorted(T.DESIGNATION_HEADS, key=len, reverse=True))}))"
                      r"(?![\u4e00-\u9fff]{0,2}(?:建设|评审|验收|申报|创建))")
AS_UNIT = re.compile(rf"(?P<unit>{T.NAME_CH}{{2,12}}?)作为(?P<obj>{T.NAME_CH}{{4,30}})|"
                     rf"作为(?P<obj2>{T.NAME_CH}{{4,30}})，(?:该院|医院|本院)?(?P<unit2>{T.NAME_CH}{{2,10}}?(?:科|中心))")


def levelled(ctx: Context) -> None:
    """Designations named with their level (国家级…基地, 山东省…重点专科) wherever the text
    lists them, held by the unit just before them (X作为Y) or else by the hospital."""
    taken = {(f.start, f.end) for f in ctx._facts.values() if f.predicate in ("designatedAs", "awarded")}
    for sent in ctx.sentences:
        t = sent.text
        for m in AS_UNIT.finditer(t):
            unit, obj = (m.group("unit"), m.group("obj")) if m.group("unit") else (m.group("unit2"), m.group("obj2"))
            obj = trim_to_head(obj or "")
            unit = clean_name(re.sub(r"^(?:19|20)[0-9]{2}年度?", "", unit or ""))
            if not obj or head_kind(obj, False) != "designation" or type_of(unit) not in ("Department", "Centre"):
                continue
            span = (sent.start + m.start(), sent.start + m.end())
            u = ctx.entity(unit, type_of(unit), span)
            ctx.fact(u, "designatedAs", ctx.entity(obj, "Programme", span), span, 0.55, "designation-as",
                     level=level_of(obj))
            if ctx.main:
                ctx.fact(ctx.main, "hasUnit", u, span, 0.5, "unit-of-designation")
        for m in LEVELLED.finditer(t):
            s, e = sent.start + m.start(), sent.start + m.end()
            if any(a < e and s < b for a, b in taken) or ctx.main is None:
                continue
            batch = T.BATCH_RE.search(m.group("obj"))
            obj = clean_name(T.BATCH_RE.sub("", m.group("obj")))
            if type_of(obj) in ("Hospital", "Organisation", "Alliance") or len(obj) < 6 \
                    or NOT_A_NAME.search(obj) or T.NOT_A_RECOGNITION_RE.search(obj) or T.COUNTED_AFTER_RE.match(t[m.end():]) \
                    or re.search(r"[0-9]$", t[:m.start()]) \
                    or t[:m.start()].endswith(T.COUNTERPART_BEFORE) or m.group("obj").startswith(T.COUNTERPART_BEFORE):
                continue
            # Inside a sentence about the hospital's standing (是/为/成为/获批/拥有/建有…), not a plan.
            if re.search(r"(争创|申报|创建|力争|计划|迎接)", t[max(0, m.start() - 8):m.start()]):
                continue
            note = re.match(r"[（(]([^）)]{2,20})[）)]", t[m.end():])
            notes = [x for x in (batch.group() if batch else None, note.group(1) if note else None) if x]
            ctx.fact(ctx.main, "designatedAs", ctx.entity(obj, "Programme", (s, e)), (s, e), 0.45, "designation-levelled",
                     level=level_of(obj), note="；".join(notes) or None)
