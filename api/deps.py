"""Dependencies shared by the routes: the process's one Graph, and the name index of its current version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from api import name_index
from exports import snapshot
from graph.connection import Graph
from names import NameIndex


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
    """Built in the background (api/name_index.py); 503 + Retry-After while none exists yet."""
    return name_index.current(request, graph, graph_version(request, graph))


NamesDep = Annotated[NameIndex, Depends(get_names)]


def get_names_later(request: Request, graph: GraphDep) -> Callable[[], NameIndex]:
    """For a route that resolves names only for some of its calls (the reconciliation manifest,
    an unfiltered hospital list): the index is asked for (and may answer 503) only when called."""
    return lambda: get_names(request, graph)


NamesLater = Annotated[Callable[[], NameIndex], Depends(get_names_later)]
