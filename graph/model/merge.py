"""Merging records from several sources into one graph, one node per thing.

Two papers are the same when an identifier they share agrees (arXiv, DOI,
Semantic Scholar id), else when their normalised titles match.

>>> from graph.model.records import GraphRecords, Paper
>>> g = GraphRecords(); index = PaperIndex()
>>> a = add_paper(g, index, Paper(id="arxiv:2201.02177", title="Grokking: Generalization Beyond Overfitting", arxiv_id="2201.02177"))
>>> b = add_paper(g, index, Paper(id="title:grokking", title="Grokking: generalization beyond overfitting.", doi="10.1/x"))
>>> a == b, g.papers[a].doi
(True, '10.1/x')
"""
from __future__ import annotations

from dataclasses import fields

from graph.model.identity import author_key, normalize_arxiv_id, normalize_doi, normalize_title, venue_key
from graph.model.records import Author, GraphRecords, Paper, PublishedIn, Venue, Wrote
from graph.model.venues import normalize_venue

_ORDERED_UNIONS = ("sections", "keywords", "code_urls", "fields_of_study", "sources")


class PaperIndex:
    """Finds the node key of a paper already seen under any of its identifiers."""

    def __init__(self, papers: dict[str, Paper] | None = None):
        self._by: dict[tuple[str, str], str] = {}
        self._keys: set[str] = set()
        for paper in (papers or {}).values():
            self.remember(paper)

    def _identities(self, paper: Paper):
        if a := normalize_arxiv_id(paper.arxiv_id):
            yield ("arxiv", a)
        if d := normalize_doi(paper.doi):
            yield ("doi", d)
        if paper.s2_id:
            yield ("s2", paper.s2_id)
        if paper.title and len(normalize_title(paper.title)) >= 12:  # short titles collide
            yield ("title", normalize_title(paper.title))

    def find(self, paper: Paper) -> str | None:
        if paper.id in self._keys:
            return paper.id
        for ident in self._identities(paper):
            if ident in self._by:
                return self._by[ident]
        return None

    def remember(self, paper: Paper, key: str | None = None) -> None:
        key = key or paper.id
        self._keys.add(key)
        for ident in self._identities(paper):
            self._by.setdefault(ident, key)


def merge_paper(into: Paper, other: Paper) -> Paper:
    """Fill what ``into`` lacks from ``other``; list fields become ordered unions.

    ``in_catalog`` and ``in_library`` are true when either is.  ``into.id`` never changes.
    """
    for f in fields(Paper):
        if f.name == "id":
            continue
        mine, theirs = getattr(into, f.name), getattr(other, f.name)
        if f.name in _ORDERED_UNIONS:
            setattr(into, f.name, list(dict.fromkeys([*mine, *theirs])))
        elif f.name in ("in_catalog", "in_library"):
            setattr(into, f.name, bool(mine or theirs))
        elif mine in (None, "", []) and theirs not in (None, "", []):
            setattr(into, f.name, theirs)
    return into


def add_paper(records: GraphRecords, index: PaperIndex, paper: Paper) -> str:
    """Add or merge ``paper``; returns the node key it lives under."""
    key = index.find(paper)
    if key is None or key not in records.papers:
        key = key or paper.id
        paper.id = key
        records.papers[key] = paper
    else:
        merge_paper(records.papers[key], paper)
    index.remember(records.papers[key], key)
    return key


def merge_records(into: GraphRecords, other: GraphRecords) -> dict[str, str]:
    """Merge ``other`` into ``into``; returns how paper keys of ``other`` were renamed."""
    index = PaperIndex(into.papers)
    renamed = {}
    for paper in other.papers.values():
        original = paper.id
        renamed[original] = add_paper(into, index, Paper(**{f.name: getattr(paper, f.name) for f in fields(Paper)}))
    for bucket in ("authors", "venues", "keywords", "phenomena"):
        target = getattr(into, bucket)
        for key, node in getattr(other, bucket).items():
            target.setdefault(key, node)
    for edges in other.edges().values():
        for edge in edges:
            changes = {}
            if edge.source in renamed:
                changes["source"] = renamed[edge.source]
            if edge.target in renamed:
                changes["target"] = renamed[edge.target]
            if changes:
                from dataclasses import replace
                edge = replace(edge, **changes)
            into.add_edge(edge)
    return renamed


def link_authors(records: GraphRecords, paper_id: str, names, origin: str) -> None:
    """One Author node per name (shared across papers) and a WROTE edge in the order written.

    >>> g = GraphRecords(); link_authors(g, "p", ["Alethea Power", "Yuri Burda"], "catalog")
    >>> sorted(g.authors), [(e.source, e.position) for e in g.wrote.values()]
    (['author:alethea-power', 'author:yuri-burda'], [('author:alethea-power', 0), ('author:yuri-burda', 1)])
    """
    for position, name in enumerate(names):
        aid = author_key(name)
        records.authors.setdefault(aid, Author(id=aid, name=name))
        records.add_edge(Wrote(aid, paper_id, position, origin))


def link_venue(records: GraphRecords, paper_id: str, written: str | None, origin: str) -> None:
    """The canonical venue of ``written`` ("NIPS 2019" -> NeurIPS) as a node with a PUBLISHED_IN edge;
    nothing when the text names no venue."""
    name, _ = normalize_venue(written)
    if name:
        vid = venue_key(name)
        records.venues.setdefault(vid, Venue(id=vid, name=name))
        records.add_edge(PublishedIn(paper_id, vid, origin))
