"""How `phenomena app` starts the explorer: `streamlit run app/streamlit_app.py` with safe defaults.

Loopback only (the graph is yours; pass ``address="0.0.0.0"`` to share it), no usage
statistics, no external-IP lookup (Streamlit does one when the address is not set),
and the developer toolbar hidden.

>>> app_command(8501)[2:4], app_command(8501)[5:7]
(['streamlit', 'run'], ['--server.port', '8501'])
"""
from __future__ import annotations

import subprocess
import sys
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

    ``headless=False`` lets Streamlit open the browser on the local URL.
    """
    try:
        return subprocess.call(app_command(port, address=address, headless=headless))
    except KeyboardInterrupt:
        return 0
