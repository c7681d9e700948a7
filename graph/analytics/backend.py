"""Choice of compute backend: plain NetworkX, or igraph for large graphs.

igraph (C, a dependency) is used only where the benchmark shows it pays and
where it gives the same answer as NetworkX (same algorithm, same sample); see
``benchmarks/bench_analytics.py``.  NetworkX stays the reference implementation
for small graphs and tests (``backend="networkx"``).
"""
from __future__ import annotations

import random
from contextlib import contextmanager

import networkx as nx

from graph.errors import ConfigError
from graph.model.columnar import edge_arrays

__all__ = ["BACKENDS", "IGRAPH_MIN_NODES", "resolve_backend", "to_igraph", "igraph_seed"]

BACKENDS = ("auto", "networkx", "igraph")
# Below this size NetworkX is fast enough and is the reference implementation.
IGRAPH_MIN_NODES = 1000


def resolve_backend(backend: str, n: int) -> str:
    """``'networkx'`` or ``'igraph'`` for a graph of ``n`` nodes.

    >>> resolve_backend("networkx", 10**6)
    'networkx'
    >>> resolve_backend("auto", 10)
    'networkx'
    """
    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")
    if backend == "auto":
        return "igraph" if n >= IGRAPH_MIN_NODES else "networkx"
    return backend


def to_igraph(G: nx.Graph, weight: str | None = None):
    """``(igraph.Graph, nodelist)``: vertex ``i`` of the igraph graph is ``nodelist[i]``."""
    import igraph as ig

    if G.is_directed() and weight is None:  # the citation graph: its edge arrays, no walk over edges

        arrays = edge_arrays(G)
        cached = G.graph.get("igraph")  # PageRank and betweenness share one (they do not change it)
        if cached is not None and cached[1] is arrays:
            return cached[0], list(arrays.ids)
        edges = list(zip(arrays.src.tolist(), arrays.dst.tolist()))  # tuples build igraph fastest
        H = ig.Graph(n=len(arrays.ids), edges=edges, directed=True)
        if "citation_arrays" in G.graph:
            G.graph["igraph"] = (H, arrays)
        return H, list(arrays.ids)
    nodelist = list(G)
    index = {node: i for i, node in enumerate(nodelist)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    H = ig.Graph(n=len(nodelist), edges=edges, directed=G.is_directed())
    if weight is not None:
        H.es["weight"] = [d.get(weight, 1.0) for _, _, d in G.edges(data=True)]
    return H, nodelist


@contextmanager
def igraph_seed(seed: int | None):
    """Run igraph's randomised algorithms from ``random.Random(seed)``, then restore its RNG."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)
