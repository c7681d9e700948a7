"""Swap a freshly written database file in for the old one, atomically.

A full rebuild of the embedded graph writes a new file next to the old one
(``atlas.rebuild-<pid>.lbug``) and then renames it over the old name:

* a reader that has the old file open keeps reading it (the rename does not
  touch the open file; the old data is freed when the last reader closes);
* a crash before the rename leaves the old file, untouched, and a stale
  rebuild file that the next rebuild removes; after it, the new file;
* neither file may have a sidecar (``.wal``, ``.shadow``, ``….lock``) at the
  swap: a write-ahead log left next to the old name would be replayed into
  the new file.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> target = os.path.join(folder, "atlas.lbug")
>>> rebuild_path(target).name == f"atlas.rebuild-{os.getpid()}.lbug"
True
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from graph.errors import StoreUnavailable
from graph.store.processes import is_running

__all__ = ["rebuild_path", "sidecars", "remove_stale_rebuilds", "discard", "swap_in"]


def rebuild_path(path: str | Path, pid: int | None = None) -> Path:
    """Where a rebuild of ``path`` writes its new file (same folder: the rename stays atomic)."""
    path = Path(path)
    return path.with_name(f"{path.stem}.rebuild-{os.getpid() if pid is None else pid}{path.suffix}")


def sidecars(path: str | Path) -> list[Path]:
    """Files the engine keeps next to ``path`` (``path.wal``, ``path.shadow``, lock files…)."""
    path = Path(path)
    return sorted(p for p in path.parent.glob(f"{glob_escape(path.name)}.*") if p.is_file())


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def discard(path: str | Path) -> None:
    """Remove a database file and its sidecars, if present."""
    for p in [Path(path), *sidecars(path)]:
        p.unlink(missing_ok=True)


def remove_stale_rebuilds(path: str | Path) -> list[Path]:
    """Delete rebuild files of ``path`` left by processes that no longer run (a killed build)."""
    path = Path(path)
    pattern = re.compile(rf"{re.escape(path.stem)}\.rebuild-(\d+){re.escape(path.suffix)}$")
    removed = []
    for candidate in path.parent.glob(f"{glob_escape(path.stem)}.rebuild-*{path.suffix}"):
        match = pattern.match(candidate.name)
        if match and not _running(int(match.group(1))):
            discard(candidate)
            removed.append(candidate)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftover (an earlier failed attempt): ours to remove
    return is_running(pid)


def swap_in(new: str | Path, path: str | Path) -> None:
    """Rename the closed database file ``new`` over ``path``, durably.

    Both must be closed (no sidecar files); otherwise nothing moves and the
    error says so.
    """
    new, path = Path(new), Path(path)
    busy = sidecars(new) + sidecars(path)
    if busy:
        raise StoreUnavailable(
            f"cannot swap in the rebuilt graph: {busy[0].name} is present (another process has "
            f"{path.name} open for writing); stop it and run the build again")
    _fsync(new)
    os.replace(new, path)  # atomic on one file system: readers see the old file or the new one
    _fsync(path.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
