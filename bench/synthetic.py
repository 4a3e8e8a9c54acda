"""A deterministic (seeded) generator of a synthetic data folder with the shapes of the real one.

    python bench/synthetic.py OUT_DIR [--scale 1.0] [--seed 1] [--articles N] [--real data]

OUT_DIR gets facts/*.yaml (one file per synthetic article, S00000.yaml ..., plus shared.yaml)
and articles/*.txt. At --scale 1 it holds ~100,000 entities and ~500,000 facts.

The proportions are counted from the real data folder (--real, default data/) at generation
time: entity types and kinds, the number of extra names per entity, the predicates, and for
each predicate the sets of qualifiers it carries; also the share of facts with a second
source (`also`). Every fact satisfies the ontology's domain and range, every quote is a
substring of its article's text (the texts are written from the quotes), so the folder
validates without problems. Files are written directly (JSON-quoted scalars are valid YAML),
not with yaml.dump, which would take minutes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import ontology  # noqa: E402

FULL_ENTITIES = 100_000
FULL_FACTS = 500_000
FULL_ARTICLES = 5_000

# (character, pinyin with tone, plain) for names that read as Chinese with a romanisation.
SYLLABLES = [
    ("张", "Zhāng", "Zhang"), ("王", "Wáng", "Wang"), ("李", "Lǐ", "Li"), ("刘", "Liú", "Liu"),
    ("陈", "Chén", "Chen"), ("杨", "Yáng", "Yang"), ("赵", "Zhào", "Zhao"), ("黄", "Huáng", "Huang"),
    ("周", "Zhōu", "Zhou"), ("吴", "Wú", "Wu"), ("徐", "Xú", "Xu"), ("孙", "Sūn", "Sun"),
    ("马", "Mǎ", "Ma"), ("朱", "Zhū", "Zhu"), ("胡", "Hú", "Hu"), ("郭", "Guō", "Guo"),
    ("何", "Hé", "He"), ("林", "Lín", "Lin"), ("高", "Gāo", "Gao"), ("罗", "Luó", "Luo"),
    ("明", "míng", "ming"), ("华", "huá", "hua"), ("安", "ān", "an"), ("康", "kāng", "kang"),
    ("平", "píng", "ping"), ("泉", "quán", "quan"), ("山", "shān", "shan"), ("海", "hǎi", "hai"),
    ("东", "dōng", "dong"), ("南", "nán", "nan"), ("西", "xī", "xi"), ("北", "běi", "bei"),
    ("新", "xīn", "xin"), ("兴", "xīng", "xing"), ("宁", "níng", "ning"), ("春", "chūn", "chun"),
    ("秀", "xiù", "xiu"), ("丽", "lì", "li"), ("伟", "wěi", "wei"), ("芳", "fāng", "fang"),
    ("静", "jìng", "jing"), ("强", "qiáng", "qiang"), ("敏", "mǐn", "min"), ("洋", "yáng", "yang"),
    ("玉", "yù", "yu"), ("峰", "fēng", "feng"), ("云", "yún", "yun"), ("霞", "xiá", "xia"),
]
SURNAMES = SYLLABLES[:20]
GIVEN = SYLLABLES[20:]

# Class -> (Chinese suffix, English pattern) for entity names.
NAMING = {
    "Hospital": ("妇幼保健院", "{} Maternal and Child Health Care Hospital"),
    "Campus": ("院区", "{} Campus"),
    "Department": ("科", "Department of {}"),
    "Centre": ("中心", "{} Centre"),
    "Laboratory": ("重点实验室", "{} Key Laboratory"),
    "Team": ("志愿服务队", "{} Volunteer Team"),
    "Organisation": ("协会", "{} Association"),
    "PartyCommittee": ("医院党委", "Party Committee of {} Hospital"),
    "PartyBranch": ("党支部", "{} Party Branch"),
    "Brand": ("品牌", "{} Brand"),
    "Honour": ("先进集体", "Advanced Collective {}"),
    "Programme": ("临床重点专科", "{} Clinical Key Specialty"),
    "Alliance": ("专科联盟", "{} Specialty Alliance"),
    "Place": ("市", "{} City"),
}
CONNECTORS = {
    "hasCampus": "设有", "hasUnit": "下设", "hasPartyCommittee": "成立", "hasPartyBranch": "下辖",
    "hasBrand": "打造了", "affiliatedWith": "是附属医院，隶属", "locatedIn": "坐落在", "subordinateTo": "直属于",
    "holdsPosition": "担任", "designatedAs": "获批", "memberOf": "加入", "partnersWith": "与之签约合作，携手",
}
LEVELS = ["national", "provincial", "regional", "municipal", "district", "sector"]
RANKS = ["一等", "二等", "三等", "特等"]
PARTNER_KINDS = ["technical_cooperation", "paired_support", "visiting_expert", "alliance_agreement",
                 "talent_cooperation", "joint_clinic", "research_cooperation", "other"]
MILESTONE_KINDS = ["founded", "opened", "renamed", "affiliated", "established", "launched", "certified",
                   "hosted_event", "first_case", "distinction", "other"]
ROLES = [("院长", "President"), ("党委书记", "Party Secretary"), ("主任", "Director"),
         ("副院长", "Vice President"), ("护士长", "Head Nurse"), ("支部书记", "Branch Secretary"),
         ("主任医师", "Chief Physician"), ("理事长", "Chair")]
MEMBER_ROLES = ["牵头单位", "主委单位", "副理事长单位", "成员单位", "常务理事单位"]
METRICS = [("bed_count", "开放床位", "张"), ("annual_outpatient_visits", "年门诊量", "人次"),
           ("party_branch_count", "党支部数", "个"), ("staff_count", "在职职工", "人"),
           ("annual_deliveries", "年分娩量", "例"), ("party_member_count", "党员人数", "名"),
           ("annual_surgeries", "年手术量", "台"), ("volunteer_hours", "志愿服务时长", "小时")]
EVENTS = ["建成投用", "正式挂牌", "完成首例手术", "通过评审", "举办学术年会", "更名", "启动建设",
          "开设门诊", "成立专家工作站", "上线互联网医院"]
FILLER = ["近年来", "据介绍", "与此同时", "在上级部门的关心支持下", "全院上下", "多年来", "截至目前",
          "围绕高质量发展", "坚持党建引领", "为满足群众需求", "记者了解到", "此外"]
NOTE_WORDS = ["stated in the text", "as of the article date", "inferred from context", "全省仅2家",
              "first in the province", "see also the photo caption", "year not stated", "per the hospital"]


# ---------------------------------------------------------------- profile of the real data

def _allowed(onto, pred: str, key: str) -> tuple[str, ...]:
    """The values the shapes allow for a qualifier of this predicate's statements (each
    statement class has its own lists)."""
    from ontology import shapes

    cls = onto.predicates[pred].statement_class
    path = onto.qualifiers.get(key, key)
    for shape in shapes.shapes():
        if set(onto.classes.get(cls, [cls])) & set(shape.targets):
            for c in shape.properties:
                if c.path == path and c.allowed:
                    return c.allowed
    return ()


def profile(real_dir: Path) -> dict:
    """What the generator imitates, counted from the real fact files."""
    from loaders.validate import load_dataset

    ds = load_dataset(real_dir, root=real_dir)
    if not ds.ok:
        raise SystemExit(f"the real data folder {real_dir} does not validate: {ds.problems[0]}")
    ents = list(ds.entities.values())
    facts = list(ds.facts.values())
    quals: dict[str, Counter] = {}
    for f in facts:
        quals.setdefault(f.predicate, Counter())[tuple(sorted(f.qualifiers))] += 1
    persons = [e for e in ents if e.type == "Person"]
    return {
        "entities": len(ents), "facts": len(facts),
        "types": Counter((e.type, e.raw.get("kind")) for e in ents),
        "names": Counter(len(e.raw.get("names") or []) for e in ents),
        "name_kinds": Counter(n.get("kind") for e in ents for n in e.raw.get("names") or []),
        "gender": sum(1 for e in persons if e.raw.get("gender")) / max(1, len(persons)),
        "predicates": Counter(f.predicate for f in facts),
        "qualifiers": quals,
        "also": sum(1 for f in facts if len(f.sources) > 1) / max(1, len(facts)),
    }


def _quota(counts: Counter, total: int, rng: random.Random) -> list:
    """`total` items in exactly the proportions of `counts` (largest remainder), shuffled."""
    n = sum(counts.values())
    keys = sorted(counts, key=repr)
    exact = {k: counts[k] * total / n for k in keys}
    out = {k: int(v) for k, v in exact.items()}
    for k in sorted(keys, key=lambda k: (-(exact[k] - out[k]), repr(k)))[: total - sum(out.values())]:
        out[k] += 1
    items = [k for k in keys for _ in range(out[k])]
    rng.shuffle(items)
    return items


# ---------------------------------------------------------------- the generator

class Generator:
    def __init__(self, out: Path, prof: dict, seed: int, n_entities: int, n_facts: int, n_articles: int):
        self.out, self.prof, self.rng = out, prof, random.Random(seed)
        self.n_entities, self.n_facts, self.n_articles = n_entities, n_facts, n_articles
        self.onto = ontology.load()
        self.concrete = sorted({t for t, _ in prof["types"]})
        # Entities seen so far (shared and earlier articles): class -> ids; id -> Chinese name.
        self.pool: dict[str, list[str]] = {t: [] for t in self.concrete}
        self.name: dict[str, str] = {}
        self.recent: deque[tuple[str, list[str]]] = deque(maxlen=50)   # (article, quotes) for `also`
        self.admissible: dict[tuple[str, str], list[str]] = {}
        self.stats = Counter()

    # -- names

    def _word(self, n: int) -> tuple[str, str, str]:
        syl = [self.rng.choice(SYLLABLES) for _ in range(n)]
        return ("".join(s[0] for s in syl), " ".join(s[1] for s in syl).title(),
                "".join(s[2] for s in syl).capitalize())

    def _entity(self, cls: str, kind: str | None, id_: str) -> dict:
        rng = self.rng
        e: dict = {"id": id_, "type": cls}
        if cls == "Person":
            s, g = rng.choice(SURNAMES), [rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))]
            e["name_zh"] = s[0] + "".join(x[0] for x in g)
            e["name_en"] = f"{s[2]} {''.join(x[2] for x in g).capitalize()}"
            e["pinyin"] = f"{s[1]} {''.join(x[1] for x in g).capitalize()}"
            if rng.random() < self.prof["gender"]:
                e["gender"] = rng.choice(("female", "male"))
        else:
            zh, _, plain = self._word(rng.choice((2, 3, 4)))
            suffix, en = NAMING.get(cls, ("", "{}"))
            e["name_zh"] = zh + suffix
            e["name_en"] = en.format(plain)
        if kind:
            e["kind"] = kind
        if cls in ("Honour", "Programme") and rng.random() < 0.5:
            e["level"] = rng.choice(LEVELS)
        if rng.random() < 0.05:
            e["note"] = rng.choice(NOTE_WORDS)
        n_names = rng.choices(list(self.prof["names"]), weights=list(self.prof["names"].values()))[0]
        kinds = [k for k in self.prof["name_kinds"] if k] or ["alias"]
        names = []
        for i in range(n_names):
            if rng.random() < 0.85:
                names.append({"text": e["name_zh"][: max(2, len(e["name_zh"]) - 2 - i)] + ("" if i == 0 else str(i)),
                              "lang": "zh", "kind": rng.choice(kinds)})
            else:
                names.append({"text": e["name_en"].split()[0] + f" {i}", "lang": "en", "kind": rng.choice(kinds)})
        if names:
            e["names"] = names
        self.name[id_] = e["name_zh"]
        return e

    # -- entity choice under the ontology's domain and range

    def _types_for(self, pred: str, role: str) -> list[str]:
        key = (pred, role)
        if key not in self.admissible:
            p = self.onto.predicates[pred]
            allowed = p.domain if role == "s" else p.range
            self.admissible[key] = [t for t in self.concrete
                                    if not allowed or any(self.onto.is_a(t, a) for a in allowed)]
        return self.admissible[key]

    def _pick(self, pred: str, role: str, local: dict[str, list[str]], avoid: str | None = None) -> str:
        types = self._types_for(pred, role)
        rng = self.rng
        if rng.random() < 0.85:
            cands = [t for t in types if local.get(t)]
            if cands:
                t = rng.choices(cands, weights=[len(local[c]) for c in cands])[0]
                x = rng.choice(local[t])
                if x != avoid or len(local[t]) == 1:
                    return x
        cands = [t for t in types if self.pool[t]]
        t = rng.choices(cands, weights=[len(self.pool[c]) for c in cands])[0]
        return rng.choice(self.pool[t])

    def _conferrer(self) -> str:
        orgs = self.pool["Organisation"] or self.pool["Hospital"]
        return self.rng.choice(orgs)

    # -- facts

    def _fact(self, fid: str, pred: str, local: dict[str, list[str]]) -> tuple[dict, str]:
        rng = self.rng
        p = self.onto.predicates[pred]
        subj = self._pick(pred, "s", local)
        keys = self.prof["qualifiers"][pred]
        qkeys = rng.choices(list(keys), weights=list(keys.values()))[0]
        q: dict = {}
        metric = rng.choice(METRICS)
        role = rng.choice(ROLES)
        for k in qkeys:
            if k == "year":
                q[k] = rng.randint(1990, 2026)
            elif k in ("date", "since", "until", "as_of"):
                y = rng.randint(1990, 2026)
                q[k] = rng.choice((f"{y}", f"{y}-{rng.randint(1, 12):02d}",
                                   f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))
            elif k == "conferrer":
                q[k] = self._conferrer()
            elif k == "level":
                q[k] = rng.choice(LEVELS)
            elif k == "rank":
                q[k] = rng.choice(RANKS)
            elif k == "kind":
                q[k] = rng.choice(_allowed(self.onto, pred, "kind")
                                  or (MILESTONE_KINDS if pred == "milestone" else PARTNER_KINDS))
            elif k == "role":
                q[k] = role[0] if pred == "holdsPosition" else rng.choice(MEMBER_ROLES)
            elif k == "role_en":
                q[k] = role[1]
            elif k == "metric":
                q[k] = metric[0]
            elif k == "label":
                q[k] = metric[1]
            elif k == "unit":
                q[k] = metric[2]
            elif k == "note":
                q[k] = "; ".join(rng.sample(NOTE_WORDS, 2))
            else:
                q[k] = rng.choice(_allowed(self.onto, pred, k) or ("other",))
        sname = self.name[subj]
        when = f"{q['year']}年" if "year" in q else ""
        if pred == "figure":
            obj = rng.randint(1, 200_000) if rng.random() < 0.9 else round(rng.uniform(1, 100), 1)
            quote = f"{sname}{when}{metric[1]}达{obj}{metric[2]}"
        elif pred == "milestone":
            obj = f"{when}{sname}{rng.choice(EVENTS)}"
            quote = f"{rng.choice(FILLER)}，{obj}"
        else:
            obj = self._pick(pred, "o", local, avoid=subj)
            oname = self.name[obj]
            if pred == "awarded":
                quote = f"{sname}{when}荣获“{oname}”称号"
            elif pred == "holdsPosition":
                quote = f"{oname}{role[0]}{sname}"
            else:
                quote = f"{sname}{when}{CONNECTORS.get(pred, '与')}{oname}"
        fact = {"id": fid, "subject": subj, "predicate": pred, "object": obj, "qualifiers": q, "quote": quote}
        if self.recent and rng.random() < self.prof["also"]:
            art, quotes = rng.choice(self.recent)
            fact["also"] = [{"article": art, "quote": rng.choice(quotes)}]
        self.stats[pred] += 1
        return fact, quote

    # -- files

    def run(self) -> dict:
        rng = self.rng
        (self.out / "facts").mkdir(parents=True, exist_ok=True)
        (self.out / "articles").mkdir(parents=True, exist_ok=True)
        types = self.prof["types"]
        # shared.yaml: one entity of every class (so that every range can be met) plus places
        # and organisations, ~1% of the entities, like the real shared.yaml.
        n_shared = max(len(self.concrete), self.n_entities // 100)
        shared_types = [next(k for k in sorted(types, key=repr) if k[0] == t) for t in self.concrete]
        common = Counter({k: v for k, v in types.items() if k[0] in ("Place", "Organisation")})
        shared_types += _quota(common, n_shared - len(shared_types), rng)
        shared = []
        for j, (cls, kind) in enumerate(shared_types):
            e = self._entity(cls, kind, f"{self.onto.id_prefixes[cls]}-shared-{j}")
            shared.append(e)
        for e in shared:
            self.pool[e["type"]].append(e["id"])
        with (self.out / "facts" / "shared.yaml").open("w", encoding="utf-8") as fh:
            fh.write("# Synthetic: entities shared by the articles.\nentities:\n")
            for e in shared:
                _write_entity(fh, e)
        self.stats["entities"] += len(shared)

        entity_types = _quota(types, self.n_entities - len(shared), rng)
        predicates = _quota(self.prof["predicates"], self.n_facts, rng)
        ne, nf = len(entity_types), len(predicates)
        for a in range(self.n_articles):
            aid = f"S{a:05d}"
            my_types = entity_types[a * ne // self.n_articles:(a + 1) * ne // self.n_articles]
            my_preds = predicates[a * nf // self.n_articles:(a + 1) * nf // self.n_articles]
            local: dict[str, list[str]] = {}
            ents = []
            for j, (cls, kind) in enumerate(my_types):
                e = self._entity(cls, kind, f"{self.onto.id_prefixes[cls]}-{aid.lower()}-{j}")
                ents.append(e)
                local.setdefault(cls, []).append(e["id"])
            facts, quotes, said = [], [], set()
            for k, pred in enumerate(my_preds, 1):
                # The validator refuses a fact that says exactly what another says: draw again,
                # and leave the fact out when this article's few entities allow nothing new.
                for _ in range(5):
                    f, quote = self._fact(f"{aid}-{k:03d}", pred, local)
                    said_now = json.dumps([f["subject"], pred, f["object"], f["qualifiers"], quote, f.get("also")],
                                          sort_keys=True, ensure_ascii=False, default=str)
                    if said_now not in said:
                        break
                else:
                    continue
                said.add(said_now)
                facts.append(f)
                quotes.append(quote)
            title = f"{self.name[ents[0]['id']] if ents else '医院'}：党建引领高质量发展"
            lines = [title, ""]
            for i in range(0, len(quotes), 3):
                lines.append("".join(f"{rng.choice(FILLER)}，{q}。" for q in quotes[i:i + 3]))
            (self.out / "articles" / f"{aid}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            year = rng.randint(2015, 2026)
            art = {"id": aid, "title": title, "title_en": f"Synthetic article {a}", "outlet": rng.choice(("齐鲁晚报", "健康报", None)),
                   "reporters": [self._entity("Person", None, "x")["name_zh"]],
                   "correspondents": [self._entity("Person", None, "x")["name_zh"]],
                   "date": rng.choice((f"{year}", f"{year}-{rng.randint(1, 12):02d}")),
                   "date_basis": "synthetic"}
            with (self.out / "facts" / f"{aid}.yaml").open("w", encoding="utf-8") as fh:
                fh.write("article:\n")
                for k, v in art.items():
                    fh.write(f"  {k}:{'' if v is None else ' ' + _s(v)}\n")
                fh.write("\nentities:\n")
                for e in ents:
                    _write_entity(fh, e)
                fh.write("\nfacts:\n")
                for f in facts:
                    _write_fact(fh, f)
            for e in ents:
                self.pool[e["type"]].append(e["id"])
            self.recent.append((aid, quotes))
            self.stats["entities"] += len(ents)
        self.name.pop("x", None)
        facts_total = sum(v for k, v in self.stats.items() if k != "entities")
        return {"entities": self.stats["entities"], "facts": facts_total, "articles": self.n_articles,
                "predicates": {k: v for k, v in sorted(self.stats.items()) if k != "entities"}}


def _s(v) -> str:
    """A YAML scalar: numbers bare, strings JSON-quoted (a JSON string is a YAML double-quoted one)."""
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_s(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def _write_entity(fh, e: dict) -> None:
    fh.write(f"  - id: {e['id']}\n    type: {e['type']}\n")
    for k in ("kind", "name_zh", "name_en", "pinyin", "gender", "level", "note"):
        if k in e:
            fh.write(f"    {k}: {_s(e[k])}\n")
    if e.get("names"):
        fh.write("    names:\n")
        for n in e["names"]:
            fh.write(f"      - {{text: {_s(n['text'])}, lang: {n['lang']}, kind: {n['kind']}}}\n")


def _write_fact(fh, f: dict) -> None:
    fh.write(f"  - id: {f['id']}\n    subject: {f['subject']}\n    predicate: {f['predicate']}\n"
             f"    object: {_s(f['object'])}\n")
    if f["qualifiers"]:
        fh.write("    qualifiers:\n")
        for k, v in f["qualifiers"].items():
            fh.write(f"      {k}: {_s(v)}\n")
    fh.write(f"    quote: {_s(f['quote'])}\n")
    for extra in f.get("also") or []:
        fh.write(f"    also:\n      - {{article: {extra['article']}, quote: {_s(extra['quote'])}}}\n")


def generate(out: Path, scale: float = 1.0, seed: int = 1, articles: int | None = None,
             real: Path = ROOT / "data") -> dict:
    prof = profile(real)
    n_entities = max(50, round(FULL_ENTITIES * scale))
    n_facts = max(100, round(FULL_FACTS * scale))
    n_articles = articles or max(1, round(FULL_ARTICLES * scale))
    t = time.perf_counter()
    stats = Generator(out, prof, seed, n_entities, n_facts, n_articles).run()
    stats["seconds"] = round(time.perf_counter() - t, 2)
    stats["bytes_facts"] = sum(p.stat().st_size for p in (out / "facts").glob("*.yaml"))
    stats["bytes_articles"] = sum(p.stat().st_size for p in (out / "articles").glob("*.txt"))
    stats["real_profile"] = {"entities": prof["entities"], "facts": prof["facts"],
                             "predicates": dict(sorted(prof["predicates"].items()))}
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=float, default=1.0, help="1.0 = ~100k entities, ~500k facts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--articles", type=int, default=None, help="article files (default 5000 x scale)")
    ap.add_argument("--real", type=Path, default=ROOT / "data", help="the real data folder to imitate")
    a = ap.parse_args(argv)
    if (a.out / "facts").exists() and any((a.out / "facts").iterdir()):
        ap.error(f"{a.out}/facts is not empty")
    stats = generate(a.out, a.scale, a.seed, a.articles, a.real)
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
