"""The paper graph the Graph page draws, and pure functions that select, search and rank in it.

>>> graph = PaperGraph(papers={"a": PaperNode("a", "Grokking", 2022), "b": PaperNode("b", "Other", 2020)},
...                    phenomena={"phen:g": "Grokking"}, about={"a": ["phen:g"]}, cites=[("a", "b")])
>>> view = select_view(graph, phenomenon="phen:g")
>>> [n.id for n in view.nodes], view.matching
(['a'], 1)
>>> search_papers(graph, "grok")
['a']
"""
from __future__ import annotations

from dataclasses import dataclass, field

from graph import schema
from graph.identity import fold
from graph.store.base import GraphStore

__all__ = ["PaperNode", "PaperGraph", "GraphView", "load_paper_graph", "select_view", "search_papers",
           "neighbourhood", "list_papers", "source_kind", "ANALYTICS_PROPERTIES", "DEFAULT_TOP_N", "NO_PHENOMENON"]

DEFAULT_TOP_N = 500  # drawn at once (ready in ~0.5 s); "show more" raises it (2,000 in ~1.6 s)
NO_PHENOMENON = "(none)"


@dataclass
class PaperNode:
    id: str
    title: str
    year: int | None = None
    in_catalog: bool = False
    citation_count: int | None = None
    # Written by `phenomena analyze` where the schema has them; None otherwise.
    pagerank: float | None = None
    betweenness: float | None = None
    cluster: int | None = None
    cluster_label: str | None = None
    sources: tuple[str, ...] = ()  # catalog, seed:…, s2, search:…, grow:…, recommendation:…, import:…

    def source_kinds(self) -> set[str]:
        return {source_kind(s) for s in self.sources}


def source_kind(source: str) -> str:
    """``'import:my.bib'`` -> ``'import'``: the kind of source, for filtering."""
    return source.split(":", 1)[0]


# Analytics properties the app uses when the graph schema carries them (older graphs do not).
ANALYTICS_PROPERTIES = [p for p in ("pagerank", "betweenness", "cluster", "cluster_label")
                        if p in schema.NODE_LABELS["Paper"]]


_MEASURE_FIELD = {"citations": "citation_count", "pagerank": "pagerank", "betweenness": "betweenness"}


@dataclass
class PaperGraph:
    """Papers, their phenomena and the citations among them: what the Graph page draws."""

    papers: dict[str, PaperNode]
    phenomena: dict[str, str]  # id -> display name
    about: dict[str, list[str]]  # paper id -> phenomenon ids
    cites: list[tuple[str, str]]  # (citing, cited), both in ``papers``

    def degrees(self) -> dict[str, int]:
        out = dict.fromkeys(self.papers, 0)
        for a, b in self.cites:
            out[a] += 1
            out[b] += 1
        return out

    def phenomenon_sizes(self) -> dict[str, int]:
        sizes = dict.fromkeys(self.phenomena, 0)
        for pids in self.about.values():
            for pid in pids:
                sizes[pid] = sizes.get(pid, 0) + 1
        return sizes

    def clusters(self) -> dict[int, str]:
        """Cluster number -> label (or "cluster N"), for graphs that `phenomena analyze` has clustered."""
        out: dict[int, str] = {}
        for p in self.papers.values():
            if p.cluster is not None:
                out.setdefault(p.cluster, p.cluster_label or f"cluster {p.cluster}")
        return dict(sorted(out.items()))

    def source_kinds(self) -> list[str]:
        """The kinds of source the papers of this graph came from, for the source filter."""
        return sorted({kind for p in self.papers.values() for kind in p.source_kinds()})

    def to_digraph(self):
        """The citation graph as NetworkX, papers carrying their ``phenomena`` (as :mod:`graph.phenomena` wants)."""
        import networkx as nx

        G = nx.DiGraph()
        G.add_nodes_from((pid, {"title": p.title, "year": p.year, "phenomena": self.about.get(pid, [])})
                         for pid, p in self.papers.items())
        G.add_edges_from(self.cites)
        return G

    def measures(self) -> list[str]:
        """The ways papers can be sized in this graph: always links; the others when known."""
        known = [name for name in ("citations", "pagerank", "betweenness")
                 if any(getattr(p, _MEASURE_FIELD[name]) is not None for p in self.papers.values())]
        return ["links", *known]

    def primary_phenomenon(self) -> dict[str, str]:
        """Each paper's colour: its most specific phenomenon (fewest papers), else ``NO_PHENOMENON``."""
        sizes = self.phenomenon_sizes()
        out = {}
        for pid in self.papers:
            choices = self.about.get(pid) or []
            out[pid] = min(choices, key=lambda f: (sizes.get(f, 0), f)) if choices else NO_PHENOMENON
        return out


def load_paper_graph(store: GraphStore) -> PaperGraph:
    """Every paper with its phenomena and the CITES edges among papers (four read queries)."""
    extra = "".join(f", p.{name} AS {name}" for name in ANALYTICS_PROPERTIES)
    papers = {
        r["id"]: PaperNode(r["id"], r["title"] or r["id"], r["year"], bool(r["in_catalog"]), r["citation_count"],
                           **{name: r[name] for name in ANALYTICS_PROPERTIES}, sources=tuple(r["sources"] or ()))
        for r in store.query(
            "MATCH (p:Paper) RETURN p.id AS id, p.title AS title, p.year AS year, "
            f"p.in_catalog AS in_catalog, p.citation_count AS citation_count, p.sources AS sources{extra}").records()
    }
    phenomena = {r["id"]: r["name"] or r["id"] for r in store.query(
        "MATCH (f:Phenomenon) RETURN f.id AS id, f.name AS name").records()}
    about: dict[str, list[str]] = {}
    for paper_id, phen_id in store.query(
            # weak tags (a catalog section alone, …) stay out of the views, as in graph.networks
            "MATCH (p:Paper)-[r:ABOUT]->(f:Phenomenon) WHERE coalesce(r.confidence, 'medium') <> 'weak' "
            "RETURN p.id, f.id ORDER BY f.id").rows:
        about.setdefault(paper_id, []).append(phen_id)
    cites = [(a, b) for a, b in store.query("MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.id, b.id").rows
             if a != b]
    return PaperGraph(papers, phenomena, about, cites)


def search_papers(graph: PaperGraph, text: str, limit: int = 20) -> list[str]:
    """Paper ids whose title contains every word of ``text`` (folded), or whose key matches it.

    Exact key or arXiv id first, then titles, shorter titles first.
    """
    words = fold(text).split()
    if not words:
        return []
    wanted = text.strip().lower()
    exact = [pid for pid in graph.papers if pid.lower() in (wanted, f"arxiv:{wanted}")]
    titled = sorted((p for p in graph.papers.values()
                     if p.id not in exact and all(w in fold(p.title) for w in words)),
                    key=lambda p: (len(p.title), p.id))
    return (exact + [p.id for p in titled])[:limit]


@dataclass
class GraphView:
    """One drawing: the papers and links to draw, and what was left out."""

    nodes: list[PaperNode]
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


def select_view(graph: PaperGraph, *, phenomenon: str | None = None, in_catalog_only: bool = False,
                years: tuple[int, int] | None = None, top_n: int = DEFAULT_TOP_N,
                highlight: list[str] | None = None, only: set[str] | frozenset[str] | None = None,
                cluster: int | None = None, rank_by: str = "links", source: str | None = None) -> GraphView:
    """Filter papers, keep the ``top_n`` with the most links (highlighted ones always), and their links.

    ``only`` restricts the view to those paper ids (e.g. the papers a query returned).

    Ranking: ``rank_by`` ("links": degree in the whole citation graph; "citations",
    "pagerank", "betweenness"), then degree, citation count, having a phenomenon, being
    in the catalog, recency and id, so the same settings always draw the same papers.
    """
    degree = graph.degrees()
    colour_of = graph.primary_phenomenon()
    matching = [
        p for p in graph.papers.values()
        if (only is None or p.id in only)
        and (phenomenon is None or phenomenon in graph.about.get(p.id, ()))
        and (not in_catalog_only or p.in_catalog)
        and (cluster is None or p.cluster == cluster)
        and (source is None or source in p.source_kinds())
        and (years is None or (p.year is not None and years[0] <= p.year <= years[1]))
    ]
    def rank(p: PaperNode) -> tuple:  # ties (e.g. no citations yet): tagged, catalog, recent papers first
        measure = degree[p.id] if rank_by == "links" else getattr(p, _MEASURE_FIELD[rank_by]) or 0
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


def neighbourhood(graph: PaperGraph, paper_id: str, hops: int = 1) -> set[str]:
    """The paper and every paper within ``hops`` citation steps of it, either direction.

    >>> g = PaperGraph({k: PaperNode(k, k) for k in "abcd"}, {}, {}, [("a", "b"), ("b", "c"), ("d", "d")])
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


def list_papers(graph: PaperGraph) -> list[tuple[str, str]]:
    """(id, "Title (year)") for a select box, sorted by title."""
    return sorted(((p.id, f"{p.title} ({p.year})" if p.year else p.title) for p in graph.papers.values()),
                  key=lambda item: fold(item[1]))


