"""How much two papers sharing an author says: authors weighed by their papers in the graph.

An author of a handful of papers is evidence that two papers belong together; one on
thousands (a consortium, an "et al." placeholder, the most prolific names of a field)
is not, and pairs quadratically many papers.  :func:`author_weights` is the one rule,
used by the related papers of one paper and by the offline similarity edges.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("a", authors=["X", "Hub"]); G.add_node("b", authors=["X", "Hub"])
>>> A, names = author_matrix(G, ["a", "b"]); names
['X', 'Hub']
"""
from __future__ import annotations

import math
import weakref
from collections import Counter

import networkx as nx
import numpy as np
import scipy.sparse as sp

__all__ = ["AUTHOR_FULL_PAPERS", "AUTHOR_MAX_PAPERS", "AUTHOR_SHARE", "author_weights", "author_weight_of",
           "author_matrix"]

# Authors are weighed by how many papers of the graph they are on (IDF-like): up to
# AUTHOR_FULL_PAPERS they count fully, then less (log-scaled), and an author on more than
# AUTHOR_MAX_PAPERS counts nothing.  Consortia, "et al." placeholders and the most prolific
# authors (one synthetic author is on 15k of 50k papers) are no evidence that two papers are
# related, and their pairs grow as the square of their papers; a fixed cap keeps the author
# pairs at most AUTHOR_MAX_PAPERS per authorship, so the offline similarity stays linear in papers.
AUTHOR_FULL_PAPERS = 10
AUTHOR_MAX_PAPERS = 100
AUTHOR_SHARE = 0.2  # what one fully weighted shared author adds to an offline similarity edge


def author_weights(papers_per_author: np.ndarray) -> np.ndarray:
    """How much sharing an author says, from the author's papers in the graph: 1 up to
    :data:`AUTHOR_FULL_PAPERS`, ``log(max / n) / log(max / full)`` above, 0 beyond :data:`AUTHOR_MAX_PAPERS`.

    >>> author_weights(np.array([2, 10, 20, 100, 15_000])).round(2).tolist()
    [1.0, 1.0, 0.7, 0.0, 0.0]
    """
    n = np.maximum(np.asarray(papers_per_author, dtype=np.float64), 1.0)
    w = np.log(AUTHOR_MAX_PAPERS / n) / math.log(AUTHOR_MAX_PAPERS / AUTHOR_FULL_PAPERS)
    return np.clip(w, 0.0, 1.0)


def author_weight_of(G: nx.DiGraph) -> dict[str, float]:
    """``{author: weight}`` (:func:`author_weights`) of every author of ``G``, cached while ``G`` lives."""
    cached = _AUTHOR_WEIGHTS.get(G)
    if cached is None:
        df = Counter(a for _, data in G.nodes(data=True) for a in set(data.get("authors") or ()))
        names = list(df)
        cached = dict(zip(names, author_weights(np.fromiter((df[a] for a in names), np.float64, len(names)))
                          .tolist()))
        _AUTHOR_WEIGHTS[G] = cached
    return cached


_AUTHOR_WEIGHTS: "weakref.WeakKeyDictionary[nx.Graph, dict]" = weakref.WeakKeyDictionary()


def author_matrix(G: nx.Graph, nodes: list) -> tuple[sp.csr_array, list]:
    """Papers × evidential authors, ``sqrt(weight)`` per cell (:func:`author_weights`), so ``A @ A.T`` sums
    the weights of the authors two papers share; authors weighing 0 (on over :data:`AUTHOR_MAX_PAPERS`
    papers) get no column, so a hub never enters the product."""
    index: dict[str, int] = {}
    rows, cols = [], []
    for i, v in enumerate(nodes):
        for a in dict.fromkeys(G.nodes[v].get("authors") or ()):  # in order: a set's order varies per run
            rows.append(i)
            cols.append(index.setdefault(a, len(index)))
    cols_a = np.asarray(cols, dtype=np.int64)
    weight = author_weights(np.bincount(cols_a, minlength=len(index)))
    kept = np.flatnonzero(weight > 0)
    new_col = np.full(len(index), -1, dtype=np.int64)
    new_col[kept] = np.arange(len(kept))
    keep = new_col[cols_a] >= 0 if len(cols_a) else np.zeros(0, dtype=bool)
    names = list(index)
    A = sp.csr_array((np.sqrt(weight[cols_a[keep]]), (np.asarray(rows, dtype=np.int64)[keep], new_col[cols_a[keep]])),
                     shape=(len(nodes), max(len(kept), 1)))
    return A, [names[c] for c in kept.tolist()]
