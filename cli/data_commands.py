"""Commands over the curated data: validate, load, schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.config import get_settings


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from cli.main import command

    v = sub.add_parser("validate", help="check the fact files against the ontology and shapes")
    v.add_argument("paths", nargs="*", type=Path, help="fact files or article ids (default: all)")
    command("validate")(validate_cmd)

    ld = sub.add_parser("load", help="validate, then load the fact files that changed into Neo4j")
    ld.add_argument("paths", nargs="*", type=Path,
                    help="fact files or article ids whose facts to (re)load (default: sync the whole folder)")
    ld.add_argument("--dry-run", action="store_true", help="validate and show what would change; write nothing")
    ld.add_argument("--quiet", action="store_true", help="no progress bar")
    ld.add_argument("--full", action="store_true",
                    help="read and diff every file, not only those changed since the last load")
    ld.add_argument("--allow-deletions", action="store_true",
                    help="let the load delete more than 10 facts or 25%% of an article's facts")
    ld.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                    help="wait this long for another load to finish (default 0: fail at once, naming it)")
    ld.add_argument("--bulk", action="store_true",
                    help="first load or rebuild: write neo4j-admin files and import them with the local server "
                         "stopped (REPLACES the store; the API is down meanwhile), then apply the schema")
    command("load")(load_cmd)

    rt = sub.add_parser("retract", help="remove an article, its facts and the entities only it declares")
    rt.add_argument("article", help="the article id (its fact file moves to data/retracted/)")
    rt.add_argument("--dry-run", action="store_true", help="show what would be removed; change nothing")
    rt.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                    help="wait this long for another load to finish (default 0)")
    command("retract")(retract_cmd)

    sub.add_parser("schema", help="apply constraints and indexes alone")
    command("schema")(schema_cmd)


def validate_cmd(args: argparse.Namespace) -> int:
    from loaders.validate import load_dataset

    settings = get_settings()
    # Named files are checked in the context of the whole folder (their entities and quotes
    # may live elsewhere); only their problems are reported.
    ds = load_dataset(settings.data_dir)
    if args.paths:
        wanted = {p.stem if p.suffix else str(p) for p in args.paths}
        ds.problems = [p for p in ds.problems if Path(p.file).stem in wanted]
    n_facts, n_entities = len(ds.facts), len(ds.entities)
    if ds.problems:
        print_problems(ds.problems)
        print(f"{len(ds.problems)} problem(s) in {len(ds.files)} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(ds.files)} files, {len(ds.articles)} articles, {n_entities} entities, {n_facts} facts")
    return 0


def _connect():
    from graph.connection import Graph

    return Graph.connect(get_settings())


def print_problems(problems: list) -> None:
    """The first MAX_SHOWN problems and how many there are: a broken 5 MB file must not
    print hundreds of thousands of lines."""
    for problem in problems[:MAX_SHOWN]:
        print(problem, file=sys.stderr)
    if len(problems) > MAX_SHOWN:
        print(f"... and {len(problems) - MAX_SHOWN} more problem(s) ({len(problems)} in all)", file=sys.stderr)


MAX_SHOWN = 50


def _refused(e: Exception) -> int:
    from loaders.load import InvalidFacts, MassDeletion

    if isinstance(e, (InvalidFacts, MassDeletion)):
        print_problems(e.problems)
    print(f"error: {e}", file=sys.stderr)
    return 1


def load_cmd(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from loaders.load import InvalidFacts, LoadTooLarge, MassDeletion, load
    from loaders.lock import LeaseLost, LockHeld

    console = Console(stderr=True)
    settings = get_settings()
    if getattr(args, "bulk", False):
        return bulk_cmd(settings, console)
    # `hkg run` calls this with only paths, dry_run and quiet.
    opts = dict(allow_deletions=getattr(args, "allow_deletions", False), wait=getattr(args, "wait", 0.0),
                full=getattr(args, "full", False))
    with _connect() as graph:
        try:
            if args.quiet or args.dry_run:
                summary = load(graph, settings.data_dir, args.paths or None, dry_run=args.dry_run, **opts)
            else:
                with Progress(console=console, transient=True) as bar:
                    task = bar.add_task("loading", total=None)
                    summary = load(graph, settings.data_dir, args.paths or None, **opts,
                                   progress=lambda done, total: bar.update(task, completed=done, total=total))
        except (InvalidFacts, MassDeletion, LockHeld, LeaseLost) as e:
            return _refused(e)
        except LoadTooLarge as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    print_summary(summary)
    return 0


def retract_cmd(args: argparse.Namespace) -> int:
    from loaders.load import InvalidFacts, MassDeletion
    from loaders.lock import LeaseLost, LockHeld
    from loaders.retract import UnknownArticle, retract

    with _connect() as graph:
        try:
            summary = retract(graph, get_settings().data_dir, args.article, dry_run=args.dry_run, wait=args.wait)
        except (InvalidFacts, MassDeletion, LockHeld, LeaseLost, UnknownArticle) as e:
            return _refused(e)
    print_summary(summary)
    return 0


def bulk_cmd(settings, console) -> int:
    from loaders.bulk import bulk_load
    from loaders.load import InvalidFacts

    try:
        report = bulk_load(settings, settings.data_dir,
                           progress=lambda phase, seconds: console.print(f"{phase:>15}: {seconds:8.2f} s"))
    except InvalidFacts as e:
        return _refused(e)
    console.print(f"{'total':>15}: {report.total:8.2f} s — {report.facts} facts, {report.nodes} nodes, "
                  f"{report.relationships} relationships, graph version {report.version}")
    return 0


def print_summary(summary) -> None:
    from rich.console import Console
    from rich.table import Table

    title = "dry run: what a load would change" if summary.dry_run else "load summary"
    table = Table(title=f"{title} ({summary.facts} facts)")
    for col in ("kind", "name", "created", "updated", "deleted", "unchanged"):
        table.add_column(col, justify="right" if col not in ("kind", "name") else "left")
    for kind, change in (("nodes", summary.nodes), ("relationships", summary.relationships)):
        names = sorted(set(change.created) | set(change.updated) | set(change.deleted) | set(change.unchanged))
        for name in names:
            table.add_row(kind, name, *(str(c[name]) for c in (change.created, change.updated, change.deleted, change.unchanged)))
    Console().print(table)
    print(f"{summary.files_read} fact file(s) read, {summary.files_unchanged} unchanged since the last load"
          + ("; new items written in batches" if summary.batched else ""))


def schema_cmd(args: argparse.Namespace) -> int:
    from graph import schema

    with _connect() as graph:
        for stmt in schema.apply(graph, force=True):
            print(stmt.splitlines()[-1] if stmt.startswith("//") else stmt.split("\n")[0])
    return 0
