"""One import file, its format told apart by content: CSL-JSON, RIS, BibTeX, an awesome-list README
or a list of identifiers.  Only a regular file of a bounded size is read.
"""
from __future__ import annotations

import re
import stat
from pathlib import Path

from graph.errors import SourceError
from loaders.library.awesome_list import load_awesome_list
from loaders.library.bibtex import load_bibtex
from loaders.library.csl import load_csl_json, looks_like_csl_json
from loaders.library.ids import load_id_list
from loaders.library.ris import load_ris, looks_like_ris
from loaders.library.types import LIBRARY_KINDS, ImportLoad, mark_library

__all__ = ["load_import_file", "read_import_text", "MAX_IMPORT_BYTES"]

MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a reading list of ~100k papers; more is not a reading list


def read_import_text(path: str | Path, max_bytes: int = MAX_IMPORT_BYTES) -> str:
    """The text of a regular file of at most ``max_bytes``; devices, FIFOs and folders are refused
    before they are opened (``/dev/zero`` never ends, a FIFO blocks)."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SourceError(f"no file at {path}: check the path") from None
    except OSError as err:
        raise SourceError(f"cannot read {path} ({type(err).__name__}): check the path") from err
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"{path} is not a regular file: give a text file (BibTeX, a list of ids or a README)")
    if info.st_size > max_bytes:
        raise SourceError(f"{path} is {info.st_size / 2**20:.0f} MB, more than the {max_bytes // 2**20} MB "
                          "an import may be: split it into smaller files")
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:  # grew while we read
            raise SourceError(f"{path} is larger than {max_bytes // 2**20} MB: split it into smaller files")
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SourceError(f"cannot read {path} ({type(err).__name__}): give a UTF-8 text file") from err


def load_import_file(path: str | Path) -> ImportLoad:
    """Read a list of ids, a BibTeX, RIS or CSL-JSON file, or a markdown awesome-list, told apart by content.

    All but the awesome-list are the user's library (:func:`loaders.library.types.mark_library`).
    Only a regular file of at most :data:`MAX_IMPORT_BYTES` is read (:func:`read_import_text`).
    """
    text = read_import_text(path)
    path = Path(path)
    source = f"import:{path.name}"
    if looks_like_csl_json(text):
        load = load_csl_json(text, source)
    elif looks_like_ris(text):
        load = load_ris(text, source)
    elif re.search(r"^[ \t]*@\w+[ \t]*[{(]", text, re.M):
        load = load_bibtex(text, source)
    elif re.search(r"^- .+\[\[paper\]\]", text, re.M):
        return load_awesome_list(text, source)
    else:
        load = load_id_list(text, source)
    return mark_library(load, path.name) if load.kind in LIBRARY_KINDS else load
