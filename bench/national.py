"""A national-size graph: generated straight into neo4j-admin files, bulk-imported, served, measured.

    .venv/bin/python bench/national.py                        # 40,000 hospitals (~3M nodes, ~8M relationships)
    .venv/bin/python bench/national.py --hospitals 2000 --duration 3    # a quick run

China has about 38,000 hospitals. The fact-file route would need ~20 GiB to parse a graph this
size, so this generator writes the import files directly, in exactly the shape the loader
gives (the same labels, relationship types and properties: `loaders.rows`, `loaders.bulk`),
for 34 provinces, 340 cities and 2,720 counties; per hospital: a campus, 12 departments,
3 centres, a Party committee and 3 branches, a brand, 10 people, 1 article and 48 statements
(tenures, honours, figures, milestones, designations), ~half of them citing a second article.
Honours (5,000), programmes (2,000) and conferrers (500) are shared nationally.

Then: neo4j-admin import into a temporary home (timed beside the CSV writing), start, the
schema (constraints and every index, timed), the store size, the heap and page cache, and the
p50/p99 of every read endpoint through the API (N clients, a fixed window each, ids drawn
across the whole graph). The temporary home and files are deleted at the end unless --keep.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

import ontology  # noqa: E402
from bench.common import free_port, wait_for_health  # noqa: E402
from exports.admin_csv import AdminWriter  # noqa: E402
from graph import schema  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.neo4j_local import server  # noqa: E402
from loaders.bulk import run_import  # noqa: E402

SYL = "张王李刘陈杨赵黄周吴徐孙马朱胡郭何林高罗明华安康平泉山海东南西北新兴宁春秀丽伟芳静强敏洋玉峰云霞"
PIN = ("zhang wang li liu chen yang zhao huang zhou wu xu sun ma zhu hu guo he lin gao luo ming hua an kang ping "
       "quan shan hai dong nan xi bei xin xing ning chun xiu li wei fang jing qiang min yang yu feng yun xia").split()
DEPTS = ["心内科", "儿科", "妇产科", "骨科", "神经内科", "普外科", "眼科", "口腔科", "皮肤科", "急诊科", "麻醉科", "检验科",
         "影像科", "肿瘤科", "中医科", "康复科"]
METRICS = [("bed_count", "开放床位", "张"), ("staff_count", "在职职工", "人"), ("annual_outpatient_visits", "年门诊量", "人次"),
           ("annual_surgeries", "年手术量", "台")]
LEVELS = ["national", "provincial", "municipal", "district"]


class Names:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def word(self, n: int) -> tuple[str, str]:
        idx = [self.rng.randrange(len(SYL)) for _ in range(n)]
        return "".join(SYL[i] for i in idx), " ".join(PIN[i] for i in idx).title()


def sha(s: str) -> str:
    return hashlib.sha1(s.encode()).hexdigest()


class National:
    """Writes the graph through an AdminWriter; remembers a sample of ids for the read benchmark."""

    def __init__(self, out: Path, hospitals: int, seed: int):
        self.w = AdminWriter(out)
        self.onto = ontology.load()
        self.rng = random.Random(seed)
        self.names = Names(self.rng)
        self.n_hosp = hospitals
        self.sample: dict[str, list[str]] = {k: [] for k in ("hospital", "person", "department", "article",
                                                              "statement", "link", "city", "province")}

    # -- nodes

    def entity(self, cls: str, id_: str, zh: str, en: str, origin: str, **extra) -> str:
        props = {"id": id_, "type": cls, "name_zh": zh, "name_en": en, "origin": origin, **extra}
        props["names_json"] = "[]"
        props["search_text"] = "\n".join(filter(None, [zh, en, extra.get("pinyin")])).lower()
        if extra.get("pinyin"):
            props["search_en"] = extra["pinyin"]
        props["hash"] = sha(id_)
        self.w.add_node(self.onto.labels(cls), props)
        return id_

    def link(self, rel: str, pred: str, s: str, o: str, fid: str, arts: list[tuple[str, int, int, str]], origin: str):
        self.w.add_rel(rel, s, o, {"fact_id": fid, "predicate": pred, "origin": origin,
                                   "articles": [a[0] for a in arts], "quotes": [a[3] for a in arts],
                                   "starts": [a[1] for a in arts], "ends": [a[2] for a in arts], "hash": sha(fid)})

    def statement(self, pred: str, fid: str, subj: str, obj: str | None, props: dict, arts, origin: str,
                  conferrer: str | None = None):
        p = self.onto.predicates[pred]
        row = {"id": fid, "predicate": pred, "class": p.statement_class, "origin": origin, "subject_id": subj,
               "object_id": None if p.literal_object else obj, "conferrer_id": conferrer,
               "articles": [a[0] for a in arts], **props}
        if p.literal_object:
            row[p.object_role] = obj
        row["hash"] = sha(fid)
        self.w.add_node(["Statement", *self.onto.labels(p.statement_class)[:-1]], row)
        self.w.add_rel(p.subject_role, fid, subj)
        if not p.literal_object:
            self.w.add_rel(p.object_role, fid, obj)
        if conferrer:
            self.w.add_rel("CONFERRED_BY", fid, conferrer)
        for a in arts:
            self.w.add_rel("CITES", fid, a[0], {"article": a[0], "quote": a[3], "start": a[1], "end": a[2], "fact_id": fid})

    # -- the country

    def run(self) -> dict:
        rng, w = self.rng, self.w
        provinces, cities, counties = [], [], []
        for p in range(34):
            zh, en = self.names.word(2)
            pid = self.entity("Place", f"place-prov-{p}", f"{zh}省", f"{en} Province", "national", kind="province")
            provinces.append(pid)
            self.sample["province"].append(f"{zh}省")
            for c in range(10):
                czh, cen = self.names.word(2)
                cid = self.entity("Place", f"place-city-{p}-{c}", f"{czh}市", f"{cen} City", "national", kind="city")
                cities.append((cid, pid))
                self.sample["city"].append(f"{czh}市")
                self.link("LOCATED_IN", "locatedIn", cid, pid, f"N-place-{p}-{c}", [], "national")
                for k in range(8):
                    kzh, ken = self.names.word(2)
                    kid = self.entity("Place", f"place-county-{p}-{c}-{k}", f"{kzh}县", f"{ken} County", "national",
                                      kind="county")
                    counties.append((kid, cid))
                    self.link("LOCATED_IN", "locatedIn", kid, cid, f"N-place-{p}-{c}-{k}", [], "national")
        honours = [self.entity("Honour", f"honour-n-{i}", f"{self.names.word(2)[0]}先进集体{i}", f"Advanced Collective {i}",
                               "national", level=rng.choice(LEVELS)) for i in range(5000)]
        programmes = [self.entity("Programme", f"prog-n-{i}", f"{self.names.word(2)[0]}临床重点专科{i}",
                                  f"Clinical Key Specialty {i}", "national") for i in range(2000)]
        orgs = [self.entity("Organisation", f"org-n-{i}", f"{self.names.word(2)[0]}卫生健康委员会{i}",
                            f"Health Commission {i}", "national", kind="government") for i in range(500)]
        for h in range(self.n_hosp):
            self.hospital(h, rng.choice(counties)[0] if rng.random() < 0.7 else rng.choice(cities)[0],
                          honours, programmes, orgs)
        w.close()
        return w.counts

    def hospital(self, h: int, place: str, honours, programmes, orgs) -> None:
        rng = self.rng
        aid, origin = f"N{h:06d}", f"N{h:06d}"
        hzh, hen = self.names.word(3)
        hid = self.entity("Hospital", f"hosp-n-{h}", f"{hzh}人民医院", f"{hen} People's Hospital", origin)
        quotes: list[str] = []
        pos = [0]

        def cite(text: str) -> tuple[str, int, int, str]:
            start = pos[0]
            quotes.append(text + "。")
            pos[0] += len(text) + 1
            return (aid, start, start + len(text), text)

        def arts(text: str):
            a = [cite(text)]
            if h and rng.random() < 0.5:    # a second source: an earlier article
                other = f"N{rng.randrange(h):06d}"
                a.append((other, 0, len(text), text))
            return a

        n = [0]

        def fid() -> str:
            n[0] += 1
            return f"{aid}-{n[0]:03d}"

        f = fid()
        self.link("LOCATED_IN", "locatedIn", hid, place, f, [cite(f"{hzh}人民医院位于当地")], origin)
        units = []
        cid = self.entity("Campus", f"campus-n-{h}", f"{hzh}人民医院新院区", f"{hen} New Campus", origin)
        self.link("HAS_CAMPUS", "hasCampus", hid, cid, fid(), arts(f"{hzh}人民医院新院区投用"), origin)
        for d in range(15):
            cls = "Department" if d < 12 else "Centre"
            name = DEPTS[d % len(DEPTS)] if cls == "Department" else f"{DEPTS[d]}中心"
            uid = self.entity(cls, f"{'dept' if cls == 'Department' else 'centre'}-n-{h}-{d}", f"{hzh}人民医院{name}",
                              f"{hen} Unit {d}", origin, kind="department" if cls == "Department" else "centre")
            units.append(uid)
            self.link("HAS_UNIT", "hasUnit", hid, uid, fid(), arts(f"{hzh}人民医院设有{name}"), origin)
        pc = self.entity("PartyCommittee", f"pc-n-{h}", f"{hzh}人民医院党委", f"Party Committee of {hen}", origin)
        self.link("HAS_PARTY_COMMITTEE", "hasPartyCommittee", hid, pc, fid(), arts(f"{hzh}人民医院党委成立"), origin)
        for b in range(3):
            bid = self.entity("PartyBranch", f"branch-n-{h}-{b}", f"{hzh}人民医院第{b + 1}党支部", f"Branch {b + 1} of {hen}", origin)
            self.link("HAS_PARTY_BRANCH", "hasPartyBranch", pc, bid, fid(), arts(f"党委下辖第{b + 1}党支部"), origin)
        brand = self.entity("Brand", f"brand-n-{h}", f"{hzh}健康品牌", f"{hen} Health Brand", origin)
        self.link("HAS_BRAND", "hasBrand", hid, brand, fid(), arts(f"{hzh}人民医院打造{hzh}健康品牌"), origin)
        people = []
        for p in range(10):
            zh, pin = self.names.word(3)
            people.append(self.entity("Person", f"person-n-{h}-{p}", zh, pin, origin, pinyin=pin))
        for p, person in enumerate(people):
            org = hid if p < 3 else units[p]
            self.statement("holdsPosition", fid(), person, org, {"role": "主任", "role_en": "Director", "since": "2019",
                                                                "year": 2019, "as_of": "2024"},
                           arts(f"{person}担任主任"), origin)
        for k in range(20):
            recipient = hid if k < 6 else (units[k % len(units)] if k < 14 else people[k % len(people)])
            year = rng.randint(1995, 2025)
            self.statement("awarded", fid(), recipient, rng.choice(honours),
                           {"year": year, "level": rng.choice(LEVELS)}, arts(f"{year}年荣获先进集体称号{k}"), origin,
                           conferrer=rng.choice(orgs))
        for k in range(8):
            metric = METRICS[k % len(METRICS)]
            value = rng.randint(10, 200_000) if k % 4 else round(rng.uniform(1, 100), 1)
            self.statement("figure", fid(), hid if k < 4 else units[k], value,
                           {"metric": metric[0], "label": metric[1], "unit": metric[2], "year": 2023},
                           arts(f"{metric[1]}{value}{metric[2]}"), origin)
        for k in range(6):
            year = rng.randint(1950, 2024)
            self.statement("milestone", fid(), hid if k < 3 else cid, f"{year}年{hzh}人民医院大事{k}",
                           {"kind": "founded" if k == 0 else "other", "year": year}, arts(f"{year}年大事{k}"), origin)
        for k in range(4):
            year = rng.randint(2000, 2025)
            self.statement("designatedAs", fid(), units[k], rng.choice(programmes), {"year": year, "level": "provincial"},
                           arts(f"{year}年获批临床重点专科{k}"), origin, conferrer=rng.choice(orgs))
        self.w.add_node(["Article"], {"id": aid, "title": f"{hzh}人民医院：高质量发展", "outlet": "健康报",
                                      "date": "2024", "text": "".join(quotes), "hash": sha(aid)})
        if h % max(1, self.n_hosp // 200) == 0:
            for key, value in (("hospital", hid), ("person", people[0]), ("department", units[0]), ("article", aid),
                               ("statement", f"{aid}-030"), ("link", f"{aid}-003")):
                self.sample[key].append(value)


# ---------------------------------------------------------------- measuring

def _rss_gib(pid: int) -> float:
    rss = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True)
    return int(rss.stdout.strip() or 0) / 2**20


def endpoints(sample: dict[str, list[str]], rng: random.Random) -> list[tuple[str, list[str]]]:
    pick = lambda k, n=20: [sample[k][i] for i in rng.sample(range(len(sample[k])), min(n, len(sample[k])))]  # noqa: E731
    hs, ps = pick("hospital"), pick("person")
    return [
        ("hospital profile", [f"/hospitals/{h}" for h in hs]),
        ("honours", [f"/hospitals/{h}/honours" for h in hs]),
        ("hospital people", [f"/hospitals/{h}/people" for h in hs]),
        ("hospital timeline", [f"/hospitals/{h}/timeline" for h in hs]),
        ("entity", [f"/entities/{d}" for d in pick("department")]),
        ("person", [f"/people/{p}" for p in ps]),
        ("neighbourhood d1", [f"/entities/{h}/neighbourhood?depth=1" for h in hs]),
        ("neighbourhood d2", [f"/entities/{h}/neighbourhood?depth=2" for h in hs]),
        ("evidence (statement)", [f"/facts/{s}/evidence" for s in pick("statement")]),
        ("evidence (link)", [f"/facts/{s}/evidence" for s in pick("link")]),
        ("fact", [f"/facts/{s}" for s in pick("statement")]),
        ("article", [f"/articles/{a}" for a in pick("article")]),
        ("articles page", ["/articles?limit=50&offset=0", "/articles?limit=50&offset=500"]),
        ("people page", ["/people?limit=50", "/people?limit=50&offset=1000"]),
        ("hospitals page", ["/hospitals?limit=50", "/hospitals?limit=50&offset=1000"]),
        ("hospitals in a city", [f"/hospitals?city={c}" for c in pick("city")]),
        ("hospitals in a province", [f"/hospitals?province={p}&limit=50" for p in pick("province", 5)]),
        ("search (name)", ["/search?q=" + q for q in ("人民医院心内科", "Advanced Collective 12", "zhang wang")]),
        ("search (1 char)", ["/search?q=张", "/search?q=z"]),
        ("paths", [f"/paths?from={ps[i]}&to={hs[i]}&max_length=4" for i in range(min(len(ps), len(hs)))]),
    ]


def measure(base: str, paths: list[str], clients: int, duration: float) -> dict:
    lats: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def body(i: int) -> None:
        with httpx.Client(base_url=base, timeout=60.0) as c:
            k = i
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                r = c.get(paths[k % len(paths)])
                t1 = time.perf_counter()
                k += clients
                with lock:
                    if r.status_code == 200:
                        lats.append(t1 - t0)
                    else:
                        errors[0] += 1

    ts = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(duration + 120)
    lats.sort()
    return {"n": len(lats), "errors": errors[0], "rps": len(lats) / duration,
            "p50": statistics.median(lats) * 1000 if lats else None,
            "p99": lats[min(len(lats) - 1, int(0.99 * len(lats)))] * 1000 if lats else None}


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hospitals", type=int, default=40_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--heap", default="4g")
    ap.add_argument("--pagecache", default="4g")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--duration", type=float, default=5.0, help="seconds per endpoint")
    ap.add_argument("--names-wait", type=float, default=900, help="seconds to wait for the name index's first build")
    ap.add_argument("--keep", action="store_true", help="keep the store and files (and print where)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "national.txt")
    a = ap.parse_args(argv)
    lines: list[str] = []

    def say(s: str) -> None:
        print(s, flush=True)
        lines.append(s)

    say(f"# national graph benchmark {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: "
        f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    work = Path(tempfile.mkdtemp(prefix="hkg-national-"))
    home, csv_dir = work / "home", work / "csv"
    settings = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=home, HKG_NEO4J_PORT=free_port(), HKG_NEO4J_HEAP=a.heap,
                        HKG_NEO4J_PAGECACHE=a.pagecache)
    api = None
    try:
        t = time.perf_counter()
        gen = National(csv_dir, a.hospitals, a.seed)
        counts = gen.run()
        t_csv = time.perf_counter() - t
        say(f"generate + write CSV: {t_csv:.1f} s — {counts['nodes']:,} nodes, {counts['relationships']:,} relationships, "
            f"{du(csv_dir) / 2**30:.2f} GiB of CSV in {len(gen.w.nodes) + len(gen.w.rels)} files")
        t = time.perf_counter()
        run_import(settings, csv_dir, gen.w)
        t_import = time.perf_counter() - t
        say(f"neo4j-admin import: {t_import:.1f} s ({(counts['nodes'] + counts['relationships']) / t_import:,.0f} records/s)")
        shutil.rmtree(csv_dir)
        t = time.perf_counter()
        server.start(settings)
        say(f"start: {time.perf_counter() - t:.1f} s (heap {a.heap}, page cache {a.pagecache})")
        with Graph.connect(settings, timeout=60) as g:
            t = time.perf_counter()
            schema.apply(g)
            say(f"schema (constraints + indexes, online): {time.perf_counter() - t:.1f} s")
        store = home / "db" / "data"
        say(f"store size: {du(store / 'databases' / 'neo4j') / 2**30:.2f} GiB (+ transaction logs "
            f"{du(store / 'transactions' / 'neo4j') / 2**30:.2f} GiB)")
        from bench.api_bench import start_api
        port = free_port()
        api = start_api(settings, port, work / "api.log")
        base = f"http://127.0.0.1:{port}"
        # The API plans its named reads in the background when it starts (api/warmup.py): the
        # figures are of a served API, so they are taken once that is done (its time reported).
        plans, waited = wait_for_health(base, "plans", lambda p: p["finished"], 900)
        say(f"plan warm-up: {plans}, waited {waited:.1f} s")
        # The name index (search, place filters, reconciliation) builds in the background too
        # (names/cache.py); until its first build those routes answer 503. Wait for it, bounded.
        names, waited = wait_for_health(base, "names", lambda n: n.get("entities") is not None or n.get("error"),
                                        a.names_wait, interval=2)
        say(f"name index: {names}, waited {waited:.1f} s; API resident memory {_rss_gib(api.pid):.2f} GiB")
        rng = random.Random(a.seed)
        say(f"\n{'endpoint':26} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}   ({a.clients} clients, {a.duration:g} s each)")
        for name, paths in endpoints(gen.sample, rng):
            measure(base, paths[:2], 1, min(2.0, a.duration))   # warm the page cache a little
            r = measure(base, paths, a.clients, a.duration)
            say(f"{name:26} {r['rps']:7.1f} {r['p50'] or 0:8.1f} {r['p99'] or 0:8.1f} {r['errors']:6d}")
        say(f"\nNeo4j resident memory after the run: {_rss_gib(server.status(settings).pid):.2f} GiB; "
            f"API {_rss_gib(api.pid):.2f} GiB")
    finally:
        if api is not None:
            api.terminate()
            api.wait(30)
        server.stop(settings)
        if a.keep:
            say(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
