"""Commands over the curated data (validate, load, schema, export); filled in as they land."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    pass
