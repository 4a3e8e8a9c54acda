"""/health: read from the background probe (graph/version.py), so it answers at once even
when Neo4j is frozen; 503 + Retry-After when the last successful probe is too old."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.version import API_VERSION

router = APIRouter(tags=["health"])


class Neo4jHealth(BaseModel):
    available: bool
    version: str | None = Field(default=None, description="Neo4j's version", examples=["5.26.0"])
    edition: str | None = Field(default=None, examples=["community"])
    last_ok_seconds_ago: float | None = Field(default=None, description="age of the last successful probe")
    error: str | None = Field(default=None, description="kind of the last failure (never the driver's text)",
                              examples=["GraphTimeout"])


class PlanWarmup(BaseModel):
    warmed: int = Field(description="named statements Neo4j has planned since the API started (or Neo4j came "
                        "back): the API's reads, then the loader's (its writes rolled back)", examples=[40])
    total: int = Field(examples=[40])
    failed: int = Field(description="reads whose warm-up failed (time-out, error); they are planned on first use",
                        examples=[0])
    finished: bool = Field(examples=[True])
    seconds: float | None = Field(default=None, description="how long the warm-up took, once finished", examples=[2.5])
    rounds: int = Field(default=1, description="warm-ups started: one more each time Neo4j came back after being "
                        "down (a restart empties its plan cache)", examples=[1])


class NameIndexHealth(BaseModel):
    graph_version: str | None = Field(default=None, description="the graph version the name index serves (search, "
                                      "reconciliation, the place filters); older than the API's while a load's is built")
    building_graph_version: str | None = Field(default=None, description="the graph version whose index is being built")
    entities: int | None = Field(default=None, examples=[1200])
    build_seconds: float | None = Field(default=None, description="how long the last build took", examples=[0.3])
    error: str | None = Field(default=None, description="kind of the last build's failure", examples=["GraphUnavailable"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    api_version: str
    graph_version: str | None = Field(default=None, description="changes with every committed load")
    neo4j: Neo4jHealth
    plans: PlanWarmup | None = Field(default=None, description="the plan warm-up of the named reads (absent when "
                                     "switched off, HKG_WARMUP=false): until finished, a first call may plan its read")
    names: NameIndexHealth | None = Field(default=None, description="the name index, built in the background per "
                                          "graph version: until the first is built, the routes that resolve names answer 503")


@router.get("/health", response_model=Health, responses={503: {"model": Health, "description": "Neo4j is not answering"}},
            summary="Whether the API and Neo4j answer, with their versions and the graph version")
def health(request: Request):
    """Whether the API and Neo4j answer: API version, graph version (changes with every committed load), Neo4j's
    version and how long ago it last answered. 200 when Neo4j answers, 503 (same body, with Retry-After) when it
    does not; never cached."""
    settings = request.app.state.settings
    watcher = request.app.state.watcher
    available = watcher.healthy(settings.health_stale_after)
    age = watcher.age()
    server = watcher.server
    body = Health(status="ok" if available else "unavailable", api_version=API_VERSION,
                  graph_version=watcher.version,
                  neo4j=Neo4jHealth(available=available, version=server.version if server else None,
                                    edition=server.edition if server else None,
                                    last_ok_seconds_ago=round(age, 3) if age is not None else None,
                                    error=None if available else (watcher.last_error or "no answer yet")),
                  plans=warmup.state() if (warmup := getattr(request.app.state, "warmup", None)) else None,
                  names=_names(request))
    if not available:
        return JSONResponse(body.model_dump(), status_code=503,
                            headers={"Retry-After": str(settings.retry_after), "Cache-Control": "no-store"})
    return JSONResponse(body.model_dump(), headers={"Cache-Control": "no-store"})


def _names(request: Request) -> NameIndexHealth | None:
    cache = getattr(request.app.state, "names", None)
    if cache is None:
        return None
    state = cache.state()
    return NameIndexHealth(graph_version=_str(state["version"]), building_graph_version=_str(state["building"]),
                           entities=state["entities"], build_seconds=state["seconds"], error=state["error"])


def _str(v: object) -> str | None:
    return None if v is None else str(v)
