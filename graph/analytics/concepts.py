"""Maps of concepts drawn from the one graph model: phenomena, keyword co-occurrence, co-authorship.

Each function returns an undirected NetworkX graph whose nodes carry ``name``,
``papers`` (how many papers carry the concept) and, for the keyword map,
``cluster`` and ``cluster_label``; edges carry ``weight`` and say what it counts.

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A"), Paper("b", "B"), Paper("c", "C")], {"f": "F", "g": "G"},
...                   {"a": ["f"], "b": ["f", "g"], "c": ["g"]}, [("a", "c")])
>>> C = concept_map(m, weight="shared_papers")
>>> C.edges["f", "g"]["shared_papers"], C.edges["f", "g"]["cross_citations"], C.edges["f", "g"]["weight"]
(1, 1, 1)
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx

from graph.analytics.phenomena import phenomenon_map
from graph.model.graph_model import GraphModel

__all__ = ["CONCEPT_WEIGHTS", "concept_map", "keyword_map", "coauthor_network"]

CONCEPT_WEIGHTS = {
    "shared_papers": "papers about both phenomena",
    "cross_citations": "citations from papers of one to papers of the other (both directions)",
    "cocitations": "papers citing a paper of each",
}


def concept_map(model: GraphModel, *, weight: str = "shared_papers") -> nx.Graph:
    """Phenomena (with papers) linked when they share papers, cite each other or are co-cited.

    Every edge carries ``shared_papers``, ``cross_citations`` and ``cocitations``
    (see :data:`CONCEPT_WEIGHTS`); ``weight`` copies the one chosen.  Edges whose
    chosen weight is 0 are left out.
    """
    if weight not in CONCEPT_WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(CONCEPT_WEIGHTS)}")

    C = nx.Graph()
    for f, n in model.phenomenon_sizes.items():
        if n:
            C.add_node(f, name=model.phenomenon_names[f], papers=n)
    for row in phenomenon_map(model.citation_graph()):
        values = {"shared_papers": row["shared_papers"], "cross_citations": row["a_cites_b"] + row["b_cites_a"],
                  "cocitations": row.get("cocitations", 0)}
        if values[weight]:
            C.add_edge(row["a"], row["b"], weight=values[weight], **values)
    return C


def keyword_map(model: GraphModel, *, min_papers: int = 2, top: int = 150, seed: int | None = 42) -> nx.Graph:
    """Keyword co-occurrence (VOSviewer's term map): the ``top`` keywords carried by ``min_papers``+ papers.

    Keywords are the merged Keyword nodes (case and spelling variants are one
    node).  Edge ``weight``: papers carrying both.  ``cluster`` comes from Louvain
    (``seed``); ``cluster_label`` is the cluster's most used keyword.
    """
    papers_of: dict[str, set[str]] = {}
    for paper, kw in model.edge_pairs("HAS_KEYWORD"):
        papers_of.setdefault(kw, set()).add(paper)
    chosen = sorted((k for k, ps in papers_of.items() if len(ps) >= min_papers),
                    key=lambda k: (-len(papers_of[k]), k))[:top]
    K = nx.Graph()
    K.add_nodes_from((k, {"name": model.name(k), "papers": len(papers_of[k])}) for k in chosen)
    by_paper: dict[str, list[str]] = {}
    for k in chosen:
        for p in papers_of[k]:
            by_paper.setdefault(p, []).append(k)
    counts: Counter = Counter()
    for kws in by_paper.values():
        counts.update(combinations(sorted(kws), 2))
    K.add_weighted_edges_from((a, b, n) for (a, b), n in counts.items())
    _label_clusters(K, seed)
    return K


def coauthor_network(model: GraphModel, *, min_papers: int = 2, top: int = 200) -> nx.Graph:
    """Authors of ``min_papers``+ papers (the ``top`` most prolific) linked by papers written together (``weight``)."""
    papers_of: dict[str, set[str]] = {}
    for author, paper in model.edge_pairs("WROTE"):
        papers_of.setdefault(author, set()).add(paper)
    chosen = sorted((a for a, ps in papers_of.items() if len(ps) >= min_papers),
                    key=lambda a: (-len(papers_of[a]), a))[:top]
    A = nx.Graph()
    A.add_nodes_from((a, {"name": model.name(a), "papers": len(papers_of[a])}) for a in chosen)
    by_paper: dict[str, list[str]] = {}
    for a in chosen:
        for p in papers_of[a]:
            by_paper.setdefault(p, []).append(a)
    counts: Counter = Counter()
    for authors in by_paper.values():
        counts.update(combinations(sorted(authors), 2))
    A.add_weighted_edges_from((a, b, n) for (a, b), n in counts.items())
    _label_clusters(A, 42)
    return A


def _label_clusters(G: nx.Graph, seed: int | None) -> None:
    if not len(G):
        return
    parts = nx.community.louvain_communities(G, weight="weight", seed=seed) if G.number_of_edges() else [
        {v} for v in G]
    parts = sorted(parts, key=lambda c: (-len(c), min(map(str, c))))
    for i, members in enumerate(parts):
        label = max(members, key=lambda v: (G.nodes[v]["papers"], -len(str(v))))
        for v in members:
            G.nodes[v]["cluster"], G.nodes[v]["cluster_label"] = i, G.nodes[label]["name"]
