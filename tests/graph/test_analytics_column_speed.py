"""The analytics' column-speed shortcuts give what the plain definitions give (issue 27, point 3).

Each shortcut is checked against the slow way it replaces: the array path's projection without
authors, the cluster graph collapsed from the PageRank igraph graph, keywords merged by arrays,
key papers picked without sorting whole clusters.
"""
import random

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.bench_analytics import synthetic_records
from graph.analytics.analyze import compute_analytics
from graph.analytics.centrality import compute_pagerank
from graph.analytics.cluster_quality import inside_citation_ranking
from graph.analytics.clusters import _undirected_igraph, cluster_matrix, compute_clusters
from graph.analytics.paper_arrays import paper_arrays
from graph.model.graph_model import GraphModel
from graph.model.read import load_analytics_model
from graph.model.records import Author, GraphRecords, HasKeyword, Keyword, Paper, Wrote
from graph.store.embedded.store import EmbeddedStore


def _records():
    records, _ = synthetic_records(3000, 24000, topics=12, seed=5)
    rng = random.Random(3)
    keys = list(records.papers)
    for i in range(400):
        records.authors[f"a:{i}"] = Author(f"a:{i}", f"Author {i}")
    for key in keys[:1500]:
        for position, author in enumerate(rng.sample(range(400), 2)):
            records.add_edge(Wrote(f"a:{author}", key, position))
    return records


def test_the_array_path_reads_no_authors_and_computes_the_same(tmp_path):
    records = _records()
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as store:
        store.write(records)
        whole = load_analytics_model(store)
        lean = load_analytics_model(store, array_path=True)
    assert len(whole.authors) == 400 and len(whole.edges["WROTE"]) == 3000
    assert len(lean.authors) == 0 and len(lean.edges["WROTE"]) == 0
    assert len(lean.papers) == len(whole.papers) and len(lean.edges["CITES"]) == len(whole.edges["CITES"])
    a = compute_analytics(lean, seed=7, backend="igraph")
    b = compute_analytics(whole, seed=7, backend="igraph")
    assert a.scores == b.scores and a.clusters == b.clusters and a.cluster_labels == b.cluster_labels
    assert a.gaps == b.gaps and a.cluster_top_papers == b.cluster_top_papers and len(a.clusters) > 3


def test_clusters_from_the_collapsed_pagerank_graph_equal_the_rebuilt_graph():
    model = GraphModel.from_records(_records())
    g = paper_arrays(model)
    compute_pagerank(g, backend="igraph")  # leaves the directed igraph graph on g.graph
    W, nodes = cluster_matrix(g, similarity=False)
    assert _undirected_igraph(g, W, nodes)[1] is None  # the collapse is taken: one weight everywhere
    G = model.citation_graph()
    assert _undirected_igraph(G, *cluster_matrix(G, similarity=False))[1] == "weight"  # rebuilt from tuples
    for method in ("louvain", "leiden"):
        collapsed = compute_clusters(g, seed=7, backend="igraph", method=method, similarity=False)
        rebuilt = compute_clusters(G, seed=7, backend="igraph", method=method, similarity=False)
        assert collapsed == rebuilt and len(collapsed) > 3


def _keywords_by_links(model: GraphModel) -> dict:
    """A paper's keywords by the definition, one link at a time: its own, then its keyword nodes' names
    in key order, skipping a name it already has (case folded)."""
    out = {k: list(p.keywords) for k, p in model.papers.items()}
    e, ids = model.edges["HAS_KEYWORD"], model.ids
    for paper in out:
        names, seen = out[paper], {k.casefold() for k in out[paper]}
        linked = sorted({ids[t] for s, t in zip(e.source.tolist(), e.target.tolist()) if ids[s] == paper})
        for kw in linked:
            name = model.keywords[kw].name or kw
            if name.casefold() not in seen:
                names.append(name)
                seen.add(name.casefold())
    return out


WORDS = st.sampled_from(["Grokking", "grokking", "GROKKING", "double descent", "Double Descent", "NTK", "ntk", "x"])


@settings(max_examples=150, deadline=None)
@given(own=st.lists(st.lists(WORDS, max_size=3), min_size=1, max_size=6),
       names=st.lists(WORDS, max_size=5), links=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 4)), max_size=20))
def test_keywords_merged_by_arrays_equal_the_per_link_definition(own, names, links):
    records = GraphRecords(papers={f"p{i}": Paper(f"p{i}", "t", keywords=kws) for i, kws in enumerate(own)})
    for j, name in enumerate(names):
        records.keywords[f"kw:{j}"] = Keyword(f"kw:{j}", name)
    for paper, kw in links:
        if paper < len(own) and kw < len(names):
            records.add_edge(HasKeyword(f"p{paper}", f"kw:{kw}"))
    model = GraphModel.from_records(records)
    assert model.paper_keywords == _keywords_by_links(model)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), top=st.integers(1, 4))
def test_key_papers_picked_without_a_full_sort_equal_the_full_sort(seed, top):
    rng = random.Random(seed)
    G = nx.DiGraph()
    G.add_nodes_from(f"p{i:02d}" for i in range(30))
    G.add_edges_from((f"p{rng.randrange(30):02d}", f"p{rng.randrange(30):02d}") for _ in range(40))
    G.remove_edges_from(nx.selfloop_edges(G))
    owner = {v: rng.randrange(3) for v in G}
    clusters = [{v for v in G if owner[v] == c} for c in range(3)]
    clusters = [c for c in clusters if c] + [{"outside"}]  # a key the graph lacks
    pagerank = {v: rng.choice([0.1, 0.2, 0.2, None]) for v in G}  # ties and missing values
    inside = {v: sum(1 for u in G.predecessors(v) if owner[u] == owner[v]) for v in G}
    got = inside_citation_ranking(G, clusters, pagerank, top=top)
    if not any(inside.values()):
        assert got is None
        return
    expected = {i: sorted(c, key=lambda v: (-inside.get(v, 0), -(pagerank.get(v) or 0.0), str(v)))[:top]
                for i, c in enumerate(clusters)}
    assert got == expected
