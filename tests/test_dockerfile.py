"""The Docker image is built from the files its Dockerfile copies, and nothing else.

There is no Docker engine here, so the test does what the runtime stage does with exactly
those files: copy them into an empty folder, `pip install` it, and start the app from the
installed package. A package the Dockerfile forgets to copy (as exports/ once was) fails it.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_SHIPPED = {"tests", "bench"}


def stages() -> dict[str, list[list[str]]]:
    """Dockerfile instructions per stage name: {stage: [[INSTRUCTION, arg...], ...]}."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    out: dict[str, list[list[str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = shlex.split(line, posix=True, comments=False)
        if words[0].upper() == "FROM":
            current = words[-1] if "AS" in (w.upper() for w in words) else words[1]
            out[current] = []
        out.setdefault(current, []).append([words[0].upper(), *words[1:]])
    return out


def copies(stage: list[list[str]]) -> list[str]:
    """Sources of the stage's COPY instructions that take files from the build context."""
    return [src for ins in stage if ins[0] == "COPY" and not any(a.startswith("--from") for a in ins[1:])
            for src in ins[1:-1]]


def top_level_packages() -> set[str]:
    return {p.parent.name for p in ROOT.glob("*/__init__.py")} - NOT_SHIPPED


def test_the_runtime_stage_copies_every_package_of_the_project():
    copied = {src.strip("/") for src in copies(stages()["runtime"])}
    assert top_level_packages() <= copied, f"add `COPY <pkg>/ <pkg>/` to the Dockerfile for: {sorted(top_level_packages() - copied)}"


def test_the_frontend_stage_builds_each_npm_folder_from_its_lock_file():
    copied = {src.strip("/") for src in copies(stages()["frontend"])}
    npm_folders = {p.parent.name for p in ROOT.glob("*/package.json")}
    assert npm_folders == copied
    for folder in npm_folders:
        assert (ROOT / folder / "package-lock.json").is_file(), f"{folder} has no package-lock.json"
    runtime = [ins for ins in stages()["runtime"] if ins[0] == "COPY" and ins[1].startswith("--from=frontend")]
    assert {Path(ins[2]).parts[2] for ins in runtime} == npm_folders   # /build/<folder>/dist/


def test_the_package_installs_and_serves_from_exactly_the_copied_files(tmp_path):
    context = tmp_path / "context"
    context.mkdir()
    for src in copies(stages()["runtime"]):
        if src.strip("/") == "data":
            continue   # data is read at run time from HKG_DATA_DIR, not installed
        path = ROOT / src
        assert path.exists(), f"the Dockerfile copies {src}, which does not exist"
        if path.is_dir():
            shutil.copytree(path, context / src, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, context / src)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
                    "--target", str(site), str(context)], check=True, cwd=tmp_path)
    probe = """
import json, sys
import api.main, queries, ontology
app = api.main.create_app()
print(json.dumps({"files": [m.__file__ for m in (api.main, queries, ontology)],
                  "queries": len(queries.catalogue()), "paths": sorted(app.openapi()["paths"])}))
"""
    # The dependencies come from this environment; the project itself only from `site`.
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "unused"}
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         cwd=tmp_path, env=env).stdout
    got = json.loads(out.strip().splitlines()[-1])
    assert all(f.startswith(str(site)) for f in got["files"]), got["files"]
    assert got["queries"] == len(list((ROOT / "queries").rglob("*.cypher")))
    from api.main import create_app
    assert got["paths"] == sorted(create_app().openapi()["paths"])
