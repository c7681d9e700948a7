"""Console queries on the embedded store, run in a child process that can be stopped.

LadybugDB runs inside the calling process: a query that crashes its parser
(deep nesting), stalls it before execution (where the engine's timeout does
not reach) or fills memory would take the app or the CLI down with it.  So a
console query runs in a child process that opens the same file read-only with
a small buffer pool; the parent

* kills it at the wall-clock deadline (``timeout_s`` plus the child's start-up),
* kills it when its resident memory passes ``memory_mb``,
* reports a crash of the child as a one-line error, and keeps running.

The child starts in an empty temporary folder and may not write a byte to
any file (``RLIMIT_FSIZE`` = 0); the engine's plan check refuses file access
before that (:mod:`graph.store.plan`).

>>> run_sandboxed("/tmp/atlas.lbug", "MATCH (p:Paper) RETURN count(p)", {})  # doctest: +SKIP
QueryResult(columns=['COUNT_STAR()'], rows=[[602]], truncated=False)
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from graph import errors
from graph.errors import QueryError
from graph.store.base import QueryResult

__all__ = ["run_sandboxed", "CONSOLE_MEMORY_MB", "CONSOLE_BUFFER_POOL_MB", "START_ALLOWANCE_S"]

CONSOLE_MEMORY_MB = 1024  # resident memory of the child before it is killed
CONSOLE_BUFFER_POOL_MB = 256  # the engine's own memory limit in the child
START_ALLOWANCE_S = 3.0  # Python and the engine starting, on a busy machine
_ROOT = Path(__file__).resolve().parents[3]


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def run_sandboxed(path: str | Path, text: str, params: dict[str, Any], *, limit: int | None,
                  timeout_s: float, memory_mb: int = CONSOLE_MEMORY_MB) -> QueryResult:
    """Run one read on the LadybugDB file at ``path`` in a child process; see the module doc."""
    request = pickle.dumps({"path": str(Path(path).resolve()), "text": text, "params": params,
                            "limit": limit, "timeout_s": timeout_s})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_ROOT), os.environ.get("PYTHONPATH", "")])}
    with tempfile.TemporaryDirectory(prefix="atlas-console-") as cwd:
        proc = subprocess.Popen([sys.executable, "-m", "graph.store.embedded.sandbox"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env)
        out: dict[str, bytes] = {}
        reader = threading.Thread(target=lambda: out.update(zip(("stdout", "stderr"), proc.communicate(request))),
                                  daemon=True)
        reader.start()
        deadline = time.monotonic() + timeout_s + START_ALLOWANCE_S
        why = None
        while reader.is_alive():
            reader.join(0.05)
            if not reader.is_alive():
                break
            if time.monotonic() > deadline:
                why = f"query timed out after {timeout_s:g} s: add a LIMIT or narrow the MATCH"
            elif _rss_mb(proc.pid) > memory_mb:
                why = (f"query stopped: it needed more than {memory_mb} MB of memory; "
                       "add a LIMIT or aggregate (count, collect) instead of returning every row")
            if why:
                proc.kill()  # our own child, by its handle
                reader.join(10)
                raise QueryError(why)
    return _answer(proc.returncode, out.get("stdout", b""), out.get("stderr", b""))


def _answer(code: int, stdout: bytes, stderr: bytes) -> QueryResult:
    if code != 0 or not stdout:
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        tail = " ".join(stderr.decode(errors="replace").split())[-160:]
        raise QueryError(f"the engine crashed on this query ({how}{': ' + tail if tail else ''}); "
                         "the app is unaffected: simplify the query")
    kind, payload = pickle.loads(stdout)
    if kind == "ok":
        return payload
    name, message = payload
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, errors.AtlasError)):
        cls = QueryError
    raise cls(message)


def _serve() -> None:
    """The child: read one request from stdin, answer on stdout (pickled)."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    request = pickle.loads(sys.stdin.buffer.read())
    from graph.store.embedded.store import EmbeddedStore

    try:
        with EmbeddedStore(request["path"], buffer_pool_mb=CONSOLE_BUFFER_POOL_MB) as store:
            result = store.query(request["text"], request["params"], limit=request["limit"],
                                 timeout_s=request["timeout_s"])
        answer = ("ok", result)
    except errors.AtlasError as err:
        answer = ("error", (type(err).__name__, str(err)))
    except Exception as err:  # the engine's own errors: one line, never a traceback
        answer = ("error", ("QueryError", f"the query failed: {' '.join(str(err).split())[:300]}"))
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.flush()


if __name__ == "__main__":
    _serve()
