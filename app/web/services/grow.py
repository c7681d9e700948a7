"""Growing the graph from the app: :func:`app.pipeline.grow` in this process, its messages passed line by line."""
from __future__ import annotations

from typing import Callable

from app import pipeline  # pipeline.grow: the build it runs is imported on first use
from app.settings import Settings
from graph.errors import AtlasError

__all__ = ["run_grow"]


def run_grow(settings: Settings, kind: str, value: str, limit: int, on_line: Callable[[str], None]) -> int:
    """Grow the graph around ``kind`` ("concept" or "paper") ``value`` and rebuild it, passing each
    message of the build, its summary and the grow's outcome to ``on_line`` as they come.

    Returns 0 when done; 1 after a one-line error (``Error: …``, the CLI's words), 2 after a bug.
    """
    try:
        outcome = pipeline.grow(settings, kind, value, limit, say=on_line)
    except AtlasError as err:
        on_line(f"Error: {err}")
        return 1
    except Exception as err:  # a bug: one line on the page, as the CLI says it (the app keeps running)
        on_line(f"Error: unexpected {type(err).__name__}: {' '.join(str(err).split())}")
        return 2
    for line in outcome.build.lines() + outcome.lines():
        on_line(line)
    return 0
