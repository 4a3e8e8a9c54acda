"""data/facts/places.yaml, generated: the places the graph needs, and how they nest, from
the administrative-divisions dataset (places/dataset.py).

Only what the graph needs is written, not the whole country: the place of every hospital
and that place's ancestors. A hospital's place is the one its fact files state (locatedIn,
quoted from an article); failing that, the one its name begins with (单县妇幼保健院 -> 单县),
written as an inferred fact. Each division is linked to its parent as the dataset says,
unless an article already says so. A curated place (济南市, place-jinan) is the dataset's
division of the same name: it keeps its id and gains its parent; new places get the id
place-cn-<division code>.

Every generated fact carries `dataset: {name, version, record}` instead of a quote, so it
stays apart from what articles say. `hkg places` rewrites the file; tests/test_places.py
fails when it is out of date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from places.dataset import DATASET, Division, Divisions, load
from places.english import english_name

FILE_NAME = "places.yaml"
COUNTRY_ID = "place-china"
# A place name followed by these words names an institution, not where it is (北京大学深圳医院
# is in Shenzhen): no place is read from such a name.
NOT_A_LOCATION = ("大学", "学院", "医科大", "理工")


@dataclass
class Derived:
    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)


def place_in_name(name: str, divisions: Divisions) -> Division | None:
    """The division a name begins with, the most specific one when it names several
    (济宁市兖州区人民医院 -> 兖州区), or None when there is none or it is ambiguous."""
    chain: list[list[Division]] = []
    rest = name
    while rest:
        for n in range(min(8, len(rest) - 1), 1, -1):
            found = divisions.named(rest[:n])
            if found:
                chain.append(found)
                rest = rest[n:]
                break
        else:
            break
    if not chain or rest.startswith(NOT_A_LOCATION):
        return None
    candidates = chain[-1]
    for earlier in chain[:-1]:
        codes = {d.code for d in earlier}
        candidates = [c for c in candidates if c.code in codes or codes & {a.code for a in divisions.ancestors(c.code)}]
    return candidates[0] if len(candidates) == 1 else None


def _dataset(divisions: Divisions, d: Division) -> dict[str, str]:
    return {"name": DATASET, "version": divisions.version, "record": d.code}


def derive(entities: Iterable[Mapping[str, Any]], facts: Iterable[Mapping[str, Any]],
           divisions: Divisions | None = None) -> Derived:
    """`entities` and `facts` as the curated fact files declare them (this file's excluded)."""
    divisions = divisions or load()
    entities = list(entities)
    by_id = {e["id"]: e for e in entities}
    located = {(f["subject"], str(f["object"])) for f in facts if f.get("predicate") == "locatedIn"}
    # Curated places and the divisions they are.
    place_ids: dict[str, str] = {}
    for e in entities:
        if e.get("type") == "Place":
            found = divisions.named(e.get("name_zh", ""))
            if len(found) == 1:
                place_ids[found[0].code] = e["id"]

    def pid(d: Division) -> str:
        return place_ids.get(d.code) or f"place-cn-{d.code}"

    out = Derived()
    needed: dict[str, Division] = {}
    for e in sorted(entities, key=lambda e: e["id"]):
        if e.get("type") != "Hospital":
            continue
        stated = [o for s, o in located if s == e["id"] and o in by_id]
        if stated:
            for o in stated:
                code = next((c for c, i in place_ids.items() if i == o), None)
                if code:
                    needed[code] = divisions.get(code)
            continue
        d = place_in_name(e.get("name_zh", ""), divisions)
        if d is None:
            continue
        needed[d.code] = d
        out.facts.append({"id": f"PL-{e['id']}", "subject": e["id"], "predicate": "locatedIn", "object": pid(d),
                          "dataset": _dataset(divisions, d),
                          "inferred": f"read from the name {e['name_zh']}"})
    for code in list(needed):
        for a in divisions.ancestors(code):
            needed[a.code] = a
    for code in sorted(needed):
        d = needed[code]
        if d.code not in place_ids:
            entity = {"id": pid(d), "type": "Place", "kind": d.kind, "name_zh": d.name, "name_en": english_name(d),
                      "dataset": _dataset(divisions, d)}
            if d.short != d.name:
                entity["names"] = [{"text": d.short, "lang": "zh", "kind": "short"}]
            out.entities.append(entity)
        parent = divisions.get(d.parent) if d.parent else None
        target = pid(parent) if parent else (COUNTRY_ID if COUNTRY_ID in by_id else None)
        if target is None or (pid(d), target) in located:
            continue
        out.facts.append({"id": f"PL-{pid(d)}", "subject": pid(d), "predicate": "locatedIn", "object": target,
                          "dataset": _dataset(divisions, d)})
    return out


def curated(facts_dir: Path) -> tuple[list[dict], list[dict]]:
    """Entities and facts of every fact file but the generated one."""
    entities, facts = [], []
    for path in sorted(facts_dir.glob("*.yaml")):
        if path.name == FILE_NAME:
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entities += [e for e in doc.get("entities") or [] if isinstance(e, dict)]
        facts += [f for f in doc.get("facts") or [] if isinstance(f, dict)]
    return entities, facts


HEADER = """# GENERATED by `hkg places` from the administrative-divisions dataset {dataset} {version}
# (places/generate.py): the places of the hospitals in the other fact files and their
# ancestors. Do not edit by hand: edit the other fact files, then run `hkg places`.
# Facts here cite the dataset (`dataset:`), not an article; `inferred:` marks a hospital's
# place read from its name.
"""


def render(derived: Derived, divisions: Divisions) -> str:
    body = yaml.safe_dump({"entities": derived.entities, "facts": derived.facts}, allow_unicode=True,
                          sort_keys=False, width=200, default_flow_style=None)
    return HEADER.format(dataset=DATASET, version=divisions.version) + body


def generate(data_dir: Path) -> str:
    divisions = load()
    entities, facts = curated(data_dir / "facts")
    return render(derive(entities, facts, divisions), divisions)


def write(data_dir: Path) -> Path:
    path = data_dir / "facts" / FILE_NAME
    path.write_text(generate(data_dir), encoding="utf-8")
    return path
