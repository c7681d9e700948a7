"""How good the clusters are: key papers by centrality inside each cluster, and which catalog
sections each cluster recovers (best section, its share, normalised mutual information).

>>> clusters = [{"a", "b", "c"}, {"d", "e"}]
>>> sections = {"a": "NC", "b": "NC", "c": "DD", "d": "DD", "e": "DD"}
>>> [(r["section"], r["share"]) for r in section_recovery(clusters, sections)]
[('NC', 0.667), ('DD', 1.0)]
>>> round(normalized_mutual_information({v: i for i, c in enumerate(clusters) for v in c}, sections), 3)
0.433
"""
from __future__ import annotations

import math
from collections import Counter

import networkx as nx
import numpy as np

from graph.analytics.text_similarity import text_index  # the one TF-IDF of the project
from graph.model.columnar import edge_arrays

__all__ = ["cluster_key_papers", "inside_citation_ranking", "section_recovery", "normalized_mutual_information", "INSIDE_CITATIONS",
           "INSIDE_LINKS"]

INSIDE_CITATIONS = "citations inside the cluster"
INSIDE_LINKS = "knowledge links inside the cluster (text similarity to its papers, then shared keywords and authors)"


def cluster_key_papers(G: nx.DiGraph, clusters: list[set], pagerank: dict | None = None,
                       top: int = 5) -> tuple[str, dict[int, list]]:
    """``(measure, {cluster: key papers, best first})``, ranked by centrality inside each cluster.

    With citations inside the clusters: the papers cited by most of their cluster's papers (ties:
    ``pagerank``).  Without: the papers most similar to the rest of their cluster (summed TF-IDF
    cosine of :mod:`graph.analytics.text_similarity`: the cluster's most typical papers), ties
    broken by how many members share a keyword, phenomenon or author with it that is specific
    inside the cluster (on at most half of its papers).  How many keywords a paper has counts for
    nothing: the seminal paper of a topic (Jacot's NTK, Frankle & Carbin's lottery ticket) leads.

    >>> G = nx.DiGraph([("b", "a"), ("c", "a"), ("c", "b")])
    >>> cluster_key_papers(G, [{"a", "b", "c"}])
    ('citations inside the cluster', {0: ['a', 'b', 'c']})
    """
    pagerank = pagerank or {}
    by_citations = inside_citation_ranking(G, clusters, pagerank, top=top)
    if by_citations is not None:
        return INSIDE_CITATIONS, by_citations
    index = text_index(G)
    out = {}
    for i, c in enumerate(clusters):
        members = sorted(c, key=str)
        concepts = {v: {("kw", k.casefold()) for k in G.nodes[v].get("keywords") or ()}
                    | {("ph", p) for p in G.nodes[v].get("phenomena") or ()}
                    | {("au", a) for a in G.nodes[v].get("authors") or ()} for v in members}
        size = Counter(x for cs in concepts.values() for x in cs)
        specific = {v: {x for x in cs if 1 < size[x] <= max(2, len(members) // 2)} for v, cs in concepts.items()}
        holders: dict = {}
        for v, cs in specific.items():
            for x in cs:
                holders.setdefault(x, set()).add(v)
        links = {v: len(set().union(*(holders[x] for x in specific[v])) - {v}) if specific[v] else 0 for v in members}
        rows = [index.position[v] for v in members]
        X = index.X[rows]
        text = np.asarray((X @ X.T).sum(axis=1)).ravel() - np.asarray(X.multiply(X).sum(axis=1)).ravel()
        centrality = dict(zip(members, text.tolist()))
        out[i] = sorted(members, key=lambda v: (-centrality[v], -links[v], -(pagerank.get(v) or 0.0), str(v)))[:top]
    return INSIDE_LINKS, out



def inside_citation_ranking(G, clusters: list[set], pagerank: dict | None = None,
                            top: int = 5) -> dict[int, list] | None:
    """``{cluster: papers cited by most of their own cluster's papers, best first}`` (ties: ``pagerank``,
    then key), or None when no citation stays inside a cluster.  ``G`` is a DiGraph or the array
    path's :class:`~graph.analytics.paper_arrays.PaperArrays`: both give the same answer.

    >>> cluster_key_papers(nx.DiGraph([("b", "a"), ("c", "a")]), [{"a", "b"}, {"c"}])[1]
    {0: ['a', 'b'], 1: ['c']}
    """
    pagerank = pagerank or {}
    arrays = edge_arrays(G)
    ids = arrays.ids
    owner = np.full(len(ids), -1, dtype=np.int64)
    position = {v: k for k, v in enumerate(ids)}
    for i, c in enumerate(clusters):
        for v in c:
            if v in position:
                owner[position[v]] = i
    src, dst = np.asarray(arrays.src, dtype=np.int64), np.asarray(arrays.dst, dtype=np.int64)
    keep = (owner[src] >= 0) & (owner[src] == owner[dst]) & (src != dst)
    counts = np.bincount(dst[keep], minlength=len(ids))
    if not counts.any():
        return None
    ranks = np.asarray([pagerank.get(v) or 0.0 for v in ids] + [0.0], dtype=np.float64)  # last: not in the graph
    counts = np.append(counts, 0)
    return {i: _top_inside(list(c), counts, ranks, position, pagerank, top) for i, c in enumerate(clusters)}


def _top_inside(members: list, counts: np.ndarray, ranks: np.ndarray, position: dict, pagerank: dict,
                top: int) -> list:
    """The ``top`` of ``members`` by (inside citations, PageRank, key); ``counts`` and ``ranks`` by
    position, their last entry for a paper not in the graph.  Only the members at least as good as
    the ``top``-th by the two numbers are sorted in Python (a 30k-paper cluster sorts five)."""
    if len(members) > top:
        rows = np.asarray([position.get(v, -1) for v in members], dtype=np.int64)
        inside, rank = counts[rows], ranks[rows]
        outside = rows < 0
        if outside.any():  # a paper the analysed graph lacks keeps its own PageRank, if any
            rank[outside] = [pagerank.get(members[j]) or 0.0 for j in np.flatnonzero(outside)]
        kth = np.lexsort((-rank, -inside))[top - 1]
        members = [members[j] for j in np.flatnonzero(
            (inside > inside[kth]) | ((inside == inside[kth]) & (rank >= rank[kth])))]
    return sorted(members, key=lambda v: (-int(counts[position.get(v, -1)]), -(pagerank.get(v) or 0.0), str(v)))[:top]


def section_recovery(clusters: list[set], sections: dict) -> list[dict]:
    """Per cluster: the catalog ``section`` most of its papers come from, ``share`` (of the cluster's
    papers with a section), ``recall`` (of that section's papers, how many are here) and ``papers``.
    ``sections``: ``{paper: section}`` (papers without one are left out)."""
    totals = Counter(s for s in sections.values() if s)
    out = []
    for i, c in enumerate(clusters):
        counts = Counter(sections[v] for v in c if sections.get(v))
        if not counts:
            out.append({"cluster": i, "section": None, "share": 0.0, "recall": 0.0, "papers": len(c)})
            continue
        best, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append({"cluster": i, "section": best, "share": round(n / sum(counts.values()), 3),
                    "recall": round(n / totals[best], 3), "papers": len(c)})
    return out


def normalized_mutual_information(labels_a: dict, labels_b: dict) -> float:
    """NMI (arithmetic mean normalisation) of two labellings over the keys both give a label."""
    keys = [k for k in labels_a if labels_a[k] is not None and labels_b.get(k) is not None]
    n = len(keys)
    if n == 0:
        return 0.0
    a, b = Counter(labels_a[k] for k in keys), Counter(labels_b[k] for k in keys)
    ab = Counter((labels_a[k], labels_b[k]) for k in keys)
    mutual = sum(c / n * math.log(c * n / (a[x] * b[y])) for (x, y), c in ab.items())
    entropy = lambda counts: -sum(c / n * math.log(c / n) for c in counts.values())  # noqa: E731
    h = entropy(a) + entropy(b)
    return 2 * mutual / h if h else 1.0
