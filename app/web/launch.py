"""How `phenomena app` starts the explorer: `streamlit run app/web/streamlit_app.py` with safe defaults.

Loopback only (the graph is yours; pass ``address="0.0.0.0"`` to share it), no usage
statistics, no external-IP lookup (Streamlit does one when the address is not set),
and the developer toolbar hidden.

>>> app_command(8501)[2:4], app_command(8501)[5:7]
(['streamlit', 'run'], ['--server.port', '8501'])
"""
from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from pathlib import Path

__all__ = ["APP_SCRIPT", "app_command", "run_app"]

APP_SCRIPT = Path(__file__).resolve().parent / "streamlit_app.py"


def app_command(port: int = 8501, *, address: str = "127.0.0.1", headless: bool = True,
                python: str = sys.executable) -> list[str]:
    """The command line that serves the app on ``address:port``."""
    return [python, "-m", "streamlit", "run", str(APP_SCRIPT),
            "--server.port", str(port), "--server.address", address,
            "--server.headless", "true" if headless else "false",
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]


def run_app(port: int = 8501, *, address: str = "127.0.0.1", headless: bool = False) -> int:
    """Serve the app until interrupted; returns Streamlit's exit code.

    Streamlit always runs headless: otherwise its first run stops to ask for an
    e-mail address on the terminal.  ``headless=False`` opens the browser here,
    once the server answers.
    """
    proc = subprocess.Popen(app_command(port, address=address, headless=True))
    if not headless:
        threading.Thread(target=_open_when_ready, args=(f"http://{address}:{port}", proc), daemon=True).start()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()


def _open_when_ready(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                webbrowser.open(url)
                return
        except OSError:
            time.sleep(0.5)
