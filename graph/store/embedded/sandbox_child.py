"""The child process of :mod:`graph.store.embedded.sandbox`: reads one pickled console request on stdin,
runs it on the embedded store opened with a small buffer pool, and writes the pickled answer on stdout.

It may not write a byte to any file (``RLIMIT_FSIZE`` = 0); errors come back as one line, never a traceback.
Run as ``python -m graph.store.embedded.sandbox_child``; the parent owns the deadline and the memory ceiling.
"""
from __future__ import annotations

import pickle
import resource
import signal
import sys

from graph import errors
from graph.store.embedded.sandbox import CONSOLE_BUFFER_POOL_MB
from graph.store.embedded.store import EmbeddedStore

__all__: list[str] = []


def _serve() -> None:
    """The child: read one request from stdin, answer on stdout (pickled)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    request = pickle.loads(sys.stdin.buffer.read())
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
