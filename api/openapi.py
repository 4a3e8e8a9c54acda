"""How the OpenAPI document names operations and shows examples.

FastAPI's default operationId glues the function name, the path and the method together
(`hospital_profile_hospitals__id__get`); generated clients turn that into their method
names. The route's own name (`hospital_profile`) is shorter, stable across path changes,
and unique in this app (tests/test_openapi.py checks it).

`document(app)` completes the generated document: the error statuses as the one Problem
model (`api.errors.document`), then the examples of `api/examples/responses.json` — each
operation's real answer on the curated data under its success response, and one real
problem per error status under each error response.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api import errors, examples
from api.errors import PROBLEM_JSON


def operation_id(route: APIRoute) -> str:
    return route.name


def attach(spec: dict[str, Any], stored: dict[str, Any]) -> None:
    answers, problems = stored.get("operations", {}), stored.get("problems", {})
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            answer = answers.get(examples.key(method, path))
            if answer is not None:
                content = op["responses"].get(answer["status"], {}).get("content", {})
                if answer["media_type"] in content:
                    shown = {"curated": answer, **answer.get("variants", {})}
                    content[answer["media_type"]] = {**content[answer["media_type"]], "examples": {
                        name: {"summary": f"{a['request']} on the curated data", "value": a["example"]}
                        for name, a in shown.items()}}
            for status, response in op["responses"].items():
                content = response.get("content", {})
                if status in problems and PROBLEM_JSON in content:
                    problem = problems[status]
                    content[PROBLEM_JSON] = {**content[PROBLEM_JSON], "examples": {"problem": {
                        "summary": f"the answer to {problem['request']}", "value": problem["example"]}}}


def document(app: FastAPI) -> None:
    errors.document(app)
    build = app.openapi
    done: set[int] = set()

    def openapi() -> dict[str, Any]:
        spec = build()
        if id(spec) not in done:   # FastAPI keeps the document once built: attach once
            attach(spec, examples.stored())
            done.add(id(spec))
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
