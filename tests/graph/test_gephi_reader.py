"""The network exports read by the readers researchers use: the Gephi Toolkit 0.10.1 (the importers of
Gephi desktop, default settings), pandas and duckdb; on the offline build and on hostile text."""
import csv
import json
from collections import Counter

import networkx as nx
import pytest

from graph.drawing.layers import similar_edges
from graph.export.network_formats import write_graph_formats
from graph.export.network_stream import csv_text, xml_text
from graph.model.graph_model import NODE_KINDS, GraphModel
from graph.model.read import load_graph_model
from graph.model.records import (
    About,
    Author,
    Cites,
    GraphRecords,
    HasKeyword,
    Keyword,
    Paper,
    Phenomenon,
    RelatedTo,
    Wrote,
)
from graph.store.embedded.store import EmbeddedStore
from tests.support import report
from tests.support.gephi_reader import problems

FILES = (["knowledge.graphml"], ["knowledge.gexf"], ["nodes.csv", "edges.csv"])


def expected_counts(model: GraphModel, similar: list) -> tuple[int, dict]:
    """Nodes, and edges by Gephi edge kind (the relation; text-similarity edges ``RELATED_TO:text``)."""
    by_kind = {kind: len(e) for kind, e in model.edges.items() if len(e)}
    if similar:
        by_kind["RELATED_TO:text"] = len(similar)
    return len(model.ids), by_kind


def display_names(model: GraphModel) -> dict:
    """``{key: (display label, kind)}``: a paper's title, any other node's name."""
    return {key: ((item.title if kind == "Paper" else item.name) or key, kind)
            for kind in NODE_KINDS for key, item in model.nodes(kind).items()}


def read_all(gephi, out) -> list[dict]:
    return gephi(*[[out / name for name in group] for group in FILES])


@pytest.fixture(scope="module")
def offline_build(tmp_path_factory):
    from tests.support.shared_data import build_offline_and_export

    home = tmp_path_factory.mktemp("home")
    out = build_offline_and_export(home, "graphml", "gexf", "csv")
    with EmbeddedStore(home / "atlas.lbug", read_only=True) as store:
        model = load_graph_model(store, cache=False)
    return model, similar_edges(model), out


def test_gephi_imports_every_node_and_edge_of_the_offline_build(offline_build, gephi):
    """Gephi kept 6 of 5,717 GraphML edges when every edge id was its kind, and showed "Paper" as every label."""
    model, similar, out = offline_build
    nodes, by_kind = expected_counts(model, similar)
    names = display_names(model)
    assert nodes > 2500 and sum(by_kind.values()) > 5000  # the shared catalog's graph, not an empty one
    for group, got in zip(FILES, read_all(gephi, out)):
        report.add(f"Gephi Toolkit 0.10.1, offline build {'+'.join(group)}: {got['nodes']:,} of {nodes:,} nodes, "
                   f"{got['edges']:,} of {sum(by_kind.values()):,} edges, {len(problems(got))} warnings")
        assert problems(got) == [], group
        assert (got["nodes"], got["edges"], got["edges_by_kind"]) == (nodes, sum(by_kind.values()), by_kind), group
        assert got["directed"]
        # what Gephi shows: titles and names, with the kind in its own column
        assert {key: (label, kind) for key, label, kind in got["node_labels"]} == names, group


def test_csv_read_by_pandas_and_duckdb_keeps_identifiers_as_text(offline_build):
    import duckdb
    import pandas as pd

    model, similar, out = offline_build
    nodes, by_kind = expected_counts(model, similar)
    table = pd.read_csv(out / "nodes.csv")
    edges = pd.read_csv(out / "edges.csv")
    assert len(table) == nodes and len(edges) == sum(by_kind.values())
    assert Counter(edges["Kind"]) == by_kind
    papers = {k: p.arxiv_id for k, p in model.nodes("Paper").items() if p.arxiv_id}
    written = dict(zip(table["Id"], table["arxiv_id"]))
    assert {k: written[k] for k in papers} == {k: f"arXiv:{a}" for k, a in papers.items()}  # 1606.05340 stays
    with duckdb.connect() as db:
        rows = db.execute("SELECT Id, arxiv_id FROM read_csv(?) WHERE arxiv_id IS NOT NULL",
                          [str(out / "nodes.csv")]).fetchall()
        assert dict(rows) == {k: f"arXiv:{a}" for k, a in papers.items()}
        assert db.execute("SELECT count(*) FROM read_csv(?)", [str(out / "edges.csv")]).fetchone()[0] == len(edges)


# Text from a catalog pull request or an imported file: quotes, delimiters, line breaks, markup that
# closes the element it sits in, control characters, a lone surrogate, backslashes Gephi's CSV reader
# takes as escapes, a spreadsheet formula.
HOSTILE = ['Quote "x", comma, new\nline and\r\nCRLF', "ends with a backslash \\", '</data></node><node id="x">',
           "]]> &amp; <![CDATA[ & < >", "bell \x07 escape \x1b[31m nul \x00 end", "\\nabla \\theta \\(N\\) \\\"",
           "lone \ud800 surrogate", '=HYPERLINK("http://evil.example")', "tab\there; semi;colon"]


def hostile_model() -> tuple[GraphModel, list]:
    r, keys = hostile_records(HOSTILE)
    return GraphModel.from_records(r), [(keys[0], keys[1], 0.5, HOSTILE[0]), (keys[2], keys[3], 0.25, HOSTILE[5])]


def hostile_records(texts: list[str]) -> tuple[GraphRecords, list[str]]:
    """A paper, author and keyword per text, the texts in every field and edge property; the paper keys."""
    r = GraphRecords()
    keys = [f"doi:10.1234/{i},\"q\"\n" if i == 0 else f"arxiv:2101.{i:05d}" for i in range(len(texts))]
    for i, (key, text) in enumerate(zip(keys, texts)):
        r.papers[key] = Paper(key, title=text, year=2020 + i, arxiv_id=key[6:] if key.startswith("arxiv:") else None,
                              abstract=text, keywords=[text])
        r.authors[f"author:{i}"] = Author(f"author:{i}", name=texts[-1 - i], s2_author_id=str(1741101 + i))
        r.keywords[f"kw:{i}"] = Keyword(f"kw:{i}", name=text)
        r.add_edge(Wrote(f"author:{i}", key, origin=text))
        r.add_edge(HasKeyword(key, f"kw:{i}", origin=text))
        r.add_edge(HasKeyword(key, f"kw:{(i + 1) % len(texts)}"))  # keywords shared: a co-occurrence map
    r.phenomena["phen:x"] = Phenomenon("phen:x", name=texts[0], description=texts[3])
    r.add_edge(About(keys[1], "phen:x", via=texts[2]))
    # three edges between one pair: a citation, a stored relation and a text-similarity edge
    r.add_edge(Cites(keys[0], keys[1], origin=texts[1]))
    r.add_edge(RelatedTo(keys[0], keys[1], origin="co-citation", score=0.7))
    return r, keys


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory):
    model, similar = hostile_model()
    out = tmp_path_factory.mktemp("hostile")
    write_graph_formats(model, out, ["graphml", "gexf", "csv", "vosviewer"], similar=similar)
    return model, similar, out


def assert_read_whole(gephi, out, model, nodes, by_kind) -> None:
    """Gephi reads every export group in ``out`` with no problem, every node and edge, and every label as written."""
    names = {key: (xml_text(label), kind) for key, (label, kind) in display_names(model).items()}
    for group, got in zip(FILES, read_all(gephi, out)):
        assert problems(got) == [], group
        assert (got["nodes"], got["edges_by_kind"]) == (nodes, by_kind), group
        labels = {key: (label, kind) for key, label, kind in got["node_labels"]}
        if group[0].endswith(".csv"):  # Gephi's spreadsheet reader trims each cell
            names = {xml_text(k).strip(): (label.strip(), kind) for k, (label, kind) in names.items()}
        assert labels == names, group


def test_hostile_text_never_breaks_an_element_or_row_for_gephi(hostile_export, gephi):
    model, similar, out = hostile_export
    nodes, by_kind = expected_counts(model, similar)
    assert by_kind["CITES"] == by_kind["RELATED_TO"] == 1 and by_kind["RELATED_TO:text"] == 2
    assert_read_whole(gephi, out, model, nodes, by_kind)


def test_hostile_text_never_breaks_a_row_or_element_for_python_readers(hostile_export):
    import duckdb
    import igraph
    import pandas as pd

    model, similar, out = hostile_export
    nodes, by_kind = expected_counts(model, similar)
    edges = sum(by_kind.values())
    G = nx.read_graphml(out / "knowledge.graphml")
    assert (G.number_of_nodes(), G.number_of_edges()) == (nodes, edges)
    assert {v: d["label"] for v, d in G.nodes(data=True)} == {xml_text(k): xml_text(label) for k, (label, _)
                                                              in display_names(model).items()}
    g = igraph.Graph.Read_GraphML(str(out / "knowledge.graphml"))
    assert (g.vcount(), g.ecount()) == (nodes, edges)
    X = nx.read_gexf(out / "knowledge.gexf")
    assert (X.number_of_nodes(), X.number_of_edges()) == (nodes, edges)
    rows = list(csv.DictReader((out / "nodes.csv").open(encoding="utf-8", newline="")))
    assert {r["Id"]: r["Label"] for r in rows} == {csv_text(k): csv_text(label) for k, (label, _)
                                                   in display_names(model).items()}
    assert len(pd.read_csv(out / "nodes.csv")) == nodes and len(pd.read_csv(out / "edges.csv")) == edges
    with duckdb.connect() as db:
        for name, count in (("nodes.csv", nodes), ("edges.csv", edges)):
            assert db.execute("SELECT count(*) FROM read_csv(?)", [str(out / name)]).fetchone()[0] == count
        ids = db.execute("SELECT s2_author_id FROM read_csv(?) WHERE kind = 'Author'", [str(out / "nodes.csv")])
        assert all(isinstance(i, str) and i.startswith("s2-author:") for (i,) in ids.fetchall())
    vos = json.loads((out / "vosviewer.json").read_text(encoding="utf-8"))  # strict JSON: what VOSviewer parses
    keywords = {k.name for k in model.nodes("Keyword").values()}
    assert vos["network"]["items"] and {i["label"] for i in vos["network"]["items"]} <= keywords
    assert {c["label"] for c in vos["network"]["clusters"]} <= keywords


# What a store can hold: Arrow strings are UTF-8, so a lone surrogate never reaches one (the loaders replace it).
STORED_HOSTILE = [t for t in HOSTILE if "\ud800" not in t]


@pytest.fixture(scope="module")
def hostile_store_export(tmp_path_factory):
    """The hostile records in an analysed embedded store, exported as `phenomena export` does (from the
    store's columns, graph/export/store_columns.py), and the same graph by the model path."""
    from app.pipeline.analytics import analyze, export
    from graph.export.registry import export_graph_files, stored_scores

    r, _ = hostile_records(STORED_HOSTILE)
    home = tmp_path_factory.mktemp("hostile-store")
    with EmbeddedStore(home / "g.lbug", read_only=False) as store:
        store.write(r, meta={"build": {"finished_at": "2026-01-01"}})
        analyze(store, seed=42)
        export(store, home / "out", ["graphml", "gexf", "csv"])
        model = load_graph_model(store, cache=False)
    export_graph_files(model, {v: {k: x for k, x in s.items() if x is not None} for v, s in stored_scores(model).items()},
                       home / "model", ["graphml", "gexf", "csv"])
    return model, similar_edges(model), home


def test_hostile_text_from_the_store_columns_is_read_whole_by_gephi(hostile_store_export, gephi):
    """The export command's columnar path: every node and edge of hostile text read by Gephi with no
    warning, titles as data, and the files those the model path writes, byte for byte."""
    import filecmp

    model, similar, home = hostile_store_export
    nodes, by_kind = expected_counts(model, similar)
    assert by_kind["CITES"] == by_kind["RELATED_TO"] == 1 and nodes == 3 * len(STORED_HOSTILE) + 1
    assert_read_whole(gephi, home / "out", model, nodes, by_kind)
    for name in ("knowledge.graphml", "knowledge.gexf", "nodes.csv", "edges.csv"):
        assert filecmp.cmp(home / "out" / name, home / "model" / name, shallow=False), name
