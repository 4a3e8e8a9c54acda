"""Curated facts -> Neo4j: `hkg load`.

1. Select: the manifest (loaders.manifest) says which files changed since the last load; only
   those are read (all of them with --full, or the ones named).
2. Validate them (nothing is written while any is invalid); what they refer to in the files
   not read is checked against the graph.
3. Under the load lease (loaders.lock): undo a dead batched load, diff the rows against what
   the graph holds of those files (loaders.plan), refuse mass deletions and removals of
   entities other files use.
4. Write (loaders.write): one transaction for a small change, batches under a load id for a
   large one; the final transaction records the manifest and bumps the graph version.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import ontology
import queries
from graph import schema
from graph.config import Settings, get_settings
from graph.connection import Graph
from loaders import manifest as mf
from loaders.factfile import discover, read
from loaders.lock import load_lock
from loaders.plan import Change, Plan, Summary, file_counts, plan, users_of_deleted  # noqa: F401 (re-exported)
from loaders.validate import Dataset, External, Problem, display_path, validate
from loaders.write import LoadTooLarge, batches, recover  # noqa: F401 (re-exported)
from loaders.write import write as write_plan


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


def load(graph: Graph, data_dir: Path, paths: list[Path] | None = None, *, dry_run: bool = False,
         progress: Callable[[int, int], None] | None = None, dataset: Dataset | None = None,
         allow_deletions: bool = False, origins: set[str] | None = None, wait: float = 0,
         holder: str = "hkg load", full: bool = False, settings: Settings | None = None) -> Summary:
    """Validate, then load.

    Without `paths`: sync the graph to the folder, reading only the files that changed since
    the last load (every file with `full`). With `paths`: (re)load those files alone, whatever
    the others say. With `dataset`: those already-read files, as a full sync (or, with
    `origins`, syncing only the facts of those origins: `hkg retract`)."""
    settings = settings or get_settings()
    articles_dir = data_dir / "articles"
    clock = _Clock()
    manifest = mf.Manifest.read(graph)
    unchanged: list[mf.FileState] = []
    removed: set[str] = set()
    whole = False                       # every file of the folder is read: removals are found by scanning
    if dataset is not None:
        ds = dataset
        whole = origins is None
    else:
        if paths:
            parse = _named(data_dir, paths)
        else:
            on_disk = discover(data_dir)
            if full or not manifest.usable:
                parse, whole = on_disk, True
            else:
                sel = mf.select(manifest, on_disk, articles_dir)
                parse, unchanged = sel.parse, sel.unchanged
                removed = {f.origin for f in sel.removed}
                if not parse and not removed:
                    return _unchanged_summary(unchanged, dry_run)
        clock.lap("select")
        files = [read(p, display_path(p, Path.cwd())) for p in parse]
        clock.lap("parse")
        ds = validate(files, articles_dir, None if whole else _external(graph, files, removed))
        clock.lap("validate")
    if not ds.ok:
        raise InvalidFacts(ds.problems)
    if whole:
        removed = _graph_origins(graph) - {ff.key for ff in ds.files}
    sync = (origins if origins is not None else {ff.key for ff in ds.files}) | removed

    if dry_run:
        p = plan(graph, ds, sync)
        _account(p, ds, unchanged, dry_run=True)
        _refuse(graph, p, ds, allow_deletions)
        return p.summary
    schema.apply(graph)
    clock.lap("schema")
    with load_lock(graph, holder, wait) as lease:
        recover(graph)
        clock.lap("lease")
        # Planned under the lease: the diff is against a graph no other load is changing.
        p = plan(graph, ds, sync)
        p.summary.timings = clock.laps
        _account(p, ds, unchanged)
        _refuse(graph, p, ds, allow_deletions)
        _manifest(p, ds, manifest, articles_dir, whole)
        clock.lap("plan")
        if not (p.summary.changed or p.manifest_files or p.manifest_removed):
            return p.summary
        total = batches(p, settings.load_single_tx_rows, settings.load_batch_rows)
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        load_id = new_load_id()
        changed = p.summary.changed
        p.summary.batched = write_plan(
            graph, p, lease=lease, load_id=load_id, fingerprint=mf.fingerprint(),
            # A load that changes no data (it only records the manifest) keeps the version.
            bump=bump_version if changed else (lambda tx, load_id: None),
            single_tx_rows=settings.load_single_tx_rows, batch_rows=settings.load_batch_rows, tick=tick)
        clock.lap("write")
    return p.summary


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(self.laps.get(name, 0) + now - self._t, 3)
        self._t = now


def write(graph: Graph, p: Plan, progress: Callable[[int], None] | None = None, *, lease=None,
          load_id: str = "", settings: Settings | None = None) -> bool:
    """Write a plan made by `plan` (for callers that plan themselves: a curation save, under
    its own lease). The graph version changes when the plan changes anything."""
    settings = settings or get_settings()
    return write_plan(graph, p, lease=lease, load_id=load_id or new_load_id(), fingerprint=mf.fingerprint(),
                      bump=bump_version if p.summary.changed else (lambda tx, load_id: None),
                      single_tx_rows=settings.load_single_tx_rows, batch_rows=settings.load_batch_rows,
                      tick=progress or (lambda n: None))


def _named(data_dir: Path, paths: list[Path]) -> list[Path]:
    found, missing = [], []
    for p in paths:
        path = p if p.suffix else data_dir / "facts" / f"{p}.yaml"
        (found if path.is_file() else missing).append(path)
    if missing:
        raise InvalidFacts([Problem(str(p), 0, None, "no such fact file") for p in missing])
    return found


def _external(graph: Graph, files: list, removed: set[str]) -> External:
    """What the files read refer to in the files not read, from the graph."""
    declared = {e.id for ff in files for e in ff.entities}
    refs, cited, fact_ids = set(declared), set(), set()
    for ff in files:
        for f in ff.facts:
            fact_ids.add(f.id)
            refs.add(f.subject)
            if isinstance(f.object, str):
                refs.add(f.object)
            if isinstance(f.qualifiers.get("conferrer"), str):
                refs.add(f.qualifiers["conferrer"])
            cited.update(s.article for s in f.sources)
    cited -= {ff.key for ff in files if ff.article}
    ext = External()
    for r in graph.read("load/lookup_entities", ids=sorted(refs)):
        if r["origin"] not in removed:      # an entity of a removed file is not there to refer to
            ext.entities[r["id"]] = (r["type"], r["origin"])
    for r in graph.read("load/lookup_articles", ids=sorted(cited - removed)):
        ext.article_texts[r["id"]] = r["text"]
    for r in graph.read("load/lookup_facts", ids=sorted(fact_ids)):
        ext.facts[r["id"]] = r["origin"]
    return ext


def _graph_origins(graph: Graph) -> set[str]:
    """Every fact file the graph holds anything of (a full sync removes those without a file)."""
    out = {r["origin"] for r in graph.read("load/origins")}
    for rel in ontology.load().structural_rel_types:
        text = queries.render("load/link_origins", rel_type=rel)
        out |= {r["origin"] for r in graph.read_tx(lambda tx, t=text: tx.run(t).data())}
    return {o for o in out if o}


def _unchanged_summary(unchanged: list[mf.FileState], dry_run: bool) -> Summary:
    s = Summary(dry_run=dry_run)
    nodes, rels, facts = mf.add_counts(unchanged)
    s.nodes.unchanged.update(nodes)
    s.relationships.unchanged.update(rels)
    s.facts, s.files_unchanged = facts, len(unchanged)
    return s


def _account(p: Plan, ds: Dataset, unchanged: list[mf.FileState], dry_run: bool = False) -> None:
    """The summary counts the files not read as unchanged, from the manifest."""
    nodes, rels, facts = mf.add_counts(unchanged)
    p.summary.nodes.unchanged.update(nodes)
    p.summary.relationships.unchanged.update(rels)
    p.summary.facts += facts
    p.summary.files_read, p.summary.files_unchanged = len(ds.files), len(unchanged)
    p.summary.dry_run = dry_run


def _manifest(p: Plan, ds: Dataset, manifest: mf.Manifest, articles_dir: Path, whole: bool) -> None:
    """The manifest rows the final transaction writes: the files synced, the files gone."""
    if not (whole or manifest.usable):
        return      # a manifest of an older loader is not extended file by file: the next full load redoes it
    read_names = set()
    for state in file_states(p, ds, articles_dir):
        read_names.add(state.name)
        known = manifest.files.get(state.name)
        if not (manifest.usable and known and known.as_row() == state.as_row()):
            p.manifest_files.append(state.as_row())
    p.manifest_removed = [name for name, f in manifest.files.items()
                          if name not in read_names and (whole or f.origin in p.rows.origins)]


def file_states(p: Plan, ds: Dataset, articles_dir: Path) -> list[mf.FileState]:
    """The manifest entries of the files `p` syncs: their hashes and what each holds."""
    counts = file_counts(p, ds)
    out = []
    for ff in ds.files:
        if ff.key not in p.rows.origins or not ff.sha:
            continue
        article = ff.article.id if ff.article else ""
        out.append(mf.FileState(name=ff.path.stem, sha=ff.sha, origin=ff.key, article=article,
                                text_sha=mf.text_sha(articles_dir, article), counts=counts.get(ff.key, {})))
    return out


def _refuse(graph: Graph, p: Plan, ds: Dataset, allow_deletions: bool) -> None:
    if users := users_of_deleted(graph, p):
        raise InvalidFacts(users)
    if not allow_deletions and (refused := p.mass_deletions({ff.key: display_path(ff.path, Path.cwd())
                                                             for ff in ds.files})):
        raise MassDeletion(refused)
