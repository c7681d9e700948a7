"""What tests report at the end of the run: counts (hostile cases tried, refused, lost…) and why tests skipped."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

LINES: list[str] = []
TOTALS: dict[str, int] = {}  # summed over every path the hostile console corpus went through


def add(line: str) -> None:
    LINES.append(line)


def add_totals(counts: dict[str, int]) -> None:
    for key, value in counts.items():
        TOTALS[key] = TOTALS.get(key, 0) + value


def total_line() -> str | None:
    if not TOTALS:
        return None
    return "hostile console, all engines and paths: " + ", ".join(f"{k} {v}" for k, v in TOTALS.items())


def skip_summary(skips: list[tuple[str, str]]) -> str:
    """One line: the skipped tests grouped by reason, with the test files of each group.

    ``skips`` is ``[(test file, reason), …]``.

    >>> skip_summary([("tests/app/test_build.py", "Skipped: no README at /x"), ("tests/loaders/test_catalog.py", "no README at /x"),
    ...               ("tests/e2e/test_browser.py", "no chromium")])
    'skipped 3 tests: 2 no README at /x (test_build, test_catalog); 1 no chromium (test_browser)'
    """
    if not skips:
        return ""
    groups: dict[str, set] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for path, reason in skips:
        reason = re.sub(r"^Skipped:\s*", "", " ".join(str(reason).split()))
        groups[reason].add(Path(path).stem)
        counts[reason] += 1
    parts = [f"{counts[r]} {r} ({', '.join(sorted(groups[r]))})"
             for r in sorted(counts, key=lambda r: (-counts[r], r))]
    return f"skipped {len(skips)} test{'s' * (len(skips) != 1)}: " + "; ".join(parts)
