"""Write only what changed: compare keys and a content hash per node and edge.

A rebuild reads back the key and the schema properties of every node and edge
(in the write transaction), hashes each, and plans only the difference:
deletes of what the records no longer hold, upserts of what is new or
changed, in batches.  Unchanged rows are not written at all.  Rows are read
back in chunks of :data:`READ_CHUNK` per result record: one record per row
costs several times more than the rows themselves.

>>> from graph.model.records import GraphRecords, Paper
>>> rec = GraphRecords()
>>> rec.papers["p1"] = Paper("p1", "One")
>>> rec.papers["p2"] = Paper("p2", "Two")
>>> state = current_state({label: [] for label in read_queries()})
>>> state["Paper"] = {"p1": row_hash(node_values(rec.papers["p1"], "Paper")), "gone": 0}
>>> changes = plan_changes(rec, state)
>>> [(text.split()[0], len(rows)) for text, rows in changes.plan.steps]
[('UNWIND', 1), ('UNWIND', 1)]
>>> changes.unchanged, changes.written
(1, 2)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Any, Callable, Iterable

from graph.model import schema
from graph.model.records import GraphRecords, to_row
from graph.store import cypher
from graph.store.base import BATCH_SIZE, WritePlan, plan_write

__all__ = ["read_queries", "read_state", "row_hash", "node_values", "edge_values", "current_state", "plan_changes",
           "Changes", "READ_CHUNK"]

Key = Any  # a node id, or (source, target) for an edge
DUPLICATE = None  # an edge key seen twice in the store: rewritten as one
MISSING = object()  # not in the store: equal to no hash


READ_CHUNK = 2000  # rows per result record when reading back (parameter ``$chunk``)


def read_queries() -> dict[str, str]:
    """Table -> Cypher reading it back: records of one column, a list of up to ``$chunk`` rows.

    A node row is its ``id`` then every property in schema order; an edge row the
    ``id`` of its start and end, then its properties.
    """
    out = {}
    chunks = "UNWIND range(0, size(found) - 1, $chunk) AS i RETURN [x IN found[i..i + $chunk] | [{}]] AS rows"
    for label, props in schema.NODE_LABELS.items():
        out[label] = f"MATCH (n:{label}) WITH collect(n) AS found " + chunks.format(", ".join(f"x.{p}" for p in props))
    for rel, (start, end, props) in schema.REL_TYPES.items():
        cols = ", ".join(["x[0].id", "x[2].id", *(f"x[1].{p}" for p in props)])
        out[rel] = f"MATCH (a:{start})-[r:{rel}]->(b:{end}) WITH collect([a, r, b]) AS found " + chunks.format(cols)
    return out


def row_hash(values: Iterable[Any]) -> int:
    """A content hash of property values in schema order (lists and tuples hash alike).

    Python's own hash of the values: both sides are hashed in the same process.
    """
    return hash(tuple([tuple(v) if type(v) is list else v for v in values]))


@lru_cache(maxsize=None)
def _getter(table: str) -> attrgetter:
    if table in schema.NODE_LABELS:
        return attrgetter(*schema.NODE_LABELS[table])
    return attrgetter("source", "target", *schema.REL_TYPES[table][2])


def node_values(item, label: str) -> tuple:
    """The node's properties in schema order (``id`` first)."""
    return _getter(label)(item)


def edge_values(item, rel: str) -> tuple:
    """``source``, ``target``, then the edge's properties in schema order."""
    return _getter(rel)(item)


def current_state(rows_by_table: dict[str, Iterable[list]]) -> dict[str, dict[Key, int | None]]:
    """Rows read with :func:`read_queries` -> table -> key -> hash (``None``: the key is there twice)."""
    state = {}
    for table, rows in rows_by_table.items():
        seen: dict[Key, int | None] = {}
        edge = table in schema.REL_TYPES
        for values in rows:
            key = (values[0], values[1]) if edge else values[0]
            seen[key] = DUPLICATE if key in seen else row_hash(values)
        state[table] = seen
    return state


def read_state(run: Callable[[str, dict], Iterable]) -> dict[str, dict[Key, int | None]]:
    """The stored graph as table -> key -> hash; ``run(text, params)`` returns a query's records.

    One table at a time, each result streamed (in a transaction: ``tx.run``).
    """
    state = {}
    for table, text in read_queries().items():
        records = run(text, {"chunk": READ_CHUNK})
        state.update(current_state({table: (row for record in records for row in record[0])}))
    return state


@dataclass
class Changes:
    plan: WritePlan = field(default_factory=WritePlan)
    written: int = 0  # rows upserted or deleted
    unchanged: int = 0  # rows already there, identical: skipped


def plan_changes(records: GraphRecords, state: dict[str, dict[Key, int | None]],
                 meta: dict[str, Any] | None = None, batch_size: int = BATCH_SIZE) -> Changes:
    """Statements that turn the stored graph (``state``) into exactly ``records``.

    Order: edge deletes, node deletes, node upserts, edge upserts, metadata;
    edges whose ends are not among the records are left out (MATCH would drop them).
    """
    changes = Changes()
    steps = changes.plan.steps
    upserts: list[tuple[str, list[dict]]] = []
    known = {label: {x.id for x in items} for label, items in records.nodes().items()}
    for rel, items in records.edges().items():
        start, end, _ = schema.REL_TYPES[rel]
        have = state.get(rel, {})
        wanted, rows, rewrite = set(), [], []
        for item in items:
            key = (item.source, item.target)
            if key in wanted or item.source not in known[start] or item.target not in known[end]:
                continue
            wanted.add(key)
            old = have.get(key, MISSING)
            if old is DUPLICATE:
                rewrite.append(key)
            if old != row_hash(edge_values(item, rel)):
                rows.append(to_row(item))
        gone = [k for k in have if k not in wanted] + rewrite
        steps.extend((edge_delete(rel), batch) for batch in cypher.batches(
            [{"source": s, "target": t} for s, t in gone], batch_size))
        upserts.extend((cypher.edge_upsert(rel), batch) for batch in cypher.batches(rows, batch_size))
        changes.written += len(gone) + len(rows)
        changes.unchanged += len(wanted) - len(rows)
    node_upserts = []
    for label, items in records.nodes().items():
        have = state.get(label, {})
        unique = {x.id: x for x in items}  # last wins, as MERGE + SET
        gone = [k for k in have if k not in unique]
        rows = [to_row(x) for k, x in unique.items() if have.get(k, MISSING) != row_hash(node_values(x, label))]
        steps.extend((node_delete(label), batch) for batch in cypher.batches(gone, batch_size))
        node_upserts.extend((cypher.node_upsert(label), batch) for batch in cypher.batches(rows, batch_size))
        changes.written += len(gone) + len(rows)
        changes.unchanged += len(unique) - len(rows)
    steps.extend(node_upserts + upserts)
    steps.extend(plan_write(GraphRecords(), meta).steps)
    return changes


def node_delete(label: str) -> str:
    """Delete the nodes of ``label`` whose keys are ``$rows`` (with their edges)."""
    return f"UNWIND $rows AS key MATCH (n:{label} {{id: key}}) DETACH DELETE n"


def edge_delete(rel: str) -> str:
    """Delete the ``rel`` edges between each ``$rows`` pair (``source``, ``target``)."""
    start, end, _ = schema.REL_TYPES[rel]
    return (f"UNWIND $rows AS row MATCH (a:{start} {{id: row.source}})-[r:{rel}]->(b:{end} {{id: row.target}}) "
            "DELETE r")
