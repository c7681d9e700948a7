"""Analytics through a real embedded LadybugDB store: read back, compute, write back, query."""
import pytest

from app.pipeline.analytics import analyze
from graph.analytics.analyze import compute_analytics, write_analytics
from graph.analytics.networks import build_citation_graph, build_knowledge_graph, records_from_store
from graph.errors import StoreError
from graph.store.embedded.store import EmbeddedStore
from tests.support.analytics_data import example_records


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
    first = analyze(store, seed=7)
    again = analyze(store, seed=7)
    assert first.clusters == again.clusters and first.scores == again.scores
    # analytics survive a read back: the stored values come back on the records
    assert records_from_store(store).papers["arxiv:2201.02177"].cluster == first.scores["arxiv:2201.02177"]["cluster"]


def test_knowledge_graph_has_every_type():
    K = build_knowledge_graph(example_records())
    labels = {d["label"] for _, d in K.nodes(data=True)}
    assert labels == {"Paper", "Author", "Keyword", "Phenomenon", "Venue"}
    assert {k for _, _, k in K.edges(keys=True)} == {"CITES", "WROTE", "HAS_KEYWORD", "ABOUT", "PUBLISHED_IN"}


def test_graph_made_before_analytics_gets_the_columns(tmp_path, monkeypatch):
    """An embedded graph whose Paper table lacks the analytics columns is upgraded by analyze."""
    from graph.model import schema

    analytics = ("pagerank", "betweenness", "catalog_citations", "cluster", "cluster_label")
    old_paper = {k: v for k, v in schema.NODE_LABELS["Paper"].items() if k not in analytics}
    monkeypatch.setitem(schema.NODE_LABELS, "Paper", old_paper)
    path = tmp_path / "old.lbug"
    with EmbeddedStore(path, read_only=False) as s:
        s.write(example_records(), meta={"build": {"finished_at": "2026-01-01"}})  # a finished older build
        assert "pagerank" not in {row[1] for row in s.query("CALL table_info('Paper') RETURN *").rows}
    monkeypatch.undo()  # today's schema again
    with pytest.raises(StoreError, match="older version.*run `phenomena build`"):
        EmbeddedStore(path)  # read-only: cannot upgrade, says what to do
    with EmbeddedStore(path, read_only=False) as s:
        result = analyze(s, seed=1)
        assert {"pagerank", "cluster_label"} <= {row[1] for row in s.query("CALL table_info('Paper') RETURN *").rows}
        top = s.query("MATCH (p:Paper) RETURN p.id ORDER BY p.pagerank DESC LIMIT 1").rows[0][0]
        assert top == max(result.scores, key=lambda v: result.scores[v]["pagerank"])
