"""Growing the graph from the app: the CLI's `grow` in a child process, its output streamed line by line."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

__all__ = ["grow_command", "run_grow"]

ROOT = Path(__file__).resolve().parents[3]  # the project folder, where `python -m app.cli` runs


def grow_command(kind: str, value: str, limit: int) -> list[str]:
    """The CLI call that grows the graph (``kind`` is ``concept`` or ``paper``); no shell involved."""
    if kind not in ("concept", "paper"):
        raise ValueError(f"unknown grow kind {kind!r}")
    return [sys.executable, "-m", "app.cli", "grow", f"--{kind}", value, "--limit", str(int(limit))]


def run_grow(kind: str, value: str, limit: int, on_line: Callable[[str], None]) -> int:
    """Grow the graph in a child process (it writes the store), passing each output line to ``on_line``.

    Progress bars arrive as their latest state; returns the exit code (0: done).
    """
    proc = subprocess.Popen(grow_command(kind, value, limit), cwd=str(ROOT),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    buffer = ""
    assert proc.stdout is not None
    for chunk in iter(lambda: proc.stdout.read(256), ""):
        buffer += chunk
        *lines, buffer = re.split(r"[\r\n]", buffer)
        for line in lines:
            if line.strip():
                on_line(line.strip())
    if buffer.strip():
        on_line(buffer.strip())
    return proc.wait()
