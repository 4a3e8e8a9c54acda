"""`hkg openapi-examples [--check]`: the OpenAPI document's examples from the curated data."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from cli.main import command

    p = sub.add_parser("openapi-examples",
                       help="regenerate api/examples/responses.json: load the curated data into a throwaway Neo4j, "
                            "call every operation with its documented examples, keep the answers")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is not current")
    command("openapi-examples")(openapi_examples_cmd)


def openapi_examples_cmd(args: argparse.Namespace) -> int:
    from api.examples.generate import main

    return main(check=args.check)
