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
