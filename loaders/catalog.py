"""Load the Awesome Deep Phenomena catalog (a markdown README) into entries.

(Interface fixed; the parser is being written: see issue 2.)
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict


@dataclass
class CatalogEntry:
    line: int                      # 1-based line of the "- Title. [[paper]](…)" bullet
    section: str                   # the "##" heading, e.g. "Others"
    subsection: str | None         # the "###" heading, e.g. "Others: 2024"
    title: str                     # without the trailing period
    authors: list[str] = field(default_factory=list)
    venue: str | None = None       # as written, e.g. "NeurIPS 2023"
    year: int | None = None        # venue year, else from the arXiv id, else None
    keywords: list[str] = field(default_factory=list)  # as written
    arxiv_id: str | None = None    # without version
    doi: str | None = None
    paper_url: str | None = None
    code_urls: list[str] = field(default_factory=list)
    digest: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class CatalogProblem:
    line: int
    message: str
    text: str = ""


@dataclass
class CatalogParse:
    entries: list[CatalogEntry]
    problems: list[CatalogProblem]


def parse_catalog(text: str) -> CatalogParse:
    raise NotImplementedError
