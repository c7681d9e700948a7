"""Identifier lists: one arXiv id, DOI or Semantic Scholar id (or its URL) per line; ``#`` starts a comment.

>>> load_id_list("2201.02177\\n# comment\\nDOI:10.1073/pnas.1903070116\\nnot an id").problems[0].line
4
"""
from __future__ import annotations

import re

from graph.model.identity import normalize_arxiv_id, normalize_doi, paper_key
from graph.model.merge import PaperIndex, add_paper
from graph.model.records import GraphRecords, Paper
from loaders.library.types import ImportLoad, ImportProblem
from loaders.links import arxiv_id_from_url, doi_from_url

__all__ = ["parse_identifier", "load_id_list"]

_S2_ID = re.compile(r"^(?:s2:|CorpusId:)?([0-9a-f]{40})$", re.I)


def parse_identifier(text: str) -> Paper | None:
    """An arXiv id, DOI, Semantic Scholar id or their URL as a bare Paper; None if not one."""
    text = text.strip()
    if text.lower().startswith(("http://", "https://")):
        text = arxiv_id_from_url(text) or doi_from_url(text) or text
    if text.lower().startswith("arxiv:") or re.match(r"^\d{4}\.\d{4,5}(v\d+)?$", text) or re.match(
            r"^[a-z\-]+(\.[A-Z]{2})?/\d{7}(v\d+)?$", text):
        arxiv = normalize_arxiv_id(text)
        if arxiv:
            return Paper(id=paper_key(arxiv_id=arxiv), title="", arxiv_id=arxiv,
                         url=f"https://arxiv.org/abs/{arxiv}")
    if text.lower().startswith("doi:") or text.startswith("10."):
        doi = normalize_doi(text)
        if doi and re.match(r"^10\.\d{4,9}/\S+$", doi):
            return Paper(id=paper_key(doi=doi), title="", doi=doi, url=f"https://doi.org/{doi}")
    if m := _S2_ID.match(text):
        return Paper(id=paper_key(s2_id=m.group(1).lower()), title="", s2_id=m.group(1).lower())
    return None


def load_id_list(text: str, source: str = "import") -> ImportLoad:
    """One identifier per line; ``#`` starts a comment."""
    load = ImportLoad("ids", GraphRecords())
    index = PaperIndex()
    for number, line in enumerate(text.split("\n"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        paper = parse_identifier(line)
        if paper is None:
            load.problems.append(ImportProblem(number, f"not an arXiv id, DOI or Semantic Scholar id: {line[:80]!r}"))
            continue
        paper.sources = [source]
        add_paper(load.records, index, paper)
    return load
