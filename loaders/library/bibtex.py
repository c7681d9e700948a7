"""BibTeX files: entries with a title become papers; arXiv ids from ``eprint``, the journal field or an arXiv ``url``.

>>> load = load_bibtex("@article{g, title={Grokking}, author={Power, Alethea and Burda, Yuri}, eprint={2201.02177},"
...                    " archivePrefix={arXiv}}")
>>> [p.id for p in load.records.papers.values()], sorted(a.name for a in load.records.authors.values())
(['arxiv:2201.02177'], ['Alethea Power', 'Yuri Burda'])
"""
from __future__ import annotations

import logging
import re

import bibtexparser

from graph.model.identity import normalize_arxiv_id, normalize_doi, paper_key
from graph.model.merge import PaperIndex, add_paper, link_authors, link_venue
from graph.model.records import GraphRecords, Paper
from loaders.library.types import ImportLoad, ImportProblem
from loaders.links import arxiv_id_from_url

__all__ = ["load_bibtex"]


def _after_arxiv(journal: str) -> str:
    """What follows the last "arXiv" in a journal field (``arXiv preprint arXiv:2201.02177``).

    >>> _after_arxiv("arXiv preprint arXiv: 2201.02177")
    '2201.02177'
    """
    at = journal.lower().rfind("arxiv")
    return journal[at + 5:].lstrip(": \t\n") if at >= 0 else journal


def _clean_bibtex(value: str) -> str:
    value = re.sub(r"\\[a-zA-Z]+\s*\{([^{}]*)\}", r"\1", value)  # \emph{x} -> x
    value = value.replace("{", "").replace("}", "").replace("\\&", "&").replace("~", " ")
    return " ".join(value.split())


def _bibtex_authors(value: str) -> list[str]:
    names = []
    for part in " ".join(_clean_bibtex(value).split()).split(" and "):  # linear on any spacing
        part = part.strip()
        if not part or part.lower() == "others":
            continue
        if "," in part:
            last, first = part.split(",", 1)
            part = f"{first.strip()} {last.strip()}".strip()
        names.append(part)
    return names


def load_bibtex(text: str, source: str = "import") -> ImportLoad:
    """Entries with a title become papers; arXiv ids from ``eprint`` or an arXiv ``url``."""
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    load = ImportLoad("bibtex", GraphRecords())
    index = PaperIndex()
    for block in library.failed_blocks:
        load.problems.append(ImportProblem(block.start_line + 1, "malformed BibTeX entry (unbalanced braces or quotes?)"))
    for entry in library.entries:
        fields = {k.lower(): _clean_bibtex(f.value if hasattr(f, "value") else str(f))
                  for k, f in entry.fields_dict.items()}
        line = entry.start_line + 1
        title = fields.get("title", "").rstrip(".")
        if not title:
            load.problems.append(ImportProblem(line, f"entry {entry.key!r} has no title"))
            continue
        arxiv = None
        if fields.get("archiveprefix", "").lower() == "arxiv" or "arxiv" in fields.get("journal", "").lower():
            arxiv = normalize_arxiv_id(fields.get("eprint") or "") or normalize_arxiv_id(
                _after_arxiv(fields.get("journal", "")))
        if not arxiv and fields.get("url"):
            arxiv = arxiv_id_from_url(fields["url"])
        doi = normalize_doi(fields.get("doi"))
        year = int(fields["year"]) if re.fullmatch(r"\d{4}", fields.get("year", "")) else None
        written_venue = fields.get("booktitle") or fields.get("journal")
        if written_venue and "arxiv" in written_venue.lower():
            written_venue = None
        paper = Paper(id=paper_key(arxiv_id=arxiv, doi=doi, title=title), title=title, year=year,
                      arxiv_id=arxiv, doi=doi, url=fields.get("url"), venue=written_venue, sources=[source])
        key = add_paper(load.records, index, paper)
        link_authors(load.records, key, _bibtex_authors(fields.get("author", "")), source)
        link_venue(load.records, key, written_venue, source)
    return load
