"""Debian's chromium for the browser tests: where it is, where screenshots go, and the skip (or CI failure)
when it is missing.  The fixtures (``home``, ``server``, ``browser``, ``page``) are in tests/e2e/conftest.py.
"""
import os
import shutil
from pathlib import Path

import pytest

from tests.support.fixture_graph import build_fixture_records

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = os.environ.get("PHENOMENA_CHROMIUM", "/usr/bin/chromium")
RECORDS = build_fixture_records()  # the graph the browser tests' app serves
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def require_chromium() -> None:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        reason = f"no chromium at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


# --- the Graph page in chromium: its drawings (iframes), their nodes, the side panel ---

def _frame(page, n: int = 0):
    frame = page.frame_locator("iframe").nth(n)
    frame.locator("body[data-atlas-ready] #mynetwork canvas").wait_for()
    return page.locator("iframe").nth(n)


def _node_point(page, node_id: str, n: int = 0) -> dict:
    """Where vis-network drew ``node_id`` in the component ``n``, in page coordinates."""
    return page.evaluate("""([id, n]) => {
        const el = document.querySelectorAll('iframe')[n];
        const net = el.contentWindow.network;
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const canvas = el.contentDocument.querySelector('#mynetwork canvas').getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return {x: box.left + canvas.left + dom.x, y: box.top + canvas.top + dom.y};
    }""", [node_id, n])


def _click(page, node_id: str, *, shift: bool = False, n: int = 0) -> None:
    iframe = page.locator("iframe").nth(n)
    iframe.scroll_into_view_if_needed()
    point = _node_point(page, node_id, n)
    if shift:
        page.keyboard.down("Shift")
    page.mouse.click(point["x"], point["y"])
    if shift:
        page.keyboard.up("Shift")


def _panel(page):
    return page.locator(".st-key-graph_panel")
