"""The analytics' array path (large graphs) against the NetworkX path (the reference), on a few thousand papers."""
from collections import Counter
from itertools import combinations

import networkx as nx
import pytest

from benchmarks.bench_analytics import synthetic_records
from graph.analytics import phenomena as phen
from graph.analytics.analyze import compute_analytics
from graph.analytics.paper_arrays import PaperArrays, paper_arrays
from graph.model.columnar import edge_arrays
from graph.model.graph_model import GraphModel
from graph.model.records import Cites, HasKeyword, Keyword


@pytest.fixture(scope="module")
def model():
    records, _ = synthetic_records(3000, 24000, topics=12, seed=5)
    for i, key in enumerate(list(records.papers)[:600]):  # keyword nodes too, and repeated / self citations
        records.keywords.setdefault(f"kw:{i % 40}", Keyword(f"kw:{i % 40}", f"Topic word {i % 40}"))
        records.add_edge(HasKeyword(key, f"kw:{i % 40}"))
        records.add_edge(Cites(key, key))
    return GraphModel.from_records(records)


@pytest.fixture(scope="module")
def both(model):
    by_arrays = compute_analytics(model, seed=7, backend="igraph")
    by_networkx = compute_analytics(model.citation_graph(), seed=7, backend="igraph")
    return by_arrays, by_networkx


def _reference_phenomenon_map(G):
    """The phenomenon map by walking every edge and citer in Python (the definition)."""
    papers = phen.phenomenon_papers(G)
    edge_counts, cocited = Counter(), Counter()
    for u, v in G.edges():
        for pa in G.nodes[u]["phenomena"]:
            for pb in G.nodes[v]["phenomena"]:
                if pa != pb:
                    edge_counts[(pa, pb)] += 1
    for citer in G:
        cocited.update(combinations(sorted({f for v in G.successors(citer) for f in G.nodes[v]["phenomena"]}), 2))
    rows = []
    for a, b in combinations(papers, 2):
        row = {"a": a, "b": b, "shared_papers": len(papers[a] & papers[b]), "a_cites_b": edge_counts[(a, b)],
               "b_cites_a": edge_counts[(b, a)], "cocitations": cocited[(a, b)]}
        if any(row[k] for k in ("shared_papers", "a_cites_b", "b_cites_a", "cocitations")):
            rows.append(row)
    return rows


def test_arrays_are_the_networkx_graph(model):
    G, g = model.citation_graph(), paper_arrays(model)
    expected, got = edge_arrays(G), edge_arrays(g)
    assert got.ids == expected.ids == list(G)
    assert got.src.tolist() == expected.src.tolist() and got.dst.tolist() == expected.dst.tolist()  # same order
    assert g.number_of_edges() == G.number_of_edges() < len(model.edges["CITES"])  # self and repeated left out
    for v in list(G)[:700:7]:
        assert {k: g.nodes[v][k] for k in ("title", "year", "in_catalog", "keywords", "phenomena", "abstract")} == \
            {k: G.nodes[v][k] for k in ("title", "year", "in_catalog", "keywords", "phenomena", "abstract")}


def test_array_path_gives_the_networkx_path_numbers(both):
    by_arrays, by_networkx = both
    assert isinstance(by_arrays.analysed, PaperArrays) and isinstance(by_networkx.analysed, nx.DiGraph)
    assert by_arrays.clusters == by_networkx.clusters and len(by_arrays.clusters) > 5  # same seed, same Louvain
    assert by_arrays.cluster_labels == by_networkx.cluster_labels
    assert by_arrays.cluster_phenomena == by_networkx.cluster_phenomena
    assert by_arrays.cluster_top_papers == by_networkx.cluster_top_papers
    assert by_arrays.phenomenon_map == by_networkx.phenomenon_map and by_arrays.phenomenon_map
    assert by_arrays.timelines == by_networkx.timelines and by_arrays.gaps == by_networkx.gaps and by_arrays.gaps
    for v, s in by_networkx.scores.items():
        got = by_arrays.scores[v]
        assert {k: got[k] for k in ("citations", "catalog_citations", "cluster", "cluster_label")} == \
            {k: s[k] for k in ("citations", "catalog_citations", "cluster", "cluster_label")}
        assert got["pagerank"] == pytest.approx(s["pagerank"], rel=1e-9)
        assert got["betweenness"] == pytest.approx(s["betweenness"], rel=1e-9, abs=1e-15)
    assert by_arrays.summary() == by_networkx.summary() | {"seconds": by_arrays.summary()["seconds"]}


def test_networkx_reference_agrees_on_counts_and_pagerank(model, both):
    """backend='networkx' (NetworkX Louvain and power-iteration PageRank) against the arrays."""
    by_arrays, _ = both
    reference = compute_analytics(model, seed=7, backend="networkx")
    assert isinstance(reference.analysed, nx.DiGraph)
    assert reference.phenomenon_map == by_arrays.phenomenon_map and reference.gaps == by_arrays.gaps
    for v, s in reference.scores.items():
        assert by_arrays.scores[v]["citations"] == s["citations"]
        assert by_arrays.scores[v]["catalog_citations"] == s["catalog_citations"]
    # nx.pagerank stops at an L1 error of n * 1e-6; PRPACK (igraph) solves exactly
    assert sum(abs(by_arrays.scores[v]["pagerank"] - s["pagerank"]) for v, s in reference.scores.items()) < 3e-3
    top = lambda r: sorted(r.scores, key=lambda v: -r.scores[v]["pagerank"])[:20]  # noqa: E731
    assert top(by_arrays) == top(reference)


def test_phenomenon_map_products_equal_the_python_walk(model, both):
    G = model.citation_graph()
    expected = _reference_phenomenon_map(G)
    assert phen.phenomenon_map(G) == expected and both[0].phenomenon_map == expected
    assert sum(r["cocitations"] for r in expected) > 0 and sum(r["a_cites_b"] for r in expected) > 0


def test_array_result_builds_the_networkx_graph_only_when_asked(model, both):
    by_arrays, _ = both
    assert by_arrays.graph is model.citation_graph(by_arrays.confidence)
    assert by_arrays.graph.number_of_nodes() == len(by_arrays.scores)


def test_gaps_top_equals_the_head_of_every_gap(model):
    from graph.analytics.gaps import find_catalog_gaps

    for G in (model.citation_graph(), paper_arrays(model)):
        every = find_catalog_gaps(G, top=10**9)
        assert len(every) > 20 and find_catalog_gaps(G, top=7) == every[:7]


def test_model_read_from_a_store_is_in_key_order(tmp_path):
    """The engine's scan order varies between runs; clusters depend on node order, so the model sorts."""
    from graph.model.read import load_graph_model
    from graph.store.embedded.store import EmbeddedStore

    records, _ = synthetic_records(400, 2000, topics=5, seed=2)
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as store:
        store.write(records)
        model = load_graph_model(store, cache=False)
    assert list(model.papers) == sorted(records.papers) and len(model.edges["CITES"]) == len(records.cites)


@pytest.mark.parametrize("backend", ["igraph", "networkx"])
def test_every_step_reports_progress_in_order(model, backend):
    from graph.analytics.analyze import ANALYTICS_STEPS

    seen: list[str] = []
    compute_analytics(model, seed=1, backend=backend, progress=seen.append)
    assert seen == list(ANALYTICS_STEPS)  # a progress bar with this total ends full, on both paths


def test_columnar_projection_gives_the_record_model_numbers(tmp_path, model, monkeypatch):
    """The analytics projection keeps papers and authors as Arrow columns (no record per row) and its
    analytics equal those of the whole model read as records from the same store."""
    from graph.model import columnar
    from graph.model.read import load_analytics_model, load_graph_model
    from graph.store.embedded.store import EmbeddedStore

    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as store:
        store.write(model.to_records())
        whole = load_graph_model(store, cache=False)
        built = []
        monkeypatch.setattr(columnar.NodeColumns, "__getitem__",
                            lambda self, key: built.append(key) or pytest.fail(f"a record was built for {key}"))
        projection = load_analytics_model(store)
        assert isinstance(projection.papers, columnar.NodeColumns) and len(projection.papers) == len(model.papers)
        by_columns = compute_analytics(projection, seed=7, backend="igraph")
        monkeypatch.undo()
    by_records = compute_analytics(whole, seed=7, backend="igraph")
    assert not built
    assert by_columns.scores == by_records.scores
    assert by_columns.clusters == by_records.clusters and by_columns.cluster_labels == by_records.cluster_labels
    assert by_columns.gaps == by_records.gaps and by_columns.phenomenon_map == by_records.phenomenon_map
    assert len({s["cluster"] for s in by_columns.scores.values()}) > 3
