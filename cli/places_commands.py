"""`hkg places`: regenerate data/facts/places.yaml from the administrative-divisions dataset."""

from __future__ import annotations

import argparse

from graph.config import get_settings


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from cli.main import command

    p = sub.add_parser("places", help="write data/facts/places.yaml: the hospitals' places and their ancestors "
                                      "from the administrative-divisions dataset")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is out of date")
    command("places")(places_cmd)


def places_cmd(args: argparse.Namespace) -> int:
    from places.generate import FILE_NAME, generate

    data_dir = get_settings().data_dir
    path = data_dir / "facts" / FILE_NAME
    text = generate(data_dir)
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if args.check:
        print(f"{path}: {'up to date' if current == text else 'out of date: run `hkg places`'}")
        return 0 if current == text else 1
    if current != text:
        path.write_text(text, encoding="utf-8")
    print(f"{path}: {'unchanged' if current == text else 'written'}")
    return 0
