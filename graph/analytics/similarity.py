"""Similarity between papers: co-citation, bibliographic coupling, shared concepts, text, authors.

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

import math
import weakref
from collections import Counter
from itertools import combinations
from typing import NamedTuple

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analytics.author_weights import (
    AUTHOR_SHARE,
    author_matrix,
    author_weight_of,
)
from graph.analytics.text_similarity import TextIndex, build_tfidf, shared_words, text_index, text_of, text_scores
from graph.errors import AtlasError
from graph.model.columnar import edge_arrays
from graph.words import plural

__all__ = [
    "citation_matrix", "cocitation_matrix", "coupling_matrix", "compute_cocitation",
    "compute_coupling", "compute_cooccurrence", "related_papers", "RelatedPaper", "RELATED_WEIGHTS",
    "RELATED_ORIGINS", "compute_similar_papers",
]

# Weights of the topical part of related_papers: the text score (in [0, 1]) counts 1, the
# IDF-weighted share of the paper's keywords and phenomena that the other carries counts
# ``concept``, and citations count up to ``citation`` (co-citations, shared references and a
# direct citation, n/(n+2)).  Shared authors never add a score of their own: each raises the
# topical score by ``author`` (up to three), so co-authors rank above strangers on the same
# topic and never above a paper on the topic.
RELATED_WEIGHTS = {"text": 1.0, "concept": 0.5, "citation": 1.0, "author": 0.1}
MAX_AUTHOR_BOOST = 3
# A keyword or phenomenon on more than this share of the papers is too broad to relate two
# papers by itself ("generalization", "deep learning theory").
CONCEPT_MAX_SHARE = 0.06

# The signal that contributes most to a related pair names its origin (the
# ``origin`` of a ``RELATED_TO`` edge); equal contributions go to the first here.
RELATED_ORIGINS = {"cocitation": "co-citation", "coupling": "coupling", "citation": "citation",
                   "author": "shared-authors", "text": "text-similarity", "concept": "shared-concepts"}


class RelatedPaper(NamedTuple):
    """One answer of :func:`related_papers`: the reason is for people, the origin for data."""

    paper: object
    score: float
    reason: str  # e.g. "co-cited by 2 papers; shared: grokking"
    origin: str  # a value of RELATED_ORIGINS: the strongest signal


def citation_matrix(G: nx.DiGraph, nodelist: list | None = None) -> tuple[sp.csr_array, list]:
    """``(A, nodelist)`` with ``A[i, j] = 1`` when ``nodelist[i]`` cites ``nodelist[j]``."""
    if not G.is_directed():
        raise AtlasError("similarity needs the directed citation graph (build_citation_graph)")
    if nodelist is None:  # every node, in graph order: straight from the edge arrays

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
    return kws | {p.casefold() for p in data.get("phenomenon_names") or data.get("phenomena") or ()}


def _concept_weights(G: nx.DiGraph) -> dict[str, float]:
    """``{concept: idf}``; concepts on more than :data:`CONCEPT_MAX_SHARE` of the papers weigh 0."""
    cached = _CONCEPT_IDF.get(G)
    if cached is None:
        df = Counter(c for _, data in G.nodes(data=True) for c in _concepts(data))
        n = max(1, len(G))
        cap = max(30, CONCEPT_MAX_SHARE * n)
        cached = {c: (math.log((1 + n) / (1 + k)) + 1.0 if k <= cap else 0.0) for c, k in df.items()}
        _CONCEPT_IDF[G] = cached
    return cached


_CONCEPT_IDF: "weakref.WeakKeyDictionary[nx.Graph, dict]" = weakref.WeakKeyDictionary()




def related_papers(G: nx.DiGraph, paper_id, top: int = 10, *, weights: dict[str, float] | None = None,
                   similar: list[tuple] | None = None, index: TextIndex | None = None) -> list[RelatedPaper]:
    """Papers on the same topic as ``paper_id``: ``[RelatedPaper(paper, score, reason, origin), …]``, best first.

    topical = ``text``·(text similarity, :func:`graph.analytics.text_similarity.text_scores`:
    TF-IDF without generic words, blended with embeddings in ``index`` when it has them)
    + ``concept``·(IDF-weighted share of the paper's keywords and phenomena the other carries)
    + ``citation``·n/(n+2) (n: papers citing both + shared references + 1 if one cites the other);
    score = topical · (1 + ``author``·min(shared authors, 3)), each shared author weighed by
    :mod:`graph.analytics.author_weights` (an author on over 100 papers is not shared).
    Papers sharing only authors come last (score 0).  ``similar`` (offline similarity edges) is no longer needed: accepted for
    callers that pass it.  Ties break by key.  ``origin`` names the strongest signal.

    >>> G = nx.DiGraph([("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")])
    >>> related_papers(G, "a", top=1)
    [RelatedPaper(paper='b', score=0.5, reason='co-cited by 2 papers', origin='co-citation')]
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
    idf, by_author = _concept_weights(G), author_weight_of(G)
    mine = _concepts(G.nodes[paper_id])
    my_authors = {a for a in G.nodes[paper_id].get("authors") or () if by_author.get(a, 0.0) > 0}
    my_weight = sum(idf.get(c, 0.0) for c in mine) or 1.0
    shared, coauthored = {}, {}
    if mine or my_authors:
        for v, data in G.nodes(data=True):
            if v == paper_id:
                continue
            if common := {c for c in mine & _concepts(data) if idf.get(c, 0.0) > 0}:
                shared[v] = sorted(common, key=lambda c: (-idf[c], c))
            if common := my_authors & set(data.get("authors") or ()):
                coauthored[v] = sorted(common)
    cites, cited_by = set(G.successors(paper_id)), set(G.predecessors(paper_id))
    index = index or text_index(G)
    textual = text_scores(G, paper_id, index=index)
    candidates = set(cocited) | set(coupled) | set(shared) | set(coauthored) | set(textual) | cites | cited_by
    out = []
    for v in candidates:
        linked = cocited[v] + coupled[v] + (v in cites or v in cited_by)
        parts = {"cocitation": w["citation"] * cocited[v] / (linked + 2),
                 "coupling": w["citation"] * coupled[v] / (linked + 2),
                 "citation": w["citation"] * (v in cites or v in cited_by) / (linked + 2),
                 "text": w["text"] * textual.get(v, 0.0),
                 "concept": w["concept"] * sum(idf[c] for c in shared.get(v, ())) / my_weight}
        topical = sum(parts.values())
        authors = len(coauthored.get(v, ()))
        boost = w["author"] * min(sum(by_author[a] for a in coauthored.get(v, ())), MAX_AUTHOR_BOOST)
        parts["author"] = topical * boost
        score = topical + parts["author"]
        reasons = []
        if cocited[v]:
            reasons.append(f"co-cited by {plural(cocited[v], 'paper')}")
        if coupled[v]:
            reasons.append(plural(coupled[v], "shared reference"))
        if v in cites:
            reasons.append("cited by it")
        if v in cited_by:
            reasons.append("cites it")
        if v in shared:
            reasons.append("shared: " + ", ".join(shared[v]))
        if v in textual:
            words = shared_words(index, paper_id, v) if v in index.position else []
            reasons.append(f"similar text ({textual[v]:.2f})" + (f": {', '.join(words)}" if words else ""))
        if authors:
            reasons.append(f"shared authors ({authors}): " + ", ".join(coauthored[v]))
        strongest = max(RELATED_ORIGINS, key=lambda kind: parts[kind]) if topical > 0 else "author"
        out.append(RelatedPaper(v, round(float(score), 4), "; ".join(reasons), RELATED_ORIGINS[strongest]))
    out.sort(key=lambda t: (-t[1], -len(coauthored.get(t[0], ())), str(t[0])))
    return out[:top]


def compute_similar_papers(G: nx.Graph, *, top: int = 3, min_score: float = 0.2, use_abstracts: bool = True,
                           embeddings: dict | None = None, batch: int = 4096) -> list[tuple]:
    """Offline similarity edges: ``[(u, v, score, reason), …]`` with ``u < v``, best first.

    Each paper keeps its ``top`` most similar papers scoring at least ``min_score``:
    the text score (kept when it reaches ``min_score`` alone) is the cosine
    similarity of TF-IDF vectors over title, keywords and phenomena (and the
    abstract when ``use_abstracts`` and one is known), or of ``embeddings``
    (``{paper: vector}``, e.g. SPECTER from Semantic Scholar) for the papers
    that have one; each shared author adds 0.2 times its weight (:mod:`graph.analytics.author_weights`;
    up to 1: an author on over 100 papers adds nothing and is never paired); scores are capped at 1.  The
    reason names the strongest shared terms or the shared authors.  Sparse
    products in row batches with each row's ``top`` kept, so the pairs are never all held:
    linear in papers (words on over ``max(50, n/500)`` papers and hub authors weigh 0).

    >>> G = nx.DiGraph()
    >>> G.add_node("a", title="Grokking modular arithmetic", keywords=["grokking"], authors=["X"])
    >>> G.add_node("b", title="Grokking beyond algorithmic data", keywords=["grokking"], authors=["X"])
    >>> G.add_node("c", title="Double descent in deep networks", keywords=[], authors=[])
    >>> [(u, v, reason) for u, v, score, reason in compute_similar_papers(G)]
    [('a', 'b', 'shared authors: X; text: grokking')]
    """
    nodes = list(G)
    if len(nodes) < 2:
        return []
    docs = [text_of(G.nodes[v], use_abstracts) for v in nodes]
    X, vocab = build_tfidf(docs, max_df=max(50, len(docs) // 500))
    if embeddings:
        E = _embedding_rows(nodes, embeddings)
        if E is not None:
            X = sp.csr_array(sp.hstack([X.multiply(np.asarray(E.sum(axis=1) == 0).reshape(-1, 1)), E]).tocsr())
    A, authors = author_matrix(G, nodes)
    n = len(nodes)
    keys, scores = [], []
    for start in range(0, n, batch):
        stop = min(start + batch, n)
        S = sp.csr_array(X[start:stop] @ X.T)
        S.data[S.data < min_score] = 0.0  # prune before adding: most pairs share only a weak word
        S.eliminate_zeros()
        if A.nnz:
            S = sp.csr_array(S + (AUTHOR_SHARE * sp.csr_array(A[start:stop] @ A.T)).minimum(1.0))
        S.sort_indices()  # rows in order, columns ascending within each: the tie order below
        rows = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(S.indptr))
        cols, vals = S.indices.astype(np.int64), S.data
        keep = (vals >= min_score) & (rows != cols)
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
        order = np.lexsort((-vals, rows))  # each row's best first; stable, so ties keep ascending columns
        rows, cols, vals = rows[order], cols[order], vals[order]
        best = (np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")) < top
        lo, hi = np.minimum(rows[best], cols[best]), np.maximum(rows[best], cols[best])
        keys.append(lo * n + hi)
        scores.append(vals[best])
    if not keys:
        return []
    key, score = np.concatenate(keys), np.concatenate(scores)
    order = np.lexsort((-score, key))
    key, score = key[order], score[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key, score = key[first], np.minimum(score[first], 1.0)
    U, V = key // n, key % n
    rounded = np.array([round(w, 4) for w in score.tolist()])
    by_name = np.empty(n, dtype=np.int64)  # rank of each node's str(): the tie order of the output
    by_name[sorted(range(n), key=lambda i: str(nodes[i]))] = np.arange(n)
    order = np.lexsort((by_name[V], by_name[U], -rounded))
    U, V, rounded = U[order], V[order], rounded[order]
    reasons = _reasons(X, vocab, A, authors, U, V)
    return [(nodes[u], nodes[v], w, r) for u, v, w, r in zip(U.tolist(), V.tolist(), rounded.tolist(), reasons)]


def _top_columns(M: sp.csr_array, k: int) -> np.ndarray:
    """Each row's ``k`` largest columns, largest first (ties: stored order), padded with -1; one sort for all rows."""
    M = sp.csr_array(M)
    rows = np.repeat(np.arange(M.shape[0]), np.diff(M.indptr))
    order = np.lexsort((-M.data, rows))  # stable: within a row, equal values keep their stored order
    rows, cols = rows[order], M.indices[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    keep = rank < k
    out = np.full((M.shape[0], k), -1, dtype=np.int64)
    out[rows[keep], rank[keep]] = cols[keep]
    return out


def _reasons(X: sp.csr_array, vocab: list[str], A: sp.csr_array, authors: list[str],
             U: np.ndarray, V: np.ndarray) -> list[str]:
    """For each pair: the shared authors, then the three words adding most to the text score."""
    words = _top_columns(X[U].multiply(X[V]), 3).tolist()
    shared = _top_columns(A[U].multiply(A[V]), 4).tolist() if A.nnz else [[] for _ in range(len(U))]
    out = []
    for ws, names in zip(words, shared):
        names = [a for a in names if a >= 0]
        parts = []
        if names:
            parts.append("shared authors: " + ", ".join(sorted(authors[a] for a in names[:3]))
                         + ("…" if len(names) > 3 else ""))
        terms = [vocab[c] for c in ws if 0 <= c < len(vocab)]
        if terms:
            parts.append("text: " + ", ".join(terms))
        elif not names:
            parts.append("embedding similarity")
        out.append("; ".join(parts))
    return out


def _embedding_rows(nodes: list, embeddings: dict) -> sp.csr_array | None:
    known = [(i, np.asarray(embeddings[v], dtype=np.float64)) for i, v in enumerate(nodes) if v in embeddings]
    if not known:
        return None
    dim = len(known[0][1])
    E = np.zeros((len(nodes), dim))
    for i, vec in known:
        E[i] = vec / (np.linalg.norm(vec) or 1.0)
    return sp.csr_array(E)
