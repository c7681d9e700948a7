"""The app as `phenomena app` runs it, on a free loopback port: for browser tests and the scale benchmark."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from pathlib import Path

import httpx

from app.web.launch import app_command  # the command `phenomena app` runs

__all__ = ["free_port", "serve_app"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(home: Path, command=app_command, cwd: Path | None = None, timeout_s: float = 60, **env_extra: str):
    """``command(port)`` (default: the Streamlit command `phenomena app` runs) on a free port with
    ``env_extra``; yields its base URL once healthy, then stops it with SIGTERM.  Raises RuntimeError
    with the end of its log when it does not start within ``timeout_s``."""
    port = free_port()
    env = {**os.environ, "PHENOMENA_HOME": str(home), **env_extra}
    log = open(home / "streamlit.log", "w")
    proc = subprocess.Popen(command(port), cwd=cwd or home, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(f"{base}/_stcore/health", timeout=1).text == "ok":
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {(home / 'streamlit.log').read_text()[-2000:]}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
