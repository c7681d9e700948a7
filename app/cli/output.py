"""The CLI's one way to write text: data never reaches the terminal as control sequences.

Every message may carry outside text (a title, an API error, a file name), so
:func:`echo` passes it through :func:`graph.terminal.terminal_safe` first.
"""
from __future__ import annotations

import typer

from graph.terminal import terminal_safe

__all__ = ["echo", "terminal_safe"]


def echo(message: object = "", err: bool = False) -> None:
    """``typer.echo`` of ``message`` without escape sequences or control characters (tab, newline kept)."""
    typer.echo(terminal_safe(message), err=err)
