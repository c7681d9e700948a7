"""Clusters: planted partitions recovered, seeded stability, labels, coverage."""
import networkx as nx
import pytest

from graph.analytics.clusters import (
    build_cluster_graph,
    cluster_index,
    cluster_phenomena,
    cluster_top_papers,
    compute_clusters,
    label_clusters,
)
from graph.errors import AtlasError

TOPICS = ["grokking", "double descent", "neural collapse", "lottery ticket"]


def planted_citations(groups=4, size=25, p_in=0.4, p_out=0.01, seed=7):
    """A planted-partition graph oriented as citations (later paper cites earlier)."""
    U = nx.planted_partition_graph(groups, size, p_in, p_out, seed=seed)
    G = nx.DiGraph()
    G.add_nodes_from(U)
    G.add_edges_from((max(u, v), min(u, v)) for u, v in U.edges())
    truth = [set(range(g * size, (g + 1) * size)) for g in range(groups)]
    return G, truth


@pytest.mark.parametrize("backend,method", [("networkx", "louvain"), ("igraph", "louvain"), ("igraph", "leiden")])
def test_planted_partition_is_recovered_exactly(backend, method):
    G, truth = planted_citations()
    found = compute_clusters(G, seed=42, backend=backend, method=method)
    assert sorted(map(sorted, found)) == sorted(map(sorted, truth))


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_same_seed_same_clusters(backend):
    # A noisier graph, where Louvain's random order matters.
    G, _ = planted_citations(groups=6, size=30, p_in=0.15, p_out=0.04, seed=3)
    runs = [compute_clusters(G, seed=5, backend=backend) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_clusters_are_numbered_largest_first():
    G = nx.DiGraph([(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (11, 10)])
    found = compute_clusters(G, seed=1, backend="networkx")
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)
    assert cluster_index(found)[0] == 0 and cluster_index(found)[10] == 1


def test_cluster_graph_weights_by_hand():
    # x, y both cite a and b: a-b co-cited twice; x-y coupled twice; direct edges weigh 1.
    G = nx.DiGraph([("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")])
    H = build_cluster_graph(G)
    assert H["a"]["b"]["weight"] == 2 and H["x"]["y"]["weight"] == 2 and H["x"]["a"]["weight"] == 1
    H = build_cluster_graph(G, weights={"cocitation": 0.0, "coupling": 0.5})
    assert not H.has_edge("a", "b") and H["x"]["y"]["weight"] == 1.0
    # shared concepts: a and b share a keyword (any case) and a phenomenon: 2 x 0.5 on top of co-citation
    nx.set_node_attributes(G, {"a": ["Grokking"], "b": ["grokking"]}, "keywords")
    nx.set_node_attributes(G, {"a": ["phen"], "b": ["phen"], "x": []}, "phenomena")
    assert build_cluster_graph(G)["a"]["b"]["weight"] == 2 + 2 * 0.5


def test_graph_without_citations_clusters_by_concept():
    G = nx.DiGraph()
    G.add_nodes_from((f"g{i}", {"keywords": ["Grokking"], "phenomena": ["grokking"]}) for i in range(5))
    G.add_nodes_from((f"d{i}", {"keywords": ["Double Descent"], "phenomena": ["dd"]}) for i in range(5))
    found = compute_clusters(G, seed=1, backend="networkx")
    assert sorted(map(sorted, found)) == [[f"d{i}" for i in range(5)], [f"g{i}" for i in range(5)]]


def test_labels_top_papers_and_phenomena():
    G, truth = planted_citations()
    for g, members in enumerate(truth):
        for v in members:
            G.nodes[v]["title"] = f"On {TOPICS[g]} in practice, part {v}"
            G.nodes[v]["keywords"] = [TOPICS[g].title()] if v % 2 else []
            G.nodes[v]["phenomena"] = [f"phen:{TOPICS[g]}"] if v % 3 else []
    found = compute_clusters(G, seed=42, backend="networkx")
    labels = label_clusters(G, found, top=3)
    for i, c in enumerate(found):
        topic = TOPICS[min(c) // 25]
        assert labels[i][0] == topic  # the distinctive term, not the shared "practice"/"part"
        assert "practice" not in labels[i]
        assert list(cluster_phenomena(G, found)[i]) == [f"phen:{topic}"]
    scores = {v: float(v) for v in G}
    top = cluster_top_papers(found, scores, top=2)
    assert top[0] == sorted(found[0], reverse=True)[:2]


def test_unknown_method():
    with pytest.raises(AtlasError, match="unknown clustering method"):
        compute_clusters(nx.DiGraph([(1, 2)]), method="kmeans")
