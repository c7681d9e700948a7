"""What every import reader returns: the records it could read and the problems it found, one a line.

>>> str(ImportProblem(4, "not an arXiv id"))
'line 4: not an arXiv id'
"""
from __future__ import annotations

from dataclasses import dataclass, field

from graph.model.records import GraphRecords

__all__ = ["ImportProblem", "ImportLoad", "LIBRARY_KINDS", "mark_library"]

# Import kinds that are a reference manager's library (an awesome-list README is not).
LIBRARY_KINDS = ("bibtex", "ris", "csl-json", "ids")


@dataclass
class ImportProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportLoad:
    kind: str  # ids | bibtex | ris | csl-json | awesome-list
    records: GraphRecords
    problems: list[ImportProblem] = field(default_factory=list)


def mark_library(load: ImportLoad, name: str) -> ImportLoad:
    """Mark every paper of ``load`` as the user's library: ``in_library`` and the source ``library:NAME``."""
    for paper in load.records.papers.values():
        paper.in_library = True
        paper.sources = list(dict.fromkeys([*paper.sources, f"library:{name}"]))
    return load
