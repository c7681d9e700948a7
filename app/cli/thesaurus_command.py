"""`phenomena thesaurus`: where the keyword map's thesaurus files are, what they hold, a copy to edit."""
from __future__ import annotations

import shutil

import typer

from app.cli.output import echo, terminal_safe
from app.settings import load_settings
from graph.analytics.thesaurus import THESAURUS_NAME, default_thesaurus_path, load_thesaurus
from graph.errors import ConfigError

__all__ = ["thesaurus_command"]


def thesaurus_command(
    init: bool = typer.Option(False, "--init", help=f"Copy the default thesaurus to PHENOMENA_HOME/{THESAURUS_NAME} "
                                                    "to edit it (never over an existing file)."),
):
    """Name the keyword map's thesaurus files and check them: the default shipped with the app and yours in
    PHENOMENA_HOME (read after it: your lines win).  One `label<TAB>replace by` pair a line (VOSviewer's format,
    first line `label<TAB>replace by`); an empty replacement drops the term.  A malformed line stops with its
    number and exit 1.

    Example: phenomena thesaurus --init
    """
    default, mine = default_thesaurus_path(), load_settings().home / THESAURUS_NAME
    if init:
        if mine.exists():
            raise ConfigError(f"{mine} exists: edit it, or move it away and run `phenomena thesaurus --init` again")
        try:
            mine.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(default, mine)
        except OSError as err:
            raise ConfigError(f"cannot write {mine} ({err.strerror or type(err).__name__}): "
                              "check PHENOMENA_HOME") from err
        echo(f"copied the default thesaurus to {terminal_safe(str(mine))}: edit it, the Maps page reads it on its "
             "next run")
    thesaurus = load_thesaurus(mine)  # a malformed line: one line naming it, exit 1
    echo(f"default: {terminal_safe(str(default))}")
    echo(f"yours:   {terminal_safe(str(mine))}" + ("" if mine.is_file() else " (absent: `phenomena thesaurus --init` "
                                                                         "copies the default there)"))
    echo(f"{thesaurus.merges} terms merged into another, {thesaurus.drops} dropped")
