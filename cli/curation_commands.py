"""Commands of the curation studio: add / revise an article, draft proposals."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.config import get_settings


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from cli.main import command

    art = sub.add_parser("article", help="add an article text to the data folder (or revise one)")
    asub = art.add_subparsers(dest="action", required=True)
    add = asub.add_parser("add", help="normalise, refuse duplicates, store, assign the next id, write the skeleton")
    add.add_argument("file", type=Path, help="the article's text (UTF-8); '-' reads standard input")
    add.add_argument("--title", required=True)
    add.add_argument("--date", help="YYYY, YYYY-MM or YYYY-MM-DD: only what the source supports")
    add.add_argument("--outlet")
    add.add_argument("--url")
    rev = asub.add_parser("revise", help="replace an article's text; every quote must still be found")
    rev.add_argument("id")
    rev.add_argument("file", type=Path)
    command("article")(article_cmd)

    cur = sub.add_parser("curator", help="add a curator to the curators file (HKG_CURATORS_FILE); prints the token once")
    cur.add_argument("action", choices=["add"])
    cur.add_argument("name")
    command("curator")(curator_cmd)

    pr = sub.add_parser("propose", help="draft proposals for an article (offline) into data/proposals/<id>.yaml")
    pr.add_argument("article", help="article id, e.g. A005")
    command("propose")(propose_cmd)


def _read(path: Path) -> str:
    return sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")


def article_cmd(args: argparse.Namespace) -> int:
    from curation.articles import ArticleRefused, add, revise

    data_dir = get_settings().data_dir
    try:
        if args.action == "add":
            r = add(data_dir, _read(args.file), title=args.title, date=args.date, outlet=args.outlet, url=args.url)
            print(r.id)
            near = f"; nearest existing article {r.nearest[0]} (Jaccard {r.nearest[1]:.2f})" if r.nearest else ""
            print(f"stored {r.text_path} ({r.chars} characters, {r.hash}) and skeleton {r.facts_path}{near}",
                  file=sys.stderr)
        else:
            r = revise(data_dir, args.id, _read(args.file))
            print(f"{r['id']}: text revised ({r['previous']} -> {r['hash']}); every quote re-anchored")
    except ArticleRefused as e:
        print(f"refused: {e}", file=sys.stderr)
        for p in e.problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as e:
        print(f"error: cannot read {args.file}: {e}", file=sys.stderr)
        return 1
    return 0


def propose_cmd(args: argparse.Namespace) -> int:
    from curation.propose import ProposeError, propose_article

    try:
        result = propose_article(get_settings().data_dir, args.article)
    except ProposeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {k}" for k, n in sorted(result.counts.items()))
    print(f"{result.article}: {len(result.entities)} entities ({result.linked} linked to the graph), "
          f"{len(result.facts)} facts ({counts}) -> {result.path}")
    return 0


def curator_cmd(args: argparse.Namespace) -> int:
    from curation.tokens import CuratorsFileError, add

    path = get_settings().curators_file
    if path is None:
        print("error: set HKG_CURATORS_FILE to the curators file first", file=sys.stderr)
        return 2
    try:
        token = add(path, args.name)
    except CuratorsFileError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(token)
    print(f"curator {args.name} added to {path}; the token above is shown once (send it as X-Curator-Token)",
          file=sys.stderr)
    return 0
