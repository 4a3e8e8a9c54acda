"""The name resolver's cost: building the index and resolving a name, on the curated
entities and on a deterministic synthetic set of N entities, beside an anchor measured in
the same run (a plain dict lookup of the normalised name: the least any resolver does).

    python bench/names_bench.py [--synthetic 10000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from names import NameIndex, normalise  # noqa: E402
from places.generate import curated  # noqa: E402

CHARS = "张王李刘陈杨赵黄周吴徐孙马朱胡郭何林高罗明华安康平泉山海东南西北新兴宁春秀丽伟芳静强敏洋玉峰云霞"
SUFFIXES = [("市妇幼保健院", "Hospital"), ("县人民医院", "Hospital"), ("协会", "Organisation"),
            ("先进集体", "Honour"), ("临床重点专科", "Programme")]


def synthetic(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        stem = "".join(rng.choice(CHARS) for _ in range(rng.choice((2, 3))))
        suffix, cls = rng.choice(SUFFIXES)
        out.append({"id": f"syn-{i}", "type": cls, "name_zh": stem + suffix, "name_en": f"Synthetic {i}"})
    return out


def queries(entities: list[dict], k: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    picks = [rng.choice(entities) for _ in range(k)]
    # Exact names, a short form, and a mistyped name (the fuzzy path), in equal parts.
    return [p["name_zh"] if i % 3 == 0 else p["name_zh"][:4] if i % 3 == 1 else p["name_zh"][:-1] + "院"
            for i, p in enumerate(picks)]


def measure(label: str, entities: list[dict], k: int) -> None:
    t = time.perf_counter()
    index = NameIndex.from_entities(entities)
    build = time.perf_counter() - t
    exact = {normalise(e["name_zh"]): e["id"] for e in entities}
    qs = queries(entities, k)
    resolve, anchor = [], []
    for q in qs:
        t = time.perf_counter()
        index.resolve(q, limit=10)
        resolve.append(time.perf_counter() - t)
        t = time.perf_counter()
        exact.get(normalise(q))
        anchor.append(time.perf_counter() - t)
    ms = lambda xs, p: 1000 * statistics.quantiles(xs, n=100)[p - 1]  # noqa: E731
    print(f"{label}: {len(entities)} entities, index built in {build:.2f} s; resolve p50 {ms(resolve, 50):.2f} ms, "
          f"p95 {ms(resolve, 95):.2f} ms  |  anchor (normalise + dict lookup) p50 {ms(anchor, 50):.3f} ms, "
          f"p95 {ms(anchor, 95):.3f} ms  ({k} queries)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synthetic", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    entities, _ = curated(ROOT / "data" / "facts")
    measure("curated", entities, args.queries)
    if args.synthetic:
        measure("synthetic", synthetic(args.synthetic), args.queries)


if __name__ == "__main__":
    main()
