"""Centrality on the citation graph: citation counts, PageRank, betweenness.

All functions take the directed citation graph of
:func:`graph.analytics.networks.build_citation_graph` (edge ``u -> v``: ``u`` cites
``v``) and return ``{paper: value}``.

>>> import networkx as nx
>>> G = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "d")])
>>> nx.set_node_attributes(G, {"a": True, "b": False, "c": True, "d": False}, "in_catalog")
>>> citation_counts(G)["c"], catalog_citation_counts(G)["c"], catalog_citation_counts(G)["d"]
(2, 1, 1)
"""
from __future__ import annotations

import random

import networkx as nx
import numpy as np

from graph.analytics.backend import resolve_backend, to_igraph
from graph.errors import AtlasError
from graph.model.columnar import edge_arrays

__all__ = [
    "knowledge_links", "shared_concept_links", "KNOWLEDGE_LINKS", "ranking_measure", "most_central",
    "citation_counts", "catalog_flags", "catalog_citation_counts", "compute_pagerank", "compute_betweenness",
    "EXACT_BETWEENNESS_MAX_NODES", "BETWEENNESS_SAMPLES", "default_samples",
]

# Exact betweenness is O(n·m); above this many nodes sources are sampled.
EXACT_BETWEENNESS_MAX_NODES = 2000
BETWEENNESS_SAMPLES = 256
# Each sampled source costs one pass over the edges: above ~1M citations the
# default sample shrinks so sources x edges stays within this budget (never
# below BETWEENNESS_MIN_SAMPLES); pass ``k`` to choose.  See benchmarks/bench_scale.py.
BETWEENNESS_EDGE_BUDGET = 256 * 1_000_000
BETWEENNESS_MIN_SAMPLES = 32


def default_samples(edges: int) -> int:
    """Sampled sources for a graph of ``edges`` citations.

    >>> default_samples(500_000), default_samples(5_000_000)
    (256, 51)
    """
    return max(BETWEENNESS_MIN_SAMPLES, min(BETWEENNESS_SAMPLES, BETWEENNESS_EDGE_BUDGET // max(1, edges)))


KNOWLEDGE_LINKS = "knowledge links (papers sharing its phenomena, keywords or authors)"


def shared_concept_links(concepts: dict) -> dict:
    """Each paper's links through shared concepts: for each of its distinct concepts
    (phenomenon, keyword, author), the number of other papers that have it too.

    A concept only one paper has (a single-paper keyword, an author of one paper)
    adds nothing, so a long author list is no sign of centrality.

    >>> shared_concept_links({"a": ["phen:g", "kw:x"], "b": ["phen:g"], "c": ["kw:y", "author:z"]})
    {'a': 1, 'b': 1, 'c': 0}
    """
    size: dict = {}
    for items in concepts.values():
        for c in set(items):
            size[c] = size.get(c, 0) + 1
    return {paper: sum(size[c] - 1 for c in set(items)) for paper, items in concepts.items()}


def knowledge_links(G: nx.Graph) -> dict:
    """:func:`shared_concept_links` of the papers of a citation graph (node attributes
    ``phenomena``, ``keywords`` (case folded) and ``authors``)."""
    return shared_concept_links({
        v: [("phen", f) for f in d.get("phenomena") or ()] + [("kw", k.lower()) for k in d.get("keywords") or ()]
        + [("author", a) for a in d.get("authors") or ()]
        for v, d in G.nodes.items()})


def ranking_measure(G: nx.DiGraph, pagerank: dict) -> tuple[str, dict]:
    """``(name, scores)`` to rank papers by: PageRank when it differs between papers, else knowledge links.

    Without citations PageRank is the same for every paper; ranking by it would be id order.

    >>> G = nx.DiGraph(); G.add_nodes_from([("a", {"keywords": ["x"]}), ("b", {})])
    >>> ranking_measure(G, {"a": 0.5, "b": 0.5})[0]
    'knowledge links (papers sharing its phenomena, keywords or authors)'
    """
    values = [x for x in pagerank.values() if x is not None]
    if values and max(values) - min(values) > 1e-12:
        return "PageRank", pagerank
    return KNOWLEDGE_LINKS, knowledge_links(G)


def _require_directed(G) -> None:
    if not G.is_directed():
        raise AtlasError("centrality needs the directed citation graph (build_citation_graph)")


def citation_counts(G: nx.DiGraph) -> dict:
    """Citations within the graph: the in-degree of each paper."""
    _require_directed(G)
    arrays = edge_arrays(G)
    return dict(zip(arrays.ids, arrays.in_degree().tolist()))


def catalog_flags(G: nx.DiGraph) -> np.ndarray:
    """Whether each paper is in the catalog (node attribute ``in_catalog``), in :func:`graph.model.columnar.edge_arrays` order."""
    flags = getattr(G, "in_catalog", None)  # graph.analytics.paper_arrays.PaperArrays keeps them as an array
    if flags is not None:
        return flags
    ids = edge_arrays(G).ids
    return np.fromiter((bool(G.nodes[v].get("in_catalog")) for v in ids), dtype=bool, count=len(ids))


def catalog_citation_counts(G: nx.DiGraph) -> dict:
    """How many in-catalog papers (node attribute ``in_catalog``) cite each paper."""
    _require_directed(G)
    arrays = edge_arrays(G)
    flags = catalog_flags(G)
    counts = np.bincount(arrays.dst[flags[arrays.src]], minlength=len(arrays.ids))
    return dict(zip(arrays.ids, counts.tolist()))


def compute_pagerank(G: nx.DiGraph, *, alpha: float = 0.85, backend: str = "auto") -> dict:
    """PageRank (damping ``alpha``); dangling papers spread their rank uniformly.

    The networkx backend is ``nx.pagerank`` (scipy power iteration, tol 1e-6);
    igraph uses PRPACK, which solves the same system exactly.

    >>> pr = compute_pagerank(nx.DiGraph([("a", "b"), ("c", "b")]), backend="networkx")
    >>> max(pr, key=pr.get)
    'b'
    """
    _require_directed(G)
    if len(G) == 0:
        return {}
    if resolve_backend(backend, len(G)) == "networkx":
        return nx.pagerank(G, alpha=alpha)
    H, nodes = to_igraph(G)
    return dict(zip(nodes, H.pagerank(directed=True, damping=alpha)))


def compute_betweenness(G: nx.DiGraph, *, k: int | None = None, seed: int | None = 42,
                        exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
                        backend: str = "auto") -> dict:
    """Normalised directed betweenness: exact up to ``exact_max_nodes``, else sampled.

    When sampling, ``k`` source papers (default :func:`default_samples`)
    are drawn with ``random.Random(seed)`` exactly as ``nx.betweenness_centrality``
    draws them, so both backends give the same numbers for the same seed.

    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> compute_betweenness(G, backend="networkx")["b"]
    0.5
    """
    _require_directed(G)
    n = len(G)
    if n <= exact_max_nodes and k is None:
        sources = None
    else:
        k = min(n, k or default_samples(G.number_of_edges()))
        sources = random.Random(seed).sample(list(G.nodes), k)
    if resolve_backend(backend, n) == "networkx":
        if sources is None:
            return nx.betweenness_centrality(G, normalized=True)
        return nx.betweenness_centrality(G, k=k, seed=random.Random(seed), normalized=True)
    H, nodes = to_igraph(G)
    if sources is None:
        raw = H.betweenness(directed=True)
        scale = 1 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        return {v: b * scale for v, b in zip(nodes, raw)}
    index = {v: i for i, v in enumerate(nodes)}
    raw = H.betweenness(directed=True, sources=[index[s] for s in sources], targets=None)
    # Same scaling as networkx for sampled sources without endpoints: a
    # sampled source cannot lie on its own paths, so it has one fewer source.
    sampled = set(sources)
    scale_source = 1 / ((k - 1) * (n - 2)) if k > 1 else float("nan")
    scale_other = 1 / (k * (n - 2))
    return {v: b * (scale_source if v in sampled else scale_other) for v, b in zip(nodes, raw)}


def most_central(G: nx.DiGraph, *, top: int = 10, pagerank: dict | None = None) -> tuple[str, list[tuple]]:
    """The ``top`` papers by :func:`ranking_measure` (PageRank when it varies, else knowledge links):
    ``(measure name, [(paper, value), …])``, ties by key, so a page can say what it ranks by.

    ``pagerank`` defaults to the nodes' ``pagerank`` attribute.

    >>> G = nx.DiGraph(); G.add_nodes_from([("a", {"keywords": ["x", "y"]}), ("b", {"keywords": ["x", "y"]}),
    ...                                     ("c", {"keywords": ["y"]})])
    >>> most_central(G, top=2, pagerank={"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    ('knowledge links (papers sharing its phenomena, keywords or authors)', [('a', 3), ('b', 3)])
    """
    if pagerank is None:
        pagerank = {v: d.get("pagerank") for v, d in G.nodes(data=True)}
    name, values = ranking_measure(G, pagerank)
    return name, sorted(values.items(), key=lambda kv: (-(kv[1] or 0), str(kv[0])))[:top]
