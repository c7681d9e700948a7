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

import re
import unicodedata
from collections import Counter
from itertools import combinations

import networkx as nx

from graph.analytics.phenomena import phenomenon_map
from graph.analytics.thesaurus import Thesaurus
from graph.model.graph_model import GraphModel
from graph.model.vocabulary import keyword_fold

__all__ = ["CONCEPT_WEIGHTS", "CO_OCCURRENCE_KINDS", "concept_map", "concept_occurrences", "co_occurrence_map"]

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


def concept_occurrences(model: GraphModel, kind: str, *, thesaurus: Thesaurus | None = None) -> dict[str, tuple]:
    """``{node key: (name, papers)}``: each concept of ``kind`` (Keyword or Author) with the set of papers
    carrying it, most used first.  Concepts of one name are one concept: keywords that fold to one term
    (case, plural, hyphen, spelling: :func:`graph.model.vocabulary.keyword_fold`) after ``thesaurus``
    (which also drops terms), authors written alike (case and accents aside).  The merged concept keeps
    the key and name of its most used member (the replacement, when the thesaurus names one).

    >>> from graph.model.records import Paper
    >>> m = GraphModel.of([Paper("a", "A"), Paper("b", "B")], {}, {}, [])
    >>> concept_occurrences(m, "Keyword")
    {}
    """
    if kind not in CO_OCCURRENCE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(CO_OCCURRENCE_KINDS)}")
    rel, side, _ = CO_OCCURRENCE_KINDS[kind]
    papers_of: dict[str, set[str]] = {}
    for pair in model.edge_pairs(rel):
        papers_of.setdefault(pair[side], set()).add(pair[1 - side])
    merged: dict[str, tuple[str, str, set[str]]] = {}  # fold -> (key, name, papers)
    for key in sorted(papers_of, key=lambda k: (-len(papers_of[k]), k)):
        name = model.name(key)
        if kind == "Keyword" and thesaurus is not None:
            name = thesaurus.apply(name)
            if name is None:
                continue  # the thesaurus drops it
        fold = keyword_fold(name) if kind == "Keyword" else _name_fold(name)
        first = merged.setdefault(fold or key, (key, name, set()))
        first[2].update(papers_of[key])
    ranked = sorted(merged.values(), key=lambda item: (-len(item[2]), item[0]))
    return {key: (name, papers) for key, name, papers in ranked}


def _name_fold(name: str) -> str:
    """A person's name for comparison: case, accents and punctuation aside ("Léon Bottou" = "leon bottou")."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def co_occurrence_map(model: GraphModel, kind: str, *, min_papers: int = 2, top: int | None = None,
                      seed: int | None = 42, thesaurus: Thesaurus | None = None,
                      occurrences: dict[str, tuple] | None = None) -> nx.Graph:
    """Concepts of one node ``kind`` carried by ``min_papers``+ papers (the ``top`` most used), linked by
    papers carrying both (``weight``): for ``Keyword`` VOSviewer's term map, for ``Author`` co-authorship.

    Concepts are those of :func:`concept_occurrences` (keywords through ``thesaurus``; no two nodes
    share a name; ``occurrences``: their result when the caller has it).  ``top`` defaults to 150 keywords or 200 authors.  ``cluster`` comes from Louvain
    (``seed``); ``cluster_label`` is the cluster's most used concept.
    """
    if occurrences is None:
        occurrences = concept_occurrences(model, kind, thesaurus=thesaurus)
    top = CO_OCCURRENCE_KINDS[kind][2] if top is None else top
    chosen = [k for k, (_, ps) in occurrences.items() if len(ps) >= min_papers][:top]
    G = nx.Graph()
    G.add_nodes_from((k, {"name": occurrences[k][0], "papers": len(occurrences[k][1])}) for k in chosen)
    by_paper: dict[str, list[str]] = {}
    for k in chosen:
        for p in occurrences[k][1]:
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
