"""Catalog entries and seed papers -> the typed records of one graph.

The build calls these in order; each adds to the same ``GraphRecords`` so
that a paper listed in two sections, or both in the catalog and in a seed
list, becomes one node.
"""
from __future__ import annotations

from pathlib import Path

from graph.model.identity import author_key, keyword_key, paper_key, slug, venue_key
from graph.model.merge import PaperIndex, add_paper
from graph.model.records import (About, Author, Broader, GraphRecords, HasKeyword, Keyword, ListedIn, Paper,
                                 PublishedIn, Section, Venue, Wrote)
from loaders import tagging
from graph.model import vocabulary
from loaders.catalog import CatalogEntry
from graph.model.venues import normalize_venue


def add_phenomena(records: GraphRecords) -> None:
    """Every phenomenon of the vocabulary becomes a node, linked or not, with its BROADER links."""
    for phenomenon in vocabulary.load_vocabulary():
        records.phenomena.setdefault(phenomenon.id, phenomenon)
    for narrower, broader, kind in tagging.hierarchy():
        if narrower in records.phenomena and broader in records.phenomena:
            records.add_edge(Broader(narrower, broader, kind))


def add_catalog_entries(records: GraphRecords, entries: list[CatalogEntry], source: str = "catalog",
                        in_catalog: bool = True) -> None:
    """One paper per catalog paper (duplicates across sections merge), with its links."""
    index = PaperIndex(records.papers)
    forms = vocabulary.build_keyword_forms(k for entry in entries for k in entry.keywords)
    for entry in entries:
        paper = Paper(
            id=paper_key(arxiv_id=entry.arxiv_id, doi=entry.doi, title=entry.title),
            title=entry.title, year=entry.year, arxiv_id=entry.arxiv_id, doi=entry.doi,
            url=entry.paper_url, venue=entry.venue, section=entry.section, sections=[entry.section],
            in_catalog=in_catalog, keywords=list(entry.keywords), code_urls=list(entry.code_urls),
            digest=entry.digest, sources=[source],
        )
        key = add_paper(records, index, paper)
        _list_in(records, key, Section(f"section:{slug(entry.section)}", entry.section), source)
        _link_authors(records, key, entry.authors, source)
        _link_venue(records, key, entry.venue, source)
        for written in entry.keywords:
            name = vocabulary.normalize_keyword(written, forms)
            if not name:
                continue
            kid = keyword_key(name)
            records.keywords.setdefault(kid, Keyword(id=kid, name=name))
            records.add_edge(HasKeyword(key, kid, source))
        _link_phenomena(records, key, tagging.tag_paper(
            entry.title, entry.keywords, entry.section, digest=entry.digest,
            paper_ref=(entry.arxiv_id, entry.doi)), source)


def add_seed_papers(records: GraphRecords, seeds) -> None:
    """Seed papers join the graph, listed in their concept's seed list (a fact, see :class:`Section`).

    The list is evidence for its concept only with a cue in the title
    (:func:`loaders.tagging.seed_list_evidence`); otherwise a paper is tagged
    only when its own text discusses a phenomenon.
    """
    from loaders.seeds import seed_paper_record, seed_phenomena

    index = PaperIndex(records.papers)
    for seed in seeds:
        key = add_paper(records, index, seed_paper_record(seed))
        found = seed_phenomena(seed)
        concept = Path(seed.file or "").stem
        if concept in records.phenomena:
            name = f"Seed list: {records.phenomena[concept].name}"
            _list_in(records, key, Section(f"seed-list:{concept}", name, "seed list"), seed.source)
            listed = tagging.seed_list_evidence(concept, seed.title)
            if listed and (concept not in found or listed.score > found[concept].score):
                found = {**found, concept: listed}
        _link_phenomena(records, key, found, seed.source)


def link_abstract_phenomena(records: GraphRecords) -> None:
    """Once abstracts are known (Semantic Scholar), retag with them: abstract phrases are medium evidence.

    Broad topics an abstract mentions in passing ("feature learning", "local
    minima") stay weak unless the title, keywords or section agree.
    """
    for paper in records.papers.values():
        if paper.abstract:
            found = tagging.tag_paper(paper.title, paper.keywords, paper.section, paper.abstract,
                                      digest=paper.digest, paper_ref=(paper.arxiv_id, paper.doi))
            _link_phenomena(records, paper.id, {p: e for p, e in found.items() if e.via == "abstract"
                                                or (paper.id, p) in records.about}, "s2")


def _list_in(records: GraphRecords, paper_id: str, section: Section, origin: str) -> None:
    records.sections.setdefault(section.id, section)
    records.add_edge(ListedIn(paper_id, section.id, origin))


def _link_authors(records: GraphRecords, paper_id: str, names: list[str], origin: str) -> None:
    for position, name in enumerate(names):
        aid = author_key(name)
        records.authors.setdefault(aid, Author(id=aid, name=name))
        records.add_edge(Wrote(aid, paper_id, position, origin))


def _link_venue(records: GraphRecords, paper_id: str, written: str | None, origin: str) -> None:
    name, _ = normalize_venue(written)
    if name:
        vid = venue_key(name)
        records.venues.setdefault(vid, Venue(id=vid, name=name))
        records.add_edge(PublishedIn(paper_id, vid, origin))


def _link_phenomena(records: GraphRecords, paper_id: str, found: dict, origin: str) -> None:
    """ABOUT edges for strong and medium evidence only; a hint (a section alone, a loose phrase) is no tag."""
    for pid, evidence in found.items():
        if pid in records.phenomena and evidence.confidence in tagging.DEFAULT_CONFIDENCE:
            records.add_edge(About(paper_id, pid, evidence.via, origin, evidence.confidence))
