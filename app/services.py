"""What the explorer app shows, as plain data: no Streamlit, no UI.

Every ``load_*`` function takes an open :class:`~graph.store.base.GraphStore`
(injected, read-only) and returns dataclasses, dicts and lists; the ``select_*``
and ``search_*`` functions are pure functions of what was loaded.  Pages read
widgets, call these, and render.

>>> graph = PaperGraph(papers={"a": PaperNode("a", "Grokking", 2022), "b": PaperNode("b", "Other", 2020)},
...                    phenomena={"phen:g": "Grokking"}, about={"a": ["phen:g"]}, cites=[("a", "b")])
>>> view = select_view(graph, phenomenon="phen:g")
>>> [n.id for n in view.nodes], view.matching
(['a'], 1)
>>> search_papers(graph, "grok")
['a']
"""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from app.settings import Settings
from graph import schema
from graph.errors import AtlasError, StoreUnavailable
from graph.identity import fold
from graph.store.base import GraphStore, QueryResult

__all__ = [
    "PaperNode", "PaperGraph", "GraphView", "Overview", "PaperDetail", "store_version", "load_overview",
    "load_paper_graph", "select_view", "search_papers", "load_paper", "list_papers", "run_read_query",
    "query_parameters", "table_rows", "paper_ids_in", "list_saved_queries", "neighbourhood", "load_related", "phenomenon_timeline",
    "phenomenon_map", "bridge_papers", "cluster_summaries", "export_formats", "export_files", "load_saved_query",
    "saved_query_params", "find_phenomena", "DEFAULT_TOP_N", "NO_PHENOMENON",
]

DEFAULT_TOP_N = 500  # drawn at once (ready in ~0.5 s); "show more" raises it (2,000 in ~1.6 s)
NO_PHENOMENON = "(none)"


def store_version(settings: Settings) -> str:
    """A key that changes whenever the graph changes: caches of read results use it.

    For the embedded store it is the file's modification time and size (a build in
    another process rewrites the file); for Neo4j there is no cheap equivalent, so
    callers combine it with a short cache lifetime.
    """
    if settings.store != "embedded":
        return f"{settings.store}:{settings.neo4j_uri}:{settings.neo4j_database}"
    path = Path(settings.embedded_path)
    if not path.exists():
        raise StoreUnavailable(f"no graph at {path}: run `phenomena build` first")
    stats = [path.stat()] + [p.stat() for p in path.parent.glob(path.name + ".wal")]
    return ":".join(f"{s.st_mtime_ns}-{s.st_size}" for s in stats)


# -- landing page ------------------------------------------------------------

@dataclass
class Overview:
    counts: dict[str, int]  # node labels and relationship types -> count
    finished_at: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    phenomena: list[dict[str, Any]] = field(default_factory=list)  # id, name, papers

    @property
    def citations_missing(self) -> bool:
        return self.counts.get("Paper", 0) > 0 and self.counts.get("CITES", 0) == 0


def load_overview(store: GraphStore) -> Overview:
    """Counts, the last build's time and sources, and every phenomenon with its paper count."""
    build = store.get_meta("build") or {}
    phenomena = store.query(
        "MATCH (f:Phenomenon) OPTIONAL MATCH (p:Paper)-[:ABOUT]->(f) "
        "RETURN f.id AS id, f.name AS name, count(p) AS papers ORDER BY papers DESC, name").records()
    return Overview(counts=store.counts(), finished_at=build.get("finished_at"),
                    sources=dict(build.get("sources") or {}), phenomena=phenomena)


def find_phenomena(phenomena: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    """The phenomena whose name matches each of ``names`` (folded), in that order; absent ones skipped.

    >>> find_phenomena([{"id": "p:dd", "name": "Deep Double Descent"}], ["double descent", "grokking"])
    [{'id': 'p:dd', 'name': 'Deep Double Descent'}]
    """
    out = []
    for wanted in names:
        exact = [p for p in phenomena if fold(p["name"] or "") == fold(wanted)]
        loose = [p for p in phenomena if fold(wanted) in fold(p["name"] or "")]
        if exact or loose:
            out.append((exact or loose)[0])
    return out


# -- the paper graph -----------------------------------------------------------

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
        G.add_nodes_from((pid, {"title": p.title, "phenomena": self.about.get(pid, [])}) for pid, p in self.papers.items())
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
            "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon) RETURN p.id, f.id ORDER BY f.id").rows:
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


# -- one paper -------------------------------------------------------------------

@dataclass
class PaperDetail:
    paper: dict[str, Any]  # every stored property of the Paper node
    authors: list[dict[str, Any]]  # id, name (in author order)
    keywords: list[str]
    venue: str | None
    phenomena: list[dict[str, Any]]  # id, name, via
    references: list[dict[str, Any]]  # papers it cites (in the graph): id, title, year
    citations: list[dict[str, Any]]  # papers citing it (in the graph)

    def links(self) -> dict[str, str]:
        """Named links: arXiv, DOI, the source URL, code."""
        p, out = self.paper, {}
        if p.get("arxiv_id"):
            out["arXiv"] = f"https://arxiv.org/abs/{p['arxiv_id']}"
        if p.get("doi"):
            out["DOI"] = f"https://doi.org/{p['doi']}"
        if p.get("s2_id"):
            out["Semantic Scholar"] = f"https://www.semanticscholar.org/paper/{p['s2_id']}"
        if p.get("url") and p["url"] not in out.values():
            out["Paper"] = p["url"]
        for i, url in enumerate(p.get("code_urls") or []):
            out["Code" if i == 0 else f"Code {i + 1}"] = url
        return out


_PAPER_PROPS = ", ".join(f"p.{name} AS {name}" for name in schema.NODE_LABELS["Paper"])


def load_paper(store: GraphStore, paper_id: str) -> PaperDetail | None:
    """A paper with its authors, keywords, venue, phenomena, references and citations; None if absent."""
    rows = store.query(f"MATCH (p:Paper) WHERE p.id = $id RETURN {_PAPER_PROPS}", {"id": paper_id}).records()
    if not rows:
        return None
    params = {"id": paper_id}
    authors = store.query("MATCH (a:Author)-[w:WROTE]->(p:Paper) WHERE p.id = $id "
                          "RETURN a.id AS id, a.name AS name ORDER BY w.position, a.name", params).records()
    keywords = [r[0] for r in store.query("MATCH (p:Paper)-[:HAS_KEYWORD]->(k:Keyword) WHERE p.id = $id "
                                          "RETURN k.name ORDER BY k.name", params).rows]
    venues = [r[0] for r in store.query("MATCH (p:Paper)-[:PUBLISHED_IN]->(v:Venue) WHERE p.id = $id "
                                        "RETURN v.name", params).rows]
    phenomena = store.query("MATCH (p:Paper)-[r:ABOUT]->(f:Phenomenon) WHERE p.id = $id "
                            "RETURN f.id AS id, f.name AS name, r.via AS via ORDER BY name", params).records()
    references = store.query("MATCH (p:Paper)-[:CITES]->(q:Paper) WHERE p.id = $id RETURN q.id AS id, "
                             "q.title AS title, q.year AS year ORDER BY year DESC, title", params).records()
    citations = store.query("MATCH (q:Paper)-[:CITES]->(p:Paper) WHERE p.id = $id RETURN q.id AS id, "
                            "q.title AS title, q.year AS year ORDER BY year DESC, title", params).records()
    return PaperDetail(rows[0], authors, keywords, venues[0] if venues else rows[0].get("venue"),
                       phenomena, references, citations)


_RELATED = {  # reason -> (weight, query returning id, title, year, n, names)
    "shared authors": (2.0, "MATCH (p:Paper)<-[:WROTE]-(a:Author)-[:WROTE]->(q:Paper) WHERE p.id = $id AND q.id <> p.id "
                            "RETURN q.id, q.title, q.year, count(DISTINCT a) AS n, collect(DISTINCT a.name) AS names"),
    "co-cited": (1.0, "MATCH (p:Paper)<-[:CITES]-(c:Paper)-[:CITES]->(q:Paper) WHERE p.id = $id AND q.id <> p.id "
                      "RETURN q.id, q.title, q.year, count(DISTINCT c) AS n, collect(DISTINCT c.title) AS names"),
    "shared references": (1.0, "MATCH (p:Paper)-[:CITES]->(r:Paper)<-[:CITES]-(q:Paper) WHERE p.id = $id AND "
                               "q.id <> p.id RETURN q.id, q.title, q.year, count(DISTINCT r) AS n, "
                               "collect(DISTINCT r.title) AS names"),
    "shared keywords": (0.5, "MATCH (p:Paper)-[:HAS_KEYWORD]->(k:Keyword)<-[:HAS_KEYWORD]-(q:Paper) WHERE p.id = $id "
                             "AND q.id <> p.id RETURN q.id, q.title, q.year, count(DISTINCT k) AS n, "
                             "collect(DISTINCT k.name) AS names"),
}


def load_related(store: GraphStore, paper_id: str, top: int = 10) -> list[dict[str, Any]]:
    """Papers related to one, best first, each with its reasons in words.

    Score: 2 per shared author, 1 per co-citing paper, 1 per shared reference, 0.5 per
    shared keyword (direct citations are listed on the page already).
    """
    found: dict[str, dict[str, Any]] = {}
    for reason, (weight, text) in _RELATED.items():
        for qid, title, year, n, names in store.query(text, {"id": paper_id}).rows:
            item = found.setdefault(qid, {"id": qid, "title": title or qid, "year": year, "score": 0.0,
                                          "reasons": []})
            item["score"] += weight * n
            shown = ", ".join(sorted(str(x) for x in names)[:3]) + ("…" if len(names) > 3 else "")
            item["reasons"].append(f"{reason} ({n}): {shown}")
    return sorted(found.values(), key=lambda r: (-r["score"], r["id"]))[:top]


def phenomenon_timeline(graph: PaperGraph, phenomenon: str) -> dict[int, int]:
    """Papers about ``phenomenon`` per year (years without papers left out).

    >>> g = PaperGraph({"a": PaperNode("a", "A", 2020), "b": PaperNode("b", "B", 2020)}, {"f": "F"},
    ...                {"a": ["f"], "b": ["f"]}, [])
    >>> phenomenon_timeline(g, "f")
    {2020: 2}
    """
    out: dict[int, int] = {}
    for pid, phens in graph.about.items():
        year = graph.papers[pid].year if pid in graph.papers else None
        if phenomenon in phens and year is not None:
            out[year] = out.get(year, 0) + 1
    return dict(sorted(out.items()))


def phenomenon_map(graph: PaperGraph) -> list[dict[str, Any]]:
    """For every ordered pair of phenomena: papers about both, and citations from one's papers to the other's.

    Pairs with nothing in common are left out; the diagonal holds each phenomenon's own size.

    >>> g = PaperGraph({k: PaperNode(k, k) for k in "abc"}, {"f": "F", "g": "G"},
    ...                {"a": ["f"], "b": ["f", "g"], "c": ["g"]}, [("a", "c")])
    >>> [(r["source"], r["target"], r["shared"], r["citations"]) for r in phenomenon_map(g)]
    [('f', 'f', 2, 0), ('f', 'g', 1, 1), ('g', 'f', 1, 0), ('g', 'g', 2, 0)]
    """
    from graph.phenomena import phenomenon_map as pair_counts, phenomenon_papers

    G = graph.to_digraph()
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for pid, members in phenomenon_papers(G).items():  # the diagonal: each phenomenon's own size
        rows[pid, pid] = {"source": pid, "target": pid, "shared": len(members), "citations": 0}
    for r in pair_counts(G):
        for a, b, cited in ((r["a"], r["b"], r["a_cites_b"]), (r["b"], r["a"], r["b_cites_a"])):
            rows[a, b] = {"source": a, "target": b, "shared": r["shared_papers"], "citations": cited}
    return [rows[key] for key in sorted(rows) if rows[key]["shared"] or rows[key]["citations"]]


def bridge_papers(graph: PaperGraph, a: str, b: str, top: int = 20) -> list[dict[str, Any]]:
    """Papers that connect two phenomena, best first, each with why and the papers it links to.

    A paper bridges when it is about both (score 3), or when it has citation links
    (citing or cited) to papers of the side it does not belong to: a paper of ``a``
    linked to papers of ``b`` scores one per such paper; a paper of neither side must
    link to both, and scores one per linked paper.

    >>> g = PaperGraph({k: PaperNode(k, k) for k in "abcx"}, {"f": "F", "g": "G"},
    ...                {"a": ["f"], "b": ["f", "g"], "c": ["g"]}, [("a", "c"), ("x", "a"), ("x", "c")])
    >>> [(r["id"], r["score"]) for r in bridge_papers(g, "f", "g")]
    [('b', 3), ('x', 2), ('a', 1), ('c', 1)]
    """
    sides = {name: {p for p, phens in graph.about.items() if pid in phens} for name, pid in (("a", a), ("b", b))}
    linked: dict[str, dict[str, set[str]]] = {}
    for src, dst in graph.cites:
        for here, there in ((src, dst), (dst, src)):
            for name, side in sides.items():
                if there in side and here != there:
                    linked.setdefault(here, {"a": set(), "b": set()})[name].add(there)
    names = {"a": graph.phenomena.get(a, a), "b": graph.phenomena.get(b, b)}
    out = []
    for pid, paper in graph.papers.items():
        member = {name for name, side in sides.items() if pid in side}
        links = linked.get(pid, {"a": set(), "b": set()})
        if member == {"a", "b"}:
            score, reasons, via = 3, ["about both"], set()
        else:
            other = [name for name in ("a", "b") if name not in member]
            if not all(links[name] for name in other):
                continue
            via = set().union(*(links[name] for name in other))
            score = len(via)
            reasons = [f"about {names[name]}" for name in sorted(member)] + [
                f"cites or is cited by {len(links[name])} {names[name]} paper{'s' * (len(links[name]) > 1)}"
                for name in other]
        out.append({"id": pid, "title": paper.title, "year": paper.year, "score": score,
                    "reasons": reasons, "linked": sorted(via)})
    return sorted(out, key=lambda r: (-r["score"], r["id"]))[:top]


# -- clusters and exports ---------------------------------------------------------

def cluster_summaries(graph: PaperGraph, top: int = 5) -> list[dict[str, Any]]:
    """Each cluster (from `phenomena analyze`), biggest first: label, size, key papers, phenomena.

    Key papers: highest PageRank, then most links.  Phenomena: how many of its papers each covers.

    >>> g = PaperGraph({"a": PaperNode("a", "A", cluster=0, cluster_label="x", pagerank=0.2),
    ...                 "b": PaperNode("b", "B", cluster=0, cluster_label="x", pagerank=0.5)},
    ...                {"f": "F"}, {"a": ["f"]}, [])
    >>> s = cluster_summaries(g)[0]; (s["cluster"], s["size"], [p["id"] for p in s["papers"]], s["phenomena"])
    (0, 2, ['b', 'a'], [('F', 1)])
    """
    degree = graph.degrees()
    members: dict[int, list[PaperNode]] = {}
    for p in graph.papers.values():
        if p.cluster is not None:
            members.setdefault(p.cluster, []).append(p)
    out = []
    for cluster, papers in members.items():
        ranked = sorted(papers, key=lambda p: (-(p.pagerank or 0), -degree[p.id], p.id))
        counts: dict[str, int] = {}
        for p in papers:
            for pid in graph.about.get(p.id, ()):
                counts[pid] = counts.get(pid, 0) + 1
        out.append({
            "cluster": cluster, "label": papers[0].cluster_label or f"cluster {cluster}", "size": len(papers),
            "papers": [{"id": p.id, "title": p.title, "year": p.year} for p in ranked[:top]],
            "phenomena": sorted(((graph.phenomena.get(k, k), n) for k, n in counts.items()),
                                key=lambda item: (-item[1], item[0]))[:5],
        })
    return sorted(out, key=lambda c: (-c["size"], c["cluster"]))


def export_formats() -> tuple[str, ...]:
    """The formats `phenomena export` writes (empty when the exporter is not installed)."""
    try:
        from graph.export import FORMATS
    except ImportError:
        return ()
    return tuple(FORMATS)


def export_files(store: GraphStore, formats: list[str], *, cluster: int | None = None,
                 seed: int = 42) -> dict[str, bytes]:
    """The files `phenomena export` would write, as {relative name: content}, for downloads.

    ``cluster`` limits the graph files and BibTeX to that cluster's papers.
    """
    import tempfile

    from app.analytics_cli import Selection, export  # the CLI's exporter: one code path for both
    with tempfile.TemporaryDirectory() as folder:
        paths = export(store, folder, list(formats), Selection(cluster=cluster), seed=seed)
        return {Path(p).relative_to(folder).as_posix(): Path(p).read_bytes() for p in paths}


# -- Cypher console ----------------------------------------------------------------

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def query_parameters(text: str) -> list[str]:
    """Named ``$parameters`` of a query, in order of first use (string literals ignored).

    >>> query_parameters("MATCH (p:Paper) WHERE p.year >= $since AND p.title <> '$x' RETURN p LIMIT $n")
    ['since', 'n']
    """
    seen: list[str] = []
    for name in _PARAM.findall(_STRING_LITERAL.sub("''", text)):
        if name not in seen:
            seen.append(name)
    return seen


def list_saved_queries() -> list[tuple[str, str]]:
    """(name, title) of the saved queries in ``queries/``; empty when that package offers none."""
    try:
        from queries import list_queries, load_query
    except ImportError:
        return []
    out = []
    for name in list_queries():
        try:
            out.append((name, load_query(name).title or name))
        except AtlasError as err:  # a broken file is listed with its one-line problem
            out.append((name, f"{name} (cannot load: {err})"))
    return out


def load_saved_query(name: str, engine: str):
    """The saved query ``name`` for ``engine`` ("embedded" or "neo4j"): ``.title``, ``.description``,
    ``.params`` (each ``.name``, ``.type``, ``.default``, ``.required``) and ``.text_for(engine)``."""
    from queries import load_query
    return load_query(name, engine)


def saved_query_params(query, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed parameter values from form input (strings allowed), defaults filled in."""
    from queries import coerce_params
    return coerce_params(query, {k: v for k, v in raw.items() if v not in (None, "")})


def run_read_query(store: GraphStore, text: str, params: dict[str, Any] | None = None, *,
                   limit: int = 1000, timeout_s: float = 10.0) -> QueryResult:
    """Run Cypher on the read-only path with a row limit and a timeout.

    A write is refused by the store (:class:`~graph.errors.ReadOnlyViolation`); engine
    errors arrive as :class:`~graph.errors.QueryError`, one line each.
    """
    return store.query_console(text, params or {}, limit=limit, timeout_s=timeout_s)


def _cell(value: Any) -> Any:
    """A value fit for a table cell: nodes as their key or name, lists joined."""
    if isinstance(value, dict):
        label = value.get("_LABEL") or value.get("_label")
        if "id" in value and value.get("id") is not None:
            return f"({label}) {value['id']}" if label else str(value["id"])
        shown = {k: v for k, v in value.items() if not str(k).startswith("_") and v is not None}
        return f"[{label}] {shown}" if label else str(shown)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_cell(v)) for v in value)
    return value


def paper_ids_in(result: QueryResult, known: set[str] | dict) -> list[str]:
    """Papers a query result mentions, by node or by key, in order of first appearance.

    >>> paper_ids_in(QueryResult(["paper", "n"], [["arxiv:1", 3], [{"_LABEL": "Paper", "id": "arxiv:2"}, 1]]),
    ...              {"arxiv:1", "arxiv:2"})
    ['arxiv:1', 'arxiv:2']
    """
    seen: dict[str, None] = {}

    def visit(value: Any) -> None:
        if isinstance(value, str) and value in known:
            seen.setdefault(value)
        elif isinstance(value, dict):
            if (value.get("_LABEL") or value.get("_label")) == "Paper" and value.get("id") in known:
                seen.setdefault(value["id"])
            for key in ("_nodes", "nodes"):  # paths
                for node in value.get(key) or ():
                    visit(node)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)

    for row in result.rows:
        for cell in row:
            visit(cell)
    return list(seen)


def table_rows(result: QueryResult) -> list[dict[str, Any]]:
    """Rows as dicts of display values (nodes and relationships flattened to text)."""
    return [{col: _cell(v) for col, v in zip(result.columns, row)} for row in result.rows]


# -- growing the graph ------------------------------------------------------------

def grow_command(kind: str, value: str, limit: int) -> list[str]:
    """The CLI call that grows the graph (``kind`` is ``concept`` or ``paper``); no shell involved."""
    if kind not in ("concept", "paper"):
        raise ValueError(f"unknown grow kind {kind!r}")
    return [sys.executable, "-m", "app.cli", "grow", f"--{kind}", value, "--limit", str(int(limit))]


def run_grow(kind: str, value: str, limit: int, on_line: Callable[[str], None]) -> int:
    """Grow the graph in a child process (it writes the store), passing each output line to ``on_line``.

    Progress bars arrive as their latest state; returns the exit code (0: done).
    """
    proc = subprocess.Popen(grow_command(kind, value, limit), cwd=str(Path(__file__).resolve().parents[1]),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    buffer = ""
    assert proc.stdout is not None
    for chunk in iter(lambda: proc.stdout.read(256), ""):
        buffer += chunk
        *lines, buffer = re.split(r"[\r\n]", buffer)
        for line in lines:
            if line.strip():
                on_line(line.strip())
    if buffer.strip():
        on_line(buffer.strip())
    return proc.wait()
