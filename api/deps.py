"""Dependencies shared by the routes: the process's one Graph, and the name index of its current version."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from exports import snapshot
from graph.connection import Graph
from names import IndexCache, NameIndex


def get_graph(request: Request) -> Graph:
    return request.app.state.graph


GraphDep = Annotated[Graph, Depends(get_graph)]


def graph_version(request: Request, graph: Graph) -> object:
    """The graph version from the background watcher when the app has one; else the
    bookmark of a trivial read (one round trip)."""
    watcher = getattr(request.app.state, "watcher", None)
    if watcher is not None and getattr(watcher, "version", None) is not None:
        return watcher.version
    return snapshot.version(graph)


def get_names(request: Request, graph: GraphDep) -> NameIndex:
    cache = getattr(request.app.state, "names", None)
    if cache is None:
        cache = request.app.state.names = IndexCache()
    return cache.get(graph, graph_version(request, graph))


NamesDep = Annotated[NameIndex, Depends(get_names)]
