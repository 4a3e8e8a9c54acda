"""GraphML for Gephi and Cytoscape desktop (networkx.write_graphml): scalar attributes only.

view=property: the property graph as stored (entities, statements, articles; every
relationship), lists as JSON strings, article texts left out. view=projection: the entity
projection of exports.analytics, with degree, component and community per node.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from typing import Any

import networkx as nx

from exports.snapshot import INTERNAL, Snapshot

SKIP = INTERNAL | {"text"}
VIEWS = ("property", "projection")


def _scalar(v: Any) -> Any:
    if isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _harmonise(items: list[dict[str, Any]]) -> None:
    """One GraphML type per attribute: a key whose values mix types becomes a string."""
    types: dict[str, set[type]] = defaultdict(set)
    for d in items:
        for k, v in d.items():
            types[k].add(type(v))
    for k, ts in types.items():
        if len(ts) <= 1:
            continue
        if ts <= {int, float}:
            for d in items:
                if k in d:
                    d[k] = float(d[k])
        else:
            for d in items:
                if k in d:
                    d[k] = str(d[k])


def property_graph(snap: Snapshot) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    node_attrs = []
    for n in snap.nodes.values():
        attrs = {k: _scalar(v) for k, v in n.props.items() if k not in SKIP and v is not None}
        attrs["labels"] = ":" + ":".join(n.labels)
        attrs["label"] = str(n.props.get("name_zh") or n.props.get("title") or n.props.get("label") or n.id)
        node_attrs.append(attrs)
        G.add_node(n.id, **attrs)
    edge_attrs = []
    for r in snap.rels:
        if r.source not in snap.nodes or r.target not in snap.nodes:
            continue
        attrs = {k: _scalar(v) for k, v in r.props.items() if k not in SKIP and v is not None}
        attrs["type"] = r.type
        edge_attrs.append(attrs)
        G.add_edge(r.source, r.target, key=r.id, **attrs)
    _harmonise([G.nodes[n] for n in G.nodes])
    _harmonise([d for _, _, d in G.edges(data=True)])
    return G


def projection_graph(snap: Snapshot) -> nx.Graph:
    from exports.analytics import analytics

    a = analytics(snap)
    G = a.G.copy()
    for i, comp in enumerate(a.components()):
        for x in comp:
            G.nodes[x]["component"] = i
    for i, com in enumerate(a.communities()):
        for x in com:
            G.nodes[x]["community"] = i
    for x in G.nodes:
        G.nodes[x]["degree"] = G.degree(x)
        G.nodes[x]["label"] = G.nodes[x]["name_zh"] or x
    return G


def write(snap: Snapshot, view: str = "property") -> bytes:
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; one of: {', '.join(VIEWS)}")
    G = property_graph(snap) if view == "property" else projection_graph(snap)
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8", prettyprint=False)
    return buf.getvalue()
