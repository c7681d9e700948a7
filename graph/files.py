"""Writing a set of files as one step: all land, or none; nothing overwritten unless asked.

>>> import tempfile, pathlib
>>> def write_a(folder):
...     (folder / "a.txt").write_text("new")
...     return [folder / "a.txt"]
>>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
>>> [p.name for p in write_staged(out, write_a)]
['a.txt']
>>> write_staged(out, write_a)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.ConfigError: .../a.txt exists: nothing was written; choose another folder, or add --force to overwrite
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from graph.errors import ConfigError

__all__ = ["write_staged", "replace_file", "keep_newest"]


def write_staged(out_dir: str | Path, write: Callable[[Path], list[Path]], *, force: bool = False) -> list[Path]:
    """Call ``write(staging_dir)``, then move what it wrote into ``out_dir``.

    Refuses (one line, nothing written) when ``out_dir`` is not a folder, when a
    file would be overwritten and ``force`` is false, or when the disk is full.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out} is a file, not a folder: give a folder to write into")
    created = next((p for p in reversed([out, *out.parents]) if not p.exists()), None)  # the first folder we make
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=out))
    except OSError as err:
        raise ConfigError(f"cannot write into {out} ({err.strerror or type(err).__name__}): "
                          "choose another folder") from err
    moved = False
    try:
        written = write(staging)
        targets = [out / Path(p).relative_to(staging) for p in written]
        clash = [t for t in targets if t.exists()]
        if clash and not force:
            more = f" (and {len(clash) - 1} more)" if len(clash) > 1 else ""
            raise ConfigError(f"{clash[0]} exists{more}: nothing was written; choose another folder, "
                              "or add --force to overwrite")
        for source, target in zip(written, targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            moved = True
            os.replace(source, target)
        return targets
    except OSError as err:
        raise ConfigError(f"cannot write into {out} ({err.strerror or type(err).__name__}): "
                          "free some disk space or choose another folder") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created is not None and not moved:  # a failed export leaves no folder behind either
            shutil.rmtree(created, ignore_errors=True)


def replace_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: written beside it, then renamed over it (a killed
    process leaves the old file or the new one, never half of one).

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sub" / "a.json"
    >>> replace_file(target, b"[]"); target.read_bytes(), [p.name for p in target.parent.iterdir()]
    (b'[]', ['a.json'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        part.write_bytes(data)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def keep_newest(folder: str | Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently written files of ``folder`` matching ``pattern``."""
    files = sorted(Path(folder).glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
