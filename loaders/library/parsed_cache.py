"""Imported files parsed once: the records of a file kept as Arrow tables beside its copy.

Every build replays the user's imports (see ``app.pipeline.sources``); parsing a
19 MB BibTeX library takes about 25 s, every time.  The parse depends only on the
file's bytes and on the reader's code, so its result is kept under
``cache_dir/<key>/`` where the key is the SHA-256 of both: the same file read by
the same code is read back from Arrow IPC files (no per-row parsing) and an update
of the readers parses again.  The cache is data only (Arrow tables and one JSON
file; never pickle) and owner-only; a cache that cannot be read or written is
ignored (the file is parsed as before).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> bib = folder / "lib.bib"
>>> _ = bib.write_text("@article{k, title = {Grokking}, year = {2022}, doi = {10.1/x}}", encoding="utf-8")
>>> first = load_import_cached(bib, folder / "cache")
>>> again = load_import_cached(bib, folder / "cache")
>>> [p.title for p in again.records.papers.values()], again.kind
(['Grokking'], 'bibtex')
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from graph.model.columnar import records_from_tables, tables_from_records
from loaders.import_files import read_import_bytes
from loaders.library.dispatch import load_import_bytes
from loaders.library.types import ImportLoad, ImportProblem

__all__ = ["load_import_cached", "prune_parsed", "reader_fingerprint"]

_CODE_ROOTS = ("loaders", "graph/model")  # the readers, the record model and its vocabulary data
META = "load.json"


@lru_cache(maxsize=1)
def reader_fingerprint() -> str:
    """SHA-256 of the code and data that turn a file's bytes into records (changes with every update)."""
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for folder in _CODE_ROOTS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".json") and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(data: bytes, name: str) -> str:
    # the name labels the records' sources (import:NAME, library:NAME): part of the key
    return hashlib.sha256(reader_fingerprint().encode() + b"\0" + name.encode() + b"\0" + data).hexdigest()


def _read(folder: Path) -> ImportLoad | None:
    import pyarrow as pa

    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        tables = {}
        for name in meta["tables"]:
            with pa.memory_map(str(folder / f"{name}.arrow")) as source:
                tables[name] = pa.ipc.open_file(source).read_all()
        problems = [ImportProblem(int(line), str(message)) for line, message in meta["problems"]]
        return ImportLoad(str(meta["kind"]), records_from_tables(tables), problems)
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
        return None  # missing, partial or foreign: parse again


def _write(folder: Path, load: ImportLoad) -> None:
    import pyarrow as pa

    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder.parent))  # mkdtemp: mode 0700
    try:
        tables = {name: table for name, table in tables_from_records(load.records).items() if table.num_rows}
        for name, table in tables.items():
            with pa.OSFile(str(work / f"{name}.arrow"), "wb") as sink, pa.ipc.new_file(sink, table.schema) as out:
                out.write_table(table)
        meta = {"kind": load.kind, "tables": sorted(tables),
                "problems": [[p.line, p.message] for p in load.problems]}
        (work / META).write_text(json.dumps(meta), encoding="utf-8")
        os.replace(work, folder)  # whole or not at all
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs the next parse
        shutil.rmtree(work, ignore_errors=True)


def load_import_cached(path: str | Path, cache_dir: str | Path) -> ImportLoad:
    """The records of import file ``path`` (as :func:`loaders.library.dispatch.load_import_file` reads them),
    from ``cache_dir`` when this file was parsed before by the same code."""
    data = read_import_bytes(path)  # the same admission checks as every import
    name = Path(path).name
    folder = Path(cache_dir) / _key(data, name)
    cached = _read(folder) if folder.is_dir() else None
    if cached is not None:
        return cached
    load = load_import_bytes(data, path)
    _write(folder, load)
    return load


def prune_parsed(cache_dir: str | Path, paths: list[str | Path]) -> int:
    """Remove the kept records of every file but ``paths`` (as read by the current code); returns how many.

    A build calls it after replaying its imports, so entries of replaced files and of older readers go.
    """
    folder = Path(cache_dir)
    if not folder.is_dir():
        return 0
    keep = set()
    for path in paths:
        try:
            keep.add(_key(read_import_bytes(path), Path(path).name))
        except Exception:  # noqa: BLE001 - an unreadable file keeps nothing
            continue
    removed = 0
    for entry in folder.iterdir():
        if entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
            removed += 1
    return removed
