"""Importing the user's library or reading list: the file is copied and recorded, then the graph is rebuilt.

``phenomena import`` calls :func:`run_import`.  The copy under ``PHENOMENA_HOME/imports/``
and its line in the manifest are kept only when the build succeeds: a failed build leaves
the sources as they were.
"""
from __future__ import annotations

from pathlib import Path

from app.pipeline.build import BuildOptions, BuildOutcome, ProgressBar, Say, run_build
from app.pipeline.sources import add_import
from app.settings import Settings
from loaders.imports import read_import

__all__ = ["run_import"]


def run_import(settings: Settings, path: Path, *, offline: bool = False, force: bool = False, say: Say = print,
               tell: Say = print, progress: ProgressBar | None = None,
               s2_options: dict | None = None) -> BuildOutcome:
    """Read ``path`` (BibTeX, RIS, CSL-JSON, an id list or an awesome-list README), record it, rebuild.

    ``say`` gets the file's problems and the build's messages, ``tell`` what was read (before the build).
    Only a bibliography in a regular file outside /proc, /sys and /dev is read (one-line refusal
    otherwise, quoting none of it); the owner-only copy kept is the bytes that were parsed.
    """
    data, load = read_import(path)
    for problem in load.problems:
        say(f"{path.name}: {problem}")
    manifest, entry, added = add_import(settings.home, path, data)
    if not added:
        tell(f"{path.name} was already imported on {entry.added_at} (as {entry.name}); rebuilding")
    tell(f"{len(load.records.papers)} papers read from {path.name} ({load.kind}), "
         f"{len(load.problems)} lines need attention")
    try:  # the manifest is saved only once the build succeeded
        return run_build(settings, BuildOptions(catalog=manifest.catalog, offline=offline, force=force,
                                                manifest=manifest, s2_options=s2_options),
                         say=say, progress=progress)
    except BaseException:
        if added:  # not recorded: the copy goes too
            (settings.home / "imports" / entry.name).unlink(missing_ok=True)
        raise
