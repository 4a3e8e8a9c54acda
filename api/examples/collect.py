"""Calling every operation of the OpenAPI document with its own examples, for real.

The request of an operation is built from the document alone: each path parameter's and
required query parameter's first example, the curator token header's example, and the
request body's example. Two operations edit a fact file and need its current content and
ETag first (`STATEFUL`). Writes run after reads, in the order of `WRITES`, on a copy of the
data folder (`workspace`); the one save writes the fact file back unchanged, so the graph's
content stays that of the curated data.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.examples import key
from api.examples.trim import trim
from curation import tokens
from graph.config import Settings

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BASE_URL = "http://localhost:8000"      # how the examples' own links read (the default `hkg serve`)
METHODS = ("get", "post", "put", "delete", "patch")
# The curator of the examples: the token is the one the document gives as the header's example.
CURATOR, TOKEN = "wang", "hkg-curator-token-example"
HEADERS_SENT = ("x-curator-token",)
RETRY_FOR = 180.0        # how long a 503 + Retry-After is waited on, at least (see `call`)

_WHOLE_GRAPH = ("the whole graph (hundreds of kB): any cut of it would not be the answer, and is built once per "
                "graph version; documented by its media type")
# Operations documented by media type only, and why (tests/test_openapi.py allows exactly these).
MEDIA_TYPE_ONLY: dict[tuple[str, str], str] = {
    ("get", "/export/graph.ttl"): _WHOLE_GRAPH,
    ("get", "/export/graph.jsonld"): _WHOLE_GRAPH,
    ("get", "/export/graph.graphml"): _WHOLE_GRAPH,
    ("get", "/export/nodes.csv"): _WHOLE_GRAPH,
    ("get", "/export/relationships.csv"): _WHOLE_GRAPH,
    ("get", "/export/neo4j-admin.zip"): _WHOLE_GRAPH + " (a binary zip)",
    ("get", "/sparql"): "the answer is whatever the client's query selects, in the media type it asks for; "
                        "see the SPARQL 1.1 Protocol and tests/test_sparql.py",
    ("post", "/sparql"): "the answer is whatever the client's query selects, in the media type it asks for; "
                         "see the SPARQL 1.1 Protocol and tests/test_sparql.py",
}
# Reads first, then the curation writes in this order: validate the fact file, save it as it
# is (the graph's content stays that of the curated data), draft proposals and read them back,
# and last add an article (to the data folder's copy only: nothing loads it afterwards).
WRITES = [("post", "/curation/articles/{id}/facts/validate"), ("put", "/curation/articles/{id}/facts"),
          ("post", "/curation/articles/{id}/proposals"), ("get", "/curation/articles/{id}/proposals"),
          ("post", "/curation/articles/{id}/proposals/decisions"), ("post", "/curation/articles")]
# Other answers of an operation worth showing beside the first: name -> the parameters that ask for it.
VARIANTS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("get", "/entities/{id}/neighbourhood"): {"d3": {"format": "d3"}},
    ("get", "/paths"): {"d3": {"format": "d3"}},
}
# Values of one answer that differ from run to run, set to a sample of a real run: the hash of
# the saved fact file covers the time of its new history entry.
SAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("put", "/curation/articles/{id}/facts"): {"etag": "66b11387e6dfc5d33e29dcfc5c17305f0503d4cc02c0fb2c6df6c9e67751285f"},
}


class ExampleError(Exception):
    """An operation did not answer its documented success with its own examples."""


def workspace(settings: Settings, root: Path, data_dir: Path = DATA_DIR) -> Settings:
    """Settings for an app whose curation routes write to a copy of the data folder, with
    one curator (CURATOR) whose token is TOKEN."""
    data = root / "data"
    shutil.copytree(data_dir, data)
    curators = root / "curators"
    curators.write_text(f"{CURATOR}: sha256:{tokens.token_hash(TOKEN)}\n", encoding="utf-8")
    return settings.model_copy(update={"data_dir": data, "curators_file": curators})


def client(app) -> TestClient:
    return TestClient(app, base_url=BASE_URL)


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield method, path, op


def examples_of(param: dict[str, Any]) -> list[Any]:
    """A parameter's examples, wherever the document puts them."""
    found = param.get("examples") or []
    found = [e["value"] for e in found.values()] if isinstance(found, dict) else list(found)
    if param.get("example") is not None:
        found.append(param["example"])
    return found + list(param.get("schema", {}).get("examples") or [])


def body_example(spec: dict[str, Any], op: dict[str, Any]) -> tuple[str, Any] | None:
    """The request body's media type and example, if the document gives one."""
    for media, content in (op.get("requestBody") or {}).get("content", {}).items():
        schema = content.get("schema", {})
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
        found = examples_of({**content, "schema": schema})
        if found:
            return media, found[0]
    return None


def request(spec: dict[str, Any], method: str, path: str, op: dict[str, Any]) -> dict[str, Any]:
    """The request the document's examples make: url, query params, headers, body."""
    url, params, headers = path, {}, {}
    for q in op.get("parameters", []):
        found = examples_of(q)
        if q["in"] == "path":
            url = url.replace("{" + q["name"] + "}", str(found[0]))
        elif q["in"] == "query" and q.get("required"):
            params[q["name"]] = found[0]
        elif q["in"] == "header" and q["name"].lower() in HEADERS_SENT:
            headers[q["name"]] = str(found[0])
    req: dict[str, Any] = {"method": method.upper(), "url": url, "params": params, "headers": headers}
    body = body_example(spec, op)
    if body is not None:
        media, value = body
        req["data" if media == "application/x-www-form-urlencoded" else "json"] = value
    return req


# --- operations whose input is the state the previous ones left -----------------------------

FACT_KEYS = ("id", "subject", "predicate", "object", "qualifiers", "quote", "start", "end", "occurrence", "also")


def _current_facts(c: TestClient, req: dict[str, Any]) -> dict[str, Any]:
    """Send back the article's fact file as it is (as the studio does: GET …/facts, then its
    entities and facts with If-Match: its ETag)."""
    facts_url = req["url"].removesuffix("/validate")
    current = c.get(facts_url, headers=req["headers"])
    if current.status_code != 200:
        raise ExampleError(f"GET {facts_url} -> {current.status_code} {current.text[:200]}")
    doc = current.json()
    body = {"entities": doc.get("entities") or [],
            "facts": [{k: f[k] for k in FACT_KEYS if k in f} for f in doc.get("facts") or []]}
    headers = {**req["headers"], "If-Match": current.headers["ETag"]}
    return {**req, "json": body, "headers": headers}


STATEFUL: dict[tuple[str, str], Callable[[TestClient, dict[str, Any]], dict[str, Any]]] = {
    ("put", "/curation/articles/{id}/facts"): _current_facts,
    ("post", "/curation/articles/{id}/facts/validate"): _current_facts,
}


def call(c: TestClient, req: dict[str, Any]):
    """One request; a 503 with Retry-After (an export or analytics built in the background) is
    waited on, as long as the app lets such a build run (its `build_timeout`)."""
    settings = getattr(getattr(c.app, "state", None), "settings", None)
    deadline = time.monotonic() + max(RETRY_FOR, getattr(settings, "build_timeout", 0) + 30)
    while True:
        r = c.request(**req)
        retry = r.headers.get("Retry-After")
        if r.status_code != 503 or retry is None or time.monotonic() > deadline:
            return r
        time.sleep(min(max(float(retry), 0.2), 5.0))


def _order(item: tuple[str, str, dict[str, Any]]) -> tuple[int, str]:
    method, path, _ = item
    return (WRITES.index((method, path)) + 1 if (method, path) in WRITES else 0, path)


def _success(op: dict[str, Any]) -> tuple[str, str | None]:
    status = next(s for s in ("200", "201", "204") if s in op["responses"])
    media = next(iter(op["responses"][status].get("content", {})), None)
    return status, media


def _example(media: str, r) -> Any:
    if media.endswith("json"):
        return trim(r.json())
    text = r.text
    if media.startswith("text/turtle"):
        return "\n\n".join(text.split("\n\n")[:3]) + "\n"   # the prefixes and the first two subjects
    return trim(text)


def collect(c: TestClient, spec: dict[str, Any]) -> dict[str, Any]:
    """Every operation's success answer (trimmed), keyed "METHOD /path"."""
    out: dict[str, Any] = {}
    for method, path, op in sorted(operations(spec), key=_order):
        if (method, path) in MEDIA_TYPE_ONLY:
            continue
        req = request(spec, method, path, op)
        if (method, path) in STATEFUL:
            req = STATEFUL[(method, path)](c, req)
        status, media = _success(op)
        r = call(c, req)
        if str(r.status_code) != status or media is None:
            raise ExampleError(f"{method.upper()} {path}: {req['url']} {req['params']} answered {r.status_code}, "
                               f"not {status}: {r.text[:300]}")
        example = _example(media, r)
        if (method, path) in SAMPLES:
            example = {**example, **SAMPLES[(method, path)]}
        out[key(method, path)] = {"status": status, "media_type": media, "request": _shown(req), "example": example}
        for name, params in VARIANTS.get((method, path), {}).items():
            variant = {**req, "params": {**req["params"], **params}}
            r = call(c, variant)
            if str(r.status_code) != status:
                raise ExampleError(f"{_shown(variant)} answered {r.status_code}, not {status}: {r.text[:300]}")
            out[key(method, path)].setdefault("variants", {})[name] = {"request": _shown(variant),
                                                                       "example": _example(media, r)}
    return out


def _shown(req: dict[str, Any]) -> str:
    query = "&".join(f"{k}={v}" for k, v in req["params"].items())
    return f"{req['method']} {req['url']}" + (f"?{query}" if query else "")
