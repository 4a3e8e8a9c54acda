"""How operations are named in the OpenAPI document.

FastAPI's default operationId glues the function name, the path and the method together
(`hospital_profile_hospitals__id__get`); generated clients turn that into their method
names. The route's own name (`hospital_profile`) is shorter, stable across path changes,
and unique in this app (tests/test_openapi.py checks it).
"""

from __future__ import annotations

from fastapi.routing import APIRoute


def operation_id(route: APIRoute) -> str:
    return route.name
