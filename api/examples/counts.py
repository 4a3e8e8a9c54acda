"""How complete the OpenAPI document is, counted from /openapi.json (no Neo4j needed):

    python -m api.examples.counts            # the app's own document
    python -m api.examples.counts URL        # a running server's, e.g. http://127.0.0.1:8000/openapi.json
"""

from __future__ import annotations

import json
import sys
import urllib.request
from typing import Any

METHODS = ("get", "post", "put", "delete", "patch")


def _has_example(entry: dict[str, Any]) -> bool:
    return bool(entry.get("examples") or "example" in entry or (entry.get("schema") or {}).get("examples"))


def counts(spec: dict[str, Any]) -> dict[str, int]:
    ops = [op for item in spec["paths"].values() for m, op in item.items() if m in METHODS]
    params = [p for op in ops for p in op.get("parameters", [])]
    responses = [(code, r) for op in ops for code, r in op["responses"].items()]
    success = [r for code, r in responses if code.startswith("2")]
    errors = [(code, r) for code, r in responses if code[0] in "45"]
    return {
        "operations": len(ops),
        "operations with summary and description": sum(bool(op.get("summary") and op.get("description")) for op in ops),
        "parameters": len(params),
        "parameters with description and example": sum(bool(p.get("description")) and _has_example(p) for p in params),
        "success responses": len(success),
        "success responses with an example": sum(any(_has_example(c) for c in r.get("content", {}).values())
                                                 for r in success),
        "error responses": len(errors),
        "error responses with a problem+json example": sum(_has_example(r.get("content", {}).get(
            "application/problem+json", {})) for _, r in errors),
        "error statuses documented": len({code for code, _ in errors}),
    }


def main(argv: list[str]) -> int:
    if argv:
        with urllib.request.urlopen(argv[0], timeout=10) as r:   # a URL the user names, e.g. the local server
            spec = json.load(r)
    else:
        from api.main import create_app
        spec = create_app().openapi()
    for name, n in counts(spec).items():
        print(f"{n:5d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
