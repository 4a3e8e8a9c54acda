"""Writing a plan: one transaction when it is small, batches under a load id when it is large.

Small (at most `load_single_tx_rows` rows, every curation save and every article loaded
alone): ONE transaction — deletions, updates, creations, the manifest, the new graph version
and the lease check. Readers see all of it or none of it.

Large (a first load, a bulk of new articles): memory must not grow with the load, so
  1. a journal entry `(:GraphMeta {id: 'load:<id>', state: 'writing'})` commits first;
  2. the NEW items (ids the graph did not have) are written in transactions of
     `load_batch_rows` rows, each marked `_load: <id>`;
  3. the final transaction deletes what is gone, rewrites what changed, records the
     manifest, marks the journal 'committed' and bumps the graph version;
  4. the marks are removed in batches and the journal entry deleted.
If the load dies before 3, the next load (under the lease) deletes everything marked with
that id: the graph is as it was. If it dies after 3, the next load finishes step 4. During
step 2 a reader can see some of the new items (never a changed or deleted one, and never a
new graph version): see README, "What a reader sees during a load".

A memory error from Neo4j is reported as such (`LoadTooLarge`), never retried whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import neo4j.exceptions

import ontology
import queries
from graph.connection import Graph
from loaders.lock import Lease
from loaders.plan import Plan, Writes

MEMORY_ERROR = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"


class LoadTooLarge(RuntimeError):
    """Neo4j ran out of transaction memory: nothing of that transaction was written."""


def _guard_memory(work: Callable) -> Callable:
    """Turn Neo4j's memory error into one the driver does not retry (it is 'transient' to the
    driver, but the same transaction would fail the same way)."""
    def run(tx):
        try:
            return work(tx)
        except neo4j.exceptions.Neo4jError as e:
            if e.code == MEMORY_ERROR or "MemoryPoolOutOfMemoryError" in str(e.code):
                raise LoadTooLarge(
                    f"Neo4j ran out of transaction memory ({e.code}); nothing of this transaction was written. "
                    "Lower HKG_LOAD_SINGLE_TX_ROWS / HKG_LOAD_BATCH_ROWS or raise the heap") from e
            raise
    return run


def _chunks(rows: list, size: int) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _marked(rows: list[dict], load_id: str, nested: bool) -> list[dict]:
    if not load_id:
        return rows
    if nested:
        return [{**r, "props": {**r["props"], "_load": load_id}} for r in rows]
    return [{**r, "_load": load_id} for r in rows]


def _statement_query(pred_name: str) -> str:
    onto = ontology.load()
    pred = onto.predicates[pred_name]
    # A literal-valued statement has no object node: its object link matches nothing.
    return queries.render("load/upsert_statements",
                          labels=":".join(["Statement", *onto.labels(pred.statement_class)[:-1]]),
                          subject_role=pred.subject_role,
                          object_role=pred.subject_role if pred.literal_object else pred.object_role)


def _upserts(w: Writes, load_id: str = "") -> Iterable[tuple[str, list[dict]]]:
    """(query text, rows) in dependency order: articles and entities before what links them."""
    onto = ontology.load()
    all_labels = ":".join(onto.all_labels)
    if w.articles:
        yield queries.get("load/upsert_articles").text, _marked(w.articles, load_id, False)
    for cls, rows in w.entities.items():
        yield (queries.render("load/upsert_entities", labels=":".join(onto.labels(cls)), all_labels=all_labels),
               _marked(rows, load_id, False))
    for rel, rows in w.links.items():
        assert rel in onto.structural_rel_types
        yield queries.render("load/upsert_links", rel_type=rel), _marked(rows, load_id, True)
    for pred, rows in w.statements.items():
        yield _statement_query(pred), _marked(rows, load_id, True)


def _deletes(tx, p: Plan) -> None:
    onto = ontology.load()
    # Deletions first, so that a replaced fact is written afresh.
    tx.run(queries.get("load/delete_statements").text, ids=p.delete_statements).consume()
    for rel, ids in p.delete_links.items():
        assert rel in onto.structural_rel_types
        tx.run(queries.render("load/delete_links", rel_type=rel), ids=ids).consume()
    tx.run(queries.get("load/delete_entities").text, ids=p.delete_entities).consume()
    tx.run(queries.get("load/delete_articles").text, ids=p.delete_articles).consume()


def _finish(tx, p: Plan, lease: Lease | None, load_id: str, fingerprint: str, bump: Callable) -> None:
    tx.run(queries.get("load/manifest_write").text, fingerprint=fingerprint,
           files=p.manifest_files, removed=p.manifest_removed).consume()
    bump(tx, load_id)
    if lease is not None:
        lease.check(tx)


def batches(p: Plan, single_tx_rows: int, batch_rows: int) -> int:
    """How many progress steps `write` reports."""
    if p.create.size + p.update.size <= single_tx_rows:
        return sum((len(r) + batch_rows - 1) // batch_rows for _, r in _upserts(p.create)) + \
            sum((len(r) + batch_rows - 1) // batch_rows for _, r in _upserts(p.update)) + 4
    return sum((len(r) + batch_rows - 1) // batch_rows for _, r in _upserts(p.create)) + 1


def write(graph: Graph, p: Plan, *, lease: Lease | None, load_id: str, fingerprint: str, bump: Callable,
          single_tx_rows: int, batch_rows: int, tick: Callable[[int], None] = lambda n: None) -> bool:
    """Write the plan; returns True when it went in batches."""
    if p.create.size + p.update.size <= single_tx_rows:
        def work(tx) -> None:
            _deletes(tx, p)
            tick(4)
            for w in (p.update, p.create):
                for text, rows in _upserts(w):
                    for chunk in _chunks(rows, batch_rows):
                        tx.run(text, rows=chunk).consume()
                        tick(1)
            _finish(tx, p, lease, load_id, fingerprint, bump)

        graph.write_tx(_guard_memory(work))
        return False

    graph.write_tx(lambda tx: (tx.run(queries.get("load/journal_start").text, load_id=load_id,
                                      holder=lease.holder if lease else "").consume(),
                               lease.check(tx) if lease else None))
    for text, rows in _upserts(p.create, load_id):
        for chunk in _chunks(rows, batch_rows):
            def batch(tx, text=text, chunk=chunk) -> None:
                tx.run(text, rows=chunk).consume()
                if lease is not None:
                    lease.check(tx)
            graph.write_tx(_guard_memory(batch))
            tick(1)

    def final(tx) -> None:
        _deletes(tx, p)
        for text, rows in _upserts(p.update):
            for chunk in _chunks(rows, batch_rows):
                tx.run(text, rows=chunk).consume()
        tx.run(queries.get("load/journal_commit").text, load_id=load_id).consume()
        _finish(tx, p, lease, load_id, fingerprint, bump)

    graph.write_tx(_guard_memory(final))
    tick(1)
    _sweep(graph, load_id, "unmark", batch_rows)
    return True


def _sweep(graph: Graph, load_id: str, what: str, limit: int) -> int:
    """Undo (delete what the load created) or unmark (keep it), batch by batch."""
    onto = ontology.load()
    texts = [queries.get(f"load/{what}_nodes").text] if what == "undo" else []
    texts += [queries.render(f"load/{what}_links", rel_type=rel) for rel in onto.structural_rel_types]
    if what == "unmark":
        texts.append(queries.get("load/unmark_nodes").text)
    done = 0
    for text in texts:
        while True:
            n = graph.write_tx(lambda tx, t=text: tx.run(t, load_id=load_id, limit=limit).single()["done"])
            done += n
            if n < limit:
                break
    graph.write("load/journal_end", load_id=load_id)
    return done


def recover(graph: Graph, batch_rows: int) -> list[str]:
    """Run under the lease before a load: undo the batched loads that died before their final
    commit, finish the cleanup of those that died after it. Returns what it did."""
    out = []
    for j in graph.read("load/journal_list"):
        if j["state"] == "committed":
            _sweep(graph, j["load_id"], "unmark", batch_rows)
            out.append(f"finished load {j['load_id']}")
        else:
            n = _sweep(graph, j["load_id"], "undo", batch_rows)
            out.append(f"undid load {j['load_id']} of {j['holder']} ({n} items it had written)")
    return out
