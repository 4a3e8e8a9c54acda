"""The graph as RDF, in the ontology's terms (see docs/linked-data.md).

- Entity `id` -> <https://w3id.org/hospital-kg/id/{id}> a hkg:{Class}; names hkg:nameZh @zh,
  hkg:nameEn @en, hkg:officialName / shortName / formerName / alias with their language.
- Structural relationship -> the triple `s hkg:{predicate} o` PLUS a reification
  `id:{fact_id} a rdf:Statement; rdf:subject/predicate/object` carrying its qualifiers and
  provenance (hkg:source, hkg:quote, prov:qualifiedDerivation with the offsets).
- Statement node -> `id:{fact_id} a hkg:{StatementClass}` with role properties
  (hkg:recipient, hkg:honour, ...), qualifiers (hkg:year as xsd:gYear, ...) and the same
  provenance.
- Article -> `id:{article_id} a hkg:Article` with its title, date, outlet and text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

import ontology
from exports.snapshot import Node, Rel, Snapshot
from ontology import HKG, ID, PROV, SCHEMA, bind_prefixes

NAME_KINDS = {"official": HKG.officialName, "short": HKG.shortName, "former": HKG.formerName, "alias": HKG.alias}
FORMATS = {"ttl": ("turtle", "text/turtle; charset=utf-8"), "jsonld": ("json-ld", "application/ld+json")}


def iri(id: str) -> URIRef:
    return ID[id]


def _lit(value: Any) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(Decimal(repr(value)), datatype=XSD.decimal)
    return Literal(str(value))


class _Mapper:
    def __init__(self) -> None:
        onto = ontology.load()
        self.onto = onto
        self.role_props = {t: HKG[name] for name, t in onto.rel_types.items()}   # RECIPIENT -> hkg:recipient
        self.struct_props = {p.rel_type: HKG[p.name] for p in onto.predicates.values() if p.structural}
        self.qualifiers = {key: HKG[name] for key, name in onto.qualifiers.items() if key != "conferrer"}

    def qualifier(self, g: Graph, subj: URIRef, key: str, value: Any) -> None:
        if key not in self.qualifiers or value is None:
            return
        prop = self.qualifiers[key]
        for v in value if isinstance(value, list) else [value]:
            if key == "year":
                g.add((subj, prop, Literal(str(v), datatype=XSD.gYear)))
            elif key in ("date", "since", "until", "as_of"):
                g.add((subj, prop, Literal(str(v))))
            else:
                g.add((subj, prop, _lit(v)))

    def entity(self, g: Graph, n: Node) -> None:
        s = iri(n.id)
        p = n.props
        g.add((s, RDF.type, HKG[n.cls]))
        if p.get("name_zh"):
            g.add((s, HKG.nameZh, Literal(p["name_zh"], lang="zh")))
        if p.get("name_en"):
            g.add((s, HKG.nameEn, Literal(p["name_en"], lang="en")))
        if p.get("pinyin"):
            g.add((s, HKG.pinyin, Literal(p["pinyin"])))
        for key, prop in (("kind", HKG.kind), ("level", HKG.level), ("note", HKG.note), ("gender", SCHEMA.gender)):
            if p.get(key) is not None:
                g.add((s, prop, Literal(str(p[key]))))
        for name in json.loads(p.get("names_json") or "[]"):
            prop = NAME_KINDS.get(name.get("kind"), HKG.alias)
            g.add((s, prop, Literal(name["text"], lang=name.get("lang"))))
        self.dataset(g, s, p)

    def article(self, g: Graph, n: Node) -> None:
        s = iri(n.id)
        p = n.props
        g.add((s, RDF.type, HKG.Article))
        if p.get("title"):
            g.add((s, DCTERMS.title, Literal(p["title"], lang="zh")))
        if p.get("title_en"):
            g.add((s, DCTERMS.title, Literal(p["title_en"], lang="en")))
        if p.get("date"):
            g.add((s, DCTERMS.date, Literal(str(p["date"]))))
        if p.get("outlet"):
            g.add((s, DCTERMS.publisher, Literal(p["outlet"], lang="zh")))
        for who in p.get("reporters") or []:
            g.add((s, SCHEMA.author, Literal(who, lang="zh")))
        for who in p.get("correspondents") or []:
            g.add((s, SCHEMA.contributor, Literal(who, lang="zh")))
        if p.get("url"):
            g.add((s, SCHEMA.url, Literal(p["url"], datatype=XSD.anyURI)))
        if p.get("date_basis"):
            g.add((s, HKG.note, Literal(p["date_basis"])))
        if p.get("text"):
            g.add((s, SCHEMA.text, Literal(p["text"], lang="zh")))

    def statement(self, g: Graph, n: Node) -> None:
        s = iri(n.id)
        p = n.props
        g.add((s, RDF.type, HKG[n.cls]))
        pred = self.onto.predicates.get(p.get("predicate", ""))
        if pred is not None and pred.literal_object and p.get(pred.object_role) is not None:
            v = p[pred.object_role]
            if pred.object_role == "value":
                g.add((s, HKG.value, Literal(Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v)),
                                             datatype=XSD.decimal)))
            else:
                g.add((s, HKG[pred.object_role], Literal(str(v))))
        for key, value in p.items():
            self.qualifier(g, s, key, value)

    def source(self, g: Graph, subj: URIRef, fact_id: str, article: str, quote: str | None,
               start: int | None, end: int | None) -> None:
        art = iri(article)
        g.add((subj, HKG.source, art))
        if quote:
            g.add((subj, HKG.quote, Literal(quote, lang="zh")))
        d = iri(f"{fact_id}/source/{article}-{start if start is not None else 0}")
        g.add((subj, PROV.qualifiedDerivation, d))
        g.add((d, RDF.type, PROV.Derivation))
        g.add((d, PROV.entity, art))
        if quote:
            g.add((d, HKG.quote, Literal(quote, lang="zh")))
        if start is not None:
            g.add((d, HKG.quoteStart, Literal(int(start), datatype=XSD.integer)))
        if end is not None:
            g.add((d, HKG.quoteEnd, Literal(int(end), datatype=XSD.integer)))

    def dataset(self, g: Graph, subj: URIRef, props: dict[str, Any]) -> None:
        """A fact or an entity read from a dataset: the dataset (with its version), the record
        it was read from, and whether the value was inferred."""
        if not props.get("dataset"):
            return
        ds = iri(f"dataset/{props['dataset']}/{props.get('dataset_version', '')}")
        g.add((ds, RDF.type, HKG.Dataset))
        g.add((ds, SCHEMA.name, Literal(str(props["dataset"]))))
        g.add((ds, HKG.datasetVersion, Literal(str(props.get("dataset_version", "")))))
        g.add((subj, HKG.fromDataset, ds))
        if props.get("dataset_record"):
            g.add((subj, HKG.datasetRecord, Literal(str(props["dataset_record"]))))
        if props.get("inferred"):
            g.add((subj, HKG.inferred, Literal(True)))
            g.add((subj, HKG.inferredFrom, Literal(str(props.get("inferred_from", "")))))

    def link(self, g: Graph, r: Rel) -> None:
        s, o, prop = iri(r.source), iri(r.target), self.struct_props[r.type]
        g.add((s, prop, o))
        fid = str(r.props.get("fact_id") or r.id)
        st = iri(fid)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, prop))
        g.add((st, RDF.object, o))
        arts, quotes = r.props.get("articles") or [], r.props.get("quotes") or []
        starts, ends = r.props.get("starts") or [], r.props.get("ends") or []
        for i, art in enumerate(arts):
            self.source(g, st, fid, art, quotes[i] if i < len(quotes) else None,
                        starts[i] if i < len(starts) else None, ends[i] if i < len(ends) else None)
        self.dataset(g, st, r.props)
        for key, value in r.props.items():
            self.qualifier(g, st, key, value)

    def rel(self, g: Graph, r: Rel, nodes: dict[str, Node]) -> None:
        if r.type in self.struct_props:
            self.link(g, r)
        elif r.type == "CITES":
            self.source(g, iri(r.source), r.source, r.target, r.props.get("quote"),
                        r.props.get("start"), r.props.get("end"))
        elif r.type in self.role_props:
            g.add((iri(r.source), self.role_props[r.type], iri(r.target)))


def to_graph(snap: Snapshot) -> Graph:
    g = bind_prefixes(Graph())
    g.bind("dcterms", DCTERMS)
    g.bind("xsd", XSD)
    m = _Mapper()
    for n in snap.nodes.values():
        {"Entity": m.entity, "Article": m.article, "Statement": m.statement}.get(n.kind, lambda *_: None)(g, n)
    for r in snap.rels:
        m.rel(g, r, snap.nodes)
    return g


def context(g: Graph) -> dict[str, str]:
    wanted = {"hkg", "id", "schema", "prov", "dcterms", "xsd", "rdf", "rdfs", "skos", "org"}
    return {p: str(ns) for p, ns in g.namespaces() if p in wanted}


def serialize(g: Graph, fmt: str) -> bytes:
    """fmt: ttl or jsonld."""
    if fmt == "ttl":
        return g.serialize(format="turtle", encoding="utf-8")
    if fmt == "jsonld":
        return g.serialize(format="json-ld", context=context(g), auto_compact=True, encoding="utf-8")
    raise ValueError(f"unknown RDF format {fmt!r}; one of: ttl, jsonld")


def validate(g: Graph) -> tuple[bool, str]:
    """pySHACL against ontology/shapes.ttl, with the ontology mixed in so that the shapes'
    target classes reach the subclasses (hkg:Entity -> hkg:Hospital ...)."""
    import pyshacl

    shapes = Graph().parse(ontology.SHAPES_FILE, format="turtle")
    conforms, _, text = pyshacl.validate(g, shacl_graph=shapes, ont_graph=ontology.load().graph,
                                         inference="none", advanced=False, allow_warnings=False)
    return bool(conforms), text
