"""Exports re-read by NetworkX, csv and a BibTeX parser; the HTML report is self-contained (BibTeX, RIS,
CSL-JSON: tests/test_bibliography.py)."""
import csv
import json
import re

import bibtexparser
import networkx as nx
import pytest
from tests.analytics_data import DD, example_records

from graph.analyze import compute_analytics
from graph.errors import AtlasError
from graph.export import annotated_graph, export_all, export_csv, export_gexf, export_graphml, select_papers
from graph.report import export_cluster_report


@pytest.fixture(scope="module")
def result():
    return compute_analytics(example_records(), seed=42)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_round_trip(result, tmp_path, fmt):
    G = annotated_graph(result)
    path = (export_graphml if fmt == "graphml" else export_gexf)(G, tmp_path / f"g.{fmt}")
    H = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert H.is_directed()
    assert set(H.edges()) == set(G.edges())
    key = "arxiv:2201.02177"
    node = H.nodes[key]
    assert node["title"] == G.nodes[key]["title"]
    assert node["keywords"] == "Grokking; Modular Arithmetic"
    assert node["authors"] == "Alethea Power; Yuri Burda"
    assert float(node["pagerank"]) == pytest.approx(result.scores[key]["pagerank"])
    assert int(node["cluster"]) == result.scores[key]["cluster"]
    assert node["in_catalog"] in (True, "true")
    assert "abstract" not in node  # None values are dropped, not written as "None"


def test_csv_node_and_edge_lists(result, tmp_path):
    nodes_path, edges_path = export_csv(annotated_graph(result), tmp_path)
    nodes = list(csv.DictReader(nodes_path.open(encoding="utf-8")))
    edges = list(csv.DictReader(edges_path.open(encoding="utf-8")))
    assert len(nodes) == result.graph.number_of_nodes() and len(edges) == result.graph.number_of_edges()
    row = next(n for n in nodes if n["id"] == "arxiv:1912.02292")
    assert row["venue"] == "ICLR 2020" and row["phenomena"] == DD
    assert {(e["source"], e["target"]) for e in edges} == set(result.graph.edges())


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
    # self-contained: no external script, stylesheet, image or font (url(#…) is the page's own arrow marker)
    assert not re.search(r"<script|<link|<img|src=|@import|url\((?!#)", page)
    # every top paper is a link, in both reports
    for p in json.loads(paths[3].read_text())["clusters"][0]["top_papers"]:
        assert f'href="{p["link"]}"' in page and f"]({p['link']})" in md
    data = json.loads(paths[3].read_text())
    assert data["membership"] == {v: s["cluster"] for v, s in result.scores.items()}
    rows = list(csv.DictReader(paths[2].open()))
    assert [int(r["cluster"]) for r in rows] == shown


def test_export_all_with_selection(result, tmp_path):
    selection = select_papers(result, phenomenon=DD)
    paths = export_all(result, tmp_path, formats=["graphml", "bibtex", "gaps"], selection=selection)
    assert [p.name for p in paths] == ["citations.graphml", "papers.bib", "gaps.md"]
    assert nx.read_graphml(paths[0]).number_of_nodes() == 3
    assert len(bibtexparser.parse_string(paths[1].read_text()).entries) == 3
    assert "[[paper]](https://arxiv.org/abs/1611.03530)" in paths[2].read_text()
    with pytest.raises(AtlasError, match="unknown export format"):
        export_all(result, tmp_path, formats=["pdf"])


def test_phenomena_report(result, tmp_path):
    from tests.analytics_data import GROKKING
    from graph.export import export_phenomena_report

    md, js = export_phenomena_report(result, tmp_path)
    data = json.loads(js.read_text())
    # d3 is about both. As a DD paper it cites g1 (DD -> grokking: 1); as a grokking
    # paper it cites d1 and d2 (grokking -> DD: 2).  Nothing else crosses.
    assert data["map"] == [{"a": DD, "b": GROKKING, "shared_papers": 1, "a_cites_b": 1, "b_cites_a": 2}]
    assert data["timelines"][GROKKING]["first_year"] == 2022
    assert [p["a"] for p in data["bridges"]] == [DD]
    text = md.read_text()
    assert "## Map" in text and f"| {DD} | {GROKKING} | 1 | 1 | 2 |" in text and "## Bridge papers" in text
