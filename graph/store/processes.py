"""Whether a process still runs: used for leftover rebuild files and the local Neo4j server's pid file."""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["is_running"]


def is_running(pid: int) -> bool:
    """True while ``pid`` runs; a zombie counts as gone.

    >>> is_running(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True
