"""Bring your own reading list: id lists, BibTeX files, other awesome-list READMEs.

Each loader returns the records it could read and the problems it found, one
per line of the file, never a crash.  Duplicates (a preprint and its
published version, NIPS vs NeurIPS, casing) merge later by identifier and
normalised title (:mod:`graph.model.merge`).

>>> load_id_list("2201.02177\\n# comment\\nDOI:10.1073/pnas.1903070116\\nnot an id").problems[0].line
4
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import SourceError
from graph.model.identity import author_key, normalize_arxiv_id, normalize_doi, paper_key, venue_key
from graph.model.records import Author, GraphRecords, Paper, PublishedIn, Venue, Wrote
from graph.model.merge import PaperIndex, add_paper
from graph.model.names import display_name
from loaders.import_files import (MAX_IMPORT_BYTES, NOT_A_BIBLIOGRAPHY, decode_import, detect_format,
                                   read_import_bytes)
from loaders.latex_text import decode_latex, decode_verbatim
from loaders.links import arxiv_id_from_url, doi_from_url
from graph.model.venues import normalize_venue

_S2_ID = re.compile(r"^(?:s2:|CorpusId:)?([0-9a-f]{40})$", re.I)


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
    import bibtexparser

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
        for position, name in enumerate(_bibtex_authors(raw.get("author", ""))):
            aid = author_key(name)
            load.records.authors.setdefault(aid, Author(aid, name))
            load.records.add_edge(Wrote(aid, key, position, source))
        name, _ = normalize_venue(written_venue)
        if name:
            vid = venue_key(name)
            load.records.venues.setdefault(vid, Venue(vid, name))
            load.records.add_edge(PublishedIn(key, vid, source))
    return load


def load_awesome_list(text: str, source: str = "import") -> ImportLoad:
    """Another README in the Awesome Deep Phenomena format."""
    from loaders import assemble
    from loaders.catalog import parse_catalog

    parsed = parse_catalog(text)
    load = ImportLoad("awesome-list", GraphRecords())
    assemble.add_phenomena(load.records)
    assemble.add_catalog_entries(load.records, parsed.entries, source=source, in_catalog=False)
    load.problems = [ImportProblem(p.line, p.message) for p in parsed.problems]
    return load


def read_import_text(path: str | Path, max_bytes: int = MAX_IMPORT_BYTES) -> str:
    """The UTF-8 text (BOM stripped) of a regular file of at most ``max_bytes`` outside /proc, /sys and /dev;
    devices, FIFOs and folders are refused before they are opened (see :mod:`loaders.import_files`)."""
    return decode_import(read_import_bytes(path, max_bytes), path)


def load_import_file(path: str | Path) -> ImportLoad:
    """Read a list of ids, a BibTeX, RIS or CSL-JSON file, or a markdown awesome-list, told apart by content.

    All but the awesome-list are the user's library (:func:`loaders.reference_formats.mark_library`).
    Only a regular file of at most :data:`MAX_IMPORT_BYTES` is read (:func:`read_import_text`).
    """
    return read_import(path)[1]


def read_import(path: str | Path) -> tuple[bytes, ImportLoad]:
    """(the file's bytes, its records): the file is read once, so the copy kept is what was parsed.

    A file that is no bibliography is refused (:class:`SourceError`) without quoting any of its lines.
    """
    data = read_import_bytes(path)
    text = decode_import(data, path)
    name = Path(path).name
    kind = detect_format(text)
    if kind is None:  # not one line of it is echoed, copied or stored
        raise SourceError(f"{name} {NOT_A_BIBLIOGRAPHY}")
    return data, load_import_text(text, kind, name)


def load_import_text(text: str, kind: str, name: str) -> ImportLoad:
    """The records of ``text`` read as ``kind`` (:func:`loaders.import_files.detect_format`); ``name`` labels sources."""
    from loaders.reference_formats import LIBRARY_KINDS, load_csl_json, load_ris, mark_library

    source = f"import:{name}"
    readers = {"csl-json": load_csl_json, "ris": load_ris, "bibtex": load_bibtex,
               "awesome-list": load_awesome_list, "ids": load_id_list}
    load = readers[kind](text, source)
    return mark_library(load, name) if load.kind in LIBRARY_KINDS else load
