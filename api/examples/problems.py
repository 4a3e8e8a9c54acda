"""One real problem+json answer per documented error status, for the OpenAPI document.

Each is what the app answers to a request that goes wrong in that way (a missing hospital,
a page size of 0, a duplicate article, a retracted fact, ...), asked of the examples' own app
or of one configured to refuse (curation disabled, a rate limit of one request). The two a
healthy test server cannot be made to answer, 500 and 503, are the bodies of the functions
the app answers them with (`api.errors.internal_error`, `api.errors.graph_unavailable`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from api.errors import graph_unavailable, internal_error
from api.examples.collect import TOKEN, BASE_URL, ExampleError
from graph.config import Settings

# status -> (which app, the request). "examples": the examples' app; "closed": curation
# disabled (no curators file); "limited": one request a second per client (a window of one second: its
# Retry-After, and the detail that names it, are always 1).
REQUESTS: dict[int, tuple[str, dict[str, Any]]] = {
    400: ("examples", {"method": "GET", "url": "/sparql"}),
    401: ("examples", {"method": "GET", "url": "/curation/whoami"}),
    403: ("closed", {"method": "GET", "url": "/curation/whoami", "headers": {"X-Curator-Token": TOKEN}}),
    404: ("examples", {"method": "GET", "url": "/hospitals/hosp-nowhere"}),
    409: ("examples", {"method": "POST", "url": "/curation/articles"}),    # the body: the article just added
    410: ("examples", {"method": "GET", "url": "/facts/A001-016"}),        # data/retracted-facts.yaml
    413: ("examples", {"method": "POST", "url": "/sparql", "headers": {"Content-Type": "application/sparql-query"}}),
    415: ("examples", {"method": "POST", "url": "/sparql", "headers": {"Content-Type": "text/plain"},
                      "content": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}),
    422: ("examples", {"method": "GET", "url": "/hospitals", "params": {"limit": 0}}),
    429: ("limited", {"method": "GET", "url": "/reconcile/suggest/type"}),
}
BUILT: dict[int, Callable[[], Any]] = {
    500: lambda: internal_error("/hospitals/hosp-jinan-mch"),
    503: lambda: graph_unavailable("/hospitals/hosp-jinan-mch"),
}


def collect(c: TestClient, settings: Settings, spec: dict[str, Any]) -> dict[str, Any]:
    """{status: problem} for every status of REQUESTS and BUILT."""
    from api.main import create_app

    # Built without their lifespan: neither request reaches the graph.
    apps = {"examples": c,
            "closed": TestClient(create_app(settings.model_copy(update={"curators_file": None})), base_url=BASE_URL),
            "limited": TestClient(create_app(settings.model_copy(update={"rate_limit": 1, "rate_window": 1})),
                                  base_url=BASE_URL)}
    article = spec["components"]["schemas"]["NewArticle"]["examples"][0]
    out: dict[str, Any] = {}
    for status, (app, req) in REQUESTS.items():
        req = {**req, "headers": {**req.get("headers", {})}}
        if status == 409:
            req.update(json=article, headers={"X-Curator-Token": TOKEN})
        if status == 413:
            req["content"] = b"#" * (settings.sparql_max_body + 1)
        r = apps[app].request(**req)
        for _ in range(10 if status == 429 else 0):   # the second request within one second
            if r.status_code == status:
                break
            r = apps[app].request(**req)
        if r.status_code != status or not r.headers["content-type"].startswith("application/problem+json"):
            raise ExampleError(f"{req['method']} {req['url']} answered {r.status_code}, not a {status} problem: "
                               f"{r.text[:300]}")
        query = "?" + "&".join(f"{k}={v}" for k, v in req["params"].items()) if req.get("params") else ""
        out[str(status)] = {"request": f"{req['method']} {req['url']}{query}", "example": r.json()}
    for status, build in BUILT.items():
        out[str(status)] = {"request": "(built by api.errors)", "example": json.loads(build().body)}
    return out
