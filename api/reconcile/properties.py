"""The properties reconciliation matches with and data extension returns, declared once.

`match` says how a value in a query column is compared with a candidate (a place up its
LOCATED_IN chain, or a role it holds); `extend` says what data extension returns for a
matched id, read from one row of queries/reconcile/properties.cypher.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PlaceKinds = tuple[str, ...]


def _ref(e: dict[str, Any]) -> dict[str, Any]:
    return {"id": e["id"], "name": e.get("name_zh") or e.get("name_en") or e["id"]}


def _places(kinds: PlaceKinds) -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    return lambda row: [_ref(p) for p in row["places"] if p.get("kind") in kinds]


def _level(row: dict[str, Any]) -> list[dict[str, Any]]:
    # An honour or a programme has a level (national, provincial...); a hospital its grade.
    if row.get("level"):
        return [{"str": row["level"]}]
    return [_ref(g) for g in row["grades"]]


@dataclass(frozen=True)
class Property:
    id: str
    name: str
    name_zh: str
    description: str
    proposed_for: tuple[str, ...]           # types it is proposed for ('Entity': every type)
    extend: Callable[[dict[str, Any]], list[dict[str, Any]]]
    value_type: tuple[str, str] | None = None   # (type id, name) of entity values
    place_kinds: PlaceKinds = ()             # a place property: the place kinds it compares with
    matches_role: bool = False               # a role property: compared with the roles held


CITY_KINDS: PlaceKinds = ("city", "district", "county")

PROPERTIES: dict[str, Property] = {p.id: p for p in (
    Property("city", "City", "城市", "the city (or district, county) the entity is located in",
             ("Organisation", "Campus", "Hospital"), _places(CITY_KINDS), ("Place", "Place"), place_kinds=CITY_KINDS),
    Property("district", "District or county", "区县", "the district or county the entity is located in",
             ("Organisation", "Campus", "Hospital"), _places(("district", "county")), ("Place", "Place"),
             place_kinds=("district", "county")),
    Property("province", "Province", "省份", "the province (or autonomous region, municipality) it is in",
             ("Organisation", "Campus", "Hospital", "Place"), _places(("province",)), ("Place", "Place"),
             place_kinds=("province",)),
    Property("role", "Role", "职务", "a position the person holds (党委书记, 院长, Party Secretary...)",
             ("Person",), lambda row: [{"str": r} for r in row["roles"]], matches_role=True),
    Property("level", "Level or grade", "级别", "an honour's or programme's level; a hospital's grade (三级甲等)",
             ("Hospital", "Honour", "Programme"), _level),
    Property("honours_count", "Honours count", "荣誉数",
             "recognitions (honours, titles, certifications, designations...) of it, its units and its people, as in its honours history",
             ("Hospital", "Organisation"), lambda row: [{"int": row["honours"]}]),
    Property("leaders", "Leaders", "负责人", "people holding a position in it or its Party committee",
             ("Hospital", "Organisation"), lambda row: [_ref(p) for p in row["leaders"]], ("Person", "Person")),
    Property("name_en", "English name", "英文名", "the English name",
             ("Entity",), lambda row: [{"str": row["name_en"]}] if row.get("name_en") else []),
)}


def proposed(type_chain: list[str]) -> list[Property]:
    """Properties worth proposing for an entity type (given with its superclasses)."""
    return [p for p in PROPERTIES.values() if "Entity" in p.proposed_for or set(p.proposed_for) & set(type_chain)]
