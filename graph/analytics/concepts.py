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
>>> co_occurrence_map(m, "Keyword").number_of_nodes()  # no paper of this model carries a keyword
0
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx

from graph.analytics.phenomena import phenomenon_map
from graph.model.graph_model import GraphModel

__all__ = ["CONCEPT_WEIGHTS", "CO_OCCURRENCE_KINDS", "concept_map", "co_occurrence_map"]

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


# node kind -> (edge type linking it to papers, position of the concept in the edge's pair), default top
CO_OCCURRENCE_KINDS = {"Keyword": ("HAS_KEYWORD", 1, 150), "Author": ("WROTE", 0, 200)}


def co_occurrence_map(model: GraphModel, kind: str, *, min_papers: int = 2, top: int | None = None,
                      seed: int | None = 42) -> nx.Graph:
    """Concepts of one node ``kind`` carried by ``min_papers``+ papers (the ``top`` most used), linked by
    papers carrying both (``weight``): for ``Keyword`` VOSviewer's term map, for ``Author`` co-authorship.

    Keywords are the merged Keyword nodes (case and spelling variants are one node).  ``top`` defaults
    to 150 keywords or 200 authors.  ``cluster`` comes from Louvain (``seed``); ``cluster_label`` is the
    cluster's most used concept.
    """
    if kind not in CO_OCCURRENCE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(CO_OCCURRENCE_KINDS)}")
    rel, side, default_top = CO_OCCURRENCE_KINDS[kind]
    top = default_top if top is None else top
    papers_of: dict[str, set[str]] = {}
    for pair in model.edge_pairs(rel):
        papers_of.setdefault(pair[side], set()).add(pair[1 - side])
    chosen = sorted((k for k, ps in papers_of.items() if len(ps) >= min_papers),
                    key=lambda k: (-len(papers_of[k]), k))[:top]
    G = nx.Graph()
    G.add_nodes_from((k, {"name": model.name(k), "papers": len(papers_of[k])}) for k in chosen)
    by_paper: dict[str, list[str]] = {}
    for k in chosen:
        for p in papers_of[k]:
            by_paper.setdefault(p, []).append(k)
    counts: Counter = Counter()
    for concepts in by_paper.values():
        counts.update(combinations(sorted(concepts), 2))
    G.add_weighted_edges_from((a, b, n) for (a, b), n in counts.items())
    _label_clusters(G, seed)
    return G


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
