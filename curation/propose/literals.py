"""Figures (counts such as 党支部由9个增加到13个, 年门诊量120余万人次) and milestones
(founding and opening dates, 首家/率先 distinctions, launched programmes)."""

from __future__ import annotations

import re

from curation.propose import nlp
from curation.propose import templates as T
from curation.propose.context import Context

NUM = r"[0-9]+(?:\.[0-9]+)?万?|[零〇一二两三四五六七八九十百千]+"
CHANGE = re.compile(rf"(?:由|从|将)(?:原来的?|原)?(?P<a>{NUM})个?(?P<label>[\u4e00-\u9fff]{{0,8}}?)"
                    rf"(?:增加|增至|调整|扩大|提升|发展|增长|扩展)(?:到|为|至)?(?P<b>{NUM})个")
_UNITS = "|".join(sorted(map(re.escape, T.FIGURE_UNITS), key=len, reverse=True))
AMOUNT = re.compile(rf"(?P<label>[\u4e00-\u9fff“”]{{2,14}}?)(?:达到|达|为|约|近|超过|突破|共|逾)?"
                    rf"(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<approx>余|多)?(?P<unit>{_UNITS})")
FOUNDED = re.compile(r"(?:始建于|建于|创建于|成立于|建院于)(?P<date>(?:19|20)[0-9]{2}年)|"
                     r"(?P<date2>(?:19|20)[0-9]{2}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?)[，,]?[^，。；]{0,16}?"
                     r"(?P<verb>正式成立|成立|建院|开诊|开业|启用|揭牌|挂牌|投入使用|落成|开院)")
FIRSTS = re.compile(r"(?:全国|全省|全市|省内|市内|区内|国内|桂林|本地区)?(?:首家|首个|第一家|唯一|率先|首批|最早|首创|首推)"
                    r"[^，。；！？\n]{2,40}")
LAUNCHED = re.compile(r"(?:成立|建立健全|建立|启动|实施|开展|推行|出台|制定|打造|创新|探索|构建|开通|举办)了?"
                      r"[^，。；！？\n“”]{0,12}“[^”]{2,30}”[^，。；！？\n]{0,12}?"
                      r"(?:工作机制|机制|行动|活动|工程|计划|模式|制度|体系|平台|大赛|比赛|项目|战略)")


def _metric(label: str) -> str:
    return next((m for w, m in T.METRICS if w in label), "figure")


def _value(s: str) -> float | None:
    return nlp.number(s)


EVENT_WORDS = re.compile(r"本次|此次|活动|获奖|名单|大会|会议|参会|评选|表彰|通报|其中[\u4e00-\u9fff]{1,4}[0-9]")


def _about_hospital(ctx: Context, clause: str) -> bool:
    return any(a in clause for a in ("医院", "该院", "本院", "我院", "全院")) or \
        (ctx.main is not None and ctx.main.name_zh in clause)


def figures(ctx: Context) -> None:
    main = ctx.main
    if main is None:
        return
    for sent in ctx.sentences:
        t = sent.text
        taken = []
        for m in CHANGE.finditer(t):
            b = _value(m.group("b"))
            label = m.group("label") or t[max(0, m.start() - 6):m.start()]
            if b is None:
                continue
            span = (sent.start + m.start(), sent.start + m.end())
            subj = ctx.committee() if "党" in label else main
            ctx.fact(subj, "figure", b, span, 0.6, "figure-change", metric=_metric(label), label=label or "数量",
                     unit="个", **ctx.date_in(sent, span[1]))
            taken.append(m.span())
        for m in AMOUNT.finditer(t):
            if any(a <= m.start("num") < b for a, b in taken):
                continue
            label = re.sub(r"^(?:其中|共|全年|目前|现有|已|医院|该院|全院|年|并|和|及)", "", m.group("label"))
            # A year, an ordinal or a date is not a figure.
            if re.match(r"(19|20)[0-9]{2}$", m.group("num")) or t[m.end():m.end() + 1] in ("年", "月", "日"):
                continue
            if label.endswith(("第", "前", "近")) or not label:
                continue
            # A clause with no subject of its own is about the article's hospital, except one that
            # counts the event or its list (本次活动获奖者共105名, 通报表扬50个先进集体).
            ends = [i for i in (t.find(c, m.end()) for c in "，。；,;") if i >= 0]
            clause = t[max(t.rfind(c, 0, m.start()) for c in "，；：,;:") + 1:min(ends, default=len(t))]
            if _metric(label) == "figure" and EVENT_WORDS.search(clause) and not _about_hospital(ctx, clause):
                continue
            v = _value(m.group("num"))
            unit = m.group("unit")
            if v is None:
                continue
            if unit.startswith("万") and unit != "万元":
                v, unit = int(v * 10000) if float(v * 10000).is_integer() else v * 10000, unit[1:]
            span = (sent.start + m.start("label") + (len(m.group("label")) - len(label)), sent.start + m.end())
            ctx.fact(main, "figure", v, span, 0.5, "figure-amount", metric=_metric(label), label=label, unit=unit,
                     note="余/多 (more than)" if m.group("approx") else None, **ctx.date_in(sent, span[1]))


def milestones(ctx: Context) -> None:
    main = ctx.main
    if main is None:
        return
    for sent in ctx.sentences:
        t = sent.text
        for m in FOUNDED.finditer(t):
            verb = m.group("verb") or "成立"
            kind = "opened" if verb in ("开诊", "开业", "启用", "投入使用", "落成", "开院") else "founded"
            date_text = m.group("date") or m.group("date2")
            dm = nlp.YEAR_RE.match(date_text)
            quals = {"kind": kind}
            if dm:
                d = nlp._date(dm)
                quals.update({"year": int(d)} if len(d) == 4 else {"date": d})
            span = (sent.start + m.start(), sent.start + m.end())
            ctx.fact(main, "milestone", m.group().strip("，,"), span, 0.6, "founding-date", **quals)
        for rx, kind, rule, conf in ((FIRSTS, "distinction", "first-of-kind", 0.45),
                                     (LAUNCHED, "launched", "launched", 0.45)):
            for m in rx.finditer(t):
                text = m.group().strip()
                if len(text) < 6:
                    continue
                span = (sent.start + m.start(), sent.start + m.start() + len(text))
                ctx.fact(main, "milestone", text, span, conf, rule, kind=kind, **ctx.date_in(sent, span[1]))
