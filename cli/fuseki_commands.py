"""`hkg fuseki fetch|start|stop|status|serve`: the SPARQL engine (servers/fuseki)."""

from __future__ import annotations

import argparse
import signal
import threading

from graph.config import get_settings


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from cli.main import command

    f = sub.add_parser("fuseki", help="the SPARQL engine, Apache Jena Fuseki (ignored when HKG_FUSEKI_URL is set)")
    f.add_argument("action", choices=["fetch", "start", "stop", "status", "serve"],
                   help="start: build the store of the graph's current version and serve it; "
                        "serve: start, then follow the graph version in the foreground (a container's command)")
    command("fuseki")(fuseki_cmd)


def start_with_keeper(settings):
    """Build the current store, start Fuseki and keep following the graph; returns the Keeper
    (its Graph is closed by `stop_keeper`)."""
    from graph.connection import Graph
    from servers.fuseki.keeper import Keeper

    graph = Graph.connect(settings)
    keeper = Keeper(graph, settings)
    keeper.sync_now()
    return keeper.start()


def stop_keeper(keeper) -> None:
    keeper.stop()
    keeper.graph.close()


def fuseki_cmd(args: argparse.Namespace) -> int:
    from servers.fuseki import server

    settings = get_settings()
    if not settings.uses_local_fuseki and args.action != "fetch":
        print(f"HKG_FUSEKI_URL is set ({settings.fuseki_url}): the project uses that engine and manages none")
        return 0 if args.action == "status" else 2
    if args.action == "fetch":
        downloaded = server.ensure_jars(settings.fuseki_lib)
        print(f"downloaded Jena {server.jena_version()} jars" if downloaded else "Jena jars already present")
    elif args.action == "start":
        from graph.connection import Graph
        from servers.fuseki import store

        with Graph.connect(settings) as graph:
            synced = store.sync(graph, settings)
        st = server.status(settings)
        print(f"Fuseki serving store {synced.key} at {st.url} (pid {st.pid})")
    elif args.action == "stop":
        print("Fuseki stopped" if server.stop(settings) else "Fuseki was not running")
    elif args.action == "status":
        from servers.fuseki import store

        st = server.status(settings)
        key = store.current_key(settings.fuseki_home)
        print(f"Fuseki {'running' if st.running else 'stopped'} at {st.url}" + (f" (pid {st.pid})" if st.pid else "")
              + (f", store {key}" if key else ""))
        return 0 if st.running else 3
    else:
        keeper = start_with_keeper(settings)
        print(f"Fuseki serving store {keeper.served} at {settings.sparql_endpoint}; following the graph version")
        done = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: done.set())
        done.wait()
        stop_keeper(keeper)
        server.stop(settings)
    return 0
