"""The loader's statements, with sample parameters shaped like the loader's own, for the plan
warm-up (graph/warmup.py) that the API runs after its reads when it starts.

Why: every start of Neo4j empties its plan cache, and the first load after it (`hkg load`, a
curation save) paid for planning each of its statements: on the scale-0.5 synthetic graph the
first new article took 13.6–21 s where the next took 1.8–3.1 s (docs/benchmarks.md,
"Incremental, batched loads").

Reads run as the API's do, with ids that do not exist. Writes — the upserts rendered for
every entity class, structural relationship type and predicate of the ontology, the
deletions, the manifest, the graph version, the journal — run for real in a transaction that
is ROLLED BACK: planned and cached, never committed. Their rows come from the loader's own
row builder (loaders.rows.build) over a small in-memory fact set, so that they have the
shape the loader's rows have; every id starts with `warmup:` and exists nowhere.

Neo4j keys a plan on the text and on each parameter's type, a list by its length bucket
(0, 1, 2–10, 11–100, 101–1000, …): `rows` is warmed with 1, 2 and 11 rows, id lists with the
lengths a one-article load or a curation save passes (0 where the loader passes an empty list,
e.g. its deletions, which run on every load). Neo4j also plans a statement apart when its
transaction has already changed something (measured: a load after a warm-up of clean
transactions alone planned each of its 32 writes again), so writes are warmed both ways.

tests/test_load_warmup.py fails when a statement of the loader has no entry here.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import ontology
import queries
from graph import version
from graph.warmup import Read
from loaders import manifest as mf
from loaders.factfile import ArticleMeta, EntityDecl, Fact, FactFile, Source
from loaders.load import new_load_id
from loaders.plan import Writes
from loaders.rows import Rows, build
from loaders.validate import Dataset
from loaders.write import delete_query, upserts

PREFIX = "warmup:"
ROWS = (1, 2, 11)               # one, a few and tens of rows: the buckets 1, 2–10 and 11–100
IDS = (1, 2, 11, 101)           # ids a load looks up: a file refers to one, a few, tens, hundreds
QUOTE = "样本引文"               # a sample quote, cut from the sample article's text below
TEXT = f"{QUOTE}。" * 3

# Statements of the loader deliberately not warmed, and why.
NOT_WARMED: dict[str, str] = {
    # Its first statement always takes the write lock of the lease node, even rolled back: a
    # warm-up could make a real load wait for it, or wait for one. (lock_renew and
    # lock_release are warmed: with a token that is not the lease's they match, and lock,
    # nothing.)
    "load/lock_acquire": "always write-locks the real lease node, even in a rolled-back transaction",
    # The loader's copy for a tree without graph/version.py; graph/bump_version is the one run.
    "load/bump_version": "not run while graph/version.py exists (graph/bump_version is warmed instead)",
}


def ids(n: int, kind: str = "id") -> list[str]:
    return [f"{PREFIX}{kind}-{i}" for i in range(n)]


def sample_rows(n: int = max(ROWS)) -> Rows:
    """The loader's rows for `n` articles, `n` entities of every class and `n` facts of every
    predicate, built by the loader's own row builder from facts that exist only here."""
    onto = ontology.load()
    files = []
    for i in range(n):
        key = f"{PREFIX}A{i}"
        ff = FactFile(path=Path(f"{key}.yaml"), key=key, sha=uuid.uuid4().hex,
                      article=ArticleMeta(key, 1, {"id": key, "title": "样本", "outlet": "样本报", "date": "2020-01-01",
                                                   "url": "https://example.org/warmup"}, TEXT))
        for cls in onto.entity_types:
            ff.entities.append(EntityDecl(f"{PREFIX}{cls}-{i}", cls, 1, key, {
                "name_zh": "样本", "name_en": "Sample", "pinyin": "Yàngběn",
                "names": [{"text": "样本", "lang": "zh", "kind": "alias"}]}))
        for name, pred in onto.predicates.items():
            obj = 1 if pred.literal_object else f"{PREFIX}object-{i}"
            qualifiers: dict[str, Any] = {"year": 2020}
            if not pred.structural:
                qualifiers["conferrer"] = f"{PREFIX}conferrer-{i}"
            ff.facts.append(Fact(f"{PREFIX}{name}-{i}", f"{PREFIX}subject-{i}", name, obj, qualifiers,
                                 [Source(key, QUOTE, 1, start=0, end=len(QUOTE))], 1, key, key, {}))
        files.append(ff)
    ds = Dataset(files=files, articles={ff.key: ff for ff in files},
                 entities={e.id: e for ff in files for e in ff.entities},
                 facts={f.id: f for ff in files for f in ff.facts})
    return build(ds)


def upsert_groups(rows: Rows) -> list[tuple[str, Writes]]:
    """One group per query text the loader renders: the articles, each entity class, each
    structural relationship type, each predicate (named for the logs)."""
    groups: list[tuple[str, Writes]] = [("Article", Writes(articles=rows.articles))]
    groups += [(cls, Writes(entities={cls: rs})) for cls, rs in rows.entities.items()]
    groups += [(rel, Writes(links={rel: rs})) for rel, rs in rows.links.items()]
    groups += [(pred, Writes(statements={pred: rs})) for pred, rs in rows.statements.items()]
    return groups


def _upsert_writes(rows: Rows) -> list[Read]:
    out = []
    for tag, group in upsert_groups(rows):
        for n in ROWS:
            sliced = Writes(articles=group.articles[:n],
                            entities={k: v[:n] for k, v in group.entities.items()},
                            links={k: v[:n] for k, v in group.links.items()},
                            statements={k: v[:n] for k, v in group.statements.items()})
            ((kind, _, text, chunk),) = upserts(sliced)
            out.append(Read(f"load/upsert_{'entities' if kind == 'entity' else kind + 's'}", {"rows": chunk},
                            write=True, rendered=text, tag=tag))
    return out


def _reads() -> list[Read]:
    onto = ontology.load()
    one, two = ids(1, "origin"), ids(2, "origin")
    out = [Read("load/manifest_read"), Read("schema/online"), Read("load/journal_list")]
    out += [Read("load/lookup_entities", {"ids": ids(n)}) for n in IDS]
    out += [Read("load/lookup_articles", {"ids": ids(n)}) for n in (0, 1, 2, 11)]
    out += [Read("load/lookup_facts", {"ids": ids(n)}) for n in IDS]
    out += [Read("load/existing_articles", {"ids": ids(n)}) for n in ROWS]
    out += [Read("load/existing_entities", {"origins": o, "ids": ids(n)}) for o in (one, two) for n in (0, *IDS)]
    out += [Read("load/existing_statements", {"origins": o}) for o in (one, two, ids(11, "origin"))]
    out += [Read("load/existing_links", {"origins": o}, {"rel_type": rel})
            for rel in onto.structural_rel_types for o in (one, two)]
    out += [Read("load/entity_users", {"ids": ids(n), "origins": o}) for n in (1, 2) for o in (one, two)]
    # A full sync's: which files the graph holds anything of.
    out += [Read("load/origins")] + [Read("load/link_origins", {}, {"rel_type": rel}) for rel in onto.structural_rel_types]
    out += [Read("load/journal_batches", {"load_id": _load_id()})]
    return out


def _load_id() -> str:
    return f"{PREFIX}{new_load_id()}"


def _writes() -> list[Read]:
    onto = ontology.load()
    out = _upsert_writes(sample_rows())
    # Every load runs the deletions of statements, entities and articles, most often with no id.
    for kind in ("statement", "entity", "article"):
        out += [Read(f"load/delete_{'entities' if kind == 'entity' else kind + 's'}", {"ids": ids(n)},
                     write=True, rendered=delete_query(kind)) for n in (0, *ROWS)]
    out += [Read("load/delete_links", {"ids": ids(n)}, {"rel_type": rel}, write=True, rendered=delete_query("link", rel))
            for rel in onto.structural_rel_types for n in ROWS]
    files = [mf.FileState(name=f"{PREFIX}file-{i}", sha=uuid.uuid4().hex + "0" * 8, origin=f"{PREFIX}A{i}",
                          article=f"{PREFIX}A{i}", text_sha=uuid.uuid4().hex + "0" * 8,
                          counts={"nodes": {"Person": 1}, "rels": {}, "facts": 1}).as_row() for i in range(11)]
    out += [Read("load/manifest_write", {"fingerprint": mf.fingerprint(), "files": files[:n], "removed": ids(r, "file")},
                 write=True) for n in (0, *ROWS) for r in (0, 1)]
    load_id = _load_id()
    out += [Read("graph/bump_version", {"version": version.new_version(), "load_id": load_id}, write=True),
            Read("load/journal_start", {"load_id": load_id, "holder": "warm-up (no process)"}, write=True),
            Read("load/journal_batch", {"load_id": load_id, "n": 1, "kind": "entity", "rel_type": "",
                                        "ids": ids(11)}, write=True),
            Read("load/journal_end", {"load_id": load_id}, write=True),
            Read("load/journal_forget", {"id": f"load:{load_id}:1"}, write=True),
            # A token that is not the lease's: these match no node, so they lock nothing.
            Read("load/lock_renew", {"token": uuid.uuid4().hex, "ttl": 15}, write=True),
            Read("load/lock_release", {"token": uuid.uuid4().hex}, write=True)]
    return out


def statements() -> list[Read]:
    """The loader's reads, then its writes (rolled back when warmed), each write both as the
    first statement of its transaction and after a change: a load runs most of its writes in
    one transaction, where only the first sees no change of its own."""
    writes = _writes()
    return _reads() + writes + [replace(w, after_change=True) for w in writes]


def catalogue() -> set[str]:
    """The named queries the loader runs (its folder of queries, and the graph version's write)."""
    return {n for n in queries.catalogue() if n.startswith("load/")} | {"graph/bump_version", "schema/online"}
