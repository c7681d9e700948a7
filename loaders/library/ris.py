"""RIS exports (Zotero, Mendeley, EndNote): records with a title become papers.

>>> load = load_ris("TY  - CONF\\nTI  - Deep Double Descent\\nAU  - Nakkiran, Preetum\\nPY  - 2020\\n"
...                 "T2  - ICLR 2020\\nUR  - https://arxiv.org/abs/1912.02292\\nER  - \\n")
>>> paper = next(iter(load.records.papers.values()))
>>> paper.id, paper.venue, paper.year
('arxiv:1912.02292', 'ICLR 2020', 2020)
"""
from __future__ import annotations

import rispy

from graph.model.identity import normalize_arxiv_id, normalize_doi
from graph.model.merge import PaperIndex
from graph.model.records import GraphRecords
from loaders.library.reference import ARXIV_NOTE, add_reference, find_year
from loaders.library.types import ImportLoad, ImportProblem
from loaders.links import arxiv_id_from_url

__all__ = ["load_ris", "looks_like_ris"]


def looks_like_ris(text: str) -> bool:
    """True when the first tagged line is ``TY  - …`` (the RIS record start)."""
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip():
            return line.startswith("TY  -")
    return False


def _ris_chunks(text: str):
    """(first line number, record text) for each ``TY … ER`` record; stray lines are skipped."""
    start, lines = None, []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if line.startswith("TY  -"):
            start, lines = number, [line]
        elif start is not None:
            lines.append(line)
            if line.startswith("ER  -"):
                yield start, "\n".join(lines) + "\n"
                start, lines = None, []
    if start is not None:
        yield start, None  # a record without its ER line


def load_ris(text: str, source: str = "import") -> ImportLoad:
    """RIS records with a title become papers; arXiv ids from a ``UR`` link or an ``arXiv:`` note."""
    load = ImportLoad("ris", GraphRecords())
    index = PaperIndex()
    for line, chunk in _ris_chunks(text):
        if chunk is None:
            load.problems.append(ImportProblem(line, "RIS record without its closing `ER  -` line"))
            continue
        try:
            entries = rispy.loads(chunk, skip_unknown_tags=True)
        except Exception as err:  # rispy raises bare errors on malformed records
            load.problems.append(ImportProblem(line, f"malformed RIS record ({type(err).__name__})"))
            continue
        for entry in entries:
            title = " ".join(str(entry.get("title") or entry.get("primary_title") or "").split()).rstrip(".")
            if not title:
                load.problems.append(ImportProblem(line, "RIS record has no title (TI)"))
                continue
            urls = list(entry.get("urls") or [])
            notes = " ".join(str(n) for n in [entry.get("note"), *(entry.get("notes") or [])] if n)
            arxiv = next((a for a in map(arxiv_id_from_url, urls) if a), None) or (
                normalize_arxiv_id(m.group(1)) if (m := ARXIV_NOTE.search(notes)) else None)
            venue = (entry.get("secondary_title") or entry.get("journal_name") or entry.get("alternate_title3")
                     or entry.get("alternate_title1"))
            add_reference(load, index, title=title, authors=[*(entry.get("authors") or []), *(entry.get("first_authors") or [])],
                 year=find_year(entry.get("year") or entry.get("publication_year") or entry.get("date")), venue=venue,
                 doi=normalize_doi(entry.get("doi")), arxiv=arxiv, url=urls[0] if urls else None,
                 keywords=list(entry.get("keywords") or []), abstract=entry.get("abstract"), source=source)
    return load
