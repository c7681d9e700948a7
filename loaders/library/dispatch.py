"""One import file, its format told apart by content (:func:`loaders.import_files.detect_format`): CSL-JSON,
RIS, BibTeX, an awesome-list README or a list of identifiers.  Only a regular file of a bounded size is read,
and a file that is no bibliography is refused without quoting any of its lines.
"""
from __future__ import annotations

from pathlib import Path

from graph.errors import SourceError
from loaders.import_files import MAX_IMPORT_BYTES, NOT_A_BIBLIOGRAPHY, decode_import, detect_format, read_import_bytes
from loaders.library.awesome_list import load_awesome_list
from loaders.library.bibtex import load_bibtex
from loaders.library.csl import load_csl_json
from loaders.library.ids import load_id_list
from loaders.library.ris import load_ris
from loaders.library.types import LIBRARY_KINDS, ImportLoad, mark_library

__all__ = ["load_import_file", "read_import", "load_import_bytes", "load_import_text", "read_import_text",
           "MAX_IMPORT_BYTES"]


def read_import_text(path: str | Path, max_bytes: int = MAX_IMPORT_BYTES) -> str:
    """The UTF-8 text (BOM stripped) of a regular file of at most ``max_bytes`` outside /proc, /sys and /dev;
    devices, FIFOs and folders are refused before they are opened (see :mod:`loaders.import_files`)."""
    return decode_import(read_import_bytes(path, max_bytes), path)


def load_import_file(path: str | Path) -> ImportLoad:
    """Read a list of ids, a BibTeX, RIS or CSL-JSON file, or a markdown awesome-list, told apart by content.

    All but the awesome-list are the user's library (:func:`loaders.library.types.mark_library`).
    Only a regular file of at most :data:`MAX_IMPORT_BYTES` is read (:func:`read_import_text`).
    """
    return read_import(path)[1]


def read_import(path: str | Path) -> tuple[bytes, ImportLoad]:
    """(the file's bytes, its records): the file is read once, so the copy kept is what was parsed.

    A file that is no bibliography is refused (:class:`SourceError`) without quoting any of its lines.
    """
    data = read_import_bytes(path)
    return data, load_import_bytes(data, path)


def load_import_bytes(data: bytes, path: str | Path) -> ImportLoad:
    """The records of ``data``, the bytes of import file ``path`` (its name labels the records' sources).

    A file that is no bibliography is refused (:class:`SourceError`) without quoting any of its lines.
    """
    text = decode_import(data, path)
    name = Path(path).name
    kind = detect_format(text)
    if kind is None:  # not one line of it is echoed, copied or stored
        raise SourceError(f"{name} {NOT_A_BIBLIOGRAPHY}")
    return load_import_text(text, kind, name)


def load_import_text(text: str, kind: str, name: str) -> ImportLoad:
    """The records of ``text`` read as ``kind`` (:func:`loaders.import_files.detect_format`); ``name`` labels sources."""
    source = f"import:{name}"
    readers = {"csl-json": load_csl_json, "ris": load_ris, "bibtex": load_bibtex,
               "awesome-list": load_awesome_list, "ids": load_id_list}
    load = readers[kind](text, source)
    return mark_library(load, name) if load.kind in LIBRARY_KINDS else load
