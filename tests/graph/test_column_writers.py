"""The columnar writers apply the text rules of network_stream (xml_text, csv_text) to whole columns."""
import csv
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graph.export.network_formats import write_csv, write_gexf, write_graphml
from graph.export.network_stream import csv_text, xml_text

HOSTILE = ["a&b<c>d\"e'f", "ctrl\x1b[31m\x00x\x0b\x7f", "tab\tnl\nret\rend", "\ufffe\uffff", "lone\ud800sur",
           "\\(N\\) at \\nabla C:\\", "a\\\\n and \\\\", "emoji \U0001F600 ünï", "=1+2", "comma, \"quoted\""]


def hostile_graph(plain: int) -> nx.MultiDiGraph:
    """Nodes named by every hostile string, after ``plain`` plain ones (the writers take another path when
    few rows have a backslash); one edge per hostile node, carrying the string as an attribute."""
    H = nx.MultiDiGraph()
    for i in range(plain):
        H.add_node(f"plain{i}", label="Paper", name=f"plain {i}")
    for i, text in enumerate(HOSTILE):
        H.add_node(f"h{i}:{text}", label="Keyword", name=text, note=text)
        H.add_edge("plain0" if plain else f"h0:{HOSTILE[0]}", f"h{i}:{text}", key="HAS_KEYWORD",
                   type="HAS_KEYWORD", weight=1.0, reason=text)
    return H


@pytest.mark.parametrize("plain", [0, 200])
def test_csv_cells_are_csv_text_of_every_value(tmp_path, plain):
    H = hostile_graph(plain)
    write_csv(H, tmp_path)
    with (tmp_path / "nodes.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == H.number_of_nodes()
    got = {r["Id"]: (r["Label"], r["note"]) for r in rows if r["kind"] == "Keyword"}
    assert got == {csv_text(v): (csv_text(d["name"]), csv_text(d["note"]))
                   for v, d in H.nodes(data=True) if d["label"] == "Keyword"}
    with (tmp_path / "edges.csv").open(newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert sorted(r["reason"] for r in edges) == sorted(csv_text(t) for t in HOSTILE)


def test_graphml_and_gexf_values_are_xml_text_of_every_value(tmp_path):
    H = hostile_graph(3)
    write_graphml(H, tmp_path / "g.graphml")
    write_gexf(H, tmp_path / "g.gexf")
    G = nx.read_graphml(tmp_path / "g.graphml")
    want = {xml_text(v): xml_text(d["name"]) for v, d in H.nodes(data=True)}
    assert {v: d["label"] for v, d in G.nodes(data=True)} == want
    assert sorted(d["reason"] for *_, d in G.edges(data=True)) == sorted(xml_text(t) for t in HOSTILE)
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ET.parse(tmp_path / "g.gexf").getroot()
    assert {n.get("id"): n.get("label") for n in root.iterfind(".//g:node", ns)} == want
