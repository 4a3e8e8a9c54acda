"""Regenerating responses.json: the curated data in a throwaway Neo4j, every operation called.

`hkg openapi-examples` (or `make openapi-examples`) runs `main`; tests/test_openapi.py runs
`generate` against the session's graph and compares with the checked-in file.
"""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path
from typing import Any

from api.examples import COMMAND, FILE, render
from api.examples import problems
from api.examples.collect import DATA_DIR, client, collect, workspace
from graph.config import Settings


def generate(settings: Settings, data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """The examples of the app on the graph `settings` name (the curated data must be loaded);
    curation writes go to a temporary copy of `data_dir`."""
    from api.main import create_app

    with tempfile.TemporaryDirectory(prefix="hkg-examples-") as tmp:
        s = workspace(settings, Path(tmp), data_dir)
        with client(create_app(s)) as c:
            spec = c.get("/openapi.json").json()
            return {"operations": collect(c, spec), "problems": problems.collect(c, s, spec)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(*, check: bool = False, data_dir: Path = DATA_DIR) -> int:
    """Start a Neo4j of its own (temporary home, free port; the jars of the checkout), load the
    curated data, generate, and write FILE — or with `check`, only say whether it is current."""
    from graph.connection import Graph
    from graph.neo4j_local import server
    from loaders.load import load

    with tempfile.TemporaryDirectory(prefix="hkg-examples-neo4j-") as home:
        # As the test fixtures start theirs (tests/conftest.py): checks answers, not speed.
        local = Settings(NEO4J_URI=None, HKG_NEO4J_HOME=Path(home), HKG_NEO4J_PORT=_free_port(),
                         HKG_NEO4J_HEAP="1g", HKG_NEO4J_PAGECACHE="256m", HKG_READ_DEADLINE=60.0,
                         HKG_TX_TIMEOUT=60.0, HKG_RATE_LIMIT=0,
                         HKG_WARMUP=False)  # its progress changes from run to run
        print(f"starting a throwaway Neo4j in {home} ...", flush=True)
        server.start(local)
        try:
            with Graph.connect(local) as graph:
                load(graph, data_dir)
            print("curated data loaded; calling every operation ...", flush=True)
            text = render(generate(local, data_dir))
        finally:
            server.stop(local)
    current = FILE.read_text(encoding="utf-8") if FILE.exists() else ""
    if check:
        print(f"{FILE} is current" if text == current else f"{FILE} is stale: run `{COMMAND}`")
        return 0 if text == current else 1
    FILE.write_text(text, encoding="utf-8")
    print(f"wrote {FILE} ({'unchanged' if text == current else 'updated'})")
    return 0
