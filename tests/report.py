"""Counts that tests report at the end of the run (hostile cases tried, refused, lost…)."""
LINES: list[str] = []


def add(line: str) -> None:
    LINES.append(line)
