"""The network exports read straight from a store (graph/export/store_columns.py) write the very files
the model path writes (load_graph_model + stored scores + model_columns), on both engines, and the
export command takes that path without building a graph model."""
import filecmp
import warnings

import pyarrow as pa
import pytest

from app.pipeline.analytics import analyze, export
from graph.export import registry
from graph.export.network_columns import model_columns
from graph.export.network_formats import write_column_formats
from graph.export.registry import stored_scores
from graph.export.store_columns import fold_case, store_columns
from graph.model import schema
from graph.model.read import load_graph_model
from graph.model.records import Cites, HasKeyword, Keyword, Paper, Wrote
from graph.store.base import ROW_COLUMN
from graph.store.embedded.store import EmbeddedStore
from tests.support.analytics_data import example_records

FORMATS = ["graphml", "gexf", "csv"]


def tricky_records():
    """The analytics example plus what the columnar rules must get right: a paper's own keywords that
    a Keyword node repeats in another case (``ß`` folds to ``ss``), two Keyword nodes of one folded
    name, a keyword without a name, a self-citation and a paper nobody cites."""
    r = example_records()
    first = next(iter(r.papers))
    r.papers[first].keywords = ["Grokking", "Straße", "grokking"]
    r.keywords.update({"kw:grok": Keyword("kw:grok", "GROKKING"), "kw:strasse": Keyword("kw:strasse", "STRASSE"),
                       "kw:x1": Keyword("kw:x1", "Loss landscape"), "kw:x2": Keyword("kw:x2", "loss LANDSCAPE"),
                       "kw:blank": Keyword("kw:blank", "")})
    for kw in ("kw:x2", "kw:grok", "kw:strasse", "kw:x1", "kw:blank"):
        r.add_edge(HasKeyword(first, kw))
    r.papers["lonely"] = Paper("lonely", "A paper nobody cites, with ümlauts", year=2021, in_catalog=None)
    r.add_edge(Cites("lonely", "lonely"))
    r.add_edge(Cites("lonely", first))
    r.add_edge(Wrote(next(iter(r.authors)), "lonely", 0, "s2"))
    return r


def analysed_store(path):
    store = EmbeddedStore(path, read_only=False)
    store.write(tricky_records(), meta={"build": {"finished_at": "2026-01-01"}})
    analyze(store, seed=42)
    return store


def model_path_tables(store):
    model = load_graph_model(store, cache=False)
    scores = {v: {k: x for k, x in s.items() if x is not None} for v, s in stored_scores(model).items()}
    return model_columns(model, scores=scores)


def assert_same_files(a, b):
    for name in ("knowledge.graphml", "knowledge.gexf", "nodes.csv", "edges.csv"):
        assert filecmp.cmp(a / name, b / name, shallow=False), name


def test_store_columns_equal_the_model_path_tables_and_files(tmp_path):
    with analysed_store(tmp_path / "g.lbug") as store:
        nodes, edges = store_columns(store)
        old_nodes, old_edges = model_path_tables(store)
    assert nodes.equals(old_nodes) and edges.equals(old_edges)
    assert "citations" in nodes.column_names and "pagerank" in nodes.column_names  # the stored scores
    row = nodes.column("id").to_pylist().index(next(iter(tricky_records().papers)))
    # own keywords as written, then the nodes' names not there yet in key order (case-folded: GROKKING and
    # STRASSE are there; "loss LANDSCAPE" folds to the name before it), the key of the nameless one
    kws = nodes.column("keywords")[row].as_py().split("; ")
    assert kws[:3] == ["Grokking", "Straße", "grokking"]
    assert [k for k in kws[3:] if k.casefold() in {"grokking", "strasse", "loss landscape", "kw:blank"}] == \
        ["kw:blank", "Loss landscape"]
    cited = dict(zip(nodes.column("id").to_pylist(), nodes.column("citations").to_pylist()))
    assert cited["lonely"] == 0  # its self-citation does not count
    write_column_formats(nodes, edges, tmp_path / "new", FORMATS)
    write_column_formats(old_nodes, old_edges, tmp_path / "old", FORMATS)
    assert_same_files(tmp_path / "new", tmp_path / "old")


def test_a_graph_never_analysed_has_no_store_columns(tmp_path):
    with EmbeddedStore(tmp_path / "g.lbug", read_only=False) as store:
        store.write(tricky_records(), meta={"build": {"finished_at": "2026-01-01"}})
        assert store_columns(store) is None


def test_export_command_builds_no_model_above_the_similarity_bound(tmp_path, monkeypatch):
    """Above the papers the similarity edges are computed for, ``phenomena export --format csv`` reads
    columns only: a model read fails the test; the warning says the similarity edges are left out."""
    with analysed_store(tmp_path / "g.lbug") as store:
        expected = model_path_tables(store)

        def no_model(*args, **kwargs):
            raise AssertionError("the network exports built a graph model")

        monkeypatch.setattr(registry, "SIMILAR_EDGES_MAX_PAPERS", 3)
        monkeypatch.setattr("app.pipeline.analytics.load_graph_model", no_model)
        monkeypatch.setattr(registry, "load_graph_model", no_model)
        with pytest.warns(UserWarning, match="leave out the text-similarity edges"):
            written = export(store, tmp_path / "out", FORMATS)
    assert sorted(p.name for p in written) == ["edges.csv", "knowledge.gexf", "knowledge.graphml", "nodes.csv"]
    write_column_formats(*expected, tmp_path / "old", FORMATS)
    assert_same_files(tmp_path / "out", tmp_path / "old")


def test_export_command_keeps_the_similarity_edges_below_the_bound(tmp_path):
    with analysed_store(tmp_path / "g.lbug") as store:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no "left out" warning at this size
            export(store, tmp_path / "out", ["csv"])
        model = load_graph_model(store, cache=False)
    similar = registry.similar_edges(model)
    assert similar  # the example graph has text-similarity edges
    kinds = pa.csv.read_csv(tmp_path / "out" / "edges.csv").column("Kind").to_pylist()
    assert kinds.count("RELATED_TO:text") == len(similar)


def test_fold_case_is_python_casefold():
    words = ["Grokking", "STRASSE", "Straße", "ΣΊΣΥΦΟΣ", "İstanbul", "ﬁne", "", None]
    assert fold_case(pa.array(words)).to_pylist() == [w.casefold() if w is not None else None for w in words]


@pytest.mark.neo4j
def test_neo4j_store_columns_equal_the_embedded_ones(tmp_path, empty_neo4j_store):
    """The same graph analysed on both engines gives the same export tables (Neo4j through the same API)."""
    with analysed_store(tmp_path / "g.lbug") as store:
        embedded = store_columns(store)
        export(store, tmp_path / "embedded", ["csv"])
        scores = store.query_columns("MATCH (p:Paper) RETURN p.id AS id, p.pagerank AS pagerank, "
                                     "p.betweenness AS betweenness, p.catalog_citations AS catalog_citations, "
                                     "p.cluster AS cluster, p.cluster_label AS cluster_label")
    neo = empty_neo4j_store
    neo.write(tricky_records(), meta={"build": {"finished_at": "2026-01-01"}})
    neo.set_properties("Paper", scores)  # the embedded store's analysis, so both hold the same scores
    nodes, edges = store_columns(neo)
    export(neo, tmp_path / "neo4j", ["csv"])  # the command's path on Neo4j
    assert nodes.equals(embedded[0])
    assert (tmp_path / "neo4j" / "nodes.csv").read_bytes() == (tmp_path / "embedded" / "nodes.csv").read_bytes()
    lines = [sorted((tmp_path / d / "edges.csv").read_text(encoding="utf-8").splitlines()) for d in ("neo4j", "embedded")]
    assert lines[0] == lines[1] and len(lines[0]) == edges.num_rows + 1 + len(registry.similar_edges(
        load_graph_model(neo, cache=False)))
    # the engines scan edges in their own order: the same rows, each engine's order
    key = ["source", "target", "key"]
    assert edges.sort_by([(k, "ascending") for k in key]).equals(embedded[1].sort_by([(k, "ascending") for k in key]))


def test_embedded_edge_rows_are_the_edges_ends(tmp_path):
    """LadybugDB gives each edge's ends as row numbers of read_node_rows' tables (what store_columns maps
    with one array lookup): the same (source, target) pairs as read_edges' keys, for every relation."""
    with analysed_store(tmp_path / "g.lbug") as store:
        for rel, (start, end, props) in schema.REL_TYPES.items():
            rows = store.read_edge_rows(rel, list(props))
            keys = {}
            for label in (start, end):
                table = store.read_node_rows(label, ["id"])
                keys[label] = dict(zip(table.column(ROW_COLUMN).to_pylist(), table.column("id").to_pylist()))
            pairs = sorted((keys[start][a], keys[end][b]) for a, b in zip(rows.column("source").to_pylist(),
                                                                          rows.column("target").to_pylist()))
            by_key = store.read_edges(rel, list(props))
            assert pairs == sorted(zip(by_key.column("source").to_pylist(), by_key.column("target").to_pylist()))
            assert rows.column_names[2:] == by_key.column_names[2:]
        assert store.read_edge_rows("CITES", []).num_rows > 0
