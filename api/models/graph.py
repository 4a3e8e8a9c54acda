"""Graph JSON: Cytoscape.js elements or the D3 / networkx node-link format (api/graphjson.py).

Nodes and edges carry the graph's own properties besides the fields typed here, so the
models allow extra fields; what a client can rely on is typed."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class Labels(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(description="stable id: an entity, statement or article id, or a structural edge's fact id")
    label: str = Field(description="the Chinese label (as label_zh)")
    label_zh: str
    label_en: str


class NodeFields(Labels):
    labels: list[str] = Field(description="Neo4j labels, e.g. Entity, Organisation, Hospital")
    class_zh: str | None = None
    class_en: str | None = None


class EdgeFields(Labels):
    source: str
    target: str
    type: str = Field(description="relationship type, e.g. HAS_UNIT, RECIPIENT")


class CyNode(BaseModel):
    data: NodeFields


class CyEdge(BaseModel):
    data: EdgeFields


class CyElements(BaseModel):
    nodes: list[CyNode]
    edges: list[CyEdge]


class Counts(BaseModel):
    model_config = ConfigDict(extra="allow")
    nodes: int = Field(description="nodes in this answer")
    edges: int = Field(description="edges in this answer")


class _GraphMeta(BaseModel):
    truncated: bool = Field(description="true when a cap (max_nodes, limit) cut the answer; `counts` says how much there was")
    counts: Counts
    center: str | None = Field(None, description="the entity the neighbourhood is around")
    depth: int | None = None
    paths: list[list[str]] | None = Field(None, description="for /paths: each path as its node ids, in order")
    found: int | None = Field(None, description="for /paths: how many paths are in this answer")


class CytoscapeGraph(_GraphMeta):
    format: Literal["cytoscape"]
    elements: CyElements = Field(description="pass to cytoscape({elements})")


class D3Link(EdgeFields):
    key: str


class D3Graph(_GraphMeta):
    format: Literal["d3"]
    directed: bool
    multigraph: bool
    graph: dict[str, str]
    nodes: list[NodeFields]
    links: list[D3Link] = Field(description="d3-force links; networkx.node_link_graph(data, edges='links')")


GraphJson = Annotated[CytoscapeGraph | D3Graph, Field(discriminator="format")]
