"""Adding an article: normalised, hashed, refused when (nearly) a duplicate, immutable once
recorded, revised only when every quote keeps its anchor; and drafts that need no network."""

from __future__ import annotations

import os

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from curation import articles, factfiles
from curation.text import content_hash, normalise
from loaders.validate import load_dataset
from tests.curation_helpers import copy_data

ROOT = Path(__file__).resolve().parent.parent
TEXT = "星河市第二人民医院喜获佳绩\n近日，医院荣获“全国文明单位”称号。\n医院下设急诊科、儿科等科室。\n"


@pytest.fixture
def data(tmp_path) -> Path:
    return copy_data(tmp_path)


def test_normalisation_is_nfc_lf_and_no_bom():
    decomposed = "\ufeffe\u0301 医院\r\n第二行  \r第三行\n\n"
    assert normalise(decomposed) == "\u00e9 医院\n第二行\n第三行\n"


def test_add_assigns_the_next_id_and_writes_a_skeleton_that_validates(data):
    r = articles.add(data, TEXT.replace("\n", "\r\n"), title="星河二院获评全国文明单位", date="2026-01", outlet="星河日报")
    assert r.id == "A005" and (data / "articles" / "A005.txt").read_text(encoding="utf-8") == TEXT
    doc = factfiles.load(data / "facts" / "A005.yaml")
    assert doc["article"]["hash"] == content_hash(TEXT) == r.hash
    assert doc["facts"] == [] and doc["history"][0]["action"] == "added article"
    assert load_dataset(data, root=data).ok
    assert articles.next_id(data) == "A006"


def test_same_or_nearly_same_text_is_refused_naming_the_article(data):
    seed = (data / "articles" / "A002.txt").read_text(encoding="utf-8")
    before = sorted(p.name for p in (data / "articles").iterdir())
    with pytest.raises(articles.ArticleRefused, match="already article A002") as same:
        articles.add(data, seed.replace("\n", "\r\n"), title="x")
    assert same.value.duplicate_of == "A002"
    edited = seed.replace("。", "，", 3) + "（本报记者补充）\n"
    with pytest.raises(articles.ArticleRefused, match="nearly duplicates article A002"):
        articles.add(data, edited, title="x")
    assert sorted(p.name for p in (data / "articles").iterdir()) == before


@pytest.mark.parametrize("kwargs, message", [
    ({"title": ""}, "a title is required"),
    ({"title": "t", "date": "2026/01"}, "malformed date"),
    ({"title": "t", "url": "javascript:alert(1)"}, "malformed url"),
])
def test_bad_metadata_is_refused_with_its_reason(data, kwargs, message):
    with pytest.raises(articles.ArticleRefused, match=message):
        articles.add(data, TEXT, **kwargs)
    assert not (data / "articles" / "A005.txt").exists()


def test_an_edited_text_is_refused_by_the_validator_and_revise_reanchors_or_reports(data):
    r = articles.add(data, TEXT, title="t")
    facts = data / "facts" / f"{r.id}.yaml"
    doc = factfiles.load(facts)
    doc["entities"] = [{"id": "hosp-xinghe-second", "type": "Hospital", "name_zh": "星河市第二人民医院",
                        "name_en": "Xinghe Second People's Hospital"},
                       {"id": "dept-xinghe-emergency", "type": "Department", "name_zh": "急诊科",
                        "name_en": "Emergency Department"}]
    doc["facts"] = [{"id": f"{r.id}-001", "subject": "hosp-xinghe-second", "predicate": "hasUnit",
                     "object": "dept-xinghe-emergency", "quote": "医院下设急诊科"}]
    facts.write_text(factfiles.dumps(doc), encoding="utf-8")
    assert load_dataset(data, root=data).ok

    (data / "articles" / f"{r.id}.txt").write_text(TEXT + "补充一句。\n", encoding="utf-8")
    ds = load_dataset(data, root=data)
    assert any("changed since its hash was recorded" in p.message for p in ds.problems)
    (data / "articles" / f"{r.id}.txt").write_text(TEXT, encoding="utf-8")

    with pytest.raises(articles.ArticleRefused) as lost:
        articles.revise(data, r.id, TEXT.replace("下设", "设有"))
    assert any("医院下设急诊科" in p for p in lost.value.problems)
    assert (data / "articles" / f"{r.id}.txt").read_text(encoding="utf-8") == TEXT

    articles.revise(data, r.id, "导语。\n" + TEXT)
    assert load_dataset(data, root=data).ok
    assert factfiles.load(facts)["history"][-1]["action"] == "revised text"


def test_propose_runs_with_networking_off(data):
    """The drafts need no network and download nothing: run with the network namespace empty
    (unshare -rn) where the kernel allows it, else with every socket connect refused."""
    r = articles.add(data, TEXT, title="星河二院获评全国文明单位")
    script = ("import socket, sys\n"
              "def refuse(*a, **k): raise OSError('network is off in this test')\n"
              "socket.socket.connect = refuse; socket.create_connection = refuse\n"
              "from cli.main import main; sys.exit(main(['propose', sys.argv[1]]))\n")
    cmd = [sys.executable, "-c", script, r.id]
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        cmd = ["unshare", "-rn", *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT,
                         env={"PATH": "/usr/bin:/bin", "HKG_DATA_DIR": str(data), "PYTHONPATH": str(ROOT),
                              "HOME": str(data.parent)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"{r.id}: ") and "awarded" in out.stdout
    drafts = factfiles.load(data / "proposals" / f"{r.id}.yaml")
    assert any(f["predicate"] == "awarded" and f["quote"] in TEXT for f in drafts["facts"])
    # Never into the curated facts.
    assert factfiles.load(data / "facts" / f"{r.id}.yaml")["facts"] == []


def test_files_written_atomically_keep_the_folders_usual_permissions(tmp_path: Path):
    from curation.factfiles import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.yaml", "a: 1\n")
        existing = tmp_path / "old.yaml"
        existing.write_text("a: 0\n")
        existing.chmod(0o640)
        write_atomic(existing, "a: 2\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o644
    assert existing.stat().st_mode & 0o777 == 0o640 and existing.read_text() == "a: 2\n"
