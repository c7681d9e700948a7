"""Similarity between papers: co-citation, bibliographic coupling, shared concepts.

* **co-citation** of ``u`` and ``v``: how many papers cite both;
* **bibliographic coupling** of ``u`` and ``v``: how many references they share;
* **co-occurrence** of two terms (keywords or phenomena): how many papers carry both.

Matrices are computed as sparse products of the citation adjacency matrix
``A`` (``A[i, j] = 1`` when paper ``i`` cites ``j``): co-citation ``AᵀA``,
coupling ``AAᵀ``.

>>> import networkx as nx
>>> G = nx.DiGraph([("x", "a"), ("x", "b"), ("y", "a"), ("y", "b"), ("y", "c")])
>>> compute_cocitation(G)[("a", "b")], compute_coupling(G)[("x", "y")]
(2, 2)
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.errors import AtlasError

__all__ = [
    "citation_matrix", "cocitation_matrix", "coupling_matrix", "compute_cocitation",
    "compute_coupling", "compute_cooccurrence", "related_papers", "RELATED_WEIGHTS",
]

# Weights of the blend in related_papers: one co-citing paper, one shared
# reference, one direct citation and one shared concept count this much.
RELATED_WEIGHTS = {"cocitation": 1.0, "coupling": 1.0, "citation": 1.0, "concept": 0.5}


def citation_matrix(G: nx.DiGraph, nodelist: list | None = None) -> tuple[sp.csr_array, list]:
    """``(A, nodelist)`` with ``A[i, j] = 1`` when ``nodelist[i]`` cites ``nodelist[j]``."""
    if not G.is_directed():
        raise AtlasError("similarity needs the directed citation graph (build_citation_graph)")
    if nodelist is None:  # every node, in graph order: straight from the edge arrays
        from graph.columnar import edge_arrays

        arrays = edge_arrays(G)
        return arrays.matrix(), list(arrays.ids)
    index = {v: i for i, v in enumerate(nodelist)}
    rows, cols = [], []
    for u, v in G.edges():
        if u in index and v in index:
            rows.append(index[u])
            cols.append(index[v])
    n = len(nodelist)
    data = np.ones(len(rows), dtype=np.float64)
    A = sp.csr_array((data, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))), shape=(n, n))
    A.sum_duplicates()
    A.data[:] = 1.0
    return A, nodelist


def _without_diagonal(M: sp.csr_array) -> sp.csr_array:
    M = sp.csr_array(M - sp.diags_array(M.diagonal(), format="csr"))
    M.eliminate_zeros()
    return M


def cocitation_matrix(A: sp.csr_array, *, max_refs: int | None = None) -> sp.csr_array:
    """``AᵀA`` without its diagonal.  Citing papers with more than ``max_refs``
    references (surveys) are left out, since they pair everything with everything."""
    if max_refs is not None:
        keep = np.asarray(A.sum(axis=1)).ravel() <= max_refs
        A = sp.csr_array(sp.diags_array(keep.astype(np.float64)) @ A)
    return _without_diagonal(sp.csr_array(A.T @ A))


def coupling_matrix(A: sp.csr_array, *, max_citers: int | None = None) -> sp.csr_array:
    """``AAᵀ`` without its diagonal.  References cited by more than ``max_citers``
    papers are left out: a reference everyone cites says little (and costs
    quadratically many pairs)."""
    if max_citers is not None:
        keep = np.asarray(A.sum(axis=0)).ravel() <= max_citers
        A = sp.csr_array(A @ sp.diags_array(keep.astype(np.float64)))
    return _without_diagonal(sp.csr_array(A @ A.T))


def _pairs(M: sp.csr_array, nodelist: list, min_count: int) -> dict:
    U = sp.triu(M, k=1).tocoo()
    return {(nodelist[i], nodelist[j]): int(w)
            for i, j, w in zip(U.row.tolist(), U.col.tolist(), U.data.tolist()) if w >= min_count}


def compute_cocitation(G: nx.DiGraph, *, min_count: int = 1, max_refs: int | None = None) -> dict:
    """``{(u, v): n}``: ``n`` papers cite both ``u`` and ``v`` (``u`` before ``v`` in node order)."""
    A, nodes = citation_matrix(G)
    return _pairs(cocitation_matrix(A, max_refs=max_refs), nodes, min_count)


def compute_coupling(G: nx.DiGraph, *, min_count: int = 1, max_citers: int | None = None) -> dict:
    """``{(u, v): n}``: ``u`` and ``v`` share ``n`` references (``u`` before ``v`` in node order)."""
    A, nodes = citation_matrix(G)
    return _pairs(coupling_matrix(A, max_citers=max_citers), nodes, min_count)


def compute_cooccurrence(G: nx.Graph, attribute: str = "keywords", *, min_count: int = 1) -> dict:
    """``{(a, b): n}``: ``n`` papers carry both terms ``a < b`` in list attribute ``attribute``.

    Use ``attribute="keywords"`` or ``"phenomena"``.

    >>> G = nx.DiGraph()
    >>> G.add_node(1, keywords=["grokking", "double descent"]); G.add_node(2, keywords=["grokking", "double descent"])
    >>> compute_cooccurrence(G)
    {('double descent', 'grokking'): 2}
    """
    counts: Counter = Counter()
    for _, terms in G.nodes(data=attribute):
        counts.update(combinations(sorted(set(terms or ())), 2))
    return {pair: n for pair, n in sorted(counts.items()) if n >= min_count}


def _concepts(data: dict) -> set[str]:
    kws = {k.casefold() for k in data.get("keywords") or ()}
    return kws | set(data.get("phenomenon_names") or data.get("phenomena") or ())


def related_papers(G: nx.DiGraph, paper_id, top: int = 10, *,
                   weights: dict[str, float] | None = None) -> list[tuple]:
    """Papers most related to ``paper_id``: ``[(paper, score, reason), …]``, best first.

    score = ``cocitation``·(papers citing both) + ``coupling``·(shared references)
    + ``citation``·(1 if one cites the other) + ``concept``·(shared keywords and
    phenomena), with the weights of :data:`RELATED_WEIGHTS`.  Ties break by key.

    >>> G = nx.DiGraph([("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")])
    >>> related_papers(G, "a", top=1)
    [('b', 2.0, 'co-cited by 2 papers')]
    """
    if paper_id not in G:
        raise AtlasError(f"paper {paper_id!r} is not in the graph: check the key (e.g. arxiv:2201.02177)")
    w = {**RELATED_WEIGHTS, **(weights or {})}
    cocited: Counter = Counter()
    for citer in G.predecessors(paper_id):
        cocited.update(v for v in G.successors(citer) if v != paper_id)
    coupled: Counter = Counter()
    for ref in G.successors(paper_id):
        coupled.update(u for u in G.predecessors(ref) if u != paper_id)
    mine = _concepts(G.nodes[paper_id])
    shared = {}
    if mine:
        for v, data in G.nodes(data=True):
            if v != paper_id and (common := mine & _concepts(data)):
                shared[v] = sorted(common)
    cites, cited_by = set(G.successors(paper_id)), set(G.predecessors(paper_id))
    candidates = set(cocited) | set(coupled) | set(shared) | cites | cited_by
    out = []
    for v in candidates:
        score = (w["cocitation"] * cocited[v] + w["coupling"] * coupled[v]
                 + w["citation"] * (v in cites or v in cited_by) + w["concept"] * len(shared.get(v, ())))
        if score <= 0:
            continue
        reasons = []
        if cocited[v]:
            reasons.append(f"co-cited by {cocited[v]} paper{'s' * (cocited[v] != 1)}")
        if coupled[v]:
            reasons.append(f"{coupled[v]} shared reference{'s' * (coupled[v] != 1)}")
        if v in cites:
            reasons.append("cited by it")
        if v in cited_by:
            reasons.append("cites it")
        if v in shared:
            reasons.append("shared: " + ", ".join(shared[v]))
        out.append((v, float(score), "; ".join(reasons)))
    out.sort(key=lambda t: (-t[1], str(t[0])))
    return out[:top]
