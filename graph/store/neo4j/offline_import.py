"""A fresh Neo4j graph through the offline importer: ``neo4j-admin database import full``.

Into a new or empty database on the local launcher's server (:mod:`graph.store.neo4j.server`)
the batched path (:mod:`graph.store.neo4j.batched`) is bound by the server's transaction
work (8-36k rows/s); Neo4j's own bulk importer writes the store files directly.
:func:`import_offline` writes the graph as the importer's CSV files (one per node label and
relationship type, from the same :func:`graph.model.columnar.bulk_tables` the embedded
store copies in, by pyarrow's CSV writer: no Python object per row), runs the importer from
the launcher's own jars into a folder of its own while the server stops, puts the new database
folders in place of the server's (renames) only when the import finished, and starts the server
again with the settings it had: a failed or killed import leaves the database as it was.
The caller then creates constraints and indexes and finishes the build
(:meth:`graph.store.neo4j.store.Neo4jStore.write`); an ``AtlasMeta`` marker node
(:data:`graph.store.neo4j.batched.INCOMPLETE_KEY`) is part of the import, so readers refuse
the graph until that last step commits.

The importer's header syntax: ``id:ID(Paper)`` (the key, kept as property ``id``, one id
space per label), ``year:long``, ``in_catalog:boolean``, ``keywords:string[]`` (elements
joined by :data:`ARRAY_DELIMITER`), ``:START_ID(Paper)`` / ``:END_ID(Keyword)`` on edges.
An empty list is written as a quoted empty field (``""``), a null one as an empty field: the
launcher's own ``CsvInputParser`` (``neo4j-launcher/src/main/java/org/neo4j/...``, first on the
importer's class path) stores the first as an empty array, as Cypher's ``SET n.p = []`` does, where
Neo4j's own parser would leave the property out.

>>> import_header("WROTE")[:3]
[':START_ID(Author)', ':END_ID(Paper)', 'position:long']
>>> import_header("Paper")[:3]
['id:ID(Paper)', 'title', 'year:long']
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
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

__all__ = ["import_header", "write_import_files", "run_importer", "import_offline", "write_offline", "unimportable",
           "start_importer", "wait_importer",
           "ARRAY_DELIMITER"]

ARRAY_DELIMITER = "\x1f"  # the ASCII unit separator: never part of a title, keyword or name
_TYPES = {"STRING": "", "INT64": ":long", "BOOLEAN": ":boolean", "DOUBLE": ":double", "STRING[]": ":string[]"}
IMPORTER_MAIN = "org.neo4j.cli.AdminTool"
CSV_THREADS = 2  # files written at a time (the machine this is measured on has two cores)


def import_header(name: str) -> list[str]:
    """The importer's CSV header of node label or relationship type ``name`` (COPY layout column order)."""
    if name in schema.NODE_LABELS or name == schema.META_LABEL:
        props = schema.NODE_LABELS.get(name, schema.META_PROPERTIES)
        return [f"id:ID({name})" if p == "id" else p + _TYPES[t] for p, t in props.items()]
    start, end, props = schema.REL_TYPES[name]
    return [f":START_ID({start})", f":END_ID({end})", *(p + _TYPES[t] for p, t in props.items())]


def unimportable(tables: dict[str, tuple]) -> str | None:
    """Why the importer's CSV files cannot hold these :func:`bulk_tables` exactly, or None: a list
    element that holds :data:`ARRAY_DELIMITER` or is empty (``[""]`` and ``[]`` would read back the same)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for name, (table, _) in tables.items():
        for field_name, column in zip(table.column_names, table.columns):
            if not pa.types.is_list(column.type) or not table.num_rows:
                continue
            items = pc.list_flatten(column)
            if pc.any(pc.match_substring(items, ARRAY_DELIMITER)).as_py():
                return f"a {name}.{field_name} list element holds the character U+001F"
            if pc.any(pc.equal(pc.utf8_length(items), 0)).as_py():
                return f"a {name}.{field_name} list holds an empty string"
    return None


def write_import_files(tables: dict[str, tuple], folder: Path, meta_rows: list[dict], *, checked: bool = False) -> dict:
    """The :func:`bulk_tables` (and ``meta_rows``: ``AtlasMeta`` ``id``/``value``) as the importer's
    CSV files in ``folder``; returns ``{"nodes": [(label, path)], "relationships": [(type, path)],
    "multiline": bool}`` (multiline: some value holds a line break, the importer must be told).

    Raises :class:`StoreError` when :func:`unimportable` says why the files cannot hold the graph
    (the batched path stores such a graph as it is); ``checked``: the caller asked it already.
    """
    import pyarrow as pa

    reason = None if checked else unimportable(tables)  # checked: the caller asked unimportable already
    if reason:
        raise StoreError(f"{reason}: the offline importer cannot write it (the batched path can)")
    folder.mkdir(parents=True, exist_ok=True)
    named = dict(tables)
    named[schema.META_LABEL] = (pa.table({"id": pa.array([r["id"] for r in meta_rows], pa.string()),
                                          "value": pa.array([r["value"] for r in meta_rows], pa.string())}), 0)
    named = {name: table for name, (table, _) in named.items() if table.num_rows}
    # pyarrow's writer and compute kernels release the GIL: two files at a time, the largest first
    order = sorted(named, key=lambda name: -named[name].nbytes)
    with ThreadPoolExecutor(max_workers=CSV_THREADS) as pool:
        multiline = dict(zip(order, pool.map(lambda name: _write_csv(named[name], name, folder / f"{name}.csv"),
                                             order)))
    out: dict = {"nodes": [], "relationships": [], "multiline": any(multiline.values())}
    for name in named:  # the importer's order: as bulk_tables gives them
        kind = "nodes" if name in schema.NODE_LABELS or name == schema.META_LABEL else "relationships"
        out[kind].append((name, folder / f"{name}.csv"))
    return out


def _write_csv(table, name: str, path: Path) -> bool:
    """``table`` as the importer's CSV file of ``name`` at ``path``; True when a value holds a line break."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    columns, multiline = [], False
    for column in table.columns:
        if pa.types.is_list(column.type):  # [] -> "" (quoted), null -> an empty field
            column = pc.binary_join(column, ARRAY_DELIMITER)
        if pa.types.is_string(column.type) and not multiline:
            multiline = bool(pc.any(pc.match_substring_regex(column, "[\\r\\n]")).as_py())
        columns.append(column)
    pcsv.write_csv(pa.table(columns, names=import_header(name)), path)
    return multiline


def start_importer(home: Path, database: str, files: dict) -> subprocess.Popen:
    """Start ``neo4j-admin database import full`` (the launcher's jars) into ``database`` under
    ``home`` (``home/data/databases/<database>``), replacing what that folder holds; see :func:`wait_importer`."""
    java = shutil.which("java")
    if not java:
        raise StoreError("`java` not found: the offline importer needs the JDK the launcher runs on")
    jar = server.build_launcher()
    home.mkdir(parents=True, exist_ok=True)
    cmd = [java, "-Xmx1g", *server.JVM_FLAGS, "-cp", f"{jar}{os.pathsep}{jar.parent / 'lib'}/*", IMPORTER_MAIN,
           "database", "import", "full", database, "--overwrite-destination=true", "--verbose",
           f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
           f"--multiline-fields={'true' if files['multiline'] else 'false'}",
           f"--report-file={home / 'import.report'}",
           *(f"--nodes={label}={path}" for label, path in files["nodes"]),
           *(f"--relationships={rel}={path}" for rel, path in files["relationships"])]  # files last: they are varargs
    # the launcher jar comes first on the class path: its CsvInputParser keeps empty lists (module text)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home)}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=home,
                            start_new_session=True)


def wait_importer(proc: subprocess.Popen, timeout: float = 3600) -> str:
    """Wait for the importer :func:`start_importer` began; its summary (time and counts), or a
    one-line :class:`StoreError` (killed after ``timeout`` seconds, or its first error)."""
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as err:
        proc.kill()
        proc.communicate()
        raise StoreError(f"the offline importer did not finish within {timeout:.0f} s: the database is as it was; "
                         "build again with the batched path (NEO4J_BULK_IMPORT=0)") from err
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    if proc.returncode != 0:
        how = f"killed by signal {-proc.returncode}" if proc.returncode < 0 else f"exit {proc.returncode}"
        tail = " ".join((_input_error(lines) or " | ".join(_causes(lines) or lines[-2:] or ["no output"])).split())[:300]
        raise StoreError(f"the offline importer failed ({how}: {tail}); the database is as it was: "
                         "fix the input or build again with the batched path (NEO4J_BULK_IMPORT=0)")
    done = [ln for ln in lines if ln.startswith("IMPORT DONE")]
    counted = [ln for ln in lines if ln.endswith((" nodes", " relationships"))]
    return " ".join([*done[-1:], *counted[-2:]])


def _input_error(lines: list[str]) -> str | None:
    """The importer's (``--verbose``) account of a bad input field: file, field and error, or None."""
    found = {key: ln[len(key):].strip() for key in ("data source:", "in field:", "original error:")
             for ln in reversed(lines) if ln.startswith(key)}
    if "original error:" not in found:
        return None
    source = re.search(r"source:([^,\]]+)", found.get("data source:", ""))
    where = f"{Path(source.group(1)).name}, " if source else ""
    return f"bad input in {where}field {found.get('in field:', '?')}: {found['original error:']}"


def _causes(lines: list[str]) -> list[str]:
    """The first two error lines of the importer's output (no stack frames)."""
    return [ln for ln in lines if not ln.startswith("at ") and ("Exception" in ln or "rror" in ln)][:2]


def run_importer(home: Path, database: str, files: dict, *, timeout: float = 3600) -> str:
    """:func:`start_importer` and :func:`wait_importer`: the bare importer into a folder of its own."""
    return wait_importer(start_importer(home, database, files), timeout)


@contextmanager
def _timed(split: dict[str, float], phase: str):
    """Add the seconds of the ``with`` body to ``split[phase]`` (the benchmark prints the split)."""
    t0 = time.perf_counter()
    try:
        yield
    finally:
        split[phase] = split.get(phase, 0.0) + time.perf_counter() - t0


def import_offline(data_dir: str | Path, database: str, tables: dict[str, tuple], meta_rows: list[dict],
                   password: str | None = None, split: dict[str, float] | None = None, *, checked: bool = False) -> str:
    """Import ``tables`` into ``database`` of the local server of ``data_dir``; returns the importer's
    summary line.  ``split`` gets the seconds of each phase (csv, import, stop, swap, start).

    The importer builds the database in a folder of its own while the server still runs (it is
    stopped in the meantime); only a finished import replaces the server's database folders, so
    a failed or killed import leaves the database as it was.  The server is started again whatever
    happens (same port, heap and page cache; ``password`` if it was started with one given).
    """
    split = {} if split is None else split
    data = Path(data_dir).expanduser().resolve()
    work = data / "import" / "atlas-bulk"  # under the server's folder: renames stay on one file system
    shutil.rmtree(work, ignore_errors=True)
    try:
        with _timed(split, "csv"):
            files = write_import_files(tables, work / "csv", meta_rows, checked=checked)
        t0 = time.perf_counter()
        proc = start_importer(work / "home", database, files)
        try:
            with _timed(split, "stop"):  # while the importer runs: the server's database is not touched
                server.stop_server(data)
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        try:
            summary = wait_importer(proc)
            split["import"] = time.perf_counter() - t0
            with _timed(split, "swap"):
                _swap_database(work / "home" / "data", data / "data", database, work / "old")
            return summary
        finally:
            with _timed(split, "start"):
                server.restart_server(data, password)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _swap_database(new_root: Path, live_root: Path, database: str, old: Path) -> None:
    """Put the imported store and transaction folders of ``database`` in place of the live ones
    (renames; the replaced ones are moved under ``old``, removed with it)."""
    for sub in ("databases", "transactions"):
        live, new = live_root / sub / database, new_root / sub / database
        if not new.is_dir():
            raise StoreError(f"the offline importer left no {sub} folder for {database!r}: the database is as it "
                             "was; build again with the batched path (NEO4J_BULK_IMPORT=0)")
        (old / sub).mkdir(parents=True, exist_ok=True)
        live.parent.mkdir(parents=True, exist_ok=True)
        if live.exists():
            live.rename(old / sub / database)
        new.rename(live)


def write_offline(store, records: GraphRecords, meta: dict[str, Any] | None, progress: Progress | None) -> str | None:
    """``records`` into the empty database of ``store`` (a Neo4jStore on its ``local_server``) through
    the importer, then constraints and indexes, then the build metadata; returns the path taken in one
    line, or None (nothing done) when :func:`unimportable` says the importer's files cannot hold them.

    The import carries the unfinished marker, so readers refuse the graph until the last step commits;
    build metadata of other keys is kept, as the batched path keeps it.
    """
    split = store.write_split = {}
    with _timed(split, "tables"):
        tables = bulk_tables(records)
    if unimportable(tables):
        return None
    rows = sum(records.counts().values())
    marker = json.dumps({"started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                         "rows": rows, "path": "offline importer"})
    kept = {row[0]: row[1] for row in store.query(f"MATCH (m:{schema.META_LABEL}) RETURN m.id, m.value").rows
            if row[0] not in (meta or {})}
    meta_rows = [{"id": k, "value": v} for k, v in sorted({**kept, INCOMPLETE_KEY: marker}.items())]
    summary = import_offline(store.local_server.data_dir, store.database, tables, meta_rows,
                             store.local_server.password, split, checked=True)
    with _timed(split, "reconnect"):
        store.driver.verify_connectivity()  # the pool's connections died with the old server process
    store._schema_ready = False
    with _timed(split, "constraints"):
        store.ensure_schema()  # the import replaced the database: its constraints and indexes too
    if progress:
        progress(rows)

    def finish(tx: neo4j.ManagedTransaction) -> None:
        for text, step_rows in plan_write(GraphRecords(), meta).steps:
            tx.run(text, {"rows": step_rows}).consume()
        tx.run(DELETE_MARKER, key=INCOMPLETE_KEY).consume()

    with _timed(split, "finish"), store._errors(), store._session(neo4j.WRITE_ACCESS) as session:
        session.execute_write(finish)
    return f"offline importer (neo4j-admin database import full; {summary[:100]})"
