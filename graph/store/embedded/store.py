"""The embedded default store: one LadybugDB file, no server.

Opened read-only unless a write is needed, so that the app and a terminal
can read while nothing else writes.  A full build (``prune=True``) or a first
write writes a fresh file with native ``COPY`` next to the old one and swaps it
in (:mod:`graph.store.embedded.swap`); other writes run in one transaction.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import ladybug

from graph.errors import QueryError, ReadOnlyViolation, StoreError, StoreUnavailable, one_line
from graph.model import schema
from graph.model.columnar import bulk_tables
from graph.model.records import GraphRecords
from graph.store import cypher
from graph.store.base import COLUMN_BATCH, ROW_COLUMN, GraphStore, Progress, QueryResult, _settable, plan_write
from graph.store.embedded import swap
from graph.store.embedded.sandbox import run_sandboxed
from graph.store.guard import cap_rows, check_read_query
from graph.store.plan import ladybug_plan_operators, plan_refusal_ladybug
from graph.store.portable import portable_cypher, without_explain

_LADYBUG_TYPES = {"STRING": "STRING", "INT64": "INT64", "BOOLEAN": "BOOLEAN", "STRING[]": "STRING[]",
                  "DOUBLE": "DOUBLE"}


def schema_ddl() -> list[str]:
    """``CREATE … IF NOT EXISTS`` statements for every table of the schema."""
    out = []
    for label, props in {**schema.NODE_LABELS, schema.META_LABEL: schema.META_PROPERTIES}.items():
        cols = ", ".join(f"{p} {_LADYBUG_TYPES[t]}" for p, t in props.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label}({cols}, PRIMARY KEY (id))")
    for rel, (start, end, props) in schema.REL_TYPES.items():
        cols = "".join(f", {p} {_LADYBUG_TYPES[t]}" for p, t in props.items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel}(FROM {start} TO {end}{cols})")
    return out


def _table_properties() -> dict[str, dict[str, str]]:
    """Every node and rel table with the properties the schema wants on it."""
    return {**schema.NODE_LABELS, **{rel: props for rel, (_, _, props) in schema.REL_TYPES.items()}}


def ladybug_cast(expr: str, prop_type: str) -> str:
    """Explicit types: a batch whose values are all null would otherwise bind as STRING."""
    return f"CAST({expr} AS {_LADYBUG_TYPES[prop_type]})"


class EmbeddedStore(GraphStore):
    """A graph in one LadybugDB file.

    >>> import tempfile, os
    >>> with EmbeddedStore(os.path.join(tempfile.mkdtemp(), "g.lbug"), read_only=False) as s:
    ...     s.ensure_schema(); s.counts()["Paper"]
    0
    """

    engine = "embedded"

    def __init__(self, path: str | Path, *, read_only: bool = True, buffer_pool_mb: int = 0):
        self.path = Path(path)
        self.read_only, self.buffer_pool_mb = read_only, buffer_pool_mb
        if read_only and not self.path.exists():
            raise StoreUnavailable(f"no graph at {self.path}: run `phenomena build` first")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._open()
        if read_only:
            self._check_schema()

    def _open(self) -> None:
        try:
            # buffer_pool_mb bounds the engine's memory (0: the engine's default, ~80% of RAM)
            self._db = ladybug.Database(str(self.path), read_only=self.read_only,
                                        buffer_pool_size=self.buffer_pool_mb * 1024 * 1024)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as err:
            raise _open_error(self.path, err) from err

    # -- schema and writes ------------------------------------------------

    def ensure_schema(self) -> None:
        self._require_writable()
        for stmt in schema_ddl():
            self._execute(stmt)
        self._add_missing_properties()

    def schema_gaps(self) -> list[str]:
        """Tables and columns the schema wants that this file lacks (an older build)."""
        tables = {row[1] for row in self._fetch("CALL show_tables() RETURN *", None, None).rows}
        gaps = [t for t in [*schema.NODE_LABELS, *schema.REL_TYPES] if t not in tables]
        for table, props in _table_properties().items():
            if table in tables:
                have = {row[1] for row in self._fetch(f"CALL table_info('{table}') RETURN *", None, None).rows}
                gaps += [f"{table}.{p}" for p in props if p not in have]
        return gaps

    def _check_schema(self) -> None:
        gaps = self.schema_gaps()
        if gaps:
            finished = self._has_build()
            self.close()
            if not finished:  # no build ever completed here: a first build was stopped
                raise StoreError(f"the graph at {self.path} is unfinished (a build was stopped before it "
                                 "completed): run `phenomena build` to finish it")
            raise StoreError(
                f"the graph at {self.path} was made by an older version (it lacks {', '.join(gaps[:3])}"
                f"{'…' if len(gaps) > 3 else ''}): run `phenomena build` to upgrade it")

    def _has_build(self) -> bool:
        """True when a build completed here (its metadata node is written in the same transaction)."""
        try:
            rows = self._fetch(f"MATCH (n:{schema.META_LABEL}) WHERE n.id = 'build' RETURN count(n)", None, None).rows
        except StoreError:
            return False
        return bool(rows and rows[0][0])

    def _add_missing_properties(self) -> None:
        """A graph made before a property joined the schema (e.g. ``pagerank``) gets the column, empty."""
        for table, props in _table_properties().items():
            have = {row[1] for row in self._fetch(f"CALL table_info('{table}') RETURN *", None, None).rows}
            for prop, prop_type in props.items():
                if prop not in have:
                    self._execute(f"ALTER TABLE {table} ADD {prop} {_LADYBUG_TYPES[prop_type]}")

    def write(self, records: GraphRecords, meta: dict[str, Any] | None = None,
              progress: Progress | None = None, prune: bool = False) -> None:
        self._require_writable()
        self.ensure_schema()
        if prune or self._is_empty():  # a fresh file written with native COPY, swapped in
            return self._rebuild(bulk_tables(records), meta, progress)
        plan = plan_write(records, meta, cast=ladybug_cast)
        self._execute("BEGIN TRANSACTION")
        try:
            for text, rows in plan.steps:
                self._execute(text, {"rows": rows})
                if progress:
                    progress(len(rows))
            self._execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def write_tables(self, tables: dict, meta: dict[str, Any] | None = None,
                     progress: Progress | None = None) -> None:
        """The graph becomes exactly ``tables`` (the bulk path: no record per row).

        ``tables`` are pyarrow tables in the COPY layout of :func:`graph.model.columnar.table_schema`
        (e.g. :func:`graph.model.columnar.tables_from_records`, or Parquet files in that layout),
        keyed by node label and relationship type; a missing one is empty.  Written like
        ``write(records, prune=True)``: a fresh file swapped in, all or nothing.
        """
        self._require_writable()
        self.ensure_schema()
        self._rebuild(bulk_tables(tables), meta, progress)

    def _is_empty(self) -> bool:
        return self._execute("MATCH (n) RETURN count(n)").get_next()[0] == 0

    def _rebuild(self, tables: dict[str, tuple[Any, int]], meta: dict[str, Any] | None,
                 progress: Progress | None) -> None:
        """The graph becomes exactly ``tables`` (:func:`bulk_tables`; build metadata of other keys
        kept, as MERGE keeps it).

        A new file is written with COPY beside this one, closed, and renamed over
        it; this store then reopens on the new file.  Readers holding the old file
        keep reading it; a crash at any moment leaves the old file or the new one.
        The swap is what makes it atomic, so the COPYs into the new file auto-commit:
        inside one transaction they take ~6x longer at 500k edges.
        """
        kept = {row[0]: row[1] for row in self._fetch(
            f"MATCH (m:{schema.META_LABEL}) RETURN m.id, m.value", None, None).rows if row[0] not in (meta or {})}
        swap.remove_stale_rebuilds(self.path)
        fresh_path = swap.rebuild_path(self.path)
        swap.discard(fresh_path)
        try:
            with EmbeddedStore(fresh_path, read_only=False, buffer_pool_mb=self.buffer_pool_mb) as fresh:
                fresh.ensure_schema()
                fresh._copy_in(tables, meta, progress,
                               meta_rows=[{"id": k, "value": v} for k, v in sorted(kept.items())])
            self.close()  # checkpoints: the old file has no write-ahead log left to replay
            swap.swap_in(fresh_path, self.path)
        except BaseException:
            swap.discard(fresh_path)
            raise
        finally:
            if self._db is None:
                self._open()

    def _copy_in(self, tables: dict[str, tuple[Any, int]], meta: dict[str, Any] | None,
                 progress: Progress | None, meta_rows: list[dict]) -> None:
        """``COPY FROM`` the :func:`bulk_tables` into this new, empty file; same graph as the MERGE path.

        Edges whose ends are not among the records are dropped (as MATCH drops them).
        ``meta_rows`` are extra ``AtlasMeta`` rows (``id``, JSON ``value``) written as they are.
        """
        for name, (table, rows) in tables.items():
            if table.num_rows:
                self._execute(f"COPY {name} FROM $data", {"data": table})
            if progress and rows:
                progress(rows)
        for text, rows in plan_write(GraphRecords(), meta).steps:
            self._execute(text, {"rows": rows})
        if meta_rows:
            self._execute(cypher.meta_upsert(), {"rows": meta_rows})

    # -- reads ------------------------------------------------------------

    def query(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False,
              limit: int | None = None, timeout_s: float | None = None) -> QueryResult:
        if write:
            self._require_writable()
        else:
            check_read_query(text)  # friendly words and size/nesting bounds, before the parser
            text = portable_cypher(text)  # Neo4j 5 pattern predicates, as the engine reads them
        if timeout_s:
            self._conn.set_query_timeout(max(1, int(timeout_s * 1000)))
        try:
            if write:
                return self._fetch(text, params, limit)
            # Read path: a READ ONLY transaction makes the engine refuse any write,
            # and the engine's plan decides what else the query may touch.
            if limit is not None:  # the engine builds the whole result first: let it stop at the cap
                text = cap_rows(text, limit + 1)
            self._execute("BEGIN TRANSACTION READ ONLY")
            try:
                self._check_plan(text, params)
                return self._fetch(text, params, limit)
            finally:
                self._rollback()
        finally:
            if timeout_s:
                self._conn.set_query_timeout(0)

    def query_console(self, text: str, params: dict[str, Any] | None = None, *, limit: int | None = 1000,
                      timeout_s: float = 30.0) -> QueryResult:
        """Untrusted text in a child process: killed at the deadline or memory ceiling, and
        a crash of the engine ends the child, never this process (see :mod:`graph.store.embedded.sandbox`)."""
        self._check_console_input(text, params, limit, timeout_s)
        text = portable_cypher(text)
        return run_sandboxed(self.path, text, params or {}, limit=limit, timeout_s=timeout_s)

    def _check_plan(self, text: str, params: dict[str, Any] | None) -> None:
        """Refuse several statements, and any operator or table function that is not a plain read."""
        try:
            result = self._execute("EXPLAIN " + text, params or {})
        except QueryError as err:  # the engine quotes what it parsed: never show our EXPLAIN prefix
            raise QueryError(without_explain(str(err), text)) from err
        if isinstance(result, list):
            for item in result:
                item.close()
            raise ReadOnlyViolation("refused: one statement at a time in this console")
        plan = "\n".join(str(row[0]) for row in _rows(result))
        refusal = plan_refusal_ladybug(*ladybug_plan_operators(plan))
        if refusal:
            raise ReadOnlyViolation(refusal)

    def query_columns(self, text: str, params: dict[str, Any] | None = None, *,
                      batch_size: int = COLUMN_BATCH, progress: Progress | None = None):
        """LadybugDB hands the result over as Arrow record batches of ``batch_size`` rows."""
        import pyarrow as pa

        check_read_query(text)
        self._execute("BEGIN TRANSACTION READ ONLY")
        try:
            result = self._execute(text, params or {})
            table = result.get_as_arrow(chunk_size=batch_size)
        finally:
            self._rollback()
        if progress:
            for batch in table.to_batches():
                progress(batch.num_rows)
        return pa.table({name: col for name, col in zip(result.get_column_names(), table.columns)})

    def read_node_rows(self, label: str, props: list[str]):
        """The nodes' ``props`` and :data:`ROW_COLUMN`: LadybugDB's ``offset(id(n))``."""
        cols = "".join(f", n.{p} AS {p}" for p in props)
        return self.query_columns(f"MATCH (n:{label}) RETURN offset(id(n)) AS {ROW_COLUMN}{cols}")

    def read_edge_rows(self, rel: str, props: list[str]):
        """The edges' ends as ``offset(id(n))`` (~3x faster than reading their keys at 5M edges)."""
        start, end, _ = schema.REL_TYPES[rel]
        cols = "".join(f", r.{p} AS {p}" for p in props)
        return self.query_columns(f"MATCH (a:{start})-[r:{rel}]->(b:{end}) "
                                  f"RETURN offset(id(a)) AS source, offset(id(b)) AS target{cols}")

    def set_properties(self, label: str, table, *, batch_size: int = COLUMN_BATCH,
                       progress: Progress | None = None) -> int:
        """``LOAD FROM`` the Arrow table (a hash join on ``id``): ~10x the UNWIND path."""
        import pyarrow as pa

        props = _settable(label, table)
        text = (f"LOAD FROM $data MATCH (n:{label} {{id: id}}) SET "
                + ", ".join(f"n.{p} = {p}" for p in props))
        for batch in table.to_batches(max_chunksize=batch_size):
            self._execute(text, {"data": pa.Table.from_batches([batch])})
            if progress:
                progress(batch.num_rows)
        return table.num_rows

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        self._conn = self._db = None
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()

    # -- internals --------------------------------------------------------

    def _fetch(self, text: str, params: dict[str, Any] | None, limit: int | None) -> QueryResult:
        result = self._execute(text, params or {})
        if isinstance(result, list):  # several statements: never "keep the last"
            for item in result:
                item.close()
            raise QueryError("several statements in one query: run them one at a time")
        columns = result.get_column_names()
        rows, truncated = [], False
        while result.has_next():
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append(result.get_next())
        return QueryResult(columns, rows, truncated)

    def _execute(self, text: str, params: dict[str, Any] | None = None):
        if self._conn is None:
            raise StoreError("the embedded store is closed")
        try:
            return self._conn.execute(text, params or {})
        except RuntimeError as err:
            message = one_line(err)
            if "read-only" in message.lower() or "read only" in message.lower():
                raise ReadOnlyViolation(
                    "refused: this is a read-only query path (the query tries to write); "
                    "use `phenomena query --write 'CYPHER'` to change the graph") from err
            if message.startswith("Interrupted"):
                raise QueryError("query timed out: add a LIMIT or narrow the MATCH") from err
            raise QueryError(f"embedded store rejected the query: {message}") from err

    def _rollback(self) -> None:
        try:
            self._conn.execute("ROLLBACK")
        except RuntimeError:
            pass  # no active transaction (the engine already rolled back)

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyViolation("refused: the store was opened read-only; use `phenomena query --write 'CYPHER'`")


def _rows(result) -> list:
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out


def _open_error(path: Path, err: RuntimeError) -> StoreError:
    message = one_line(err)
    if "lock" in message.lower():
        pid = re.search(r"PID (\d+)", message)
        who = f"process {pid.group(1)}" if pid else "another process"
        return StoreUnavailable(
            f"the graph at {path} is in use by {who} (a running build or app): "
            "stop it and try again, or set PHENOMENA_HOME to use another graph")
    pending = [p.name for p in path.parent.glob(path.name + ".*") if p.suffix in (".wal", ".shadow", ".tmp")]
    if pending:  # a build was stopped mid-write: opening it for writing recovers it
        return StoreError(
            f"the graph at {path} was left mid-write by a stopped build ({', '.join(sorted(pending))} pending): "
            "run `phenomena build`, which recovers it; only if that fails, delete the file and build again")
    return StoreError(
        f"cannot open the graph at {path} ({message}): run `phenomena build` to rebuild it "
        "(if that fails too, delete that file first)")
