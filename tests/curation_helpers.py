"""What the curation tests share: a copy of the curated data to write into, a studio (the API
with curation on, over that copy, loaded afresh), a new article about a hospital the seed data
does not know, and a snapshot of the files (a refused request leaves them unchanged)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from curation import tokens
from graph.config import Settings
from graph.connection import Graph
from loaders.load import load
from tests.conftest import wipe

DATA = Path(__file__).resolve().parent.parent / "data"


def copy_data(root: Path) -> Path:
    """root/data: the seed articles and fact files, for a test to change."""
    data = root / "data"
    shutil.copytree(DATA / "articles", data / "articles")
    shutil.copytree(DATA / "facts", data / "facts")
    return data


@contextmanager
def studio(graph: Graph, settings: Settings, root: Path, curator: str, token: str) -> Iterator[tuple[TestClient, Path]]:
    """The API over a copy of the data in `root`, loaded into the emptied graph, with one
    curator holding `token`. Yields the client and the data folder it writes."""
    data = copy_data(root)
    curators = root / "curators"
    curators.write_text(f"# test curators\n{curator}: sha256:{tokens.token_hash(token)}\n", encoding="utf-8")
    wipe(graph)
    load(graph, data)
    with TestClient(create_app(settings.model_copy(update={"data_dir": data, "curators_file": curators}))) as c:
        yield c, data


def article(hospital: str) -> str:
    """A short news article about `hospital`: an honour, a Party secretary, three departments."""
    return (f"{hospital}：守护一方健康\n"
            f"近日，{hospital}被星河市卫生健康委员会评为“星河市平安医院”。\n"
            f"{hospital}党委书记周明远表示，医院将继续提升服务。\n"
            "医院下设急诊科、儿科和康复医学科等临床科室。\n")


def snapshot(data: Path) -> dict[str, bytes]:
    """Every file under `data` and its bytes."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}
