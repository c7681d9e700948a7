"""Exports re-read by NetworkX, csv and a BibTeX parser; the HTML report is self-contained."""
import csv
import json
import re

import bibtexparser
import networkx as nx
import pytest

from graph.analytics.analyze import compute_analytics
from graph.errors import AtlasError
from graph.export.cluster_report import export_cluster_report
from graph.export.registry import export_all, select_papers
from graph.safe_text import shown_text
from tests.support.analytics_data import DD, example_records


@pytest.fixture(scope="module")
def result():
    return compute_analytics(example_records(), seed=42)


KINDS = {"Paper", "Phenomenon", "Keyword", "Author", "Venue"}
TYPES = {"ABOUT", "CITES", "HAS_KEYWORD", "PUBLISHED_IN", "WROTE"}


@pytest.fixture(scope="module")
def written(result, tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    paths = export_all(result, out, formats=["graphml", "gexf", "csv", "vosviewer"])
    return {p.name: p for p in paths}


def test_graphml_read_back_by_networkx_and_igraph(result, written):
    import igraph

    records = example_records()
    text = written["knowledge.graphml"].read_text()
    H = nx.read_graphml(written["knowledge.graphml"])
    assert {d["kind"] for _, d in H.nodes(data=True)} == KINDS
    assert {d["labels"] for _, d in H.nodes(data=True)} == {f":{k}" for k in KINDS}  # as Neo4j's APOC writes it
    assert {d["type"] for *_, d in H.edges(data=True)} >= TYPES
    stored = sum(records.counts()[t] for t in TYPES)
    assert H.number_of_edges() >= stored and H.number_of_nodes() == sum(records.counts()[k] for k in KINDS)
    ids = re.findall(r'<edge id="([^"]+)"', text)
    assert len(ids) == len(set(ids)) == H.number_of_edges()  # unique: Gephi drops an edge whose id it has seen
    key = "arxiv:2201.02177"
    node = H.nodes[key]
    assert node["label"] == records.papers[key].title and node["keywords"] == "Grokking; Modular Arithmetic"
    assert H.nodes["phen:grokking"]["label"] == "Grokking"  # names, not kinds: what Gephi and yEd show
    assert float(node["pagerank"]) == pytest.approx(result.scores[key]["pagerank"])
    assert "abstract" not in node and "name" not in node  # None values are dropped, not written as "None"
    assert all(float(d["weight"]) > 0 for *_, d in H.edges(data=True))
    g = igraph.Graph.Read_GraphML(str(written["knowledge.graphml"]))
    assert (g.vcount(), g.ecount()) == (H.number_of_nodes(), H.number_of_edges())
    assert set(g.vs["kind"]) == KINDS and set(g.es["type"]) >= TYPES and key in g.vs["id"]
    assert g.is_directed()


def test_gexf_read_back(written):
    H = nx.read_gexf(written["knowledge.gexf"])
    assert {d["kind"] for _, d in H.nodes(data=True)} == KINDS
    assert {d["type"] for *_, d in H.edges(data=True)} >= TYPES  # the documented name, not "relation"
    assert not any("relation" in d or "networkx_key" in d for *_, d in H.edges(data=True))
    assert H.nodes["arxiv:2201.02177"]["label"].startswith("Grokking")  # what Gephi shows: the name
    edge_ids = [d["id"] for *_, d in H.edges(data=True)]
    assert len(edge_ids) == len(set(edge_ids))
    kinds = re.findall(r'<edge [^>]*kind="([^"]+)"', written["knowledge.gexf"].read_text())
    assert len(kinds) == H.number_of_edges() and set(kinds) >= TYPES  # Gephi's edge kind


def test_csv_node_and_edge_lists_read_by_igraph(written):
    import igraph

    nodes = list(csv.DictReader(written["nodes.csv"].open(encoding="utf-8")))
    edges = list(csv.DictReader(written["edges.csv"].open(encoding="utf-8")))
    assert list(nodes[0])[:3] == ["Id", "Label", "kind"]
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Kind", "relation", "Weight"]
    assert {n["kind"] for n in nodes} == KINDS and {e["relation"] for e in edges} >= TYPES
    assert {e["Type"] for e in edges} == {"Directed"}  # Gephi reads Type as the direction
    row = next(n for n in nodes if n["Id"] == "arxiv:1912.02292")
    assert row["venue"] == "ICLR 2020" and row["kind"] == "Paper" and row["Label"].startswith("Deep Double Descent")
    assert row["arxiv_id"] == "arXiv:1912.02292"  # text to every reader, not the number 1912.02292
    g = igraph.Graph.DictList(vertices=nodes, edges=edges, directed=True, vertex_name_attr="Id",
                              edge_foreign_keys=("Source", "Target"))
    assert g.vcount() == len(nodes) and g.ecount() == len(edges)
    about = [e for e in g.es if e["relation"] == "ABOUT"]
    assert about and all(g.vs[e.target]["kind"] == "Phenomenon" for e in about)


def test_csv_identifiers_stay_text_in_pandas_and_duckdb(written):
    """arXiv ids like 1606.05340 are numbers to a CSV sniffer (1606.0534): the export keeps them text."""
    import duckdb
    import pandas as pd

    nodes = pd.read_csv(written["nodes.csv"])
    ids = nodes["arxiv_id"].dropna()
    assert len(ids) and all(isinstance(x, str) and x.startswith("arXiv:") for x in ids)
    assert nodes.loc[nodes["Id"] == "arxiv:1912.02292", "arxiv_id"].item() == "arXiv:1912.02292"
    edges = pd.read_csv(written["edges.csv"])
    assert len(edges) == sum(1 for _ in csv.DictReader(written["edges.csv"].open(encoding="utf-8")))
    with duckdb.connect() as db:
        types = dict(db.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_csv(?))",
                                [str(written["nodes.csv"])]).fetchall())
        assert types["Id"] == types["arxiv_id"] == types["Label"] == "VARCHAR" and types["year"] == "BIGINT"
        assert db.execute("SELECT count(*) FROM read_csv(?) WHERE arxiv_id = 'arXiv:1912.02292'",
                          [str(written["nodes.csv"])]).fetchone() == (1,)


def test_vosviewer_json(written):
    doc = json.loads(written["vosviewer.json"].read_text())
    items, links = doc["network"]["items"], doc["network"]["links"]
    assert items and {"id", "label", "cluster", "weights"} <= set(items[0])
    ids = {i["id"] for i in items}
    assert all(link["source_id"] in ids and link["target_id"] in ids and link["strength"] > 0 for link in links)
    grokking = next(i for i in items if i["label"] == "Grokking")
    assert grokking["weights"]["Occurrences"] == 3
    # cluster names where VOSviewer Online reads them (network.clusters: legend, "Cluster:" line)
    clusters = {c["cluster"]: c["label"] for c in doc["network"]["clusters"]}
    assert set(clusters) == {i["cluster"] for i in items} and all(clusters.values())
    assert clusters[grokking["cluster"]] in {i["label"] for i in items if i["cluster"] == grokking["cluster"]}
    assert not any("description" in i for i in items)  # VOSviewer renders descriptions as HTML


def test_selection_filters(result):
    assert set(select_papers(result, phenomenon=DD)) == {"arxiv:1912.02292", "arxiv:1812.11118",
                                                         "arxiv:2303.14151"}
    c = result.scores["arxiv:2201.02177"]["cluster"]
    assert "arxiv:2201.02177" in select_papers(result, cluster=c)
    with pytest.raises(AtlasError, match="no cluster"):
        select_papers(result, cluster=99)
    with pytest.raises(AtlasError, match="not papers of the graph"):
        select_papers(result, ids=["arxiv:0000.00000"])
    with pytest.raises(AtlasError, match="no papers about 'nosuch'"):
        select_papers(result, phenomenon="nosuch")


def test_cluster_report_files(result, tmp_path):
    paths = export_cluster_report(result, tmp_path)
    assert [p.name for p in paths] == ["clusters.md", "clusters.html", "clusters.csv", "clusters.json"]
    md, page = paths[0].read_text(), paths[1].read_text()
    shown = [i for i, c in enumerate(result.clusters) if len(c) >= 2]
    assert md.count("\n## Cluster ") == len(shown) and page.count("<svg") == len(shown)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and sum(i.startswith("arrow") for i in ids) == len(shown)  # one marker per SVG
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):  # each drawing's arrows use its own marker
        assert set(re.findall(r"url\(#([^)]+)\)", svg)) <= set(re.findall(r'<marker id="([^"]+)"', svg))
    # self-contained (url(#…) is the page's own arrow marker); every top paper a link in both reports
    assert not re.search(r"<script|<link|<img|src=|@import|url\((?!#)", page)
    for p in json.loads(paths[3].read_text())["clusters"][0]["top_papers"]:
        assert f'href="{p["link"]}"' in page and f"]({p['link']})" in md
    data = json.loads(paths[3].read_text())
    assert data["membership"] == {v: s["cluster"] for v, s in result.scores.items()}
    rows = list(csv.DictReader(paths[2].open()))
    assert [int(r["cluster"]) for r in rows] == shown


def test_export_all_with_selection(result, tmp_path):
    selection = select_papers(result, phenomenon=DD)
    paths = export_all(result, tmp_path, formats=["graphml", "bibtex", "gaps"], selection=selection)
    assert [p.name for p in paths] == ["knowledge.graphml", "papers.bib", "gaps.md"]
    H = nx.read_graphml(paths[0])
    assert sum(1 for _, kind in H.nodes(data="kind") if kind == "Paper") == 3
    assert len(bibtexparser.parse_string(paths[1].read_text()).entries) == 3
    assert "[[paper]](https://arxiv.org/abs/1611.03530)" in paths[2].read_text()
    with pytest.raises(AtlasError, match="unknown export format"):
        export_all(result, tmp_path, formats=["pdf"])


def test_phenomena_report(result, tmp_path):
    from graph.export.registry import export_phenomena_report
    from tests.support.analytics_data import GROKKING

    md, js = export_phenomena_report(result, tmp_path)
    data = json.loads(js.read_text())
    # d3 is about both. As a DD paper it cites g1 (DD -> grokking: 1); as a grokking
    # paper it cites d1 and d2 (grokking -> DD: 2).  Nothing else crosses.
    # d3 (2303.14151) is also the one paper whose references cover both: 1 co-citation.
    assert data["map"] == [{"a": DD, "b": GROKKING, "shared_papers": 1, "a_cites_b": 1, "b_cites_a": 2,
                            "cocitations": 1}]
    assert data["timelines"][GROKKING]["first_year"] == 2022
    assert [p["a"] for p in data["bridges"]] == [DD]
    text = shown_text(md.read_text())
    assert "## Map" in text and f"| {DD} | {GROKKING} | 1 | 1 | 2 |" in text and "## Bridge papers" in text


@pytest.mark.parametrize("selected", [False, True])
def test_streamed_exports_equal_the_multigraph_exports(result, tmp_path, selected):
    """The streamed exports (no multigraph: what fits at 500k papers) write byte for byte the files
    written from export_graph's NetworkX multigraph, for the whole graph and for a selection."""
    import filecmp

    from graph.drawing.layers import similar_edges
    from graph.export.network_formats import export_graph, write_csv, write_gexf, write_graph_formats, write_graphml

    model = result.model
    scores = {v: {k: x for k, x in s.items() if x is not None} for v, s in result.scores.items()}
    similar = similar_edges(model)
    papers = set(sorted(model.papers)[:5]) if selected else None
    H = export_graph(model, papers=papers, scores=scores, similar=similar)
    assert similar and H.number_of_edges() > 20
    write_graphml(H, tmp_path / "nx.graphml")
    write_gexf(H, tmp_path / "nx.gexf")
    write_csv(H, tmp_path, prefix="nx-")
    write_graph_formats(model, tmp_path, ["graphml", "gexf", "csv"], papers=papers, scores=scores, similar=similar)
    for ours, theirs in (("knowledge.graphml", "nx.graphml"), ("knowledge.gexf", "nx.gexf"),
                         ("nodes.csv", "nx-nodes.csv"), ("edges.csv", "nx-edges.csv")):
        assert filecmp.cmp(tmp_path / ours, tmp_path / theirs, shallow=False), ours
    assert nx.read_graphml(tmp_path / "knowledge.graphml").number_of_edges() == H.number_of_edges()


def test_graph_exports_reuse_stored_scores_and_match_recomputed(tmp_path, monkeypatch):
    """Graph formats of an analysed store come from the stored scores (not recomputed) and equal
    the files of a fresh computation; another seed, or a graph never analysed, recomputes."""
    import filecmp

    from app.pipeline.analytics import analyze, export
    from graph.analytics.analyze import compute_analytics
    from graph.export.registry import stored_scores
    from graph.model.read import load_graph_model
    from graph.store.embedded.store import EmbeddedStore

    with EmbeddedStore(tmp_path / "g.lbug", read_only=False) as store:
        store.write(example_records(), meta={"build": {"finished_at": "2026-01-01"}})
        assert stored_scores(load_graph_model(store, cache=False)) is None  # never analysed
        analyze(store, seed=42)
        model = load_graph_model(store)  # the instance export reads too (the store's edge order may vary per read)
        fresh = compute_analytics(model, seed=42)
        assert stored_scores(model) == {v: {k: s[k] for k in stored_scores(model)[v]} for v, s in fresh.scores.items()}
        def recompute(*args, **kwargs):
            raise AssertionError("graph exports of an analysed store recomputed the analytics")
        with monkeypatch.context() as m:
            m.setattr("app.pipeline.analytics.compute_analytics", recompute)
            stored = export(store, tmp_path / "stored", ["graphml", "csv"], seed=42)
            with pytest.raises(AssertionError, match="recomputed"):  # another seed: not what was stored
                export(store, tmp_path / "seed7", ["graphml"], seed=7)
        computed = export(store, tmp_path / "computed", ["graphml", "csv"], seed=42, result=fresh)
    assert [p.name for p in stored] == [p.name for p in computed]
    assert all(filecmp.cmp(a, b, shallow=False) for a, b in zip(stored, computed))
