"""Which files an import may read, how their format is told, and how they are kept.

An import is a file someone sent: it may be a symlink to ``/etc/passwd``, a path
under ``/proc`` (``/proc/self/environ`` holds the API key), a device or a FIFO.
Only a regular file outside ``/proc``, ``/sys`` and ``/dev`` (after following every
symlink) of at most :data:`MAX_IMPORT_BYTES` is read; a file whose content is
not a bibliography (:func:`detect_format` says ``None``) is refused without
quoting any of its lines, is never copied and never reaches the build's metadata.
The copy kept under ``PHENOMENA_HOME/imports`` is owner-only (mode 0600).

>>> detect_format("\\ufeff@article{a, title={Grokking}}")
'bibtex'
>>> detect_format("root:x:0:0:root:/root:/bin/bash\\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin") is None
True
>>> detect_format("2201.02177\\n# my list\\nDOI:10.1073/pnas.1903070116\\n")
'ids'
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from graph.errors import SourceError
from loaders.reference_formats import looks_like_csl_json, looks_like_ris

__all__ = ["MAX_IMPORT_BYTES", "FORBIDDEN_ROOTS", "admit_import_path", "read_import_bytes", "decode_import",
           "detect_format", "save_import_copy", "NOT_A_BIBLIOGRAPHY"]

MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a reading list of ~100k papers; more is not a reading list
# Kernel and device trees: their "files" are process secrets, endless streams or hardware.
FORBIDDEN_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))
BOM = "\ufeff"
NOT_A_BIBLIOGRAPHY = ("is not a bibliography (BibTeX, RIS, CSL-JSON), a list of arXiv ids, DOIs or "
                      "Semantic Scholar ids, or an awesome-list README: nothing was imported")
_BIBTEX_ENTRY = re.compile(r"^[ \t]*@\w+[ \t]*[{(]", re.M)
_AWESOME_ENTRY = re.compile(r"^- .+\[\[paper\]\]", re.M)


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def admit_import_path(path: str | Path) -> Path:
    """The real path of ``path`` when it is a regular file an import may read; else :class:`SourceError`.

    >>> admit_import_path("/dev/zero")
    Traceback (most recent call last):
    ...
    graph.errors.SourceError: /dev/zero is under /dev, which holds system and process data, not a reading list: give a BibTeX, RIS, CSL-JSON or id-list file
    """
    given = Path(path)
    try:
        real = Path(os.path.realpath(given, strict=True))
    except FileNotFoundError:
        raise SourceError(f"no file at {given}: check the path") from None
    except OSError as err:  # a symlink loop, a permission on a folder
        raise SourceError(f"cannot read {given} ({type(err).__name__}): check the path") from err
    for root in FORBIDDEN_ROOTS:
        if _under(real, root) or _under(given.absolute(), root):
            via = "" if real == given.absolute() else f" (a link to {real})"
            raise SourceError(f"{given}{via} is under {root}, which holds system and process data, not a reading "
                              "list: give a BibTeX, RIS, CSL-JSON or id-list file")
    try:
        info = real.stat()
    except OSError as err:
        raise SourceError(f"cannot read {given} ({type(err).__name__}): check the path") from err
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"{given} is not a regular file: give a text file (BibTeX, a list of ids or a README)")
    return real


def read_import_bytes(path: str | Path, max_bytes: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of an admitted file (:func:`admit_import_path`) of at most ``max_bytes``, read once."""
    real = admit_import_path(path)
    size = real.stat().st_size
    if size > max_bytes:
        raise SourceError(f"{path} is {size / 2**20:.0f} MB, more than the {max_bytes // 2**20} MB "
                          "an import may be: split it into smaller files")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(real, flags)  # no follow, no block: swapped for a link or a FIFO since the check? refused
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise SourceError(f"{path} is not a regular file: give a text file (BibTeX, a list of ids or a README)")
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise SourceError(f"cannot read {path} ({type(err).__name__}): check the path") from err
    if len(data) > max_bytes:  # grew while we read
        raise SourceError(f"{path} is larger than {max_bytes // 2**20} MB: split it into smaller files")
    return data


def decode_import(data: bytes, path: str | Path) -> str:
    """UTF-8 text without a leading byte-order mark (a BOM never changes the detected format)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SourceError(f"cannot read {path} (not UTF-8 text at byte {err.start}): give a UTF-8 text file") from err
    return text[len(BOM):] if text.startswith(BOM) else text


def _looks_like_id_list(text: str) -> bool:
    """At least one line, and at least half of the non-comment lines, are identifiers."""
    from loaders.imports import parse_identifier  # imports.py uses this module: read it only when called

    lines = [line.split("#", 1)[0].strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return False
    known = 0
    for number, line in enumerate(lines):
        known += parse_identifier(line) is not None
        if known * 2 >= len(lines):
            return True
        if (number + 1 - known) * 2 > len(lines):  # more than half already failed
            return False
    return False


def detect_format(text: str) -> str | None:
    """``csl-json``, ``ris``, ``bibtex``, ``awesome-list`` or ``ids`` from the content; ``None`` for anything else."""
    text = text[len(BOM):] if text.startswith(BOM) else text
    if looks_like_csl_json(text):
        return "csl-json"
    if looks_like_ris(text):
        return "ris"
    if _BIBTEX_ENTRY.search(text):
        return "bibtex"
    if _AWESOME_ENTRY.search(text):
        return "awesome-list"
    if _looks_like_id_list(text):
        return "ids"
    return None


def save_import_copy(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` readable by the owner only (0600), atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o600)  # whatever the umask
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
