"""One reference of a reference manager's export (RIS, CSL-JSON) -> a paper with its authors and venue.

>>> author_name("Nakkiran, Preetum"), author_name({"given": "Yuri", "family": "Burda"}), find_year("2020-05")
('Preetum Nakkiran', 'Yuri Burda', 2020)
"""
from __future__ import annotations

import re

from graph.model.identity import paper_key
from graph.model.merge import PaperIndex, add_paper, link_authors, link_venue
from graph.model.names import display_name
from graph.model.records import Paper
from loaders.library.types import ImportLoad

__all__ = ["add_reference", "author_name", "find_year"]

ARXIV_NOTE = re.compile(r"arxiv[:\s]*(\d{4}\.\d{4,5}(?:v\d+)?)", re.I)  # "arXiv:2201.02177" in a note


def author_name(name) -> str:
    """"Given Family" of a CSL name object or an RIS "Family, Given" (:func:`graph.model.names.display_name`).

    >>> author_name({"family": "Martin", "given": "Charles H.", "suffix": "Jr."}), author_name("Viennot, Laurent")
    ('Charles H. Martin Jr.', 'Laurent Viennot')
    """
    if isinstance(name, dict):  # CSL: {"family": …, "given": …} or {"literal": …}
        parts = (name.get("given"), name.get("non-dropping-particle"), name.get("family"), name.get("suffix"))
        return " ".join(str(p) for p in parts if p) or str(name.get("literal") or "")
    name = " ".join(str(name).split())
    return display_name(name) if "," in name else name


def find_year(value) -> int | None:
    m = re.search(r"\b(1[89]\d{2}|20\d{2})\b", str(value or ""))
    return int(m.group(1)) if m else None


def add_reference(load: ImportLoad, index: PaperIndex, *, title: str, authors: list, year, venue, doi, arxiv, url, keywords,
         abstract, source: str) -> None:
    """One reference as a paper with its authors and venue (an arXiv "venue" is no venue)."""
    if venue and "arxiv" in venue.lower():
        venue = None
    paper = Paper(id=paper_key(arxiv_id=arxiv, doi=doi, title=title), title=title, year=year, arxiv_id=arxiv,
                  doi=doi, url=url, venue=venue or None, keywords=[k for k in keywords if k],
                  abstract=abstract or None, sources=[source])
    key = add_paper(load.records, index, paper)
    link_authors(load.records, key, [a for a in (author_name(x) for x in authors) if a], source)
    link_venue(load.records, key, venue, source)
