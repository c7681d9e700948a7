"""Analytics of phenomena: the phenomenon map, bridge papers, timelines.

A phenomenon's papers are the nodes whose ``phenomena`` attribute names it
(ABOUT edges, see :func:`graph.networks.build_citation_graph`).

>>> import networkx as nx
>>> G = nx.DiGraph([("b1", "m"), ("m", "a1")])
>>> nx.set_node_attributes(G, {"a1": ["A"], "b1": ["B"], "m": []}, "phenomena")
>>> [(row["paper"], row["score"]) for row in bridge_papers(G, "A", "B")]
[('m', 1.0)]
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx

from graph.backend import resolve_backend, to_igraph
from graph.errors import AtlasError

__all__ = ["phenomenon_papers", "phenomenon_map", "bridge_papers", "phenomenon_timeline"]


def phenomenon_papers(G: nx.Graph) -> dict[str, set]:
    """``{phenomenon: {papers about it}}``."""
    out: dict[str, set] = {}
    for v, phens in G.nodes(data="phenomena"):
        for p in phens or ():
            out.setdefault(p, set()).add(v)
    return dict(sorted(out.items()))


def phenomenon_map(G: nx.DiGraph) -> list[dict]:
    """One row per pair of phenomena ``a < b``: shared papers, cross-citations and co-citations.

    ``a_cites_b`` counts citation edges from a paper about ``a`` to a paper
    about ``b`` (a paper about both counts on both sides); ``cocitations``
    counts papers whose references include papers about ``a`` and about ``b``.
    Pairs with nothing in common are left out.

    >>> G = nx.DiGraph([("p", "q")])
    >>> nx.set_node_attributes(G, {"p": ["A"], "q": ["A", "B"]}, "phenomena")
    >>> phenomenon_map(G)
    [{'a': 'A', 'b': 'B', 'shared_papers': 1, 'a_cites_b': 1, 'b_cites_a': 0, 'cocitations': 1}]
    """
    papers = phenomenon_papers(G)
    edge_counts: Counter = Counter()
    for u, v in G.edges():
        for pa in G.nodes[u].get("phenomena") or ():
            for pb in G.nodes[v].get("phenomena") or ():
                if pa != pb:
                    edge_counts[(pa, pb)] += 1
    cocited: Counter = Counter()
    for citer in G:
        cited = {f for v in G.successors(citer) for f in G.nodes[v].get("phenomena") or ()}
        cocited.update(combinations(sorted(cited), 2))
    rows = []
    for a, b in combinations(papers, 2):
        row = {"a": a, "b": b, "shared_papers": len(papers[a] & papers[b]),
               "a_cites_b": edge_counts[(a, b)], "b_cites_a": edge_counts[(b, a)], "cocitations": cocited[(a, b)]}
        if row["shared_papers"] or row["a_cites_b"] or row["b_cites_a"] or row["cocitations"]:
            rows.append(row)
    return rows


def bridge_papers(G: nx.DiGraph, phenomenon_a: str, phenomenon_b: str, top: int = 10,
                  *, paths: int = 3, backend: str = "auto") -> list[dict]:
    """Papers that carry the citation flow between two phenomena, best first.

    The **bridge score** of paper ``v`` is its betweenness restricted to the two
    subgraphs: the sum, over ordered pairs ``(s, t)`` with ``s`` about one
    phenomenon and ``t`` about the other, of the share of shortest directed
    citation paths ``s -> … -> t`` that pass through ``v`` as an inner node.
    A citation path from a B-paper to an A-paper is knowledge flowing from A
    into B, so both directions count; ``a_to_b`` and ``b_to_a`` give the two
    parts (``a_to_b``: paths from B-papers back to A-papers).  Each row also
    carries up to ``paths`` example paths through ``v`` (lists of paper keys,
    citing paper first).  Both backends compute the same sums (igraph's
    betweenness with ``sources``/``targets``).
    """
    papers = phenomenon_papers(G)
    missing = [p for p in (phenomenon_a, phenomenon_b) if p not in papers]
    if missing:
        raise AtlasError(f"no papers about {', '.join(missing)}: check the phenomenon key "
                         f"(known: {', '.join(list(papers)[:8])}{'…' if len(papers) > 8 else ''})")
    A, B = papers[phenomenon_a], papers[phenomenon_b]
    b_into_a = _subset_betweenness(G, B, A, backend)
    a_into_b = _subset_betweenness(G, A, B, backend)
    rows = []
    for v in G:
        score = b_into_a[v] + a_into_b[v]
        if score > 0:
            rows.append({"paper": v, "score": float(score), "a_to_b": float(b_into_a[v]),
                         "b_to_a": float(a_into_b[v]), "title": G.nodes[v].get("title")})
    rows.sort(key=lambda r: (-r["score"], str(r["paper"])))
    rows = rows[:top]
    for row in rows:
        row["paths"] = _example_paths(G, row["paper"], B, A, paths) + _example_paths(G, row["paper"], A, B, paths)
        row["paths"] = row["paths"][:paths]
    return rows


def _subset_betweenness(G: nx.DiGraph, sources: set, targets: set, backend: str) -> dict:
    """Raw counts (no normalisation) of shortest sources->targets paths through each node."""
    if resolve_backend(backend, len(G)) == "networkx":
        return nx.betweenness_centrality_subset(G, sources=list(sources), targets=list(targets), normalized=False)
    H, nodes = to_igraph(G)
    index = {v: i for i, v in enumerate(nodes)}
    raw = H.betweenness(directed=True, sources=[index[v] for v in sources], targets=[index[v] for v in targets])
    return dict(zip(nodes, raw))


def _example_paths(G: nx.DiGraph, v, sources: set, targets: set, limit: int) -> list[list]:
    """Shortest paths source -> … -> v -> … -> target, nearest ends first."""
    into = nx.single_source_shortest_path(G.reverse(copy=False), v)
    out_of = nx.single_source_shortest_path(G, v)
    starts = sorted((s for s in into if s in sources and s != v), key=lambda s: (len(into[s]), str(s)))
    ends = sorted((t for t in out_of if t in targets and t != v), key=lambda t: (len(out_of[t]), str(t)))
    found = []
    for s in starts[:limit]:
        for t in ends[:limit]:
            if s != t:
                found.append(list(reversed(into[s])) + out_of[t][1:])
            if len(found) >= limit:
                return found
    return found


def phenomenon_timeline(G: nx.Graph, phenomenon: str, clusters: dict | None = None) -> dict:
    """When a phenomenon appears and spreads.

    Returns ``first_paper``, ``first_year``, ``papers_per_year`` (``{year: n}``,
    papers without a year left out), and with ``clusters`` (``{paper: cluster}``)
    also ``home_cluster`` (the first paper's cluster), ``cluster_first_year``
    (``{cluster: first year the phenomenon appears there}``) and ``spread_year``
    (the first year it appears outside its home cluster, or None).

    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"year": 2019, "phenomena": ["dd"]}), (2, {"year": 2021, "phenomena": ["dd"]})])
    >>> t = phenomenon_timeline(G, "dd", {1: 0, 2: 3})
    >>> t["first_year"], t["papers_per_year"], t["spread_year"]
    (2019, {2019: 1, 2021: 1}, 2021)
    """
    members = phenomenon_papers(G).get(phenomenon)
    if not members:
        raise AtlasError(f"no papers about {phenomenon}: check the phenomenon key")
    dated = sorted((G.nodes[v]["year"], str(v), v) for v in members if G.nodes[v].get("year"))
    out = {
        "phenomenon": phenomenon,
        "papers": len(members),
        "first_paper": dated[0][2] if dated else None,
        "first_year": dated[0][0] if dated else None,
        "papers_per_year": dict(sorted(Counter(y for y, _, _ in dated).items())),
    }
    if clusters is not None:
        first: dict = {}
        for year, _, v in dated:
            if v in clusters:
                first.setdefault(clusters[v], year)
        home = clusters.get(out["first_paper"]) if dated else None
        out["home_cluster"] = home
        out["cluster_first_year"] = dict(sorted(first.items(), key=lambda kv: (kv[1], kv[0])))
        later = [y for c, y in first.items() if c != home]
        out["spread_year"] = min(later) if later else None
    return out
