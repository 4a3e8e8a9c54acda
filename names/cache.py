"""One NameIndex per graph version: rebuilt when a load changes the graph, shared by every
request in between. The caller says which version it is at (the API reads it from the graph
version watcher), so the cache itself never asks the graph."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from names.index import NameIndex


class IndexCache:
    def __init__(self, build: Callable[[Any], NameIndex] = NameIndex.from_graph):
        self._build = build
        self._lock = threading.Lock()
        self._version: Hashable | None = None
        self._index: NameIndex | None = None
        self.builds = 0

    def get(self, graph: Any, version: Hashable) -> NameIndex:
        with self._lock:
            if self._index is None or version != self._version:
                self._index = self._build(graph)
                self._version = version
                self.builds += 1
            return self._index
