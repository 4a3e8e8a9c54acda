"""The name index's build time and memory on the national-shape graph's entities
(bench/national.py's generator, without Neo4j), beside anchors measured in the same run:
the rows themselves (what `names/entities` returns, as dicts) and a plain dict of
normalised Chinese name -> id (the least any resolver holds).

    python bench/names_memory.py --hospitals 2000 4000

Memory is Python's own allocations (tracemalloc) retained after the build; time is measured
in a separate build without tracemalloc, which slows allocation-heavy code.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.national import National  # noqa: E402
from names import NameIndex, normalise  # noqa: E402

COLUMNS = ("id", "type", "name_zh", "name_en", "pinyin", "names_json", "kind")  # queries/names/entities.cypher


def entity_rows(hospitals: int, seed: int = 1) -> list[dict]:
    """The rows `names/entities` would return for bench/national.py's graph of `hospitals`."""
    rows: list[dict] = []
    out = Path(tempfile.mkdtemp(prefix="hkg-names-memory-"))
    try:
        gen = National(out, hospitals, seed)
        real = gen.entity

        def entity(cls, id_, zh, en, origin, **extra):
            rows.append({k: v for k, v in {"id": id_, "type": cls, "name_zh": zh, "name_en": en,
                                           "pinyin": extra.get("pinyin"), "names_json": "[]",
                                           "kind": extra.get("kind")}.items()})
            return real(cls, id_, zh, en, origin, **extra)

        gen.entity = entity
        gen.run()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return rows


def retained(make) -> tuple[object, int]:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    obj = make()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return obj, after - before


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hospitals", type=int, nargs="+", default=[2000])
    ap.add_argument("--target", type=int, default=40_000, help="hospitals to extrapolate to")
    a = ap.parse_args(argv)
    print(f"# name index memory, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    per_entity = []
    for n in a.hospitals:
        rows, rows_bytes = retained(lambda n=n: entity_rows(n))
        t = time.perf_counter()
        index = NameIndex.from_entities(rows)
        build = time.perf_counter() - t
        del index
        t = time.perf_counter()
        plain = {normalise(r["name_zh"]): r["id"] for r in rows}
        anchor_s = time.perf_counter() - t
        del plain
        _, index_bytes = retained(lambda rows=rows: NameIndex.from_entities(rows))
        _, plain_bytes = retained(lambda rows=rows: {normalise(r["name_zh"]): r["id"] for r in rows})
        per_entity.append((index_bytes / len(rows), build / len(rows)))
        print(f"{n:,} hospitals, {len(rows):,} entities: index built in {build:.1f} s, retains {index_bytes / 2**20:,.0f} MiB "
              f"({index_bytes / len(rows):,.0f} B/entity)  |  anchors: the rows as dicts {rows_bytes / 2**20:,.0f} MiB; "
              f"name->id dict {plain_bytes / 2**20:,.0f} MiB built in {anchor_s:.2f} s")
    b, s = per_entity[-1]
    entities = a.target * 32 + 34 * 10 * 9 + 7_500   # bench/national.py: 32 per hospital, places, honours, programmes, organisations
    print(f"extrapolated to {a.target:,} hospitals ({entities:,} entities, linear per entity): "
          f"~{b * entities / 2**30:.1f} GiB retained, ~{s * entities / 60:.0f} min to build (one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
