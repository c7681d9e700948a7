"""A fresh Neo4j graph through the offline importer: ``neo4j-admin database import full``.

Into a new or empty database on the local launcher's server (:mod:`graph.store.neo4j.server`)
the batched path (:mod:`graph.store.neo4j.batched`) is bound by the server's transaction
work (8-36k rows/s); Neo4j's own bulk importer writes the store files directly.
:func:`import_offline` writes the graph as the importer's CSV files (one per node label and
relationship type, from the same :func:`graph.model.columnar.bulk_tables` the embedded
store copies in, by pyarrow's CSV writer: no Python object per row), stops the server,
runs the importer from the launcher's own jars, and starts the server again with the
settings it had.  The caller then creates constraints and indexes and finishes the build
(:meth:`graph.store.neo4j.store.Neo4jStore.write`); an ``AtlasMeta`` marker node
(:data:`graph.store.neo4j.batched.INCOMPLETE_KEY`) is part of the import, so readers refuse
the graph until that last step commits.

The importer's header syntax: ``id:ID(Paper)`` (the key, kept as property ``id``, one id
space per label), ``year:long``, ``in_catalog:boolean``, ``keywords:string[]`` (elements
joined by :data:`ARRAY_DELIMITER`), ``:START_ID(Paper)`` / ``:END_ID(Keyword)`` on edges.

>>> import_header("WROTE")[:3]
[':START_ID(Author)', ':END_ID(Paper)', 'position:long']
>>> import_header("Paper")[:3]
['id:ID(Paper)', 'title', 'year:long']
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import neo4j

from graph.errors import StoreError
from graph.model import schema
from graph.model.columnar import bulk_tables
from graph.model.records import GraphRecords
from graph.store.base import Progress, plan_write
from graph.store.neo4j import server
from graph.store.neo4j.batched import DELETE_MARKER, INCOMPLETE_KEY

__all__ = ["import_header", "write_import_files", "run_importer", "import_offline", "write_offline", "set_empty_lists",
           "ARRAY_DELIMITER"]

ARRAY_DELIMITER = "\x1f"  # the ASCII unit separator: never part of a title, keyword or name
_TYPES = {"STRING": "", "INT64": ":long", "BOOLEAN": ":boolean", "DOUBLE": ":double", "STRING[]": ":string[]"}
IMPORTER_MAIN = "org.neo4j.cli.AdminTool"


def import_header(name: str) -> list[str]:
    """The importer's CSV header of node label or relationship type ``name`` (COPY layout column order)."""
    if name in schema.NODE_LABELS or name == schema.META_LABEL:
        props = schema.NODE_LABELS.get(name, schema.META_PROPERTIES)
        return [f"id:ID({name})" if p == "id" else p + _TYPES[t] for p, t in props.items()]
    start, end, props = schema.REL_TYPES[name]
    return [f":START_ID({start})", f":END_ID({end})", *(p + _TYPES[t] for p, t in props.items())]


def write_import_files(tables: dict[str, tuple], folder: Path, meta_rows: list[dict]) -> dict:
    """The :func:`bulk_tables` (and ``meta_rows``: ``AtlasMeta`` ``id``/``value``) as the importer's
    CSV files in ``folder``; returns ``{"nodes": [(label, path)], "relationships": [(type, path)],
    "multiline": bool}`` (multiline: some value holds a line break, the importer must be told).

    Raises :class:`StoreError` when a list element holds :data:`ARRAY_DELIMITER` (the batched path
    stores such a graph as it is).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    folder.mkdir(parents=True, exist_ok=True)
    out: dict = {"nodes": [], "relationships": [], "multiline": False, "empty_lists": []}
    named = dict(tables)
    named[schema.META_LABEL] = (pa.table({"id": pa.array([r["id"] for r in meta_rows], pa.string()),
                                          "value": pa.array([r["value"] for r in meta_rows], pa.string())}), 0)
    for name, (table, _) in named.items():
        if not table.num_rows:
            continue
        columns = []
        for field_name, column in zip(table.column_names, table.columns):
            if pa.types.is_list(column.type):
                if pc.any(pc.match_substring(pc.list_flatten(column), ARRAY_DELIMITER)).as_py():
                    raise StoreError(f"a {name} list value holds the character U+001F: the offline importer "
                                     "cannot write it (the batched path can)")
                out["empty_lists"] += _empty_lists(name, field_name, table, column)
                column = pc.binary_join(column, ARRAY_DELIMITER)
            if pa.types.is_string(column.type) and not out["multiline"]:
                out["multiline"] = bool(pc.any(pc.match_substring_regex(column, "[\r\n]")).as_py())
            columns.append(column)
        path = folder / f"{name}.csv"
        pcsv.write_csv(pa.table(columns, names=import_header(name)), path)
        kind = "nodes" if name in schema.NODE_LABELS or name == schema.META_LABEL else "relationships"
        out[kind].append((name, path))
    return out


def _empty_lists(name: str, prop: str, table, column) -> list[tuple]:
    """The importer stores no property for an empty list (the batched path stores ``[]``):
    ``[(name, prop, None)]`` when every row has a list (set ``[]`` wherever the property is
    missing), ``[(name, prop, keys)]`` with the keys (or ``(from, to)`` pairs) of the empty ones when
    some rows are null, ``[]`` when none is empty."""
    import pyarrow.compute as pc

    empty = pc.equal(pc.list_value_length(column), 0)
    if not pc.any(empty).as_py():
        return []
    if not column.null_count:
        return [(name, prop, None)]
    if "id" in table.column_names:
        return [(name, prop, table.column("id").filter(empty).to_pylist())]
    chosen = table.filter(empty)
    return [(name, prop, list(zip(chosen.column("from").to_pylist(), chosen.column("to").to_pylist())))]


def set_empty_lists(session, empty_lists: list[tuple], batch_rows: int = 20_000) -> None:
    """Give the imported graph the empty lists the importer left out (:func:`_empty_lists`), by the
    server in transactions of ``batch_rows`` rows; names are the schema's, keys go as parameters."""
    for name, prop, keys in empty_lists:
        if name in schema.REL_TYPES:
            start, end, _ = schema.REL_TYPES[name]
            match, var = f"MATCH (:{start})-[x:{name}]->(:{end})", "x"
            by_key = (f"UNWIND $rows AS row MATCH (:{start} {{id: row[0]}})-[x:{name}]->(:{end} {{id: row[1]}}) "
                      f"SET x.{prop} = []")
        else:
            match, var = f"MATCH (x:{name})", "x"
            by_key = f"UNWIND $rows AS row MATCH (x:{name} {{id: row}}) SET x.{prop} = []"
        if keys is None:
            session.run(f"{match} WHERE {var}.{prop} IS NULL CALL {{ WITH {var} SET {var}.{prop} = [] }} "
                        f"IN TRANSACTIONS OF {int(batch_rows)} ROWS").consume()
            continue
        for i in range(0, len(keys), batch_rows):
            rows = [list(k) if isinstance(k, tuple) else k for k in keys[i:i + batch_rows]]
            session.execute_write(lambda tx, text=by_key, rows=rows: tx.run(text, {"rows": rows}).consume())


def run_importer(data_dir: Path, database: str, files: dict, *, timeout: float = 3600) -> str:
    """Run ``neo4j-admin database import full`` (the launcher's jars) into ``database`` of the
    stopped server whose data is ``data_dir``, replacing what it holds; returns the importer's summary (time and counts)."""
    java = shutil.which("java")
    lib = server.build_launcher().parent / "lib"
    if not java:
        raise StoreError("`java` not found: the offline importer needs the JDK the launcher runs on")
    cmd = [java, "-Xmx1g", *server.JVM_FLAGS, "-cp", f"{lib}/*", IMPORTER_MAIN, "database", "import", "full",
           database, "--overwrite-destination=true", f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
           f"--multiline-fields={'true' if files['multiline'] else 'false'}",
           f"--report-file={data_dir / 'import.report'}",
           *(f"--nodes={label}={path}" for label, path in files["nodes"]),
           *(f"--relationships={rel}={path}" for rel, path in files["relationships"])]  # files last: they are varargs
    # NEO4J_HOME/NEO4J_CONF: the same folders (and DATA/neo4j.conf, if any) the launcher uses
    env = {**os.environ, "NEO4J_HOME": str(data_dir), "NEO4J_CONF": str(data_dir)}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=data_dir, timeout=timeout)
    except subprocess.TimeoutExpired as err:
        raise StoreError(f"the offline importer did not finish within {timeout:.0f} s: "
                         "build again with the batched path (NEO4J_BULK_IMPORT=0)") from err
    lines = [ln.strip() for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
    if proc.returncode != 0:
        causes = [ln for ln in lines if not ln.startswith("at ") and ("Exception" in ln or "rror" in ln)]
        tail = " ".join(" | ".join(causes[:2] or lines[-2:]).split())[:300]
        raise StoreError(f"the offline importer failed (exit {proc.returncode}: {tail}); the database is "
                         "empty: build again with the batched path (NEO4J_BULK_IMPORT=0)")
    done = [ln for ln in lines if ln.startswith("IMPORT DONE")]
    counted = [ln for ln in lines if ln.endswith((" nodes", " relationships"))]
    return " ".join([*done[-1:], *counted[-2:]])


def import_offline(data_dir: str | Path, database: str, tables: dict[str, tuple], meta_rows: list[dict],
                   password: str | None = None) -> tuple[str, list]:
    """Stop the local server of ``data_dir``, import ``tables`` into ``database``, start it again
    (same port, heap and page cache; ``password`` if it was started with one given); returns the
    importer's summary line and the empty lists it left out (for :func:`set_empty_lists`).

    The server is started again whatever happens, so a failed import leaves an empty database
    and a running server (the error says so).  The CSV files are removed afterwards.
    """
    data = Path(data_dir).expanduser().resolve()
    folder = data / "import" / "atlas-bulk"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        files = write_import_files(tables, folder, meta_rows)
        server.stop_server(data)
        try:
            return run_importer(data, database, files), files["empty_lists"]
        finally:
            server.restart_server(data, password)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_offline(store, records: GraphRecords, meta: dict[str, Any] | None, progress: Progress | None) -> str:
    """``records`` into the empty database of ``store`` (a Neo4jStore on its ``local_server``) through
    the importer, then constraints and indexes, then the build metadata; returns the path taken in one line.

    The import carries the unfinished marker, so readers refuse the graph until the last step commits;
    build metadata of other keys is kept, as the batched path keeps it.
    """
    rows = sum(records.counts().values())
    marker = json.dumps({"started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                         "rows": rows, "path": "offline importer"})
    kept = {row[0]: row[1] for row in store.query(f"MATCH (m:{schema.META_LABEL}) RETURN m.id, m.value").rows
            if row[0] not in (meta or {})}
    meta_rows = [{"id": k, "value": v} for k, v in sorted({**kept, INCOMPLETE_KEY: marker}.items())]
    summary, empty_lists = import_offline(store.local_server.data_dir, store.database, bulk_tables(records), meta_rows,
                             store.local_server.password)
    store.driver.verify_connectivity()  # the pool's connections died with the old server process
    store._schema_ready = False
    store.ensure_schema()  # the import replaced the database: its constraints and indexes too
    if progress:
        progress(rows)

    def finish(tx: neo4j.ManagedTransaction) -> None:
        for text, step_rows in plan_write(GraphRecords(), meta).steps:
            tx.run(text, {"rows": step_rows}).consume()
        tx.run(DELETE_MARKER, key=INCOMPLETE_KEY).consume()

    with store._errors(), store._session(neo4j.WRITE_ACCESS) as session:
        set_empty_lists(session, empty_lists)
        session.execute_write(finish)
    return f"offline importer (neo4j-admin database import full; {summary[:100]})"
