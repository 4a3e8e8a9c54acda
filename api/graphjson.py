"""Graph JSON that common libraries load as-is.

- cytoscape: Cytoscape.js `elements` ({"elements": {"nodes": [{"data": ...}], "edges": [...]}}).
- d3: the node-link format of d3-force and networkx (`networkx.node_link_graph(data, edges="links")`).
Ids are the graph's stable ids (entity, statement and article ids; a structural edge's fact id).

Every node and edge has `label_zh` and `label_en` (and `label`, the Chinese one): an entity by
its names, a statement by what it says ("中国医师奖 → 单瑞萍", api/labels.py), an edge by its
relationship's label in the ontology. When a cap cut the answer, `truncated` is true and
`counts` says how much there was.
"""

from __future__ import annotations

from typing import Any

import ontology
from api.labels import rel_label, statement_label
from api.models import GraphFormat, clean


def node_labels(n: dict[str, Any]) -> dict[str, str]:
    props, onto = n["properties"], ontology.load()
    if "Statement" in n["labels"]:
        cls = props.get("class") or next((l for l in n["labels"] if l != "Statement"), "Statement")
        zh, en = statement_label(cls, props, n.get("participants") or [])
    else:
        cls = props.get("type") or next((l for l in n["labels"] if l in onto.entity_types), "Entity")
        zh = props.get("name_zh") or props.get("name_en") or props.get("title") or n["id"]
        en = props.get("name_en") or props.get("title_en") or zh
    return {"label": zh, "label_zh": zh, "label_en": en,
            "class_zh": onto.class_label(cls, "zh"), "class_en": onto.class_label(cls, "en")}


def edge_labels(e: dict[str, Any]) -> dict[str, str]:
    zh, en = rel_label(e["type"])
    return {"label": zh, "label_zh": zh, "label_en": en}


def render(nodes: list[dict], edges: list[dict], fmt: GraphFormat, *, truncated: bool = False,
           counts: dict[str, int] | None = None, **extra: Any) -> dict[str, Any]:
    nodes = [{**n, "properties": clean(n["properties"]), "names": node_labels(n)} for n in nodes]
    edges = [{**e, "properties": clean(e["properties"]), "names": edge_labels(e)} for e in edges]
    meta = {**extra, "truncated": truncated,
            "counts": {"nodes": len(nodes), "edges": len(edges), **(counts or {})}}
    if fmt is GraphFormat.cytoscape:
        return {"format": "cytoscape", **meta, "elements": {
            "nodes": [{"data": {**n["properties"], "id": n["id"], **n["names"], "labels": n["labels"]}} for n in nodes],
            "edges": [{"data": {**e["properties"], "id": e["id"], "source": e["source"], "target": e["target"],
                                **e["names"], "type": e["type"]}} for e in edges]}}
    return {"format": "d3", **meta, "directed": True, "multigraph": True, "graph": {},
            "nodes": [{**n["properties"], "id": n["id"], **n["names"], "labels": n["labels"]} for n in nodes],
            "links": [{**e["properties"], "id": e["id"], "key": e["id"], "source": e["source"],
                       "target": e["target"], **e["names"], "type": e["type"]} for e in edges]}
