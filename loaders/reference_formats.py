"""Reference-manager exports (Zotero, Mendeley, EndNote): RIS and CSL-JSON, and marking "my library".

Like the other importers (:mod:`loaders.imports`), each loader returns the
papers it could read and one problem per entry it could not, never a crash.
:func:`mark_library` turns a load into the user's library: every paper gets
``in_library`` and the source ``library:FILE``.

>>> load = load_ris("TY  - CONF\\nTI  - Deep Double Descent\\nAU  - Nakkiran, Preetum\\nPY  - 2020\\n"
...                 "T2  - ICLR 2020\\nUR  - https://arxiv.org/abs/1912.02292\\nER  - \\n")
>>> paper = next(iter(load.records.papers.values()))
>>> paper.id, paper.venue, paper.year
('arxiv:1912.02292', 'ICLR 2020', 2020)
"""
from __future__ import annotations

import json
import re

from graph.errors import SourceError
from graph.model.identity import author_key, normalize_arxiv_id, normalize_doi, paper_key, venue_key
from graph.model.merge import PaperIndex, add_paper
from graph.model.names import display_name
from graph.model.records import Author, GraphRecords, Paper, PublishedIn, Venue, Wrote
from loaders.csl_schema import check_csl_items
from loaders.links import arxiv_id_from_url
from graph.model.venues import normalize_venue

__all__ = ["load_ris", "load_csl_json", "looks_like_ris", "looks_like_csl_json", "mark_library", "LIBRARY_KINDS"]

# Import kinds that are a reference manager's library (an awesome-list README is not).
LIBRARY_KINDS = ("bibtex", "ris", "csl-json", "ids")

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -( |$)")
_ARXIV_NOTE = re.compile(r"arxiv[:\s]*(\d{4}\.\d{4,5}(?:v\d+)?)", re.I)


def looks_like_ris(text: str) -> bool:
    """True when the first tagged line is ``TY  - …`` (the RIS record start)."""
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip():
            return line.startswith("TY  -")
    return False


def looks_like_csl_json(text: str) -> bool:
    """True for a JSON list of objects (or one object) with a ``title`` or ``type``: CSL-JSON."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith(("[", "{")):
        return False
    try:
        data = json.loads(stripped)
    except (ValueError, RecursionError):  # too deep to read is still meant as JSON: refused by the loader
        return stripped.startswith("[{") or stripped.startswith("{") or stripped.startswith("[[")
    items = data if isinstance(data, list) else [data]
    return any(isinstance(i, dict) and ("title" in i or "type" in i) for i in items)


def _author_name(name) -> str:
    """"Given Family" of a CSL name object or an RIS "Family, Given" (:func:`graph.model.names.display_name`).

    >>> _author_name({"family": "Martin", "given": "Charles H.", "suffix": "Jr."}), _author_name("Viennot, Laurent")
    ('Charles H. Martin Jr.', 'Laurent Viennot')
    """
    if isinstance(name, dict):  # CSL: {"family": …, "given": …} or {"literal": …}
        parts = (name.get("given"), name.get("non-dropping-particle"), name.get("family"), name.get("suffix"))
        return " ".join(str(p) for p in parts if p) or str(name.get("literal") or "")
    name = " ".join(str(name).split())
    return display_name(name) if "," in name else name


def _year(value) -> int | None:
    m = re.search(r"\b(1[89]\d{2}|20\d{2})\b", str(value or ""))
    return int(m.group(1)) if m else None


def _add(load, index: PaperIndex, *, title: str, authors: list, year, venue, doi, arxiv, url, keywords,
         abstract, source: str) -> None:
    if venue and "arxiv" in venue.lower():
        venue = None
    paper = Paper(id=paper_key(arxiv_id=arxiv, doi=doi, title=title), title=title, year=year, arxiv_id=arxiv,
                  doi=doi, url=url, venue=venue or None, keywords=[k for k in keywords if k],
                  abstract=abstract or None, sources=[source])
    key = add_paper(load.records, index, paper)
    for position, name in enumerate(a for a in (_author_name(x) for x in authors) if a):
        aid = author_key(name)
        load.records.authors.setdefault(aid, Author(aid, name))
        load.records.add_edge(Wrote(aid, key, position, source))
    name, _ = normalize_venue(venue)
    if name:
        vid = venue_key(name)
        load.records.venues.setdefault(vid, Venue(vid, name))
        load.records.add_edge(PublishedIn(key, vid, source))


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


def load_ris(text: str, source: str = "import"):
    """RIS records with a title become papers; arXiv ids from a ``UR`` link or an ``arXiv:`` note."""
    import rispy

    from loaders.imports import ImportLoad, ImportProblem

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
                normalize_arxiv_id(m.group(1)) if (m := _ARXIV_NOTE.search(notes)) else None)
            venue = (entry.get("secondary_title") or entry.get("journal_name") or entry.get("alternate_title3")
                     or entry.get("alternate_title1"))
            _add(load, index, title=title, authors=[*(entry.get("authors") or []), *(entry.get("first_authors") or [])],
                 year=_year(entry.get("year") or entry.get("publication_year") or entry.get("date")), venue=venue,
                 doi=normalize_doi(entry.get("doi")), arxiv=arxiv, url=urls[0] if urls else None,
                 keywords=list(entry.get("keywords") or []), abstract=entry.get("abstract"), source=source)
    return load


def load_csl_json(text: str, source: str = "import"):
    """CSL-JSON items (Zotero's "Better CSL JSON", Mendeley, pandoc) with a title become papers."""
    from loaders.imports import ImportLoad, ImportProblem

    load = ImportLoad("csl-json", GraphRecords())
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError as err:
        load.problems.append(ImportProblem(getattr(err, "lineno", 1), f"not valid JSON: {err.msg}"))
        return load
    except RecursionError:
        raise SourceError(f"{source.split(':', 1)[-1]}: CSL-JSON nested too deep to read: nothing was imported; "
                          "export the library again") from None
    items = check_csl_items(data, source.split(":", 1)[-1])  # a wrong type refuses the file, in one line
    index = PaperIndex()
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or not str(item.get("title") or "").strip():
            load.problems.append(ImportProblem(number, "CSL item has no title (counting items from 1)"))
            continue
        url = item.get("URL")
        number_field = str(item.get("number") or "")
        arxiv = (arxiv_id_from_url(url) if url else None) or (
            normalize_arxiv_id(m.group(1)) if (m := _ARXIV_NOTE.search(number_field + " " + str(item.get("note") or "")))
            else None)
        issued = (item.get("issued") or {}).get("date-parts") or [[None]]
        year = _year(issued[0][0] if issued and issued[0] else None) or _year((item.get("issued") or {}).get("raw"))
        keywords = item.get("keyword") or ""
        keywords = keywords if isinstance(keywords, list) else re.split(r"\s*[,;]\s*", keywords)
        _add(load, index, title=" ".join(str(item["title"]).split()).rstrip("."), authors=list(item.get("author") or []),
             year=year, venue=item.get("container-title") or item.get("event-title"),
             doi=normalize_doi(item.get("DOI")), arxiv=arxiv, url=url, keywords=keywords,
             abstract=item.get("abstract"), source=source)
    return load


def mark_library(load, name: str):
    """Mark every paper of ``load`` as the user's library: ``in_library`` and the source ``library:NAME``."""
    for paper in load.records.papers.values():
        paper.in_library = True
        paper.sources = list(dict.fromkeys([*paper.sources, f"library:{name}"]))
    return load
