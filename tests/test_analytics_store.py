"""Analytics through a real embedded LadybugDB store: read back, compute, write back, query."""
import pytest
from tests.analytics_data import example_records

from graph.analyze import analyze_store, compute_analytics, write_analytics
from graph.networks import build_citation_graph, build_knowledge_graph, records_from_store
from graph.store.embedded import EmbeddedStore


@pytest.fixture
def store(tmp_path):
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as s:
        s.write(example_records())
        yield s


def test_records_read_back_equal_records_written(store):
    original, back = example_records(), records_from_store(store)
    assert back.counts() == original.counts()
    assert back.papers == original.papers
    assert back.wrote == original.wrote and back.cites == original.cites and back.about == original.about
    assert build_citation_graph(back).nodes(data=True) == build_citation_graph(original).nodes(data=True)


def test_write_back_then_cypher(store):
    result = compute_analytics(records_from_store(store), seed=42)
    assert write_analytics(store, result) == result.graph.number_of_nodes()
    rows = store.query("MATCH (p:Paper) RETURN p.id AS id, p.pagerank AS pagerank, p.betweenness AS b, "
                       "p.catalog_citations AS cc, p.cluster AS cluster, p.cluster_label AS label "
                       "ORDER BY p.pagerank DESC").records()
    assert len(rows) == len(result.scores)
    for row in rows:
        s = result.scores[row["id"]]
        assert row["pagerank"] == pytest.approx(s["pagerank"]) and row["b"] == pytest.approx(s["betweenness"])
        assert (row["cc"], row["cluster"], row["label"]) == (s["catalog_citations"], s["cluster"], s["cluster_label"])
    assert rows[0]["pagerank"] == max(s["pagerank"] for s in result.scores.values())
    top = store.query("MATCH (p:Paper) WHERE p.catalog_citations >= $n RETURN p.id", {"n": 4}).rows
    assert top == [["arxiv:1611.03530"]]
    assert store.get_meta("analytics")["papers"] == len(result.scores)


def test_analyze_store_is_repeatable(store):
    first = analyze_store(store, seed=7)
    again = analyze_store(store, seed=7)
    assert first.clusters == again.clusters and first.scores == again.scores
    # analytics survive a read back: the stored values come back on the records
    assert records_from_store(store).papers["arxiv:2201.02177"].cluster == first.scores["arxiv:2201.02177"]["cluster"]


def test_knowledge_graph_has_every_type():
    K = build_knowledge_graph(example_records())
    labels = {d["label"] for _, d in K.nodes(data=True)}
    assert labels == {"Paper", "Author", "Keyword", "Phenomenon", "Venue"}
    assert {k for _, _, k in K.edges(keys=True)} == {"CITES", "WROTE", "HAS_KEYWORD", "ABOUT", "PUBLISHED_IN"}
