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


def validate_cmd(args: argparse.Namespace) -> int:
    from loaders.validate import load_dataset

    settings = get_settings()
    ds = load_dataset(settings.data_dir, args.paths or None)
    for problem in ds.problems:
        print(problem, file=sys.stderr)
    n_facts, n_entities = len(ds.facts), len(ds.entities)
    if ds.problems:
        print(f"{len(ds.problems)} problem(s) in {len(ds.files)} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(ds.files)} files, {len(ds.articles)} articles, {n_entities} entities, {n_facts} facts")
    return 0
