"""Counts that tests report at the end of the run (hostile cases tried, refused, lost…)."""
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
