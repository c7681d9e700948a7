"""How `phenomena app` starts the explorer: `streamlit run app/web/streamlit_app.py` with safe defaults.

Loopback only (the graph is yours; pass ``address="0.0.0.0"`` to share it), answering only
to its own names (a DNS-rebinding page is refused: :func:`allowed_hosts`), no usage
statistics, no external-IP lookup (Streamlit does one when the address is not set),
and the developer toolbar hidden.

Before anything is printed, :func:`choose_port` checks the port: out of range
or busy is a one-line error that names a free port (``--port 0`` picks one).
The launcher forwards SIGTERM and SIGINT to Streamlit and waits for it, so
stopping ``phenomena app`` leaves nothing listening.

>>> app_command(8501)[2:4], app_command(8501)[5:7]
(['app.web.serve', 'run'], ['--server.port', '8501'])
"""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from pathlib import Path

from graph.errors import ConfigError

__all__ = ["APP_SCRIPT", "allowed_hosts", "app_command", "run_app", "choose_port", "port_is_free", "next_free_port"]

STOP_TIMEOUT_S = 10  # how long Streamlit gets to stop before it is killed


def port_is_free(port: int, address: str = "127.0.0.1") -> bool:
    """True when nothing listens on ``address:port`` (we can bind it)."""
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as sock:
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


def next_free_port(port: int, address: str = "127.0.0.1", tries: int = 50) -> int:
    """The first free port after ``port`` (or any free port the system gives, if none of ``tries`` is)."""
    for candidate in range(port + 1, min(port + 1 + tries, 65536)):
        if port_is_free(candidate, address):
            return candidate
    with socket.socket() as sock:
        sock.bind((address, 0))
        return sock.getsockname()[1]


def choose_port(port: int, address: str = "127.0.0.1") -> int:
    """The port to serve on: ``port`` if valid and free, any free port for 0, else a one-line error.

    >>> choose_port(80000)
    Traceback (most recent call last):
    graph.errors.ConfigError: --port 80000 is not a port: give 1-65535, or --port 0 for any free port
    """
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port {port} is not a port: give 1-65535, or --port 0 for any free port")
    if port == 0:
        return next_free_port(8500, address)
    if not port_is_free(port, address):
        raise ConfigError(f"port {port} is busy (something already listens on {address}:{port}): "
                          f"run `phenomena app --port {next_free_port(port, address)}`, or --port 0 for any free port")
    return port

APP_SCRIPT = Path(__file__).resolve().parent / "streamlit_app.py"


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def allowed_hosts(address: str = "127.0.0.1") -> list[str]:
    """The names the app answers to (the ``Host`` of its WebSocket): loopback, plus the bound address,
    or this machine's names when bound to every interface.  Any other name is refused, so a page
    whose domain was re-pointed at this machine (DNS rebinding) cannot drive the app.

    >>> allowed_hosts()
    ['localhost', '127.0.0.1', '::1']
    >>> allowed_hosts("192.168.1.5")[-1]
    '192.168.1.5'
    """
    hosts = list(LOOPBACK_NAMES)
    extra = [address]
    if address in ("0.0.0.0", "::", ""):  # every interface: this machine's names and their addresses
        extra = [socket.gethostname(), socket.getfqdn()]
        try:
            extra += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)]
        except OSError:
            pass
    return hosts + [h for h in dict.fromkeys(extra) if h and h not in hosts]


def app_command(port: int = 8501, *, address: str = "127.0.0.1", headless: bool = True,
                python: str = sys.executable) -> list[str]:
    """The command line that serves the app on ``address:port``: same-origin WebSocket only
    (CORS and XSRF protection on, ``Host`` one of :func:`allowed_hosts`).  ``streamlit run`` through
    :mod:`app.web.serve`, which reads the graph while the browser loads the page."""
    hosts = [arg for host in allowed_hosts(address) for arg in ("--server.allowedHosts", host)]
    return [python, "-m", "app.web.serve", "run", str(APP_SCRIPT),
            "--server.port", str(port), "--server.address", address,
            "--server.headless", "true" if headless else "false",
            "--server.enableCORS", "true", "--server.enableXsrfProtection", "true", *hosts,
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer",
            # No watching of the source files for changes: the explorer is run, not developed (and a
            # watcher on ~200 modules costs start-up time and CPU on a small machine).
            "--server.fileWatcherType", "none"]


def run_app(port: int = 8501, *, address: str = "127.0.0.1", headless: bool = False) -> int:
    """Serve the app until interrupted or terminated; returns Streamlit's exit code (0 when stopped by a signal).

    Streamlit always runs headless: otherwise its first run stops to ask for an
    e-mail address on the terminal.  ``headless=False`` opens the browser here,
    once the server answers.
    """
    proc = subprocess.Popen(app_command(port, address=address, headless=True))
    if not headless:
        threading.Thread(target=_open_when_ready, args=(f"http://{address}:{port}", proc), daemon=True).start()
    stopping: list[float] = []  # when each stop signal came

    def forward(signum, _frame):  # SIGTERM/SIGINT to us: pass it on, then wait for Streamlit below
        stopping.append(time.monotonic())
        if proc.poll() is None:
            proc.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if stopping and time.monotonic() - stopping[0] > STOP_TIMEOUT_S:
                    proc.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return 0 if stopping else code


def _open_when_ready(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                webbrowser.open(url)
                return
        except OSError:
            time.sleep(0.5)
