"""The Graph page's selection over the one graph model: select, search and rank papers.

The graph is :class:`graph.model.graph_model.GraphModel` (read once per build by
:func:`load_paper_graph`); these are pure functions of it.

>>> graph = GraphModel.of([Paper("a", "Grokking", 2022), Paper("b", "Other", 2020)], {"phen:g": "Grokking"},
...                       {"a": ["phen:g"]}, [("a", "b")])
>>> view = select_view(graph, phenomenon="phen:g")
>>> [n.id for n in view.nodes], view.matching
(['a'], 1)
>>> search_papers(graph, "grok")
['a']
"""
from __future__ import annotations

from dataclasses import dataclass, field

from graph.analytics.centrality import shared_concept_links
from graph.analytics.search import SearchDoc, rank_papers
from graph.model.graph_model import GraphModel
from graph.model.identity import fold
from graph.model.read import load_graph_model
from graph.model.records import Paper
from graph.store.base import GraphStore

__all__ = ["GraphModel", "GraphView", "load_paper_graph", "select_view", "search_papers", "neighbourhood",
           "list_papers", "source_kind", "source_kinds", "graph_clusters", "measures", "knowledge_degrees",
           "primary_phenomenon",
           "DEFAULT_TOP_N", "NO_PHENOMENON"]

DEFAULT_TOP_N = 500  # drawn at once (ready in ~0.5 s); "show more" raises it (2,000 in ~1.6 s)
NO_PHENOMENON = "(none)"


def source_kind(source: str) -> str:
    """``'import:my.bib'`` -> ``'import'``: the kind of source, for filtering."""
    return source.split(":", 1)[0]


def _kinds_of(p: Paper) -> set[str]:
    return {source_kind(s) for s in p.sources}


_MEASURE_FIELD = {"citations": "citation_count", "pagerank": "pagerank", "betweenness": "betweenness"}


def graph_clusters(graph: GraphModel) -> dict[int, str]:
    """Cluster number -> label (or "cluster N"), for graphs that `phenomena analyze` has clustered."""
    out: dict[int, str] = {}
    for p in graph.papers.values():
        if p.cluster is not None:
            out.setdefault(p.cluster, p.cluster_label or f"cluster {p.cluster}")
    return dict(sorted(out.items()))


def source_kinds(graph: GraphModel) -> list[str]:
    """The kinds of source the papers of this graph came from, for the source filter."""
    return sorted({kind for p in graph.papers.values() for kind in _kinds_of(p)})


def measures(graph: GraphModel) -> list[str]:
    """The ways papers can be ranked in this graph: measures that differ between papers.

    A measure that is unknown, or the same for every paper (PageRank without
    citations), ranks nothing and is left out.  "links" (citation links) only
    when some paper has one; "knowledge links" (phenomena, keywords, authors
    shared with other papers) always.

    >>> measures(GraphModel.of([Paper("a", "A"), Paper("b", "B")]))
    ['knowledge links']
    """
    out = ["links"] if any(graph.degrees.values()) else []
    for name in ("citations", "pagerank", "betweenness"):
        values = {getattr(p, _MEASURE_FIELD[name]) for p in graph.papers.values()} - {None}
        if len(values) > 1:
            out.append(name)
    return out + ["knowledge links"]


def knowledge_degrees(graph: GraphModel) -> dict[str, int]:
    """Each paper's knowledge links (:func:`graph.analytics.centrality.shared_concept_links`): other papers
    sharing its phenomena, keywords or authors."""
    concepts: dict[str, list] = {pid: [] for pid in graph.papers}
    for rel in ("ABOUT", "HAS_KEYWORD", "WROTE"):
        for s, t in graph.edge_pairs(rel):
            paper, concept = (t, s) if rel == "WROTE" else (s, t)
            if paper in concepts:
                concepts[paper].append(concept)
    return shared_concept_links(concepts)


def primary_phenomenon(graph: GraphModel) -> dict[str, str]:
    """Each paper's colour: its most specific phenomenon (fewest papers), else ``NO_PHENOMENON``."""
    sizes = graph.phenomenon_sizes
    out = {}
    for pid in graph.papers:
        choices = graph.about.get(pid) or []
        out[pid] = min(choices, key=lambda f: (sizes.get(f, 0), f)) if choices else NO_PHENOMENON
    return out


def load_paper_graph(store: GraphStore, key: str | None = None) -> GraphModel:
    """The one graph model of the store (cached per build; ``key``: the app's version key).  The app reads
    it through :func:`app.pipeline.first_page.load_model` (a snapshot, the build's similarity links)."""
    return load_graph_model(store, key=key)


def search_papers(graph: GraphModel, text: str, limit: int = 20) -> list[str]:
    """Paper ids matching ``text``, best first (ranked by :func:`graph.analytics.search.rank_papers`).

    Exact key, arXiv id or DOI; then the title (whole, phrase, words); then keywords, authors and venue.
    """
    if not fold(text):
        return []
    cited: dict[str, int] = {}
    for _, b in graph.cites:
        cited[b] = cited.get(b, 0) + 1
    authors = getattr(graph, "paper_authors", {}) or {}
    names = getattr(graph, "authors", {}) or {}
    keywords = getattr(graph, "paper_keywords", {}) or {}
    docs = (SearchDoc(p.id, p.title or p.id,
                      tuple(getattr(names.get(a), "name", a) or a for a in authors.get(p.id, ())),
                      tuple(keywords.get(p.id, ()) or getattr(p, "keywords", ()) or ()),
                      getattr(p, "venue", None), getattr(p, "arxiv_id", None), getattr(p, "doi", None),
                      p.citation_count or 0, cited.get(p.id, 0), getattr(p, "digest", None), p.year)
            for p in graph.papers.values())
    return rank_papers(docs, text, limit)


@dataclass
class GraphView:
    """One drawing: the papers and links to draw, and what was left out."""

    nodes: list[Paper]
    edges: list[tuple[str, str]]
    colour_of: dict[str, str]  # paper id -> phenomenon id (or NO_PHENOMENON)
    degree: dict[str, int]  # in the whole graph
    matching: int  # papers that pass the filters
    highlighted: list[str] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return self.matching - len(self.nodes)

    def summary(self) -> str:
        """The node-count line shown above the drawing."""
        text = f"Showing {len(self.nodes)} papers and {len(self.edges)} links"
        if self.hidden > 0:
            text += f" ({self.hidden} more papers match; use “Show more”)"
        return text


def select_view(graph: GraphModel, *, phenomenon: str | None = None, in_catalog_only: bool = False,
                years: tuple[int, int] | None = None, top_n: int = DEFAULT_TOP_N,
                highlight: list[str] | None = None, only: set[str] | frozenset[str] | None = None,
                cluster: int | None = None, rank_by: str = "links", source: str | None = None) -> GraphView:
    """Filter papers, keep the ``top_n`` with the most links (highlighted ones always), and their links.

    ``only`` restricts the view to those paper ids (e.g. the papers a query returned).

    Ranking: ``rank_by`` ("links": degree in the whole citation graph; "knowledge links":
    phenomena, keywords and authors of the paper; "citations",
    "pagerank", "betweenness"), then degree, citation count, having a phenomenon, being
    in the catalog, recency and id, so the same settings always draw the same papers.
    """
    degree = knowledge_degrees(graph) if rank_by == "knowledge links" else graph.degrees
    colour_of = primary_phenomenon(graph)
    matching = [
        p for p in graph.papers.values()
        if (only is None or p.id in only)
        and (phenomenon is None or phenomenon in graph.about.get(p.id, ()))
        and (not in_catalog_only or p.in_catalog)
        and (cluster is None or p.cluster == cluster)
        and (source is None or source in _kinds_of(p))
        and (years is None or (p.year is not None and years[0] <= p.year <= years[1]))
    ]
    def rank(p: Paper) -> tuple:  # ties (e.g. no citations yet): tagged, catalog, recent papers first
        by_links = rank_by in ("links", "knowledge links")
        measure = degree[p.id] if by_links else getattr(p, _MEASURE_FIELD[rank_by]) or 0
        return (-measure, -degree[p.id], -(p.citation_count or 0), not graph.about.get(p.id), not p.in_catalog,
                -(p.year or 0), p.id)

    ranked = sorted(matching, key=rank)
    highlight = [pid for pid in (highlight or []) if pid in graph.papers]
    keep = {p.id for p in ranked[:max(top_n, 0)]}
    keep.update(pid for pid in highlight if pid in {p.id for p in matching})
    nodes = [p for p in ranked if p.id in keep]
    edges = [(a, b) for a, b in graph.cites if a in keep and b in keep]
    if phenomenon is not None:  # colour by the chosen phenomenon when a paper has several
        colour_of = {pid: phenomenon if phenomenon in graph.about.get(pid, ()) else c
                     for pid, c in colour_of.items()}
    return GraphView(nodes, edges, {p.id: colour_of[p.id] for p in nodes}, degree, len(matching),
                     [pid for pid in highlight if pid in keep])


def neighbourhood(graph: GraphModel, paper_id: str, hops: int = 1) -> set[str]:
    """The paper and every paper within ``hops`` citation steps of it, either direction.

    >>> g = GraphModel.of([Paper(k, k) for k in "abcd"], cites=[("a", "b"), ("b", "c"), ("d", "d")])
    >>> sorted(neighbourhood(g, "a", 1)), sorted(neighbourhood(g, "a", 2))
    (['a', 'b'], ['a', 'b', 'c'])
    """
    if paper_id not in graph.papers:
        return set()
    adjacent: dict[str, set[str]] = {}
    for a, b in graph.cites:
        adjacent.setdefault(a, set()).add(b)
        adjacent.setdefault(b, set()).add(a)
    seen, frontier = {paper_id}, {paper_id}
    for _ in range(max(hops, 0)):
        frontier = {n for f in frontier for n in adjacent.get(f, ())} - seen
        seen |= frontier
    return seen


def list_papers(graph: GraphModel) -> list[tuple[str, str]]:
    """(id, "Title (year)") for a select box, sorted by title.  Sorted once per model (the Graph page asks
    on every rerun; folding 600 titles is ~0.1 s), kept on the model as its similarity links are."""
    cached = graph.__dict__.get("_paper_list")
    if cached is None:
        cached = sorted(((p.id, f"{p.title} ({p.year})" if p.year else p.title) for p in graph.papers.values()),
                        key=lambda item: fold(item[1]))
        graph.__dict__["_paper_list"] = cached
    return list(cached)


