"""Similarity on a graph with a hub author (on 15k papers): bounded pairs, no hub in any reason.

Counts, not time: the time is benchmarks/bench_similarity.py's.
"""
import networkx as nx
import numpy as np
import pytest

from graph.analytics.author_weights import AUTHOR_MAX_PAPERS, author_matrix, author_weights
from graph.analytics.similarity import compute_similar_papers, related_papers

HUB_PAPERS = 15_000


@pytest.fixture(scope="module")
def hub_graph():
    """15k papers all written by "Hub"; papers 2i and 2i+1 of the first 200 also share a small author;
    titles are distinct made-up words, so text pairs nothing."""
    G = nx.DiGraph()
    for i in range(HUB_PAPERS):
        authors = ["Hub"] + ([f"Small {i // 2}"] if i < 200 else [])
        G.add_node(f"p{i}", title=f"zq{i}x wv{i}y", keywords=[], authors=authors)
    return G


def test_hub_author_enters_no_product_and_pairs_stay_bounded(hub_graph):
    nodes = list(hub_graph)
    A, names = author_matrix(hub_graph, nodes)
    assert "Hub" not in names and len(names) == 100  # only the small authors have a column
    pairs = (A @ A.T).nnz
    authorships = sum(len(d["authors"]) for _, d in hub_graph.nodes(data=True))
    assert pairs <= AUTHOR_MAX_PAPERS * authorships  # linear in authorships, whatever the hub's size
    assert pairs == 400  # each of the 100 pairs: 2 x 2 entries, not 15k x 15k


def test_hub_author_relates_nothing_and_small_coauthors_still_do(hub_graph):
    edges = compute_similar_papers(hub_graph, top=3)
    assert len(edges) <= 3 * HUB_PAPERS
    assert {(u, v) for u, v, _, _ in edges} == {(f"p{2 * i}", f"p{2 * i + 1}") for i in range(100)}
    assert all("Hub" not in reason and reason == f"shared authors: Small {int(u[1:]) // 2}"
               for u, _, _, reason in edges)
    ranked = related_papers(hub_graph, "p0", top=5)
    assert [r.paper for r in ranked] == ["p1"] and "Hub" not in ranked[0].reason


def test_author_weights_fall_with_papers_and_reach_zero_at_the_cap():
    w = author_weights(np.array([1, 2, 10, 11, 50, AUTHOR_MAX_PAPERS, AUTHOR_MAX_PAPERS + 1, HUB_PAPERS]))
    assert w[:3].tolist() == [1.0, 1.0, 1.0]
    assert 1.0 > w[3] > w[4] > w[5] == 0.0 == w[6] == w[7]
