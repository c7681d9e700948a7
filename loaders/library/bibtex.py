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
from graph.model.names import display_name
from graph.model.records import GraphRecords, Paper
from loaders.latex_text import decode_latex, decode_verbatim
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


_VERBATIM_FIELDS = {"url", "doi", "eprint", "archiveprefix", "primaryclass", "file", "isbn", "issn"}


def _bibtex_field(name: str, value: str) -> str:
    """A field's text: LaTeX decoded (:func:`loaders.latex_text.decode_latex`); URLs and ids verbatim."""
    return decode_verbatim(value) if name in _VERBATIM_FIELDS else decode_latex(value)


def _split_top_level_and(value: str) -> list[str]:
    """The names of an ``author`` field: split at " and " outside braces (``{Barnes and Noble}`` is one)."""
    names, depth, start = [], 0, 0
    words = re.finditer(r"[{}]|\sand\s", value, re.I)
    for m in words:
        if m.group(0) == "{":
            depth += 1
        elif m.group(0) == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            names.append(value[start:m.start()])
            start = m.end()
    names.append(value[start:])
    return names


def _bibtex_authors(value: str) -> list[str]:
    """Each author once as "Given Family" (:func:`graph.model.names.display_name`), LaTeX decoded.

    >>> _bibtex_authors(r"Jastrz{\\k{e}}bski, Stanis{\\l}aw and Sch\\"olkopf, Bernhard and {Barnes and Noble} and others")
    ['Stanisław Jastrzębski', 'Bernhard Schölkopf', 'Barnes and Noble']
    """
    names = []
    for part in _split_top_level_and(" ".join(value.split())):  # linear on any spacing
        part = decode_latex(part).strip()
        if part and part.lower() != "others":
            names.append(display_name(part) if "," in part else part)
    return list(dict.fromkeys(names))


def load_bibtex(text: str, source: str = "import") -> ImportLoad:
    """Entries with a title become papers; arXiv ids from ``eprint`` or an arXiv ``url``."""
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    load = ImportLoad("bibtex", GraphRecords())
    index = PaperIndex()
    for block in library.failed_blocks:
        load.problems.append(ImportProblem(block.start_line + 1, "malformed BibTeX entry (unbalanced braces or quotes?)"))
    for entry in library.entries:
        raw = {k.lower(): str(f.value if hasattr(f, "value") else f) for k, f in entry.fields_dict.items()}
        fields = {k: _bibtex_field(k, v) for k, v in raw.items() if k != "author"}
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
        keywords = [k.strip() for k in re.split(r"[,;]", fields.get("keywords", "")) if k.strip()]
        paper = Paper(id=paper_key(arxiv_id=arxiv, doi=doi, title=title), title=title, year=year,
                      arxiv_id=arxiv, doi=doi, url=fields.get("url"), venue=written_venue, sources=[source],
                      keywords=list(dict.fromkeys(keywords)), abstract=fields.get("abstract") or None)
        key = add_paper(load.records, index, paper)
        link_authors(load.records, key, _bibtex_authors(raw.get("author", "")), source)
        link_venue(load.records, key, written_venue, source)
    return load
