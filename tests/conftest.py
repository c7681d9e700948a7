"""Test-wide settings: the report of counts, and CI's rule that nothing may be skipped for lack of parts."""
import os
from pathlib import Path

import pytest

from tests.support import report

SHARED = Path(os.environ.get("PHENOMENA_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")


def pytest_sessionstart(session):
    if os.environ.get("CI") == "true" and not (SHARED / "data").is_dir():
        raise pytest.UsageError(f"CI=true but the shared data is missing at {SHARED}: CI needs ../shared beside the clone")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    result = yield  # after pytest's own summary, so the skip line comes last
    total = report.total_line()
    if report.LINES:
        terminalreporter.section("Phenomena Atlas: robustness counts")
        for line in report.LINES + ([total] if total else []):
            terminalreporter.write_line(line)
    skips = []
    for rep in terminalreporter.stats.get("skipped", []):
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        skips.append((rep.nodeid.split("::")[0], reason))
    if skips:  # last line of the run: which groups did not run, and why
        terminalreporter.write_line(report.skip_summary(skips), yellow=True, bold=True)
    return result

pytest_plugins = ["tests.support.neo4j_fixture", "tests.support.gephi_reader", "tests.support.browser_fixtures"]
