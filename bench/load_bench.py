"""Load benchmark: the real data folder and a synthetic one, through the project's loader.

    .venv/bin/python bench/load_bench.py                 # full size: ~100k entities, ~500k facts
    .venv/bin/python bench/load_bench.py --scale 0.05    # a quick run
    .venv/bin/python bench/load_bench.py --uri bolt://host:7687 --password ...   # an existing server

Unless --uri is given it starts its own local Neo4j (the project's default 2g heap, 1g page
cache, a temporary home, a free port) and stops it at the end.
For each data folder it wipes the graph, then measures
  parse (YAML -> records), validate, schema, load (plan + write: one transaction, or batches
  under a load id when large), the total, facts per second, and the peak memory of this
  process (ru_maxrss; tracemalloc peak of parse+validate+rows with --tracemalloc);
then, as `hkg load` runs it, an unchanged reload (the manifest: no file read) and, for the
synthetic folder, one new article (its file held out of the first load, then put back);
then the ANCHOR, measured in the same run: the same rows written as a plain best-practice
script writes them (UNWIND batches of 10,000 rows, one transaction each, no diff), once on
the fresh server before the project's first load (cold) and once after it (warm).
Results go to bench/results/ (git-ignored): a JSON file and the printed text.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import shutil
import subprocess
import sys
import time
import traceback
import tracemalloc
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import schema  # noqa: E402
from bench.common import bench_neo4j  # noqa: E402
from graph.connection import Graph  # noqa: E402
from loaders import load as loader  # noqa: E402
from loaders.factfile import discover, read  # noqa: E402
from loaders.rows import build  # noqa: E402
from loaders.validate import validate  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux: KiB



def wipe(graph: Graph) -> float:
    t = time.perf_counter()
    # Relationships first: DETACH DELETE of a hub node (a conferrer in 10k statements) holds all
    # its relationships in one inner transaction, past the default heap's memory pool at x1.0.
    with graph.driver.session(database=graph.database) as s:
        s.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        s.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return time.perf_counter() - t


def counts(graph: Graph) -> dict:
    with graph.driver.session(database=graph.database) as s:
        n = s.run("MATCH (n) RETURN count(n) AS c").single()["c"]
        r = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    return {"nodes": n, "relationships": r}


def parse_validate(data_dir: Path) -> tuple:
    t0 = time.perf_counter()
    files = [read(p, str(p)) for p in discover(data_dir)]
    t1 = time.perf_counter()
    ds = validate(files, data_dir / "articles")
    t2 = time.perf_counter()
    return ds, t1 - t0, t2 - t1


def measure(graph: Graph, name: str, data_dir: Path, trace: bool, log, hold_out: bool = False,
            anchor: bool = False) -> dict:
    """One data folder: wipe, timed first load (without one article when `hold_out`), an
    unchanged reload, then the held-out article as a new one."""
    res: dict = {"name": name, "data_dir": str(data_dir)}
    log(f"\n== {name}: {data_dir}")
    res["wipe_s"] = wipe(graph)
    held_out = []
    if hold_out:
        # Two article files (shared.yaml is used by all), added back one after the other: the
        # first new article after a large load pays for replanning its queries (the graph's
        # statistics changed), the second shows the steady state.
        for last in sorted((data_dir / "facts").glob("S*.yaml"))[-2:]:
            held_out.append((last, last.with_suffix(".held-out")))
            last.rename(held_out[-1][1])
    gc.collect()
    rss0 = maxrss_mib()
    ds, t_parse, t_validate = parse_validate(data_dir)
    if not ds.ok:
        res["error"] = f"{len(ds.problems)} validation problems, first: {ds.problems[0]}"
        log("   " + res["error"])
        return res
    res.update(files=len(ds.files), entities=len(ds.entities), facts=len(ds.facts),
               parse_s=t_parse, validate_s=t_validate, rss_after_parse_mib=maxrss_mib())
    log(f"   {res['files']} files, {res['entities']} entities, {res['facts']} facts; "
        f"parse {t_parse:.2f}s, validate {t_validate:.2f}s")
    if anchor:
        # The first writes into a fresh server pay for planning every query, the JIT and the
        # store's growth, whoever makes them: the anchor runs once before the project's load
        # (cold) and once after it (warm), so that neither side gets the warm server alone.
        res["anchor_cold_write_s"] = anchor_write(graph, data_dir, log, "cold server, before the load")["anchor_write_s"]
        wipe(graph)
    try:
        t = time.perf_counter()
        schema.apply(graph)
        res["schema_s"] = time.perf_counter() - t
        t = time.perf_counter()
        s = loader.load(graph, data_dir, dataset=ds)
        res["load_s"] = time.perf_counter() - t      # plan + write (batched when large)
        res["batched"] = s.batched
        res["first_load_phases"] = s.timings
        res["summary_facts"] = s.facts
        res["created_nodes"] = sum(s.nodes.created.values())
        res["created_relationships"] = sum(s.relationships.created.values())
        del s
    except Exception as e:  # noqa: BLE001 - a benchmark reports the failure
        res["error"] = f"{type(e).__name__}: {e}"
        res["traceback"] = traceback.format_exc()
        log(f"   FAILED: {res['error'][:2000]}")
        return res
    res["total_s"] = t_parse + t_validate + res["schema_s"] + res["load_s"]
    res["facts_per_s_total"] = res["facts"] / res["total_s"]
    res["facts_per_s_write"] = res["facts"] / res["load_s"]
    res["peak_rss_mib"] = maxrss_mib()
    res["rss_before_mib"] = rss0
    res["graph"] = counts(graph)
    log(f"   load (plan + write{', batched' if res['batched'] else ''}) {res['load_s']:.2f}s; total {res['total_s']:.2f}s; "
        f"{res['facts_per_s_total']:.0f} facts/s total, {res['facts_per_s_write']:.0f} facts/s plan+write; "
        f"peak RSS {res['peak_rss_mib']:.0f} MiB; graph {res['graph']}; phases {res['first_load_phases']}")
    del ds
    gc.collect()

    # Unchanged reload end to end, as `hkg load` runs it: the manifest says nothing changed.
    t = time.perf_counter()
    s = loader.load(graph, data_dir)
    res["reload_full_s"] = time.perf_counter() - t
    res["reload_full_changed"] = s.changed
    res["reload_files_read"] = s.files_read
    log(f"   unchanged reload (hkg load): {res['reload_full_s']:.2f}s, {s.files_read} files read, "
        f"{s.files_unchanged} unchanged, changed={s.changed}")

    # One new article: the held-out file comes back, and only it is read.
    for i, (path, held) in enumerate(held_out):
        held.rename(path)
        key = "new_article" if i == 0 else "second_new_article"
        t = time.perf_counter()
        s = loader.load(graph, data_dir)
        res[f"{key}_s"] = time.perf_counter() - t
        res[f"{key}_files_read"] = s.files_read
        res[f"{key}_phases"] = s.timings
        log(f"   {'one' if i == 0 else 'a second'} new article ({path.name}): {res[f'{key}_s']:.2f}s, {s.files_read} file read, "
            f"{sum(s.nodes.created.values())} nodes and {sum(s.relationships.created.values())} links created; "
            f"phases {s.timings}")
    res["peak_rss_after_reload_mib"] = maxrss_mib()
    if anchor:
        res.update(anchor_write(graph, data_dir, log, "warm server, after the load"))
        w = res["first_load_phases"].get("write", res["load_s"])
        log(f"   first load / ANCHOR: plan+write {res['load_s'] / res['anchor_write_s']:.2f}, write alone "
            f"{w / res['anchor_write_s']:.2f} (warm anchor); plan+write {res['load_s'] / res['anchor_cold_write_s']:.2f}, "
            f"write alone {w / res['anchor_cold_write_s']:.2f} (cold anchor). The anchor's rows are built untimed; "
            "the load's plan phase builds them (loaders.rows) and diffs")

    if trace:
        gc.collect()
        tracemalloc.start()
        ds, _, _ = parse_validate(data_dir)
        rows = build(ds)
        res["tracemalloc_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        del ds, rows
        gc.collect()
        log(f"   tracemalloc peak (parse+validate+rows, untimed pass): {res['tracemalloc_peak_mib']:.0f} MiB")
    return res


def anchor_write(graph: Graph, data_dir: Path, log, when: str) -> dict:
    """The anchor: the same rows written the way a best-practice script writes them — the
    project's own UNWIND/MERGE queries in transactions of 10,000 rows, into an emptied graph,
    with no diff, lease, manifest or journal."""
    from loaders.plan import Writes
    from loaders.write import upserts

    ds, _, _ = parse_validate(data_dir)
    rows = build(ds)
    w = Writes(articles=rows.articles, entities=rows.entities, links=rows.links, statements=rows.statements)
    del ds
    wipe(graph)
    schema.apply(graph)
    t = time.perf_counter()
    for *_, text, rs in upserts(w):
        for i in range(0, len(rs), 10_000):
            graph.write_tx(lambda tx, text=text, chunk=rs[i:i + 10_000]: tx.run(text, rows=chunk).consume())
    took = time.perf_counter() - t
    log(f"   ANCHOR, {when} (same rows, UNWIND batches of 10k, one tx each, no diff): {took:.2f}s "
        f"({rows.fact_count / took:.0f} facts/s)")
    return {"anchor_write_s": took, "anchor_facts_per_s": rows.fact_count / took}


def ensure_synthetic(scale: float, seed: int, articles: int | None, log) -> tuple[Path, dict]:
    """Generate (in a child process, so that its memory is not counted here) or reuse."""
    out = RESULTS / (f"synthetic-scale{scale:g}-seed{seed}" + (f"-a{articles}" if articles else ""))
    meta = out / "generated.json"
    if meta.exists():
        log(f"reusing {out}")
        return out, json.loads(meta.read_text())
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, str(ROOT / "bench" / "synthetic.py"), str(out), "--scale", str(scale), "--seed", str(seed)]
    if articles:
        cmd += ["--articles", str(articles)]
    log("generating: " + " ".join(cmd))
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"synthetic generation failed:\n{proc.stderr[-3000:]}")
    stats = json.loads(proc.stdout)
    stats["wall_s"] = time.perf_counter() - t
    meta.write_text(json.dumps(stats, ensure_ascii=False, indent=1))
    log(f"   {stats['entities']} entities, {stats['facts']} facts in {stats['articles']} articles, "
        f"{stats['bytes_facts'] / 2**20:.1f} MiB of YAML, generated in {stats['wall_s']:.1f}s")
    return out, stats


def table(results: list[dict]) -> str:
    rows = [("", *[r["name"] for r in results])]

    def add(label, key, fmt="{:.2f}"):
        rows.append((label, *[(fmt.format(r[key]) if r.get(key) is not None else "-") for r in results]))
    add("facts", "facts", "{:d}")
    add("entities", "entities", "{:d}")
    add("fact files", "files", "{:d}")
    add("parse s", "parse_s")
    add("validate s", "validate_s")
    add("schema s", "schema_s")
    add("plan+write s", "load_s")
    add("batched", "batched", "{}")
    add("total s", "total_s")
    add("facts/s total", "facts_per_s_total", "{:.0f}")
    add("facts/s plan+write", "facts_per_s_write", "{:.0f}")
    add("ANCHOR write s, cold", "anchor_cold_write_s")
    add("ANCHOR write s, warm", "anchor_write_s")
    add("ANCHOR facts/s", "anchor_facts_per_s", "{:.0f}")
    add("peak RSS MiB", "peak_rss_mib", "{:.0f}")
    add("tracemalloc MiB", "tracemalloc_peak_mib", "{:.0f}")
    add("unchanged reload s", "reload_full_s")
    add("reload changed", "reload_full_changed", "{}")
    add("one new article s", "new_article_s")
    add("second new article s", "second_new_article_s")
    w = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).rjust(w[i]) if i else str(c).ljust(w[i]) for i, c in enumerate(r)) for r in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="synthetic size; 1.0 = ~100k entities, ~500k facts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--articles", type=int, default=None, help="synthetic article files (default 5000 x scale)")
    ap.add_argument("--uri", help="use this Neo4j instead of starting one (it is WIPED)")
    ap.add_argument("--user", default="neo4j")
    ap.add_argument("--password", default="hospital-kg-local")
    ap.add_argument("--database", default="neo4j")
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="1g")
    ap.add_argument("--tx-memory", default="", help="dbms.memory.transaction.total.max (default: 70%% of the heap)")
    ap.add_argument("--skip-real", action="store_true")
    ap.add_argument("--tracemalloc", action="store_true", help="an extra untimed pass under tracemalloc")
    ap.add_argument("--no-anchor", action="store_true", help="skip the anchor (plain batched write of the same rows)")
    a = ap.parse_args(argv)

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out_txt = RESULTS / f"load_bench-scale{a.scale:g}-{stamp}.txt"
    lines: list[str] = []

    t_start = time.perf_counter()

    def log(msg: str) -> None:
        msg = f"[{time.perf_counter() - t_start:7.1f}s] {msg}"
        print(msg, flush=True)
        lines.append(msg)
        out_txt.write_text("\n".join(lines) + "\n")

    log(f"load_bench {' '.join(sys.argv[1:])}  ({platform.python_version()}, {stamp})")
    syn_dir, gen = ensure_synthetic(a.scale, a.seed, a.articles, log)

    results = []
    with bench_neo4j(a.uri, user=a.user, password=a.password, database=a.database, heap=a.heap,
                     pagecache=a.pagecache, tx_memory=a.tx_memory, log=log) as settings:
        with Graph.connect(settings) as graph:
            log(f"server: {graph.server_info()}")
            if not a.skip_real:
                results.append(measure(graph, "real", ROOT / "data", a.tracemalloc, log))
            try:
                results.append(measure(graph, f"synthetic x{a.scale:g}", syn_dir, a.tracemalloc, log,
                                       hold_out=True, anchor=not a.no_anchor))
            finally:   # the held-out article goes back, whatever happened
                for f in (syn_dir / "facts").glob("*.held-out"):
                    f.rename(f.with_suffix(".yaml"))
    print("\n" + table(results))
    lines.append("\n" + table(results))
    out_json = out_txt.with_suffix(".json")
    out_json.write_text(json.dumps({"argv": sys.argv[1:], "generated": gen, "results": results,
                                    "heap": None if a.uri else a.heap}, ensure_ascii=False, indent=1, default=str))
    log(f"\nresults: {out_txt}, {out_json}")
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
