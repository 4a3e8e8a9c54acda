"""The ontology (hkg.ttl) read once with rdflib, and everything derived from it: entity
types and their Neo4j labels, predicates and their relationship types, statement classes
and their roles, qualifiers. Nothing below declares a type or a predicate by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "hkg.ttl"
SHAPES_FILE = HERE / "shapes.ttl"

HKG = Namespace("https://w3id.org/hospital-kg/ontology#")
HKGSH = Namespace("https://w3id.org/hospital-kg/shapes#")
ID = Namespace("https://w3id.org/hospital-kg/id/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = {"hkg": HKG, "hkgsh": HKGSH, "id": ID, "schema": SCHEMA, "org": ORG, "prov": PROV,
            "skos": SKOS, "wd": WD, "wdt": WDT, "sh": SH}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


def local(uri: URIRef) -> str:
    return str(uri).rsplit("#", 1)[-1]


def upper_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


def snake(name: str) -> str:
    """Ontology property local name -> fact-file key (nameZh -> name_zh)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass(frozen=True)
class Predicate:
    name: str
    structural: bool
    domain: frozenset[str]
    range: frozenset[str]
    rel_type: str | None = None          # structural: the relationship type
    statement_class: str | None = None   # statement: the node's class
    subject_role: str | None = None      # statement: relationship type to the subject
    object_role: str | None = None       # statement: relationship type (or literal property) to the object
    literal_object: bool = False
    label_en: str = ""
    label_zh: str = ""


@dataclass(frozen=True)
class EnumValue:
    value: str
    label_en: str
    label_zh: str


@dataclass
class Ontology:
    graph: Graph
    classes: dict[str, list[str]] = field(default_factory=dict)   # class -> itself and its superclasses
    predicates: dict[str, Predicate] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)      # fact-file key -> ontology local name
    rel_types: dict[str, str] = field(default_factory=dict)       # ontology property -> Neo4j type
    id_prefixes: dict[str, str] = field(default_factory=dict)     # class -> id prefix

    @cached_property
    def entity_types(self) -> list[str]:
        return sorted(c for c, sup in self.classes.items() if "Entity" in sup and c != "Entity")

    @cached_property
    def statement_types(self) -> list[str]:
        return sorted(c for c, sup in self.classes.items() if "Statement" in sup and c != "Statement")

    @cached_property
    def all_labels(self) -> list[str]:
        return sorted(self.classes)

    def is_a(self, cls: str, parent: str) -> bool:
        return parent in self.classes.get(cls, [])

    def labels(self, cls: str) -> list[str]:
        """Neo4j labels of a node of this class: the class and its hkg superclasses."""
        if cls not in self.classes:
            raise KeyError(f"{cls!r} is not a class of the ontology")
        return self.classes[cls]

    def class_label(self, cls: str, lang: str) -> str:
        for o in self.graph.objects(HKG[cls], RDFS.label):
            if isinstance(o, Literal) and o.language == lang:
                return str(o)
        return cls

    def enumeration(self, name: str) -> list[EnumValue]:
        """The values of a closed list (an hkg:Enumeration), in the order of their notations."""
        scheme = HKG[name]
        if (scheme, RDF.type, HKG.Enumeration) not in self.graph:
            raise KeyError(f"{name!r} is not an enumeration of the ontology")
        out = []
        for concept in self.graph.subjects(SKOS.inScheme, scheme):
            labels = {o.language: str(o) for o in self.graph.objects(concept, RDFS.label) if isinstance(o, Literal)}
            out.append(EnumValue(str(self.graph.value(concept, SKOS.notation)), labels.get("en", ""), labels.get("zh", "")))
        return sorted(out, key=lambda v: v.value)

    @cached_property
    def structural_rel_types(self) -> list[str]:
        return sorted({p.rel_type for p in self.predicates.values() if p.structural and p.rel_type})

    @cached_property
    def statement_rel_types(self) -> list[str]:
        roles = {p.subject_role for p in self.predicates.values() if p.subject_role}
        roles |= {p.object_role for p in self.predicates.values() if p.object_role and not p.literal_object}
        return sorted(roles | {self.rel_types["conferredBy"], self.rel_types["source"]})


def _class_chain(g: Graph, cls: URIRef) -> list[str]:
    chain, todo = [], [cls]
    while todo:
        c = todo.pop(0)
        if str(c).startswith(str(HKG)) and local(c) not in chain:
            chain.append(local(c))
            todo.extend(g.objects(c, RDFS.subClassOf))
    return chain


@lru_cache
def load() -> Ontology:
    g = bind_prefixes(Graph())
    g.parse(ONTOLOGY_FILE, format="turtle")
    onto = Ontology(graph=g)
    for cls in g.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")):
        if not str(cls).startswith(str(HKG)) or local(cls) in ("StructuralProperty", "StatementProperty", "Qualifier", "Enumeration"):
            continue
        onto.classes[local(cls)] = _class_chain(g, cls)
        prefix = g.value(cls, HKG.idPrefix)
        if prefix is not None:
            onto.id_prefixes[local(cls)] = str(prefix)

    def rel_type(prop: URIRef) -> str:
        explicit = g.value(prop, HKG.neo4jType)
        return str(explicit) if explicit is not None else upper_snake(local(prop))

    def labels(prop: URIRef) -> tuple[str, str]:
        en = zh = local(prop)
        for o in g.objects(prop, RDFS.label):
            if isinstance(o, Literal):
                en = str(o) if o.language == "en" else en
                zh = str(o) if o.language == "zh" else zh
        return en, zh

    for prop in g.subjects(RDF.type, HKG.StructuralProperty):
        en, zh = labels(prop)
        onto.predicates[local(prop)] = Predicate(
            name=local(prop), structural=True,
            domain=frozenset(local(d) for d in g.objects(prop, SCHEMA.domainIncludes)),
            range=frozenset(local(r) for r in g.objects(prop, SCHEMA.rangeIncludes)),
            rel_type=rel_type(prop), label_en=en, label_zh=zh)
    for prop in g.subjects(RDF.type, HKG.StatementProperty):
        literal = bool(g.value(prop, HKG.literalObject))
        obj_role = g.value(prop, HKG.objectRole)
        en, zh = labels(prop)
        onto.predicates[local(prop)] = Predicate(
            name=local(prop), structural=False,
            domain=frozenset(local(d) for d in g.objects(prop, SCHEMA.domainIncludes)),
            range=frozenset(local(r) for r in g.objects(prop, SCHEMA.rangeIncludes)),
            statement_class=local(g.value(prop, HKG.reifiedAs)),
            subject_role=rel_type(g.value(prop, HKG.subjectRole)),
            object_role=local(obj_role) if literal else rel_type(obj_role),
            literal_object=literal, label_en=en, label_zh=zh)
    for q in g.subjects(RDF.type, HKG.Qualifier):
        key = g.value(q, HKG.factKey)
        onto.qualifiers[str(key) if key is not None else snake(local(q))] = local(q)
    for prop in set(g.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#ObjectProperty"))):
        if str(prop).startswith(str(HKG)):
            onto.rel_types[local(prop)] = rel_type(prop)
    return onto
