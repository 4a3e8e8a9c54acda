"""`hkg`: the project's command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from graph.config import get_settings
from graph.errors import GraphError

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    def register(fn: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = fn
        return fn
    return register


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hkg", description="Hospital Knowledge Graph")
    sub = p.add_subparsers(dest="command", required=True)

    n = sub.add_parser("neo4j", help="the project's local Neo4j server (ignored when NEO4J_URI is set)")
    n.add_argument("action", choices=["start", "stop", "status", "fetch"])

    sub.add_parser("serve", help="serve the API (Neo4j must be running)")
    run = sub.add_parser("run", help="start the local Neo4j (unless NEO4J_URI), load the facts, serve the API")
    run.add_argument("--no-load", action="store_true", help="serve what is in the graph without loading")
    sub.add_parser("queries", help="list the named Cypher queries")

    from cli import data_commands
    data_commands.add_parsers(sub)
    from cli import export_commands
    export_commands.add_parsers(sub)
    from cli import curation_commands
    curation_commands.add_parsers(sub)
    from cli import fuseki_commands
    fuseki_commands.add_parsers(sub)
    from cli import openapi_commands
    openapi_commands.add_parsers(sub)
    from cli import places_commands
    places_commands.add_parsers(sub)
    return p


@command("neo4j")
def neo4j_cmd(args: argparse.Namespace) -> int:
    from graph.neo4j_local import server

    settings = get_settings()
    if not settings.uses_local_server and args.action != "fetch":
        print(f"NEO4J_URI is set ({settings.neo4j_uri}): the project uses that server and manages none")
        return 0 if args.action == "status" else 2
    if args.action == "fetch":
        downloaded = server.ensure_jars(settings.local_lib)
        print("downloaded Neo4j jars" if downloaded else "Neo4j jars already present")
    elif args.action == "start":
        st = server.start(settings)
        print(f"Neo4j running at {st.uri} (pid {st.pid}, home {st.home})")
    elif args.action == "stop":
        print("Neo4j stopped" if server.stop(settings) else "Neo4j was not running")
    else:
        st = server.status(settings)
        print(f"Neo4j {'running' if st.running else 'stopped'} at {st.uri}" + (f" (pid {st.pid})" if st.pid else ""))
        return 0 if st.running else 3
    return 0


@command("serve")
def serve_cmd(args: argparse.Namespace) -> int:
    import uvicorn

    from api.main import create_app

    settings = get_settings()
    if settings.api_workers > 1:  # each worker process builds its app from the same environment
        uvicorn.run("api.main:create_app", factory=True, workers=settings.api_workers,
                    host=settings.api_host, port=settings.api_port)
    else:
        uvicorn.run(create_app(settings), host=settings.api_host, port=settings.api_port)
    return 0


@command("run")
def run_cmd(args: argparse.Namespace) -> int:
    from cli.stopping import Run, Stopped

    try:
        with Run().session() as run:
            return _run(args, run)
    except Stopped as stop:
        print(f"stopped by {stop}", flush=True)
        return 0


def _run(args: argparse.Namespace, run) -> int:
    """Start what is missing, load, serve; each engine started here is stopped by `run`."""
    settings = get_settings()
    if settings.uses_local_server:
        from graph.neo4j_local import server

        def neo4j_running() -> bool:
            return server.status(settings).running
    # An empty local store is filled by neo4j-admin (`hkg load --bulk`), which starts the server.
    bulk = (settings.uses_local_server and not args.no_load
            and not (settings.local_home / "db" / "data" / "databases" / settings.neo4j_database).exists())
    if bulk:
        code = run.start_unless_running(
            "Neo4j", neo4j_running,
            lambda: COMMANDS["load"](argparse.Namespace(paths=[], dry_run=False, quiet=False, bulk=True)),
            lambda: server.stop(settings))
        if code != 0:
            return code
    elif settings.uses_local_server:
        st = run.start_unless_running("Neo4j", neo4j_running, lambda: server.start(settings),
                                      lambda: server.stop(settings))
        print(f"Neo4j running at {st.uri}")
    if not args.no_load and not bulk and "load" in COMMANDS:
        code = COMMANDS["load"](argparse.Namespace(paths=[], dry_run=False, quiet=False))
        if code != 0:
            return code
    if settings.uses_local_fuseki:
        from cli.fuseki_commands import start_with_keeper, stop_keeper
        from servers.fuseki import server as fuseki

        keeper = run.start_unless_running("Fuseki", lambda: fuseki.status(settings).running,
                                          lambda: start_with_keeper(settings), lambda: fuseki.stop(settings))
        # Stopped before Fuseki (last started, first stopped): it restarts Fuseki on a new version.
        run.started("the SPARQL store keeper", lambda: stop_keeper(keeper))
        print(f"SPARQL engine (Fuseki) at {settings.sparql_endpoint}")
    print(f"API at http://{settings.api_host}:{settings.api_port}/docs")
    return serve_cmd(args)


@command("queries")
def queries_cmd(args: argparse.Namespace) -> int:
    import queries

    for q in queries.catalogue().values():
        print(f"{q.name:40} {q.description}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except GraphError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
