from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.cache import AnswersDep
from api.deps import GraphDep, NamesLater
from api.errors import NotFound
from api.models.entities import PersonInScope
from api.models.profile import HospitalProfile
from api.models import Page, clean
from api.routes.common import HospitalId, Limit, Offset, one, page
from places.filter import place_ids

router = APIRouter(prefix="/hospitals", tags=["hospitals"])

UNIT_SECTIONS = {"Centre": "centres", "Laboratory": "laboratories", "Team": "teams", "Department": "departments"}


PLACE_HELP = "a place in Chinese, English or pinyin, or its id, matched through the name resolver"


@router.get("", response_model=Page[dict[str, Any]],
            summary="Hospitals, filterable by city, district and province; each place with its source")
def list_hospitals(graph: GraphDep, names: NamesLater,
                   city: Annotated[str | None, Query(max_length=100, description="only hospitals in this city: " + PLACE_HELP,
                                                     examples=["济南市", "place-guilin", "Zaozhuang"])] = None,
                   district: Annotated[str | None, Query(max_length=100, description="only hospitals in this county-level district: " + PLACE_HELP,
                                                         examples=["兖州区", "Shan County", "Zhangqiu"])] = None,
                   province: Annotated[str | None, Query(max_length=100, description="only hospitals in this province: " + PLACE_HELP,
                                                         examples=["山东省", "Shandong"])] = None,
                   limit: Limit = 50, offset: Offset = 0):
    """Every hospital, by id, optionally only those in a city, district or province. A place is matched through the
    name resolver (Chinese, English, pinyin, any case, or its id) and a hospital matches when it lies anywhere under
    it (a district's hospital is in its city and province). Paged with limit/offset."""
    ids = {key: None if text is None else place_ids(names(), text)
           for key, text in (("city_ids", city), ("district_ids", district), ("province_ids", province))}
    row = graph.read("api/hospitals", **ids, limit=limit, offset=offset)[0]
    return page(row, limit, offset, clean)


def _participant(stmt: dict, role: str) -> dict | None:
    return next((p["entity"] for p in stmt["participants"] if p["role"] == role), None)


def _statement(s: dict) -> dict:
    out = clean({k: v for k, v in s.items() if k not in ("participants", "sources", "labels")})
    out["participants"] = s["participants"]
    out["sources"] = s["sources"]
    return out


def shape_profile(r: dict) -> dict[str, Any]:
    hospital = clean(r["hospital"])
    sections: dict[str, list] = defaultdict(list)
    for link in r["structure"]:
        entity = clean(link["entity"])
        item = {"entity": entity, "parent_id": link["parent"], "fact": clean(link["link"])}
        rel = link["relation"]
        if rel == "HAS_CAMPUS":
            sections["campuses"].append(item)
        elif rel == "HAS_PARTY_COMMITTEE":
            sections["party_committees"].append(item)
        elif rel == "HAS_PARTY_BRANCH":
            # One row per branch: a department's branch is also linked to the Party committee.
            seen = next((b for b in sections["party_branches"] if b["entity"]["id"] == entity["id"]), None)
            if seen is None:
                sections["party_branches"].append({**item, "parent_ids": [link["parent"]], "facts": [item["fact"]]})
            elif link["parent"] not in seen["parent_ids"]:
                seen["parent_ids"].append(link["parent"])
                seen["facts"].append(item["fact"])
        elif rel == "HAS_BRAND":
            sections["brands"].append(item)
        else:
            sections[next((v for k, v in UNIT_SECTIONS.items() if k in link["entity"]["labels"]), "units")].append(item)
    milestones_by_entity: dict[str, list] = defaultdict(list)
    for s in r["statements"]:
        st = _statement(s)
        cls = s.get("class")
        if cls == "Tenure":
            sections["leaders"].append({"person": _participant(s, "HOLDER"), "organisation": _participant(s, "ORGANISATION"),
                                        "role": s.get("role"), "role_en": s.get("role_en"), "since": s.get("since"),
                                        "until": s.get("until"), "as_of": s.get("as_of"), "fact": st})
        elif cls == "Membership":
            member, org = _participant(s, "MEMBER"), _participant(s, "ORGANISATION")
            key = "people" if member and member["type"] == "Person" else "alliances"
            sections[key].append({"member": member, "organisation": org, "role": s.get("role"), "year": s.get("year"), "fact": st})
        elif cls == "Designation":
            sections["programmes"].append({"holder": _participant(s, "HOLDER"), "programme": _participant(s, "PROGRAMME"),
                                           "conferrer": _participant(s, "CONFERRED_BY"), "year": s.get("year"),
                                           "level": s.get("level"), "fact": st})
        elif cls == "Partnership":
            sections["partners"].append({"party": _participant(s, "PARTY"), "counterparty": _participant(s, "COUNTERPARTY"),
                                         "kind": s.get("kind"), "year": s.get("year"), "fact": st})
        elif cls == "Figure":
            sections["figures"].append({"entity": _participant(s, "MEASURES"), "metric": s.get("metric"), "label": s.get("label"),
                                        "value": s.get("value"), "unit": s.get("unit"), "year": s.get("year"), "fact": st})
        elif cls == "Milestone":
            about = _participant(s, "ABOUT")
            item = {"entity": about, "kind": s.get("kind"), "description": s.get("description"),
                    "year": s.get("year"), "date": s.get("date"), "fact": st}
            sections["milestones"].append(item)
            if about:
                milestones_by_entity[about["id"]].append(item)
        elif cls == "HonourConferral":
            sections["honours"].append({"recipient": _participant(s, "RECIPIENT"), "honour": _participant(s, "HONOUR"),
                                        "conferrer": _participant(s, "CONFERRED_BY"), "year": s.get("year"), "fact": st})
    for campus in sections["campuses"]:
        campus["milestones"] = milestones_by_entity.get(campus["entity"]["id"], [])
    sources = sorted({src["article_id"] for s in r["statements"] for src in s["sources"]} |
                     {a for link in r["structure"] for a in link["link"].get("articles", [])} |
                     {a for p in r["parents"] for a in p["link"].get("articles", [])})
    return {
        "hospital": hospital,
        "names": hospital.get("names", []),
        "places": r["places"],
        "parents": [{"relation": p["relation"], "entity": p["entity"], "fact": clean(p["link"])} for p in r["parents"]],
        "founding": [m for m in sections["milestones"] if m["kind"] == "founded"],
        **{k: sections.get(k, []) for k in ("campuses", "departments", "centres", "laboratories", "teams", "units",
                                            "party_committees", "party_branches", "brands", "leaders", "people",
                                            "programmes", "alliances", "partners", "figures", "milestones", "honours")},
        "sources": sources,
    }


@router.get("/{id}", response_model=HospitalProfile, summary="A hospital's profile: names, founding, campuses, units, leaders, Party bodies, programmes, alliances, partners, figures, sources")
def hospital_profile(id: HospitalId, graph: GraphDep, answers: AnswersDep):
    """Everything curated about one hospital, grouped by section: names, places, parents, founding, campuses (with
    their milestones), departments, centres, laboratories, teams, Party committees and branches, brands,
    leaders, people, programmes, alliances, partners, figures, milestones, honours, and the ids of the articles
    they come from. Every item carries its fact (id and quote). 404 for an unknown hospital."""
    def compute() -> HospitalProfile:
        r = one(graph.read("api/hospital_profile", id=id))
        if r is None:
            raise NotFound("hospital", id)
        return HospitalProfile.model_validate(shape_profile(r))
    return answers.answer(("hospital_profile", id), compute)


@router.get("/{id}/people", response_model=Page[PersonInScope], summary="People holding positions in, or cultivated by, the hospital and its units")
def hospital_people(id: HospitalId, graph: GraphDep, limit: Limit = 50, offset: Offset = 0):
    """People who hold a position in, or are members of, the hospital or one of its units, each with the
    organisation, role and the fact saying so. Paged with limit/offset; 404 for an unknown hospital."""
    if not graph.read("api/entity_exists", id=id):
        raise NotFound("hospital", id)
    row = graph.read("api/scope_people", id=id, limit=limit, offset=offset)[0]
    return page(row, limit, offset, lambda r: {"person": clean(r["person"]), "organisation": r["organisation"],
                                               "role": r["statement"].get("role"), "fact": clean(r["statement"])})
