"""Analytics of phenomena: the phenomenon map and timelines (bridge papers: :mod:`graph.bridges`).

A phenomenon's papers are the nodes whose ``phenomena`` attribute names it
(ABOUT edges, see :func:`graph.networks.build_citation_graph`).

>>> import networkx as nx
>>> G = nx.DiGraph([("p", "q")])
>>> nx.set_node_attributes(G, {"p": ["A"], "q": ["A", "B"]}, "phenomena")
>>> sorted(phenomenon_papers(G)["A"])
['p', 'q']
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx

from graph.bursts import burst_years, detect_bursts, year_totals
from graph.errors import AtlasError

__all__ = ["phenomenon_papers", "phenomenon_map", "phenomenon_timeline"]


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


def phenomenon_timeline(G: nx.Graph, phenomenon: str, clusters: dict | None = None, *,
                        totals: dict | None = None) -> dict:
    """When a phenomenon appears and spreads.

    Returns ``first_paper``, ``first_year``, ``papers_per_year`` (``{year: n}``,
    papers without a year left out), ``bursts`` and ``burst_years`` (Kleinberg
    bursts of its share of the graph's papers, :mod:`graph.bursts`), and with ``clusters`` (``{paper: cluster}``)
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
    # bursts of its share of each year's papers; ``totals`` (graph.bursts.year_totals) saves a pass per phenomenon
    out["bursts"] = detect_bursts(out["papers_per_year"], totals if totals is not None else year_totals(G))
    out["burst_years"] = burst_years(out["bursts"])
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
