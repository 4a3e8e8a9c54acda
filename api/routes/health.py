from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import GraphDep
from api.errors import RETRY_AFTER_SECONDS
from api.version import API_VERSION
from graph.errors import GraphError

router = APIRouter(tags=["health"])


class Neo4jHealth(BaseModel):
    uri: str
    available: bool
    version: str | None = None
    edition: str | None = None
    error: str | None = None


class Health(BaseModel):
    status: str
    api_version: str
    neo4j: Neo4jHealth


@router.get("/health", response_model=Health, responses={503: {"model": Health}},
            summary="Whether the API and Neo4j answer, with their versions")
def health(graph: GraphDep):
    try:
        info = graph.server_info()
    except GraphError as e:
        body = Health(status="unavailable", api_version=API_VERSION,
                      neo4j=Neo4jHealth(uri=graph.uri, available=False, error=str(e)))
        return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": RETRY_AFTER_SECONDS})
    return Health(status="ok", api_version=API_VERSION,
                  neo4j=Neo4jHealth(uri=graph.uri, available=True, version=info["version"], edition=info["edition"]))
