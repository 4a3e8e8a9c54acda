"""The validation shapes (shapes.ttl), compiled once and evaluated natively.

Only the SHACL subset the shapes use is supported — targetClass, a single-property path,
minCount, maxCount, datatype, class, in, pattern, message — and an unknown constraint is an
error, so the file cannot silently grow past what is checked. Native evaluation gives every
violation the file and line of the fact it concerns, and is fast enough for a load of
hundreds of thousands of facts; the RDF export is checked with pySHACL against the same file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection

from ontology import SH, SHAPES_FILE, Ontology, load, local

SUPPORTED = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.pattern, SH.message}
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass(frozen=True)
class PropertyConstraint:
    path: str
    min_count: int | None = None
    max_count: int | None = None
    datatype: str | None = None
    cls: str | None = None
    allowed: tuple[str, ...] | None = None
    pattern: re.Pattern | None = None
    message: str | None = None


@dataclass(frozen=True)
class Shape:
    name: str
    targets: tuple[str, ...]
    properties: tuple[PropertyConstraint, ...]


@lru_cache
def shapes() -> tuple[Shape, ...]:
    g = Graph().parse(SHAPES_FILE, format="turtle")
    out = []
    for node in g.subjects(RDF.type, SH.NodeShape):
        props = []
        for p in g.objects(node, SH.property):
            unknown = {pred for pred in g.predicates(p) if pred not in SUPPORTED}
            if unknown:
                raise ValueError(f"{SHAPES_FILE}: unsupported constraint(s) {sorted(map(str, unknown))}")
            allowed = g.value(p, SH["in"])
            pattern = g.value(p, SH.pattern)
            props.append(PropertyConstraint(
                path=local(g.value(p, SH.path)),
                min_count=_int(g.value(p, SH.minCount)), max_count=_int(g.value(p, SH.maxCount)),
                datatype=_opt(g.value(p, SH.datatype)), cls=_local(g.value(p, SH["class"])),
                allowed=tuple(str(v) for v in Collection(g, allowed)) if allowed is not None else None,
                pattern=re.compile(str(pattern)) if pattern is not None else None,
                message=_opt(g.value(p, SH.message))))
        out.append(Shape(name=local(node), targets=tuple(sorted(local(t) for t in g.objects(node, SH.targetClass))),
                         properties=tuple(props)))
    return tuple(sorted(out, key=lambda s: s.name))


def _int(v) -> int | None:
    return int(v) if v is not None else None


def _opt(v) -> str | None:
    return str(v) if v is not None else None


def _local(v) -> str | None:
    return local(v) if isinstance(v, URIRef) else None


def _datatype_ok(value: object, datatype: str) -> bool:
    kind = datatype.removeprefix(XSD).removeprefix(RDF_NS)
    if kind in ("string", "langString"):  # a fact file's names: the key gives the language
        return isinstance(value, str) and value.strip() != ""
    if kind == "gYear":
        return isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999
    if kind == "decimal":
        return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    raise ValueError(f"shapes.ttl uses datatype {datatype}, which the validator does not check")


def check(node_class: str, values: dict[str, list[object]], type_of: Callable[[str], str | None],
          onto: Ontology | None = None) -> Iterable[str]:
    """Yield a message per violation of the shapes that target `node_class` (or a superclass)
    by a node whose property values are `values` (ontology local names -> values)."""
    onto = onto or load()
    chain = onto.classes.get(node_class, [node_class])
    for shape in shapes():
        if not any(t in chain for t in shape.targets):
            continue
        for pc in shape.properties:
            vals = [v for v in values.get(pc.path, []) if v is not None]
            where = f"{pc.path}"
            if pc.min_count is not None and len(vals) < pc.min_count:
                yield pc.message or f"{where} is required"
                continue
            if pc.max_count is not None and len(vals) > pc.max_count:
                yield f"{where} has {len(vals)} values; at most {pc.max_count} allowed"
            for v in vals:
                if pc.datatype and not _datatype_ok(v, pc.datatype):
                    yield pc.message or f"{where} {v!r} is not a {pc.datatype.removeprefix(XSD)}"
                if pc.allowed is not None and str(v) not in pc.allowed:
                    yield f"{where} {v!r} is not one of: {', '.join(pc.allowed)}"
                if pc.pattern is not None and not pc.pattern.match(str(v)):
                    yield pc.message or f"{where} {v!r} does not match {pc.pattern.pattern}"
                if pc.cls is not None:
                    t = type_of(str(v))
                    if t is not None and not onto.is_a(t, pc.cls):
                        yield pc.message or f"{where} {v!r} is a {t}, not a {pc.cls}"
