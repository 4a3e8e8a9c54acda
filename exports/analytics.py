"""Graph analytics with networkx on a projection of the graph.

Projection: one node per entity; one edge per pair of entities that a structural
relationship joins, or that a statement joins (its subject and object: Tenure holder —
organisation, Membership member — organisation, Partnership party — counterparty,
HonourConferral recipient — honour, Designation holder — programme; and the subject —
the conferrer, when there is one). Parallel facts add to the edge's `weight`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

import ontology
from exports.snapshot import Snapshot

SEED = 42
BETWEENNESS_EXACT_MAX = 3000   # above this many nodes, betweenness is estimated from k=500 sampled sources
MEASURES = ("degree", "betweenness")


def project(snap: Snapshot) -> nx.Graph:
    onto = ontology.load()
    structural = set(onto.structural_rel_types)
    G = nx.Graph()
    for n in snap.of_kind("Entity"):
        G.add_node(n.id, type=n.cls, name_zh=n.props.get("name_zh") or "", name_en=n.props.get("name_en") or "")
    relations: dict[tuple[str, str], set[str]] = defaultdict(set)

    def edge(a: str, b: str, kind: str) -> None:
        if a == b or a not in G or b not in G:
            return
        if G.has_edge(a, b):
            G[a][b]["weight"] += 1
        else:
            G.add_edge(a, b, weight=1)
        relations[tuple(sorted((a, b)))].add(kind)

    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in snap.rels:
        if r.type in structural:
            edge(r.source, r.target, r.type)
        elif r.type != "CITES" and r.source in snap.nodes and snap.nodes[r.source].kind == "Statement":
            roles[r.source][r.type].append(r.target)
    for sid, by_role in roles.items():
        st = snap.nodes[sid]
        pred = onto.predicates.get(st.props.get("predicate", ""))
        if pred is None:
            continue
        subjects = by_role.get(pred.subject_role, [])
        others = [] if pred.literal_object else by_role.get(pred.object_role, [])
        conferrers = by_role.get("CONFERRED_BY", [])
        for s in subjects:
            for o in others:
                edge(s, o, st.cls)
            for c in conferrers:
                edge(s, c, f"{st.cls}.CONFERRED_BY")
    for (a, b), kinds in relations.items():
        G[a][b]["relations"] = ",".join(sorted(kinds))
    return G


class Analytics:
    """Measures over one projection, each computed on first use."""

    def __init__(self, G: nx.Graph):
        self.G = G
        self._cache: dict[str, Any] = {}

    def _once(self, name: str, fn):
        if name not in self._cache:
            self._cache[name] = fn()
        return self._cache[name]

    def centrality(self, measure: str) -> dict[str, float]:
        if measure == "degree":
            return self._once("degree", lambda: nx.degree_centrality(self.G))
        if measure == "betweenness":
            n = self.G.number_of_nodes()
            k = None if n <= BETWEENNESS_EXACT_MAX else 500
            return self._once("betweenness", lambda: nx.betweenness_centrality(self.G, k=k, seed=SEED, normalized=True))
        raise ValueError(f"unknown measure {measure!r}; one of: {', '.join(MEASURES)}")

    def ranking(self, measure: str, type: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        onto = ontology.load()
        scores = self.centrality(measure)
        items = []
        for node, score in scores.items():
            attrs = self.G.nodes[node]
            if type and not onto.is_a(attrs["type"], type):
                continue
            items.append({"id": node, "type": attrs["type"], "name_zh": attrs["name_zh"], "name_en": attrs["name_en"],
                          "score": round(score, 6), "degree": self.G.degree(node)})
        items.sort(key=lambda i: (-i["score"], -i["degree"], i["id"]))
        return items[:limit]

    def communities(self) -> list[list[str]]:
        def run():
            cs = nx.community.louvain_communities(self.G, weight="weight", seed=SEED)
            return sorted((sorted(c) for c in cs), key=lambda c: (-len(c), c[0]))
        return self._once("communities", run)

    def modularity(self) -> float:
        return self._once("modularity", lambda: nx.community.modularity(self.G, self.communities(), weight="weight"))

    def components(self) -> list[list[str]]:
        return self._once("components", lambda: sorted((sorted(c) for c in nx.connected_components(self.G)),
                                                       key=lambda c: (-len(c), c[0])))

    def groups(self, which: str, limit: int, members: bool = True) -> dict[str, Any]:
        gs = self.communities() if which == "communities" else self.components()
        out: dict[str, Any] = {"nodes": self.G.number_of_nodes(), "edges": self.G.number_of_edges(),
                               "total": len(gs)}
        if which == "communities":
            out["modularity"] = round(self.modularity(), 6)
            out["algorithm"] = f"louvain (networkx, seed {SEED})"
        out["items"] = [{"index": i, "size": len(g), **({"members": g} if members else {}),
                         "top": self._top(g)} for i, g in enumerate(gs[:limit])]
        return out

    def _top(self, group: list[str], n: int = 5) -> list[dict[str, Any]]:
        best = sorted(group, key=lambda x: (-self.G.degree(x), x))[:n]
        return [{"id": x, "name_zh": self.G.nodes[x]["name_zh"], "degree": self.G.degree(x)} for x in best]


def analytics(snap: Snapshot) -> Analytics:
    return Analytics(project(snap))
