"""The one in-memory graph model: read from a real store once, cached by the build, every kind kept."""
from pathlib import Path

import pytest

from app.web import services
from graph.analytics.networks import build_citation_graph
from graph.model import read as gm
from graph.model.graph_model import EDGE_KINDS, GraphModel
from graph.model.read import load_graph_model
from graph.store.embedded.store import EmbeddedStore
from tests.support.analytics_data import example_records


@pytest.fixture
def store(tmp_path):
    gm.clear_model_cache()
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as s:
        s.write(example_records(), meta={"build": {"finished_at": "2026-01-01T00:00:00"}})
        yield s


class CountingStore:
    """The real store, counting the queries sent to it."""

    def __init__(self, store):
        self.store, self.queries, self.path = store, 0, store.path

    def query(self, *args, **kwargs):
        self.queries += 1
        return self.store.query(*args, **kwargs)

    def query_columns(self, *args, **kwargs):
        self.queries += 1
        return self.store.query_columns(*args, **kwargs)

    def read_nodes(self, *args, **kwargs):
        self.queries += 1
        return self.store.read_nodes(*args, **kwargs)

    def read_edges(self, *args, **kwargs):
        self.queries += 1
        return self.store.read_edges(*args, **kwargs)

    def read_edge_positions(self, *args, **kwargs):
        self.queries += 1
        return self.store.read_edge_positions(*args, **kwargs)

    def get_meta(self, key):
        return self.store.get_meta(key)

    def check_complete(self):
        return self.store.check_complete()


def test_model_holds_every_node_and_edge_kind_with_properties(store):
    original = example_records()
    model = load_graph_model(store)
    # list membership (Section, LISTED_IN; issue 25) stays in the store for Cypher, not in the model
    assert model.counts() == {k: v for k, v in original.counts().items() if k not in ("Section", "LISTED_IN")}
    assert model.papers == original.papers  # every property of every paper
    assert {model.label(k) for k in model.ids} == {"Paper", "Phenomenon", "Keyword", "Author", "Venue"}
    assert set(model.edges) == set(EDGE_KINDS)
    wrote = {(s, t): p["position"] for s, t, p in model.edge_rows("WROTE")}
    assert wrote == {(w.source, w.target): w.position for w in original.wrote.values()}
    assert model.edges["CITES"].source.dtype.itemsize == 4  # compact: int32 indexes, not objects
    back = model.to_records()
    assert back.about == original.about and back.cites == original.cites and back.wrote == original.wrote


def test_model_is_read_once_per_build_and_again_after_a_new_build(store):
    counting = CountingStore(store)
    first = load_graph_model(counting)
    reads = counting.queries
    assert reads >= 11  # one per node label and edge type
    assert load_graph_model(counting) is first and counting.queries == reads
    store.query("MATCH (n:AtlasMeta) WHERE n.id = 'build' SET n.value = $v", {"v": '{"finished_at": "later"}'},
                write=True)
    assert load_graph_model(counting) is not first and counting.queries > reads


def test_app_cli_and_analytics_read_the_same_graph(store):
    model = load_graph_model(store)
    app_graph = services.load_paper_graph(store)
    assert app_graph is model  # the app's graph is the model, not a copy with its own rules
    G = build_citation_graph(model)
    assert set(G) == set(model.papers) and set(G.edges()) == set(model.cites)
    assert build_citation_graph(example_records()).nodes(data=True) == G.nodes(data=True)


def test_model_of_records_adds_missing_ends():
    from graph.model.records import Cites, GraphRecords, Paper
    r = GraphRecords(papers={"a": Paper("a", "A")})
    r.add_edge(Cites("a", "elsewhere"))
    m = GraphModel.from_records(r)
    assert m.label("elsewhere") == "Paper" and m.name("elsewhere") == "elsewhere" and m.cites == [("a", "elsewhere")]


def test_no_second_store_reader_in_the_app():
    root = Path(__file__).resolve().parents[2]
    services_text = "".join(p.read_text() for p in (root / "app/web/services").glob("*.py"))
    for gone in ("def load_related", "def phenomenon_timeline(graph: PaperGraph",
                 "MATCH (a:Paper)-[:CITES]->(b:Paper)"):
        assert gone not in services_text
