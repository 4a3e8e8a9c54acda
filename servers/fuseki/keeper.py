"""Keeps the SPARQL store on the graph's version: a daemon thread that looks at the version
every `fuseki_poll` seconds (one trivial read) and, when it changed, builds the new store and
swaps it in (store.sync). Runs beside the API in `hkg run` and the tests, and alone in the
container of docker-compose's fuseki service (`hkg fuseki serve`)."""

from __future__ import annotations

import logging
import threading

from graph.config import Settings
from graph.connection import Graph
from servers.fuseki import store

log = logging.getLogger("hkg.fuseki")


class Keeper:
    def __init__(self, graph: Graph, settings: Settings) -> None:
        self.graph, self.settings = graph, settings
        self.served: str | None = None          # key of the store in service
        self.error: str | None = None           # the last failure, for `status`
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fuseki-keeper", daemon=True)

    def sync_now(self) -> store.Synced:
        synced = store.sync(self.graph, self.settings)
        self.served, self.error = synced.key, None
        return synced

    def tick(self) -> None:
        key = store.key_of(store.current_version(self.graph))
        if key != self.served:
            synced = self.sync_now()
            if synced.swapped:
                log.info("SPARQL store %s in service (%s triples)", synced.key, synced.triples)

    def _run(self) -> None:
        while not self._stop.wait(self.settings.fuseki_poll):
            try:
                self.tick()
            except Exception as e:  # noqa: BLE001 - Neo4j down, a failed build: retried next tick
                if str(e) != self.error:
                    log.warning("SPARQL store not updated: %s", e)
                self.error = str(e)

    def start(self) -> Keeper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=120)
