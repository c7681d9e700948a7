"""The running app answers only its own origin: a DNS-rebinding page cannot open its WebSocket.

A rebinding page is served from ``evil.example`` whose address was re-pointed at 127.0.0.1: the
browser sends ``Host: evil.example:PORT`` and a matching ``Origin``, which a same-origin check
alone accepts.  The handshake is written by hand on a real socket so the headers are exactly
those a browser would send (a client library sets its own ``Host``).
"""
from __future__ import annotations

import base64
import os
import socket

import pytest

from tests.support.app_server import serve_app
from tests.support.fixture_graph import write_fixture_store


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    home = tmp_path_factory.mktemp("origin-home")
    write_fixture_store(home / "atlas.lbug")
    with serve_app(home, PHENOMENA_STORE="embedded") as base:
        yield int(base.rsplit(":", 1)[1])


def _handshake(port: int, host: str, origin: str | None) -> int:
    """The HTTP status of a WebSocket upgrade to the app's stream with these ``Host``/``Origin``."""
    lines = ["GET /_stcore/stream HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}", "Sec-WebSocket-Version: 13",
             "Sec-WebSocket-Protocol: streamlit"] + ([f"Origin: {origin}"] if origin else [])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status = sock.recv(200).split(b"\r\n", 1)[0].decode()
    return int(status.split()[1])


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_own_origin_opens_the_websocket(app, host):
    assert _handshake(app, f"{host}:{app}", f"http://{host}:{app}") == 101


@pytest.mark.parametrize("host, origin", [
    ("evil.example:{port}", "http://evil.example:{port}"),   # DNS rebinding: Host and Origin agree
    ("evil.example:{port}", None),                            # no Origin (a non-browser relay)
    ("127.0.0.1:{port}", "http://evil.example:{port}"),       # a cross-origin page
    ("127.0.0.1.evil.example:{port}", "http://127.0.0.1.evil.example:{port}"),
    ("localhost.:{port}@evil.example", "http://evil.example"),
])
def test_forged_host_or_origin_is_refused(app, host, origin):
    status = _handshake(app, host.format(port=app), origin and origin.format(port=app))
    assert status in (400, 403), status
