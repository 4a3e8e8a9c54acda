"""Writing a plan: one transaction when it is small, batches under a load id when it is large.

Small (at most `load_single_tx_rows` rows, every curation save and every article loaded
alone): ONE transaction — deletions, updates, creations, the manifest, the new graph version
and the lease check. Readers see all of it or none of it.

Large (a first load, a bulk of new articles): memory must not grow with the load, so
  1. a journal entry `(:GraphMeta {id: 'load:<id>'})` commits first;
  2. the NEW items (ids the graph did not have) are written in transactions of
     `load_batch_rows` rows; each transaction also records the ids it created in a journal
     node of its own (`load:<id>:<n>`), so the items themselves carry no mark;
  3. the final transaction deletes what is gone, rewrites what changed, records the
     manifest, bumps the graph version and deletes the journal.
If the load dies before 3 commits, the next load (under the lease) deletes, batch by batch,
the ids its journal recorded: the graph is as it was. During step 2 a reader can see some of
the new items (never a changed or deleted one, and never a new graph version): see README,
"What a reader sees during a load".

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


def _is_memory_error(e: Exception) -> bool:
    code = getattr(e, "code", "") or ""
    return code == MEMORY_ERROR or "OutOfMemoryError" in code or "MemoryLimit" in code


def _commit(graph: Graph, work: Callable) -> None:
    """Run `work` in one explicit transaction and commit it. Not the driver's managed
    transaction: that would retry Neo4j's memory error (a 'transient' error to the driver,
    raised by a statement or by the commit itself) and run the whole transaction again, when
    it would fail the same way. A memory error becomes `LoadTooLarge`; nothing was written."""
    try:
        with graph.driver.session(database=graph.database) as session:
            with session.begin_transaction() as tx:
                work(tx)
                tx.commit()
    except neo4j.exceptions.Neo4jError as e:
        if _is_memory_error(e):
            raise LoadTooLarge(
                f"Neo4j ran out of transaction memory ({e.code}); nothing of this transaction was written. "
                "Lower HKG_LOAD_SINGLE_TX_ROWS / HKG_LOAD_BATCH_ROWS or raise the heap") from e
        raise


def _chunks(rows: list, size: int) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _statement_query(pred_name: str) -> str:
    onto = ontology.load()
    pred = onto.predicates[pred_name]
    # A literal-valued statement has no object node: its object link matches nothing.
    return queries.render("load/upsert_statements",
                          labels=":".join(["Statement", *onto.labels(pred.statement_class)[:-1]]),
                          subject_role=pred.subject_role,
                          object_role=pred.subject_role if pred.literal_object else pred.object_role)


def upserts(w: Writes) -> Iterable[tuple[str, str, str, list[dict]]]:
    """(kind, relationship type, query text, rows) in dependency order: articles and
    entities before what links them."""
    onto = ontology.load()
    all_labels = ":".join(onto.all_labels)
    if w.articles:
        yield "article", "", queries.get("load/upsert_articles").text, w.articles
    for cls, rows in w.entities.items():
        yield ("entity", "", queries.render("load/upsert_entities", labels=":".join(onto.labels(cls)),
                                            all_labels=all_labels), rows)
    for rel, rows in w.links.items():
        assert rel in onto.structural_rel_types
        yield "link", rel, queries.render("load/upsert_links", rel_type=rel), rows
    for pred, rows in w.statements.items():
        yield "statement", "", _statement_query(pred), rows


def _ids(kind: str, rows: list[dict]) -> list[str]:
    if kind == "link":
        return [r["props"]["fact_id"] for r in rows]
    if kind == "statement":
        return [r["props"]["id"] for r in rows]
    return [r["id"] for r in rows]


def delete_query(kind: str, rel: str = "") -> str:
    """The text that deletes items of `kind` (a link: of relationship type `rel`) by id."""
    if kind == "link":
        assert rel in ontology.load().structural_rel_types
        return queries.render("load/delete_links", rel_type=rel)
    return queries.get(f"load/delete_{kind}s" if kind != "entity" else "load/delete_entities").text


def _delete(tx, kind: str, rel: str, ids: list[str]) -> None:
    tx.run(delete_query(kind, rel), ids=ids).consume()


def _deletes(tx, p: Plan) -> None:
    # Deletions first, so that a replaced fact is written afresh.
    _delete(tx, "statement", "", p.delete_statements)
    for rel, ids in p.delete_links.items():
        _delete(tx, "link", rel, ids)
    _delete(tx, "entity", "", p.delete_entities)
    _delete(tx, "article", "", p.delete_articles)


def _finish(tx, p: Plan, lease: Lease | None, load_id: str, fingerprint: str, bump: Callable) -> None:
    tx.run(queries.get("load/manifest_write").text, fingerprint=fingerprint,
           files=p.manifest_files, removed=p.manifest_removed).consume()
    bump(tx, load_id)
    if lease is not None:
        lease.check(tx)


def batches(p: Plan, single_tx_rows: int, batch_rows: int) -> int:
    """How many progress steps `write` reports."""
    steps = sum((len(r) + batch_rows - 1) // batch_rows for *_, r in upserts(p.create))
    if p.create.size + p.update.size <= single_tx_rows:
        return steps + sum((len(r) + batch_rows - 1) // batch_rows for *_, r in upserts(p.update)) + 4
    return steps + 1


def write(graph: Graph, p: Plan, *, lease: Lease | None, load_id: str, fingerprint: str, bump: Callable,
          single_tx_rows: int, batch_rows: int, tick: Callable[[int], None] = lambda n: None) -> bool:
    """Write the plan; returns True when it went in batches."""
    if p.create.size + p.update.size <= single_tx_rows:
        def work(tx) -> None:
            _deletes(tx, p)
            tick(4)
            for w in (p.update, p.create):
                for *_, text, rows in upserts(w):
                    for chunk in _chunks(rows, batch_rows):
                        tx.run(text, rows=chunk).consume()
                        tick(1)
            _finish(tx, p, lease, load_id, fingerprint, bump)

        _commit(graph, work)
        return False

    graph.write_tx(lambda tx: (tx.run(queries.get("load/journal_start").text, load_id=load_id,
                                      holder=lease.holder if lease else "").consume(),
                               lease.check(tx) if lease else None))
    n = 0
    for kind, rel, text, rows in upserts(p.create):
        for chunk in _chunks(rows, batch_rows):
            n += 1

            def batch(tx, text=text, chunk=chunk, kind=kind, rel=rel, n=n) -> None:
                tx.run(text, rows=chunk).consume()
                tx.run(queries.get("load/journal_batch").text, load_id=load_id, n=n, kind=kind, rel_type=rel,
                       ids=_ids(kind, chunk)).consume()
                if lease is not None:
                    lease.check(tx)
            _commit(graph, batch)
            tick(1)

    def final(tx) -> None:
        _deletes(tx, p)
        for *_, text, rows in upserts(p.update):
            for chunk in _chunks(rows, batch_rows):
                tx.run(text, rows=chunk).consume()
        tx.run(queries.get("load/journal_end").text, load_id=load_id).consume()
        _finish(tx, p, lease, load_id, fingerprint, bump)

    _commit(graph, final)
    tick(1)
    return True


def recover(graph: Graph) -> list[str]:
    """Run under the lease before a load: undo the batched loads that died before their final
    commit, batch by batch, newest batch first. Returns what it did."""
    out = []
    for j in graph.read("load/journal_list"):
        undone = 0
        for b in graph.read("load/journal_batches", load_id=j["load_id"]):
            def undo(tx, b=b) -> None:
                _delete(tx, b["kind"], b["rel_type"], b["ids"])
                tx.run(queries.get("load/journal_forget").text, id=b["id"]).consume()
            graph.write_tx(undo)
            undone += len(b["ids"])
        graph.write("load/journal_end", load_id=j["load_id"])
        out.append(f"undid load {j['load_id']} of {j['holder']} ({undone} items it had written)")
    return out
