"""Analytics of phenomena: the phenomenon map and timelines (bridge papers: :mod:`graph.analytics.bridge_papers`).

A phenomenon's papers are the nodes whose ``phenomena`` attribute names it
(ABOUT edges, see :func:`graph.analytics.networks.build_citation_graph`).

>>> import networkx as nx
>>> G = nx.DiGraph([("p", "q")])
>>> nx.set_node_attributes(G, {"p": ["A"], "q": ["A", "B"]}, "phenomena")
>>> sorted(phenomenon_papers(G)["A"])
['p', 'q']
"""
from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analytics.bursts import burst_years, describe_bursts, detect_bursts, year_totals
from graph.analytics.paper_arrays import node_attribute
from graph.errors import AtlasError
from graph.model.columnar import edge_arrays

__all__ = ["phenomenon_papers", "phenomenon_map", "phenomenon_timeline"]


def phenomenon_papers(G: nx.Graph) -> dict[str, set]:
    """``{phenomenon: {papers about it}}`` of a citation graph (or :class:`graph.analytics.paper_arrays.PaperArrays`)."""
    out: dict[str, set] = {}
    for v, phens in node_attribute(G, "phenomena"):
        for p in phens or ():
            out.setdefault(p, set()).add(v)
    return dict(sorted(out.items()))


def phenomenon_map(G: nx.DiGraph) -> list[dict]:
    """One row per pair of phenomena ``a < b``: shared papers, cross-citations and co-citations.

    ``a_cites_b`` counts citation edges from a paper about ``a`` to a paper
    about ``b`` (a paper about both counts on both sides); ``cocitations``
    counts papers whose references include papers about ``a`` and about ``b``.
    Pairs with nothing in common are left out.  Computed as sparse products of the
    paper x phenomenon incidence ``P`` and the citation matrix ``A``: shared papers ``PᵀP``,
    cross-citations ``PᵀAP``, co-citations the Gram matrix of ``[AP > 0]``.

    >>> G = nx.DiGraph([("p", "q")])
    >>> nx.set_node_attributes(G, {"p": ["A"], "q": ["A", "B"]}, "phenomena")
    >>> phenomenon_map(G)
    [{'a': 'A', 'b': 'B', 'shared_papers': 1, 'a_cites_b': 1, 'b_cites_a': 0, 'cocitations': 1}]
    """
    arrays = edge_arrays(G)
    position = {v: i for i, v in enumerate(arrays.ids)}
    names = list(phenomenon_papers(G))
    column = {f: j for j, f in enumerate(names)}
    rows, cols = [], []
    for v, phens in node_attribute(G, "phenomena"):
        for f in set(phens or ()):
            rows.append(position[v])
            cols.append(column[f])
    n, k = len(arrays.ids), len(names)
    P = sp.csr_array((np.ones(len(rows), dtype=np.int64), (np.asarray(rows, dtype=np.int64),
                                                           np.asarray(cols, dtype=np.int64))), shape=(n, k))
    A = sp.csr_array((np.ones(len(arrays.src), dtype=np.int64), (arrays.src, arrays.dst)), shape=(n, n))
    shared = (P.T @ P).toarray()
    cross = (P.T @ (A @ P)).toarray()
    reaches = A @ P
    reaches.data[:] = 1  # a citer counts once per phenomenon, however many of its references are about it
    cocited = (reaches.T @ reaches).toarray()
    out = []
    for a, b in zip(*np.triu_indices(k, 1)):
        row = {"a": names[a], "b": names[b], "shared_papers": int(shared[a, b]), "a_cites_b": int(cross[a, b]),
               "b_cites_a": int(cross[b, a]), "cocitations": int(cocited[a, b])}
        if row["shared_papers"] or row["a_cites_b"] or row["b_cites_a"] or row["cocitations"]:
            out.append(row)
    return out


def phenomenon_timeline(G: nx.Graph, phenomenon: str, clusters: dict | None = None, *,
                        totals: dict | None = None, members: set | None = None, years: dict | None = None) -> dict:
    """When a phenomenon appears and spreads.

    Returns ``first_paper``, ``first_year``, ``papers_per_year`` (``{year: n}``,
    papers without a year left out), ``bursts``, ``burst_years`` and ``burst_note`` (Kleinberg
    bursts of its share of the graph's papers, :mod:`graph.analytics.bursts`; the note says why there are none),
    and with ``clusters`` (``{paper: cluster}``)
    also ``home_cluster`` (the first paper's cluster), ``cluster_first_year``
    (``{cluster: first year the phenomenon appears there}``) and ``spread_year``
    (the first year it appears outside its home cluster, or None).

    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"year": 2019, "phenomena": ["dd"]}), (2, {"year": 2021, "phenomena": ["dd"]})])
    >>> t = phenomenon_timeline(G, "dd", {1: 0, 2: 3})
    >>> t["first_year"], t["papers_per_year"], t["spread_year"]
    (2019, {2019: 1, 2021: 1}, 2021)
    """
    if members is None:  # ``members``: its papers, when the caller has them (one pass over the graph for all)
        members = phenomenon_papers(G).get(phenomenon)
    if not members:
        raise AtlasError(f"no papers about {phenomenon}: check the phenomenon key")
    # ``years``: ``{paper: year}`` when the caller has read the column once for every phenomenon
    year = years.get if years is not None else (lambda v: G.nodes[v].get("year"))
    dated = sorted((year(v), str(v), v) for v in members if year(v))
    out = {
        "phenomenon": phenomenon,
        "papers": len(members),
        "first_paper": dated[0][2] if dated else None,
        "first_year": dated[0][0] if dated else None,
        "papers_per_year": dict(sorted(Counter(y for y, _, _ in dated).items())),
    }
    # bursts of its share of each year's papers; ``totals`` (graph.analytics.bursts.year_totals) saves a pass per phenomenon
    out["bursts"] = detect_bursts(out["papers_per_year"], totals if totals is not None else year_totals(G))
    out["burst_years"] = burst_years(out["bursts"])
    out["burst_note"] = describe_bursts(out["bursts"], out["papers_per_year"])
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
