"""One typed record model shared by every loader, store and analysis.

Loaders produce these records; stores write them; analytics read them back
as NetworkX graphs.  Every node has a stable string key ``id``; edges refer to
node keys.  Keys are derived from identifiers (see :mod:`graph.model.identity`), so
the same paper seen twice (two catalog sections, a seed list, Semantic
Scholar) becomes one node.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class Paper:
    id: str
    title: str
    year: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    s2_id: str | None = None
    url: str | None = None  # the link the catalog (or other source) gives
    venue: str | None = None  # display name as written, e.g. "NeurIPS 2023"
    section: str | None = None  # first catalog section that lists it
    sections: list[str] = field(default_factory=list)
    in_catalog: bool = False
    in_library: bool = False  # imported from the user's reference manager (phenomena import)
    keywords: list[str] = field(default_factory=list)  # as written
    code_urls: list[str] = field(default_factory=list)
    abstract: str | None = None
    digest: str | None = None
    tldr: str | None = None
    citation_count: int | None = None
    influential_citation_count: int | None = None
    fields_of_study: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # catalog, seed, s2, import, ...
    # Written back by `phenomena analyze` (graph.analytics.analyze); None until then.
    pagerank: float | None = None
    betweenness: float | None = None
    catalog_citations: int | None = None
    cluster: int | None = None
    cluster_label: str | None = None


@dataclass
class Author:
    id: str
    name: str
    s2_author_id: str | None = None


@dataclass
class Venue:
    id: str
    name: str


@dataclass
class Keyword:
    id: str
    name: str


@dataclass
class Phenomenon:
    id: str
    name: str
    synonyms: list[str] = field(default_factory=list)
    description: str | None = None


@dataclass
class Section:
    """A list a paper appears in: a catalog ``##`` section, or a concept's seed list.

    Listing is a fact about the list, not a tag: the curator put the paper
    there.  Whether the paper is *about* a phenomenon is an ABOUT edge.
    """
    id: str    # "section:<slug>" or "seed-list:<concept id>"
    name: str  # "Emergence and Phase Transitions", "Seed list: Simplicity Bias"
    kind: str = "catalog section"  # catalog section | seed list


@dataclass(frozen=True)
class Cites:
    source: str  # citing paper id
    target: str  # cited paper id
    is_influential: bool | None = None
    intents: tuple[str, ...] = ()
    origin: str = "s2"


@dataclass(frozen=True)
class Wrote:
    source: str  # author id
    target: str  # paper id
    position: int = 0
    origin: str = "catalog"  # where the edge came from: catalog, s2, import:FILE, …


@dataclass(frozen=True)
class HasKeyword:
    source: str  # paper id
    target: str  # keyword id
    origin: str = "catalog"


@dataclass(frozen=True)
class About:
    source: str  # paper id
    target: str  # phenomenon id
    via: str = "keyword"  # best evidence: title | keyword | abstract | digest | seed list | section | narrower
    origin: str = "catalog"  # catalog, seed:…, search:…, s2 (abstracts), import:FILE
    confidence: str = "medium"  # strong | medium (loaders.tagging); builds before issue 25 may hold weak ones


@dataclass(frozen=True)
class ListedIn:
    source: str  # paper id
    target: str  # section id
    origin: str = "catalog"  # catalog | seed:<query> | seed:related:<arXiv id>


@dataclass(frozen=True)
class Broader:
    source: str  # the narrower phenomenon id
    target: str  # the broader (or related) phenomenon id
    kind: str = "narrower"  # narrower: a tag of source implies target | related: studied together


@dataclass(frozen=True)
class PublishedIn:
    source: str  # paper id
    target: str  # venue id
    origin: str = "catalog"


@dataclass(frozen=True)
class RelatedTo:
    source: str  # paper id
    target: str  # a paper related to it
    origin: str = "s2-recommendations"  # s2-recommendations | co-citation | coupling | citation | shared-authors | text-similarity | shared-concepts
    score: float | None = None


_CONFIDENCE_RANK = {"weak": 1, "medium": 2, "strong": 3}

NODE_TYPES = {"Paper": Paper, "Author": Author, "Venue": Venue, "Keyword": Keyword, "Phenomenon": Phenomenon,
              "Section": Section}
EDGE_TYPES = {"CITES": Cites, "WROTE": Wrote, "HAS_KEYWORD": HasKeyword, "ABOUT": About, "PUBLISHED_IN": PublishedIn,
              "RELATED_TO": RelatedTo, "BROADER": Broader, "LISTED_IN": ListedIn}


def to_row(record) -> dict:
    """The record as a plain dict of store properties (tuples become lists)."""
    row = {}
    for f in fields(record):
        value = getattr(record, f.name)
        row[f.name] = list(value) if isinstance(value, tuple) else value
    return row


@dataclass
class GraphRecords:
    """Every node and edge of one build, keyed so that adding twice is a no-op."""

    papers: dict[str, Paper] = field(default_factory=dict)
    authors: dict[str, Author] = field(default_factory=dict)
    venues: dict[str, Venue] = field(default_factory=dict)
    keywords: dict[str, Keyword] = field(default_factory=dict)
    phenomena: dict[str, Phenomenon] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    cites: dict[tuple[str, str], Cites] = field(default_factory=dict)
    wrote: dict[tuple[str, str], Wrote] = field(default_factory=dict)
    has_keyword: dict[tuple[str, str], HasKeyword] = field(default_factory=dict)
    about: dict[tuple[str, str], About] = field(default_factory=dict)
    published_in: dict[tuple[str, str], PublishedIn] = field(default_factory=dict)
    related_to: dict[tuple[str, str], RelatedTo] = field(default_factory=dict)
    broader: dict[tuple[str, str], Broader] = field(default_factory=dict)
    listed_in: dict[tuple[str, str], ListedIn] = field(default_factory=dict)

    def nodes(self) -> dict[str, list]:
        return {
            "Paper": list(self.papers.values()),
            "Author": list(self.authors.values()),
            "Venue": list(self.venues.values()),
            "Keyword": list(self.keywords.values()),
            "Phenomenon": list(self.phenomena.values()),
            "Section": list(self.sections.values()),
        }

    def edges(self) -> dict[str, list]:
        return {
            "CITES": list(self.cites.values()),
            "WROTE": list(self.wrote.values()),
            "HAS_KEYWORD": list(self.has_keyword.values()),
            "ABOUT": list(self.about.values()),
            "PUBLISHED_IN": list(self.published_in.values()),
            "RELATED_TO": list(self.related_to.values()),
            "BROADER": list(self.broader.values()),
            "LISTED_IN": list(self.listed_in.values()),
        }

    def add_edge(self, edge) -> None:
        bucket = {
            Cites: self.cites, Wrote: self.wrote, HasKeyword: self.has_keyword,
            About: self.about, PublishedIn: self.published_in, RelatedTo: self.related_to,
            Broader: self.broader, ListedIn: self.listed_in,
        }[type(edge)]
        key = (edge.source, edge.target)
        old = bucket.get(key)
        if old is None or (isinstance(edge, About) and _CONFIDENCE_RANK.get(edge.confidence, 0)
                           > _CONFIDENCE_RANK.get(old.confidence, 0)):
            bucket[key] = edge  # the same paper seen twice keeps its best evidence for a phenomenon

    def counts(self) -> dict[str, int]:
        out = {label: len(items) for label, items in self.nodes().items()}
        out.update({rel: len(items) for rel, items in self.edges().items()})
        return out
