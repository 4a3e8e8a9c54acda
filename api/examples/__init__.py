"""Response examples from the real data, for the OpenAPI document.

`hkg openapi-examples` loads the curated data into a throwaway Neo4j, calls every operation
through the app with the examples the OpenAPI document already gives its parameters and
bodies, and writes the answers — trimmed, see `trim.py` — to `responses.json` beside this
file, together with one real problem+json answer per error status (`problems.py`).
`api/openapi.py` attaches them to the document; tests/test_openapi.py checks that every
operation has one, that each validates against its response schema, and that they are still
the answers of the current data (a data change that forgets `hkg openapi-examples` fails).

The file is checked in rather than computed at start-up: the API must start, and document
itself, without a loaded graph.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

FILE = Path(__file__).with_name("responses.json")
COMMAND = "hkg openapi-examples"   # what regenerates FILE (also `make openapi-examples`)


@lru_cache(maxsize=1)
def stored() -> dict[str, Any]:
    """The checked-in examples ({} when the file is missing: the document then has none)."""
    try:
        return json.loads(FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def key(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def render(examples: dict[str, dict[str, Any]]) -> str:
    """The file's text: sections, operations and statuses in sorted order, each answer in the
    app's own key order (deterministic), so that regenerating unchanged data gives the same bytes."""
    ordered = {section: dict(sorted(entries.items())) for section, entries in sorted(examples.items())}
    return json.dumps(ordered, ensure_ascii=False, indent=1) + "\n"
