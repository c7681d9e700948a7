"""One HTTP exchange with a total deadline and a size cap, and the visible wait between tries.

``httpx`` timeouts are per read: a server that drips one byte every 2 s never
trips a 60 s read timeout, and one body could take days.  :func:`exchange` gives
each request one deadline for connect + headers + body: a timer shuts the
connection's socket down when it passes (which ends a read blocked anywhere in
httpx), and the body is read in chunks against both the deadline and
``max_bytes`` (a 250 MB answer is refused after its first ``max_bytes``, or at once
when its ``Content-Length`` says so).

:func:`countdown` is the wait a server asked for (``Retry-After``), shown on stderr
as one line that counts down (on a terminal; elsewhere one line at the start).
"""
from __future__ import annotations

import socket
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, TextIO

import httpx

from graph.terminal import terminal_safe

__all__ = ["Answer", "DeadlinePassed", "AnswerTooLarge", "exchange", "countdown", "ERROR_BODY_BYTES"]

ERROR_BODY_BYTES = 64 * 1024  # an error's body is read this far for its message


class DeadlinePassed(Exception):
    """The whole answer did not arrive within the request's deadline."""


class AnswerTooLarge(Exception):
    """The answer is larger than the client reads (``size`` bytes, or at least that many)."""

    def __init__(self, size: int, exact: bool):
        super().__init__(size)
        self.size, self.exact = size, exact


@dataclass
class Answer:
    status: int
    headers: httpx.Headers
    reason: str
    content: bytes


class _Watchdog:
    """Shuts the request's socket down when the deadline passes; learns the socket through httpcore's trace."""

    def __init__(self, seconds: float, current: list):
        self.expired = False
        self._current = current  # [socket or None]: the client's one connection, kept across requests
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True

    def trace(self, event: str, info: dict) -> None:
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            self._current[0] = stream.get_extra_info("socket") if stream is not None else None

    def _expire(self) -> None:
        self.expired = True
        sock = self._current[0]
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a recv() blocked in another thread
            except OSError:
                pass

    def __enter__(self) -> "_Watchdog":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()


def exchange(http: httpx.Client, method: str, path: str, *, params: dict | None, body: Any,
             deadline_s: float, max_bytes: int, current_socket: list) -> Answer:
    """Send one request and read its whole answer within ``deadline_s`` seconds and ``max_bytes`` bytes.

    ``http`` must keep at most one connection (``current_socket`` holds its socket, learnt when it
    connects).  Raises :class:`DeadlinePassed`, :class:`AnswerTooLarge`, or what httpx raises.
    """
    started = time.monotonic()
    with _Watchdog(deadline_s, current_socket) as watchdog:
        try:
            with http.stream(method, path, params=params, json=body,
                             extensions={"trace": watchdog.trace}) as response:
                limit = max_bytes if response.status_code == 200 else ERROR_BODY_BYTES
                declared = response.headers.get("content-length", "")
                if response.status_code == 200 and declared.isdigit() and int(declared) > max_bytes:
                    raise AnswerTooLarge(int(declared), exact=True)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        if response.status_code == 200:
                            raise AnswerTooLarge(size, exact=False)
                        break
                    chunks.append(chunk)
                    if time.monotonic() - started > deadline_s:
                        raise DeadlinePassed()
                return Answer(response.status_code, response.headers, response.reason_phrase, b"".join(chunks))
        except httpx.TransportError as exc:
            if watchdog.expired:
                raise DeadlinePassed() from exc
            raise


def countdown(seconds: float, reason: str, *, sleep: Callable[[float], None] = time.sleep,
              stream: TextIO | None = None) -> None:
    """Wait ``seconds`` (as the server asked), saying so on stderr: one line, counting down on a terminal."""
    stream = stream if stream is not None else sys.stderr
    live = bool(getattr(stream, "isatty", lambda: False)())
    left = float(seconds)
    line = f"Semantic Scholar: {terminal_safe(reason, one_line=True)}; waiting {left:.0f} s"
    stream.write(line + ("\r" if live else "\n"))
    stream.flush()
    if not live:  # a log or a pipe: the one line says it all
        sleep(left)
        return
    while left > 0:
        step = min(1.0, left)
        sleep(step)
        left -= step
        stream.write(f"\r{line.rsplit(';', 1)[0]}; waiting {max(0.0, left):.0f} s ".ljust(len(line) + 1))
        stream.flush()
    stream.write("\n")
    stream.flush()
