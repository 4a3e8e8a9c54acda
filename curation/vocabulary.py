"""What a curated fact can say, for the curation studio's forms — all derived from the
ontology and its shapes, nothing declared here: predicates with their domain and range, the
class chain of every entity type (to check a subject's or object's type as the validator
does), id prefixes and the id rule, and per predicate the qualifiers a card offers, each with
its input (a closed list of values, a year, a date, an entity, or text) and whether the
shapes require it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ontology as onto_mod
from curation.review import ENTITY_ID_MAX, ENTITY_ID_RE
from ontology import shapes as shapes_mod

DATE_KEYS = ("date", "since", "until", "as_of")


def _enum_labels(onto: onto_mod.Ontology) -> dict[str, dict[str, tuple[str, str]]]:
    """value -> (label_en, label_zh) of every enumeration of the ontology, by notation."""
    out: dict[str, tuple[str, str]] = {}
    for scheme in onto.graph.subjects(onto_mod.RDF.type, onto_mod.HKG.Enumeration):
        for v in onto.enumeration(onto_mod.local(scheme)):
            out[v.value] = (v.label_en, v.label_zh)
    return out


def qualifier_fields(onto: onto_mod.Ontology, statement_class: str | None) -> list[dict[str, Any]]:
    """The qualifiers of a fact whose statement node is `statement_class` (None: a structural
    fact), in the order a curator reads them (graph.config-free: the fact file's key order)."""
    from curation.factfiles import ORDER

    key_of = {local: key for key, local in onto.qualifiers.items()}
    labels = _enum_labels(onto)
    chain = onto.classes.get(statement_class or "", [])
    constraints: dict[str, list[shapes_mod.PropertyConstraint]] = {}
    for shape in shapes_mod.shapes():
        if any(t in chain for t in shape.targets):
            for pc in shape.properties:
                if pc.path in key_of:
                    constraints.setdefault(key_of[pc.path], []).append(pc)
    order = {k: i for i, k in enumerate(ORDER["qualifiers"])}
    fields = []
    for key in sorted(onto.qualifiers, key=lambda k: (order.get(k, len(order)), k)):
        pcs = constraints.get(key, [])
        allowed = next((pc.allowed for pc in pcs if pc.allowed), None)
        if allowed:
            kind = "enum"
        elif key == "conferrer":
            kind = "entity"
        elif any(pc.datatype and pc.datatype.endswith("gYear") for pc in pcs) or key == "year":
            kind = "year"
        elif key in DATE_KEYS:
            kind = "date"
        else:
            kind = "text"
        field: dict[str, Any] = {"key": key, "input": kind,
                                 "required": any((pc.min_count or 0) > 0 for pc in pcs)}
        if allowed:
            field["values"] = [{"value": v, "label_en": labels.get(v, (v, v))[0] or v,
                                "label_zh": labels.get(v, (v, v))[1] or v} for v in allowed]
        if kind == "entity":
            field["range"] = sorted(onto_mod.local(r) for r in onto.graph.objects(
                onto_mod.HKG[onto.qualifiers[key]], onto_mod.SCHEMA.rangeIncludes))
        fields.append(field)
    return fields


def _object_input(onto: onto_mod.Ontology, p: onto_mod.Predicate) -> str:
    """"entity", or for a literal object "number" (a decimal in the shapes) or "text"."""
    if not p.literal_object:
        return "entity"
    chain = onto.classes.get(p.statement_class or "", [])
    for shape in shapes_mod.shapes():
        if any(t in chain for t in shape.targets):
            for pc in shape.properties:
                if pc.path == p.object_role and pc.datatype and pc.datatype.endswith(("decimal", "integer")):
                    return "number"
    return "text"


@lru_cache
def for_curation() -> dict[str, Any]:
    onto = onto_mod.load()
    predicates = []
    for p in sorted(onto.predicates.values(), key=lambda p: p.name):
        fields = qualifier_fields(onto, None if p.structural else p.statement_class)
        predicates.append({"name": p.name, "label_zh": p.label_zh, "label_en": p.label_en,
                           "structural": p.structural, "literal": p.literal_object,
                           "domain": sorted(p.domain), "range": sorted(p.range),
                           "object_input": _object_input(onto, p), "qualifiers": fields})
    return {"predicates": predicates, "entity_types": onto.entity_types,
            "qualifiers": sorted(onto.qualifiers),
            "classes": {c: list(onto.classes[c]) for c in onto.entity_types},
            "id_prefixes": {c: prefix for c in onto.entity_types
                            if (prefix := next((onto.id_prefixes[x] for x in onto.classes[c] if x in onto.id_prefixes),
                                               None))},
            "id_rule": {"pattern": ENTITY_ID_RE.pattern, "max_length": ENTITY_ID_MAX,
                        "text": "the type's prefix, a hyphen, then lower-case letters and digits in words joined "
                                "by hyphens"}}
