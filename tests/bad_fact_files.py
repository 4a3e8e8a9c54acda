"""The bad-file corpus: edits that turn a valid fact file into one the loader must refuse.

Each case is an edit of a fact file's text (the validator's tests apply it to a small file,
the loader's tests to a real article), the text of the line the problem must point at, and
the start of its message. Every case must be refused with the file and that line, and a
load of a folder holding it must leave the graph exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from loaders.factfile import MAX_BYTES


@dataclass(frozen=True)
class BadFile:
    name: str
    edit: Callable[[str], str]
    needle: str | None          # the problem's line contains this (None: line 1)
    message: str                # the problem's message contains this


def _section(name: str, replacement: str) -> Callable[[str], str]:
    """Replace a whole top-level section (`entities:` up to the next top-level key)."""
    def edit(text: str) -> str:
        out, n = re.subn(rf"^{name}:\n(?:(?:[ #].*)?\n)*", replacement + "\n", text, count=1, flags=re.M)
        assert n == 1, f"no {name} section"
        return out
    return edit


def _after_first_quote(line: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        out, n = re.subn(r"^(    quote: .*)$", rf"\1\n{line}", text, count=1, flags=re.M)
        assert n == 1, "no block-style fact with a quote"
        return out
    return edit


CORPUS = [
    BadFile("emptied", lambda t: "", None, "empty fact file"),
    BadFile("only-a-comment", lambda t: "# facts removed\n", None, "empty fact file"),
    BadFile("entities-is-a-number", _section("entities", "entities: 5"), "entities: 5",
            "entities: must be a list (got 5)"),
    BadFile("facts-is-text", _section("facts", "facts: hello"), "facts: hello",
            "facts: must be a list (got 'hello')"),
    BadFile("unknown-top-level-key", lambda t: t + "reviewed_by: someone\n", "reviewed_by",
            "unknown top-level key 'reviewed_by'"),
    BadFile("occurrence-two", _after_first_quote("    occurrence: two"), "occurrence: two",
            ".occurrence: must be a whole number (got 'two')"),
    BadFile("occurrence-zero", _after_first_quote("    occurrence: 0"), "occurrence: 0",
            ".occurrence: must be 1 or more (got 0)"),
    BadFile("unknown-fact-field", _after_first_quote("    qoute: typo"), "qoute: typo",
            "unknown fact field 'qoute'"),
    BadFile("qualifiers-is-a-list", _after_first_quote("    qualifiers: [year, 2021]"), "qualifiers: [year",
            ".qualifiers: must be a mapping (got a list)"),
    BadFile("yaml-anchor-and-alias", lambda t: t + "extra: &x [1]\nmore: *x\n", "&x",
            "YAML anchors and aliases"),
    BadFile("over-5-MB", lambda t: t + ("# padding" + " " * 90 + "\n") * (MAX_BYTES // 100 + 1), None,
            "file too large"),
]


def line_of(text: str, needle: str | None) -> int:
    if needle is None:
        return 1
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)
