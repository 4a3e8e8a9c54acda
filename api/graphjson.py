"""Graph JSON that common libraries load as-is.

- cytoscape: Cytoscape.js `elements` ({"elements": {"nodes": [{"data": ...}], "edges": [...]}}).
- d3: the node-link format of d3-force and networkx (`networkx.node_link_graph(data, edges="links")`).
Ids are the graph's stable ids (entity, statement and article ids; a structural edge's fact id).
"""

from __future__ import annotations

from typing import Any

from api.models import GraphFormat, clean


def _label(props: dict[str, Any]) -> str:
    return props.get("name_zh") or props.get("label") or props.get("predicate") or props.get("id", "")


def render(nodes: list[dict], edges: list[dict], fmt: GraphFormat, **extra: Any) -> dict[str, Any]:
    nodes = [{**n, "properties": clean(n["properties"])} for n in nodes]
    edges = [{**e, "properties": clean(e["properties"])} for e in edges]
    if fmt is GraphFormat.cytoscape:
        return {"format": "cytoscape", **extra, "elements": {
            "nodes": [{"data": {**n["properties"], "id": n["id"], "label": _label(n["properties"]),
                                "labels": n["labels"]}} for n in nodes],
            "edges": [{"data": {**e["properties"], "id": e["id"], "source": e["source"], "target": e["target"],
                                "label": e["type"], "type": e["type"]}} for e in edges]}}
    return {"format": "d3", **extra, "directed": True, "multigraph": True, "graph": {},
            "nodes": [{**n["properties"], "id": n["id"], "label": _label(n["properties"]), "labels": n["labels"]}
                      for n in nodes],
            "links": [{**e["properties"], "id": e["id"], "key": e["id"], "source": e["source"],
                       "target": e["target"], "type": e["type"]} for e in edges]}
