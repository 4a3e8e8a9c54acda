"""Loads under faults, against the fault suite's dedicated Neo4j (tests/faults/conftest.py):
the load process killed mid-write, two loads at once, a lease held by another load, and
every file of the bad-file corpus, each refused with file:line and the graph unchanged
(a hash of every property)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from graph.connection import Graph
from loaders import lock as lock_module
from loaders.load import InvalidFacts, load
from loaders.lock import LockHeld, load_lock
from tests.bad_fact_files import CORPUS
from tests.bad_fact_files import line_of as corpus_line
from tests.conftest import wipe
from tests.load_helpers import (DATA, HKG, expected_counts, counts, snapshot, graph_hash, count_of, copy_data,
                                fact_path, curate_changes, cli_env, open_transactions, graph_version)
from tests.synthetic_facts import write_synthetic

pytestmark = pytest.mark.fault

# One transaction (the defaults: 13k rows), or the batched route (new items in committed
# batches of 500 rows under a load id, changes and deletions in the final transaction).
KILL_MODES = {"one-transaction": {}, "batched": {"HKG_LOAD_SINGLE_TX_ROWS": "1000", "HKG_LOAD_BATCH_ROWS": "500"}}


@pytest.mark.slow
@pytest.mark.parametrize("mode", KILL_MODES)
def test_killing_the_load_process_mid_write_leaves_the_graph_as_it_was(empty_dedicated: Graph, tmp_path: Path,
                                                                       dedicated_settings, mode: str):
    load(empty_dedicated, DATA)
    before = snapshot(empty_dedicated)
    version_before = graph_version(empty_dedicated)
    big = tmp_path / "big"
    # Validation (pure-Python YAML) is the slow part of this size: ~10k facts keep the test
    # well under a minute while the write transaction still runs for seconds.
    sizes = write_synthetic(big, articles=10)
    assert sizes == {"entities": 3320, "facts": 10000}

    proc = subprocess.Popen([str(HKG), "load", "--quiet", "--allow-deletions"], cwd=tmp_path,
                            env={**cli_env(dedicated_settings, big), **KILL_MODES[mode]},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # Wait until the loader's one write transaction is writing statements: by then it has
        # deleted the real data's facts and entities and created the synthetic entities and links.
        deadline = time.monotonic() + 90
        writing = None
        while writing is None and proc.poll() is None and time.monotonic() < deadline:
            writing = next((t for t in open_transactions(empty_dedicated)
                            if "MERGE (st:Statement" in t["currentQuery"]), None)
            time.sleep(0.05)
        assert writing is not None, f"never saw the load write (exit code {proc.poll()}, {proc.stderr.read() if proc.poll() is not None else ''})"
        assert proc.poll() is None, "the load finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()

    # The server notices the dropped connection and rolls the transaction back.
    deadline = time.monotonic() + 60
    while any(t["transactionId"] == writing["transactionId"] for t in open_transactions(empty_dedicated)):
        assert time.monotonic() < deadline, "the killed load's transaction is still open"
        time.sleep(0.1)
    synthetic = "MATCH (n) WHERE n.id STARTS WITH 'S0' OR n.id CONTAINS '-syn-' RETURN count(n)"
    if mode == "one-transaction":
        assert snapshot(empty_dedicated) == before
        assert count_of(empty_dedicated, synthetic) == 0
    else:
        # Committed batches of new items are visible until undone, each recorded in the load's
        # journal; nothing of the real data was changed or deleted, and the version did not move.
        journaled = empty_dedicated.read_tx(lambda tx: tx.run(
            "MATCH (b:GraphMeta) WHERE b.id STARTS WITH 'load:' AND b.ids IS NOT NULL "
            "UNWIND b.ids AS id RETURN collect(id) AS ids").single()["ids"])
        assert journaled and count_of(empty_dedicated, synthetic) > 0
        assert count_of(empty_dedicated, "MATCH (n:Entity) WHERE n.id CONTAINS '-syn-' AND NOT n.id IN $ids "
                                     "RETURN count(n)", ids=journaled) == 0
        assert {p for _, p in before[0]} <= {p for _, p in snapshot(empty_dedicated)[0]}
        assert graph_version(empty_dedicated) == version_before
    # The killed load's lease is still there, naming it; it runs out by itself (no stale lock
    # to clear by hand), and a load that waits for it goes through, undoing what is left.
    with pytest.raises(LockHeld) as held:
        load(empty_dedicated, DATA, full=True)
    assert "hkg load (pid" in str(held.value)
    assert load(empty_dedicated, DATA, wait=lock_module.TTL + 10, full=True).changed is False
    assert snapshot(empty_dedicated) == before
    assert count_of(empty_dedicated, synthetic) == 0
    assert count_of(empty_dedicated, "MATCH (j:GraphMeta) WHERE j.id STARTS WITH 'load:' RETURN count(j)") == 0


def test_every_file_of_the_bad_file_corpus_is_refused_with_file_and_line_and_the_graph_unchanged(
        empty_dedicated: Graph, tmp_path: Path):
    load(empty_dedicated, DATA)
    before = graph_hash(empty_dedicated)
    data = copy_data(tmp_path)
    path = fact_path(data, "A004")
    good = path.read_text(encoding="utf-8")
    for bad in CORPUS:
        text = bad.edit(good)
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidFacts) as err:
            load(empty_dedicated, data)
        mine = [p for p in err.value.problems if p.file.endswith("A004.yaml")]
        assert mine, f"{bad.name}: {err.value.problems[:3]}"
        assert (mine[0].line, bad.message in mine[0].message) == (corpus_line(text, bad.needle), True), \
            f"{bad.name}: {mine[0]}"
        assert graph_hash(empty_dedicated) == before, bad.name


def test_a_load_while_another_holds_the_lease_fails_at_once_naming_the_holder(empty_dedicated: Graph,
                                                                             tmp_path: Path):
    load(empty_dedicated, DATA)
    before = graph_hash(empty_dedicated)
    data = copy_data(tmp_path)
    curate_changes(data)
    with load_lock(empty_dedicated, "curator alice"):
        with pytest.raises(LockHeld) as err:
            load(empty_dedicated, data, wait=0)
        assert "curator alice (pid" in str(err.value)
    assert graph_hash(empty_dedicated) == before


def test_a_load_given_wait_goes_through_when_the_holder_finishes_in_time(empty_dedicated: Graph, tmp_path: Path):
    import threading
    data = copy_data(tmp_path)
    curate_changes(data)
    released = threading.Event()

    def hold() -> None:
        with load_lock(empty_dedicated, "a short load"):
            time.sleep(1.5)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.3)
    try:
        summary = load(empty_dedicated, data, wait=30)
    finally:
        holder.join()
    assert released.is_set() and summary.changed
    assert counts(empty_dedicated) == expected_counts(data)


def test_two_loads_at_once_leave_the_graph_a_clean_load_of_one_of_them(empty_dedicated: Graph, tmp_path: Path,
                                                                       dedicated_settings):
    a = copy_data(tmp_path / "a")
    b = copy_data(tmp_path / "b")
    curate_changes(b)
    clean = {}
    for name, folder in (("a", a), ("b", b)):
        wipe(empty_dedicated)
        load(empty_dedicated, folder)
        clean[name] = graph_hash(empty_dedicated)
    assert clean["a"] != clean["b"]

    wipe(empty_dedicated)
    procs = {name: subprocess.Popen([str(HKG), "load", "--quiet", "--wait", "120"], cwd=tmp_path,
                                    env=cli_env(dedicated_settings, folder), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
             for name, folder in (("a", a), ("b", b))}
    outs = {name: p.communicate(timeout=300) for name, p in procs.items()}
    assert all(p.returncode == 0 for p in procs.values()), outs
    assert graph_hash(empty_dedicated) in (clean["a"], clean["b"])

    # Without waiting, the loser exits non-zero naming the holder and writes nothing.
    other = b if graph_hash(empty_dedicated) == clean["a"] else a
    with load_lock(empty_dedicated, "the first load"):
        out = subprocess.run([str(HKG), "load", "--quiet"], cwd=tmp_path, env=cli_env(dedicated_settings, other),
                             capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "another load is writing: the first load (pid" in out.stderr
