"""What every graph store offers, and the write logic they share.

A store is opened by :func:`graph.store.open_store` from settings; library
code receives it (never creates a driver itself).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from graph.model import schema
from graph.model.graph_model import key_positions
from graph.model.records import GraphRecords, to_row
from graph.store import cypher, rows
from graph.store.guard import check_console_input, check_read_query

BATCH_SIZE = 1000
COLUMN_BATCH = 100_000  # rows per pull of a bulk columnar read
ROW_COLUMN = "_row"  # a node's row number in its label's table (read_node_rows, read_edge_rows)
Progress = Callable[[int], None]  # called with the number of rows just written


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False  # more rows existed than the limit allowed

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass
class WritePlan:
    """The statements one write runs: (cypher, rows) in dependency order."""

    steps: list[tuple[str, list[dict]]] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(len(rows) for _, rows in self.steps)


def plan_write(records: GraphRecords, meta: dict[str, Any] | None = None,
               batch_size: int = BATCH_SIZE, cast: cypher.Cast = cypher._plain) -> WritePlan:
    """Nodes first, then edges, then build metadata; each step one batch (upserts only).

    A full rebuild that also deletes is the stores' own: a fresh file swapped in
    (embedded), only the difference (Neo4j, :mod:`graph.store.diff`).
    """
    plan = WritePlan()
    for label, items in records.nodes().items():
        rows = [to_row(item) for item in items]
        for batch in cypher.batches(rows, batch_size):
            plan.steps.append((cypher.node_upsert(label, cast), batch))
    for rel, items in records.edges().items():
        rows = [to_row(item) for item in items]
        for batch in cypher.batches(rows, batch_size):
            plan.steps.append((cypher.edge_upsert(rel, cast), batch))
    if meta:
        rows = [{"id": k, "value": json.dumps(v, sort_keys=True, default=str)} for k, v in meta.items()]
        plan.steps.append((cypher.meta_upsert(), rows))
    return plan


COUNT_NODES = "MATCH (n:{label}) RETURN count(n) AS n"
COUNT_RELS = "MATCH ()-[r:{rel}]->() RETURN count(r) AS n"


class GraphStore:
    """Interface of a graph store; see EmbeddedStore and Neo4jStore."""

    engine: str = "?"

    def ensure_schema(self) -> None:
        raise NotImplementedError

    def write(self, records: GraphRecords, meta: dict[str, Any] | None = None,
              progress: Progress | None = None, prune: bool = False) -> None:
        """Write every record at once: all of it lands or none (one transaction, or one file swap).

        ``prune`` also deletes what is not in ``records`` (a full rebuild); build
        metadata (``AtlasMeta``) of other keys is kept.
        """
        raise NotImplementedError

    def check_complete(self) -> None:
        """Raise :class:`graph.errors.StoreError` when the graph is half-written (a batched write
        was stopped); a store whose writes land whole (the embedded file swap) never is."""

    def query(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False,
              limit: int | None = None, timeout_s: float | None = None) -> QueryResult:
        """Run Cypher.  Read-only unless ``write=True``; values only through ``params``."""
        raise NotImplementedError

    def query_console(self, text: str, params: dict[str, Any] | None = None, *, limit: int | None = 1000,
                      timeout_s: float = 30.0) -> QueryResult:
        """Untrusted Cypher (the app's console, ``phenomena query``): a bounded read.

        Inputs are checked first (limit, timeout, every ``$name`` given); the store's read
        path then checks the engine's plan and stops the query at ``timeout_s``.
        """
        self._check_console_input(text, params, limit, timeout_s)
        return self.query(text, params or {}, limit=limit, timeout_s=timeout_s)

    def _check_console_input(self, text: str, params: dict[str, Any] | None, limit: int | None,
                             timeout_s: float | None) -> None:
        check_console_input(text, params, limit, timeout_s)
        check_read_query(text)

    def query_columns(self, text: str, params: dict[str, Any] | None = None, *,
                      batch_size: int = COLUMN_BATCH, progress: Progress | None = None):
        """A read query's result as a pyarrow table, pulled ``batch_size`` rows at a time.

        For bulk reads (analytics projections): no per-row Python objects
        survive the batch.  ``progress`` is called with each batch's size.
        This default goes through :meth:`query`; the stores stream.
        """
        result = self.query(text, params)
        return _columns_table(result.columns, [list(col) for col in zip(*result.rows)] if result.rows
                              else [[] for _ in result.columns], progress)

    def read_nodes(self, label: str, props: list[str], *, batch_size: int = COLUMN_BATCH,
                   progress: Progress | None = None):
        """Properties ``props`` of every ``label`` node as a pyarrow table (bulk reads: the graph model).

        One streamed query here; Neo4j reads it in pages (:mod:`graph.store.neo4j.pages`).
        """
        cols = ", ".join(f"n.{p} AS {p}" for p in props)
        return self.query_columns(f"MATCH (n:{label}) RETURN {cols}", batch_size=batch_size, progress=progress)

    def read_edges(self, rel: str, props: list[str], *, batch_size: int = COLUMN_BATCH,
                   progress: Progress | None = None):
        """Columns ``source``, ``target`` (end node keys) and ``props`` of every ``rel`` edge."""
        start, end, _ = schema.REL_TYPES[rel]
        cols = "".join(f", r.{p} AS {p}" for p in props)
        return self.query_columns(f"MATCH (a:{start})-[r:{rel}]->(b:{end}) RETURN a.id AS source, b.id AS target{cols}",
                                  batch_size=batch_size, progress=progress)

    def read_node_rows(self, label: str, props: list[str]):
        """:meth:`read_nodes` plus the column :data:`ROW_COLUMN`, each node's row number in its label's
        table (an integer the engine keeps, no key), or None where the engine has none (this default)."""
        return None

    def read_edge_rows(self, rel: str, props: list[str]):
        """:meth:`read_edges` with ``source`` and ``target`` as the end nodes' row numbers
        (:data:`ROW_COLUMN` of :meth:`read_node_rows`): no key strings to read or match; None where
        the engine has none (this default)."""
        return None

    def read_edge_positions(self, rel: str, props: list[str], start_keys, end_keys, *,
                            batch_size: int = COLUMN_BATCH, progress: Progress | None = None):
        """``(source, target, table)``: every ``rel`` edge's end nodes as rows of ``start_keys`` and
        ``end_keys`` (Arrow key arrays of the end labels, in the caller's order; int32 numpy arrays)
        and its ``props`` columns (``table``).  An end key that is not among them raises KeyError.

        Where the engine numbers its rows (:meth:`read_edge_rows`, LadybugDB) the ends are placed by those
        numbers (:mod:`graph.store.rows`: ~2.5x faster to read at 5M citations, no key string per edge);
        elsewhere (Neo4j) the keys are read (:meth:`read_edges`) and looked up in C.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        table = self.read_edge_rows(rel, list(props))
        if table is None:
            table = self.read_edges(rel, props, batch_size=batch_size, progress=progress)
            return (key_positions(table.column(0), start_keys), key_positions(table.column(1), end_keys),
                    table.select(list(props)))
        if progress:
            progress(table.num_rows)
        ends = []
        labels = schema.REL_TYPES[rel][:2]
        read = {label: self.read_node_rows(label, ["id"]) for label in dict.fromkeys(labels)}  # CITES: once
        for label, keys, column in zip(labels, (start_keys, end_keys), table.columns[:2]):
            nodes = read[label]
            ids = pa.concat_arrays(nodes.column("id").chunks) if nodes.num_rows else pa.nulls(0, pa.string())
            places = rows.int64_of(pc.index_in(ids, value_set=keys))  # -1: a node not among the keys
            try:
                ends.append(rows.places_of(column, rows.row_places(nodes.column(ROW_COLUMN), places)).astype(np.int32))
            except KeyError as err:  # name the key, as the key lookup does
                at = rows.int64_of(column)[err.args[0]]
                named = pc.filter(ids, pc.equal(nodes.column(ROW_COLUMN), at))
                raise KeyError(named[0].as_py() if len(named) else f"row {at}") from None
        return ends[0], ends[1], table.select(list(props))

    def set_properties(self, label: str, table, *, batch_size: int = BATCH_SIZE * 10,
                       progress: Progress | None = None) -> int:
        """Set properties of existing ``label`` nodes from a pyarrow table: column ``id`` is the
        key, the other columns are schema properties; batched, nodes not in the store skipped.

        Returns the rows sent.  This portable version sends ``UNWIND $rows … MATCH … SET``
        batches; the embedded store scans the table natively instead.
        """
        props = _settable(label, table)
        text = (f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET "
                + ", ".join(f"n.{p} = row.{p}" for p in props))
        for batch in table.to_batches(max_chunksize=batch_size):
            self.query(text, {"rows": batch.to_pylist()}, write=True)
            if progress:
                progress(batch.num_rows)
        return table.num_rows

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # Shared, engine-neutral helpers -------------------------------------

    def counts(self) -> dict[str, int]:
        out = {}
        for label in schema.NODE_LABELS:
            out[label] = self.query(COUNT_NODES.format(label=label)).rows[0][0]
        for rel in schema.REL_TYPES:
            out[rel] = self.query(COUNT_RELS.format(rel=rel)).rows[0][0]
        return out

    def fingerprint(self, include_meta: bool = True) -> dict[str, Any]:
        """Counts and a SHA-256 of every property of every node and edge.

        Two stores hold the same graph when their fingerprints are equal.
        """
        import hashlib

        digest = hashlib.sha256()
        labels = dict(schema.NODE_LABELS)
        if include_meta:
            labels[schema.META_LABEL] = schema.META_PROPERTIES
        for label, props in labels.items():
            cols = ", ".join(f"n.{p} AS {p}" for p in props)
            rows = self.query(f"MATCH (n:{label}) RETURN {cols}").rows
            for row in sorted(json.dumps(r, sort_keys=True, default=str) for r in rows):
                digest.update(f"{label}|{row}\n".encode())
        for rel, (start, end, props) in schema.REL_TYPES.items():
            cols = "".join(f", r.{p} AS {p}" for p in props)
            rows = self.query(f"MATCH (a:{start})-[r:{rel}]->(b:{end}) RETURN a.id AS a, b.id AS b{cols}").rows
            for row in sorted(json.dumps(r, sort_keys=True, default=str) for r in rows):
                digest.update(f"{rel}|{row}\n".encode())
        return {"counts": self.counts(), "sha256": digest.hexdigest()}

    def get_meta(self, key: str) -> Any:
        res = self.query(f"MATCH (n:{schema.META_LABEL}) WHERE n.id = $key RETURN n.value AS value",
                         {"key": key})
        return json.loads(res.rows[0][0]) if res.rows else None


def _columns_table(columns: list[str], values: list[list], progress: Progress | None = None):
    import pyarrow as pa

    if progress and values and values[0]:
        progress(len(values[0]))
    return pa.table({c: pa.array(v) for c, v in zip(columns, values)}) if columns else pa.table({})


def _settable(label: str, table) -> list[str]:
    """The property columns of ``table``, checked against the schema (names go into the query text)."""
    known = schema.NODE_LABELS.get(label)
    if known is None:
        raise ValueError(f"unknown node label {label!r}")
    props = [c for c in table.column_names if c != "id"]
    unknown = [p for p in props if p not in known]
    if "id" not in table.column_names or unknown:
        raise ValueError(f"set_properties needs an `id` column and {label} properties (unknown: {unknown})")
    return props
