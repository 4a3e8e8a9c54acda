"""What a load changes: the rows of the files it read, diffed against the graph.

The diff reads only what belongs to those files — their statements and entities through the
origin indexes, their links through each type's origin index, their articles by id — so its
cost follows the size of the change, not of the graph. New items and changed or deleted ones
are kept apart: a large load writes the new ones in batches and the rest in its final
transaction (see loaders.write).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import ontology
from graph.connection import Graph
from loaders.rows import Rows, build
from loaders.validate import Dataset, Problem

# A load that would delete more than this many facts of one article, or this share of them,
# is refused unless asked for: an emptied or truncated file must not wipe an article.
MAX_DELETED = 10
MAX_DELETED_SHARE = 0.25


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
    files_read: int = 0
    files_unchanged: int = 0
    batched: bool = False
    timings: dict[str, float] = field(default_factory=dict)     # seconds per phase of the load

    @property
    def changed(self) -> bool:
        return any(sum(c.values()) for ch in (self.nodes, self.relationships)
                   for c in (ch.created, ch.updated, ch.deleted))


@dataclass
class Writes:
    """Rows to MERGE, grouped as the queries take them."""
    articles: list[dict] = field(default_factory=list)
    entities: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))    # by class
    links: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))       # by rel type
    statements: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))  # by predicate

    @property
    def size(self) -> int:
        return len(self.articles) + sum(len(v) for g in (self.entities, self.links, self.statements)
                                        for v in g.values())


@dataclass
class Plan:
    rows: Rows
    create: Writes = field(default_factory=Writes)     # ids the graph does not have
    update: Writes = field(default_factory=Writes)     # ids whose content changed
    delete_entities: list[str] = field(default_factory=list)
    delete_articles: list[str] = field(default_factory=list)
    delete_statements: list[str] = field(default_factory=list)
    delete_links: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    summary: Summary = field(default_factory=Summary)
    fact_deletions: dict[str, tuple[int, int]] = field(default_factory=dict)   # origin -> (facts before, deleted)
    manifest_files: list[dict] = field(default_factory=list)
    manifest_removed: list[str] = field(default_factory=list)

    @property
    def deletions(self) -> int:
        return (len(self.delete_entities) + len(self.delete_articles) + len(self.delete_statements)
                + sum(map(len, self.delete_links.values())))

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


def _diff(existing: dict[str, tuple[str, str]], wanted: Iterable[tuple[str, str, str, object]],
          change: Change, *, replace: bool, keep: set[str] = frozenset()) -> tuple[list, list, list]:
    """existing: id -> (hash, kind); wanted: (id, hash, kind, row).
    Returns (new rows, changed rows, ids to delete first, as (kind, id)). With `replace` a
    changed item is deleted and written afresh (its links may point elsewhere now); without,
    it is merged in place and keeps its relationships. Ids in `keep` are never deleted."""
    new, changed, delete = [], [], []
    seen = set()
    for id_, hash_, kind, row in wanted:
        seen.add(id_)
        old = existing.get(id_)
        if old is None:
            change.created[kind] += 1
            new.append((kind, row))
        elif old[0] != hash_ or old[1] != kind:
            change.updated[kind] += 1
            changed.append((kind, row))
            if replace:
                delete.append((old[1], id_))
        else:
            change.unchanged[kind] += 1
    for id_, (_, kind) in existing.items():
        if id_ not in seen and id_ not in keep:
            change.deleted[kind] += 1
            delete.append((kind, id_))
    return new, changed, delete


def plan(graph: Graph, ds: Dataset, origins: set[str] | None = None) -> Plan:
    """Diff the files of `ds` against what the graph holds of `origins` (default: the files of
    `ds`; an origin without a file in `ds` loses its facts, articles and entities)."""
    onto = ontology.load()
    rows = build(ds, origins)
    if origins is not None:
        rows.origins |= origins
    p = Plan(rows=rows)
    s = p.summary
    s.facts = rows.fact_count
    origins_list = sorted(rows.origins)

    # Articles: those of the files read, and those of the origins synced (an article file removed).
    article_ids = sorted({r["id"] for r in rows.articles} | rows.origins)
    ex = {r["id"]: (r["hash"], "Article") for r in graph.read("load/existing_articles", ids=article_ids)}
    keep = {ff.key for ff in ds.files if ff.article} - rows.origins     # read for context, not synced
    new, changed, gone = _diff(ex, ((r["id"], r["hash"], "Article", r) for r in rows.articles), s.nodes,
                               replace=False, keep=keep)
    p.create.articles = [r for _, r in new]
    p.update.articles = [r for _, r in changed]
    p.delete_articles = [i for _, i in gone]

    # Entities: those declared by the files read, and those the graph has from the origins synced.
    declared = [r for rs in rows.entities.values() for r in rs]
    ex = {r["id"]: (r["hash"], r["type"]) for r in graph.read(
        "load/existing_entities", origins=origins_list, ids=[r["id"] for r in declared])}
    new, changed, gone = _diff(ex, ((r["id"], r["hash"], r["type"], r) for r in declared), s.nodes, replace=False)
    for cls, r in new:
        p.create.entities[cls].append(r)
    for cls, r in changed:
        p.update.entities[cls].append(r)
    p.delete_entities = [i for _, i in gone]

    st_rows = graph.read("load/existing_statements", origins=origins_list)
    link_rows = [r for rel in onto.structural_rel_types
                 for r in graph.read_tx(lambda tx, rel=rel: tx.run(
                     _render("load/existing_links", rel), origins=origins_list).data())]
    wanted_ids = {r["props"]["id"] for rs in rows.statements.values() for r in rs} | \
                 {r["props"]["fact_id"] for rs in rows.links.values() for r in rs}
    for r in (*st_rows, *link_rows):
        had, gone_n = p.fact_deletions.get(r["origin"], (0, 0))
        p.fact_deletions[r["origin"]] = (had + 1, gone_n + (r["id"] not in wanted_ids))

    ex = {r["id"]: (r["hash"], r["kind"]) for r in st_rows}
    wanted = ((r["props"]["id"], r["props"]["hash"], onto.predicates[pred].statement_class, (pred, r))
              for pred, rs in rows.statements.items() for r in rs)
    new, changed, gone = _diff(ex, wanted, s.nodes, replace=True)
    for _, (pred, r) in new:
        p.create.statements[pred].append(r)
    for _, (pred, r) in changed:
        p.update.statements[pred].append(r)
    p.delete_statements = [i for _, i in gone]

    ex = {r["id"]: (r["hash"], r["kind"]) for r in link_rows}
    wanted = ((r["props"]["fact_id"], r["props"]["hash"], rel, r) for rel, rs in rows.links.items() for r in rs)
    new, changed, gone = _diff(ex, wanted, s.relationships, replace=True)
    for rel, r in new:
        p.create.links[rel].append(r)
    for rel, r in changed:
        p.update.links[rel].append(r)
    for rel, id_ in gone:
        p.delete_links[rel].append(id_)
    return p


def users_of_deleted(graph: Graph, p: Plan) -> list[Problem]:
    """Entities this load deletes that facts of files outside the load still use."""
    if not p.delete_entities:
        return []
    rows = graph.read("load/entity_users", ids=p.delete_entities, origins=sorted(p.rows.origins))
    return [Problem(f"{r['origin']}", 1, r["fact"],
                    f"uses entity {r['id']!r}, which this load removes (declare it elsewhere, or reload {r['origin']} too)")
            for r in rows]


def file_counts(p: Plan, ds: Dataset) -> dict[str, dict]:
    """Per origin, what its file puts in the graph: the manifest keeps it so that an unchanged
    file is counted without being read."""
    onto = ontology.load()
    out: dict[str, dict] = {ff.key: {"nodes": Counter(), "rels": Counter(), "facts": 0} for ff in ds.files}
    for r in p.rows.articles:
        if r["id"] in out:
            out[r["id"]]["nodes"]["Article"] += 1
    for cls, rs in p.rows.entities.items():
        for r in rs:
            out.setdefault(r["origin"], {"nodes": Counter(), "rels": Counter(), "facts": 0})["nodes"][cls] += 1
    for pred, rs in p.rows.statements.items():
        for r in rs:
            c = out.setdefault(r["props"]["origin"], {"nodes": Counter(), "rels": Counter(), "facts": 0})
            c["nodes"][onto.predicates[pred].statement_class] += 1
            c["facts"] += 1
    for rel, rs in p.rows.links.items():
        for r in rs:
            c = out.setdefault(r["props"]["origin"], {"nodes": Counter(), "rels": Counter(), "facts": 0})
            c["rels"][rel] += 1
            c["facts"] += 1
    return {k: {"nodes": dict(v["nodes"]), "rels": dict(v["rels"]), "facts": v["facts"]} for k, v in out.items()}


def _render(name: str, rel_type: str) -> str:
    import queries
    assert rel_type in ontology.load().structural_rel_types
    return queries.render(name, rel_type=rel_type)
