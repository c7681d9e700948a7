"""Test-wide settings: the report of counts, and CI's rule that nothing may be skipped for lack of parts."""
import os
from pathlib import Path

import pytest

from tests import report

SHARED = Path(os.environ.get("PHENOMENA_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")


def pytest_sessionstart(session):
    if os.environ.get("CI") == "true" and not (SHARED / "data").is_dir():
        raise pytest.UsageError(f"CI=true but the shared data is missing at {SHARED}: CI needs ../shared beside the clone")


def pytest_terminal_summary(terminalreporter):
    total = report.total_line()
    if report.LINES:
        terminalreporter.section("Phenomena Atlas: robustness counts")
        for line in report.LINES + ([total] if total else []):
            terminalreporter.write_line(line)

pytest_plugins = ["tests.neo4j_fixture"]
