"""Large writes to Neo4j: one transaction per batch, a marker while unfinished, resumable.

A server caps the memory of one transaction (``db.memory.transaction.max``), so a
graph of millions of rows cannot land in one.  :func:`write_batched` writes it in
transactions of ``batch_rows`` rows each, and keeps the rule that nobody reads a
half-written graph:

1. build metadata :data:`INCOMPLETE_KEY` is committed before the first batch;
2. into an empty graph every node is CREATEd (the unique ``id`` constraints refuse
   one that exists, so all nodes are this write's and the edges between them can be
   CREATEd too); into a graph that has data, what is stored is read back (streamed,
   one row per record: key and content hash) and only the difference is written
   with ``MERGE`` (:func:`graph.store.diff.plan_changes`);
3. the last transaction writes the build metadata and removes the marker.

Killed anywhere, the marker stays: readers refuse the graph with :data:`HALF_BUILT`,
and the next write of the same records reads what landed and writes only the rest.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterator

import neo4j

from graph.model import schema
from graph.model.records import GraphRecords, to_row
from graph.store import cypher, diff
from graph.store.base import Progress, plan_write

__all__ = ["write_batched", "write_steps", "record_steps", "row_queries", "INCOMPLETE_KEY", "HALF_BUILT",
           "DELETE_MARKER"]

INCOMPLETE_KEY = "build_incomplete"  # AtlasMeta id, present while a batched write is unfinished
HALF_BUILT = "the Neo4j graph is half-built: run `phenomena build` again to finish it"
SET_MARKER = f"MERGE (m:{schema.META_LABEL} {{id: $key}}) SET m.value = $value"
DELETE_MARKER = f"MATCH (m:{schema.META_LABEL} {{id: $key}}) DELETE m"
IS_EMPTY = f"OPTIONAL MATCH (n) WHERE NOT n:{schema.META_LABEL} WITH n LIMIT 1 RETURN n IS NULL AS empty"


def row_queries() -> dict[str, str]:
    """Table -> Cypher returning one record per stored row, in :mod:`graph.store.diff`'s column order.

    Streamed (no ``collect``): the server's memory stays flat however large the table.
    """
    out = {}
    for label, props in schema.NODE_LABELS.items():
        out[label] = f"MATCH (n:{label}) RETURN " + ", ".join(f"n.{p}" for p in props)
    for rel, (start, end, props) in schema.REL_TYPES.items():
        cols = ", ".join(["a.id", "b.id", *(f"r.{p}" for p in props)])
        out[rel] = f"MATCH (a:{start})-[r:{rel}]->(b:{end}) RETURN {cols}"
    return out


def record_steps(records: GraphRecords, batch_rows: int, *, create: bool) -> Iterator[tuple[str, list[dict]]]:
    """``(statement, rows)`` batches of every node, then every edge; rows built one batch at a time.

    ``create``: CREATE statements (an empty graph), else the ``MERGE`` upserts.
    """
    node, edge = (cypher.node_create, cypher.edge_create) if create else (cypher.node_upsert, cypher.edge_upsert)
    for label, items in records.nodes().items():
        for chunk in cypher.batches(items, batch_rows):
            yield node(label), [to_row(x) for x in chunk]
    for rel, items in records.edges().items():
        for chunk in cypher.batches(items, batch_rows):
            yield edge(rel), [to_row(x) for x in chunk]


def read_stored(session: neo4j.Session) -> dict[str, dict]:
    """The stored graph as table -> key -> content hash, each table streamed in a read transaction
    (``fetch_size`` records per pull, the session's)."""
    def read(tx: neo4j.ManagedTransaction, text: str) -> dict:
        return diff.current_state({table: (record.values() for record in tx.run(text))})[table]

    state = {}
    for table, text in row_queries().items():
        state[table] = session.execute_read(read, text)
    return state


def write_steps(session: neo4j.Session, steps, progress: Progress | None, *, retry: bool) -> int:
    """Each ``(text, rows)`` in a transaction of its own; returns the rows sent.

    ``retry``: idempotent statements (MERGE, DELETE) run as retried transaction functions;
    CREATEs run once (a commit whose answer was lost must not create twice: the write
    stops, the marker stays, and the next write repairs from what is stored).
    """
    sent = 0
    for text, rows in steps:
        if retry:
            session.execute_write(lambda tx, text=text, rows=rows: tx.run(text, {"rows": rows}).consume())
        else:
            with session.begin_transaction() as tx:
                tx.run(text, {"rows": rows}).consume()
                tx.commit()
        sent += len(rows)
        if progress:
            progress(len(rows))
    return sent


def write_batched(session: neo4j.Session, records: GraphRecords, meta: dict[str, Any] | None,
                  progress: Progress | None, *, prune: bool, batch_rows: int) -> None:
    """Write ``records`` (see the module text); ``prune`` also deletes what they do not hold."""
    marker = json.dumps({"started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                         "rows": sum(records.counts().values())})
    session.execute_write(lambda tx: tx.run(SET_MARKER, key=INCOMPLETE_KEY, value=marker).consume())
    empty = session.execute_read(lambda tx: tx.run(IS_EMPTY).single()["empty"])
    if empty or not prune:
        write_steps(session, record_steps(records, batch_rows, create=empty), progress, retry=not empty)
    else:
        changes = diff.plan_changes(records, read_stored(session), batch_size=batch_rows)
        if progress and changes.unchanged:
            progress(changes.unchanged)
        write_steps(session, changes.plan.steps, progress, retry=True)

    def finish(tx: neo4j.ManagedTransaction) -> None:
        for text, rows in plan_write(GraphRecords(), meta).steps:
            tx.run(text, {"rows": rows}).consume()
        tx.run(DELETE_MARKER, key=INCOMPLETE_KEY).consume()

    session.execute_write(finish)
