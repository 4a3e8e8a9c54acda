"""Curated facts -> Neo4j, in one transaction.

1. Validate every fact file (nothing is written while any is invalid).
2. Diff the rows against the graph by id and content hash.
3. In ONE write transaction: delete what is gone or changed, then MERGE what is new or
   changed, with UNWIND over batches of rows. A failure anywhere — a bad row, Neo4j going
   away, the process killed — rolls the whole transaction back: the graph stays as it was.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ontology
import queries
from graph import schema
from graph.connection import Graph
from loaders.lock import Lease, load_lock
from loaders.rows import Rows, build
from loaders.validate import Dataset, Problem, display_path, load_dataset

BATCH = 5000
# A load that would delete more than this many facts of one article, or this share of them,
# is refused unless asked for: an emptied or truncated file must not wipe an article.
MAX_DELETED = 10
MAX_DELETED_SHARE = 0.25


def new_load_id() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:8]}"


def bump_version(tx, load_id: str) -> str:
    """The graph version changes in the load's final transaction (graph.version when present)."""
    try:
        from graph import version
    except ImportError:
        v = new_load_id()
        tx.run(queries.get("load/bump_version").text, version=v, load_id=load_id).consume()
        return v
    return version.bump(tx, load_id)


class MassDeletion(Exception):
    """A valid load that would delete many facts of an article, refused without --allow-deletions."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} article(s) would lose many facts; nothing was written")
        self.problems = problems


class InvalidFacts(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the fact files; nothing was written")
        self.problems = problems


@dataclass
class Change:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)


@dataclass
class Summary:
    """What a load did (or, for a dry run, would do), per label and relationship type."""
    nodes: Change = field(default_factory=Change)
    relationships: Change = field(default_factory=Change)
    facts: int = 0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(sum(c.values()) for ch in (self.nodes, self.relationships)
                   for c in (ch.created, ch.updated, ch.deleted))


@dataclass
class Plan:
    rows: Rows
    delete_entities: list[str] = field(default_factory=list)
    delete_articles: list[str] = field(default_factory=list)
    delete_statements: list[str] = field(default_factory=list)
    delete_links: dict[str, list[str]] = field(default_factory=dict)
    write_articles: list[dict] = field(default_factory=list)
    write_entities: dict[str, list[dict]] = field(default_factory=dict)
    write_links: dict[str, list[dict]] = field(default_factory=dict)
    write_statements: dict[str, list[dict]] = field(default_factory=dict)
    summary: Summary = field(default_factory=Summary)
    fact_deletions: dict[str, tuple[int, int]] = field(default_factory=dict)   # origin -> (facts before, deleted)

    def mass_deletions(self, files: dict[str, str]) -> list[Problem]:
        """Origins whose facts this load would delete in bulk: more than MAX_DELETED facts, or
        more than MAX_DELETED_SHARE of the article's facts (an emptied or truncated file)."""
        out = []
        for origin, (had, gone) in sorted(self.fact_deletions.items()):
            if gone > MAX_DELETED or (had and gone / had > MAX_DELETED_SHARE):
                out.append(Problem(files.get(origin, f"{origin} (its fact file is gone)"), 1, origin,
                                   f"this load would delete {gone} of the {had} facts of {origin} (more than "
                                   f"{MAX_DELETED} or {MAX_DELETED_SHARE:.0%}): refused; to remove an article use "
                                   f"`hkg retract {origin}`, to delete this many facts pass --allow-deletions"))
        return out

    @property
    def batches(self) -> int:
        groups = [self.write_articles, *self.write_entities.values(), *self.write_links.values(),
                  *self.write_statements.values()]
        return sum((len(g) + BATCH - 1) // BATCH for g in groups) + 4


def _diff(existing: dict[str, tuple[str, str]], wanted: Iterable[tuple[str, str, str, dict]],
          change: Change, *, replace: bool) -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    """existing: id -> (hash, kind); wanted: (id, hash, kind, row).
    Returns (rows to write as (kind, row), ids to delete first as (kind, id)). With `replace`,
    an updated item is deleted and written afresh (its links may point elsewhere now);
    without, it is merged in place and keeps its relationships."""
    write, delete = [], []
    seen = set()
    for id_, hash_, kind, row in wanted:
        seen.add(id_)
        old = existing.get(id_)
        if old is None:
            change.created[kind] += 1
            write.append((kind, row))
        elif old[0] != hash_ or old[1] != kind:
            change.updated[kind] += 1
            write.append((kind, row))
            if replace:
                delete.append((old[1], id_))
        else:
            change.unchanged[kind] += 1
    for id_, (_, kind) in existing.items():
        if id_ not in seen:
            change.deleted[kind] += 1
            delete.append((kind, id_))
    return write, delete


def plan(graph: Graph, ds: Dataset, origins: set[str] | None = None) -> Plan:
    rows = build(ds, origins)
    if origins is None:
        # A full load also removes the facts of fact files that no longer exist.
        rows.origins |= {r["origin"] for r in graph.read("load/origins")}
    p = Plan(rows=rows)
    s = p.summary
    s.facts = rows.fact_count

    ex_articles = {r["id"]: (r["hash"], "Article") for r in graph.read("load/existing_articles")}
    w, d = _diff(ex_articles, ((r["id"], r["hash"], "Article", r) for r in rows.articles), s.nodes, replace=False)
    p.write_articles = [r for _, r in w]
    p.delete_articles = [i for _, i in d]

    ex_entities = {r["id"]: (r["hash"], r["type"]) for r in graph.read("load/existing_entities")}
    w, d = _diff(ex_entities, ((r["id"], r["hash"], cls, r) for cls, rs in rows.entities.items() for r in rs),
                 s.nodes, replace=False)
    for cls, r in w:
        p.write_entities.setdefault(cls, []).append(r)
    p.delete_entities = [i for _, i in d]

    origins_list = sorted(rows.origins)
    st_rows = graph.read("load/existing_statements", origins=origins_list)
    link_rows = graph.read("load/existing_links", origins=origins_list)
    wanted_ids = {r["props"]["id"] for rs in rows.statements.values() for r in rs} | \
                 {r["props"]["fact_id"] for rs in rows.links.values() for r in rs}
    for r in (*st_rows, *link_rows):
        had, gone = p.fact_deletions.get(r["origin"], (0, 0))
        p.fact_deletions[r["origin"]] = (had + 1, gone + (r["id"] not in wanted_ids))
    ex_statements = {r["id"]: (r["hash"], r["kind"]) for r in st_rows}
    onto = ontology.load()
    wanted = ((r["props"]["id"], r["props"]["hash"], onto.predicates[pred].statement_class, (pred, r))
              for pred, rs in rows.statements.items() for r in rs)
    w, d = _diff(ex_statements, wanted, s.nodes, replace=True)
    for _, (pred, r) in w:
        p.write_statements.setdefault(pred, []).append(r)
    p.delete_statements = [i for _, i in d]

    ex_links = {r["id"]: (r["hash"], r["kind"]) for r in link_rows}
    wanted = ((r["props"]["fact_id"], r["props"]["hash"], rel, r) for rel, rs in rows.links.items() for r in rs)
    w, d = _diff(ex_links, wanted, s.relationships, replace=True)
    for rel, r in w:
        p.write_links.setdefault(rel, []).append(r)
    for rel, id_ in d:
        p.delete_links.setdefault(rel, []).append(id_)
    return p


def _chunks(rows: list, size: int = BATCH) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def write(graph: Graph, p: Plan, progress: Callable[[int], None] | None = None, *,
          lease: Lease | None = None, load_id: str = "") -> None:
    onto = ontology.load()
    tick = progress or (lambda n: None)
    all_labels = ":".join(onto.all_labels)

    def work(tx) -> None:
        # Deletions first, so that a replaced fact is written afresh.
        tx.run(queries.get("load/delete_statements").text, ids=p.delete_statements).consume()
        for rel, ids in p.delete_links.items():
            assert rel in onto.structural_rel_types
            tx.run(queries.render("load/delete_links", rel_type=rel), ids=ids).consume()
        tx.run(queries.get("load/delete_entities").text, ids=p.delete_entities).consume()
        tx.run(queries.get("load/delete_articles").text, ids=p.delete_articles).consume()
        tick(4)
        for chunk in _chunks(p.write_articles):
            tx.run(queries.get("load/upsert_articles").text, rows=chunk).consume()
            tick(1)
        for cls, rows in p.write_entities.items():
            text = queries.render("load/upsert_entities", labels=":".join(onto.labels(cls)), all_labels=all_labels)
            for chunk in _chunks(rows):
                tx.run(text, rows=chunk).consume()
                tick(1)
        for rel, rows in p.write_links.items():
            assert rel in onto.structural_rel_types
            text = queries.render("load/upsert_links", rel_type=rel)
            for chunk in _chunks(rows):
                tx.run(text, rows=chunk).consume()
                tick(1)
        for pred_name, rows in p.write_statements.items():
            pred = onto.predicates[pred_name]
            # A literal-valued statement has no object node: its object link matches nothing.
            text = queries.render("load/upsert_statements",
                                  labels=":".join(["Statement", *onto.labels(pred.statement_class)[:-1]]),
                                  subject_role=pred.subject_role,
                                  object_role=pred.subject_role if pred.literal_object else pred.object_role)
            for chunk in _chunks(rows):
                tx.run(text, rows=chunk).consume()
                tick(1)
        # The load becomes visible with a new graph version, and only while we hold the lease.
        bump_version(tx, load_id or new_load_id())
        if lease is not None:
            lease.check(tx)

    graph.write_tx(work)


def load(graph: Graph, data_dir: Path, paths: list[Path] | None = None, *, dry_run: bool = False,
         progress: Callable[[int, int], None] | None = None, dataset: Dataset | None = None,
         allow_deletions: bool = False, origins: set[str] | None = None, wait: float = 0,
         holder: str = "hkg load") -> Summary:
    """Validate, then load. `paths` restricts the facts written to those files (all entities
    and articles are always synced); without paths the graph is synced to the whole folder."""
    ds = dataset or load_dataset(data_dir)
    if not ds.ok:
        raise InvalidFacts(ds.problems)
    if paths:
        origins = {ff.key for ff in ds.files
                   if any(ff.path.resolve() == (data_dir / "facts" / f"{p}.yaml").resolve() or
                          ff.path.resolve() == Path(p).resolve() for p in paths)}
        if not origins:
            raise InvalidFacts([Problem(str(p), 0, None, "no such fact file") for p in paths])
    if dry_run:
        p = plan(graph, ds, origins)
        p.summary.dry_run = True
        _refuse_mass_deletions(p, ds, allow_deletions)
        return p.summary
    schema.apply(graph)
    with load_lock(graph, holder, wait) as lease:
        # Planned under the lease: the diff is against a graph no other load is changing.
        p = plan(graph, ds, origins)
        _refuse_mass_deletions(p, ds, allow_deletions)
        total = p.batches
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        if p.summary.changed:   # a load that changes nothing commits nothing: the version stays
            write(graph, p, tick, lease=lease, load_id=new_load_id())
    return p.summary


def _refuse_mass_deletions(p: Plan, ds: Dataset, allow: bool) -> None:
    if not allow and (refused := p.mass_deletions({ff.key: display_path(ff.path, Path.cwd()) for ff in ds.files})):
        raise MassDeletion(refused)
