"""The multi-layer view, similarity edges and honest rankings, on small graphs whose answers are known."""
import re

import networkx as nx
import pytest

from app.web import graphview, services, style
from graph.analytics.analyze import compute_analytics
from graph.analytics.similarity import compute_similar_papers
from graph.drawing.layers import build_layered, similar_edges
from graph.drawing.layout import layered_layout
from graph.export.cluster_report import render_cluster_markdown
from graph.model.graph_model import GraphModel
from tests.support.analytics_data import DD, GROKKING, example_records
from tests.support.fixture_graph import build_fixture_records

BOTH = "arxiv:2303.14151"  # about grokking and double descent in example_records


def with_shared_keyword() -> GraphModel:
    """The app fixture plus a keyword two papers share (its own keywords all name phenomena)."""
    from graph.model.records import HasKeyword, Keyword
    records = build_fixture_records()
    records.keywords["kw:theory"] = Keyword("kw:theory", "Theory")
    for paper in sorted(records.papers)[:2]:
        records.add_edge(HasKeyword(paper, "kw:theory"))
    return GraphModel.from_records(records)


def offline(records):
    records.cites.clear()  # what every user sees before a first Semantic Scholar fetch
    return GraphModel.from_records(records)


def test_paper_about_two_phenomena_links_both_hubs_and_sits_between():
    m = offline(example_records())
    L = build_layered(m, list(m.papers), layers=("Paper", "Phenomenon"))
    about = {(s, t) for s, t, kind, _, _ in L.edges if kind == "ABOUT"}
    assert {(BOTH, GROKKING), (BOTH, DD)} <= about
    pos = layered_layout(L, m.about)
    (gx, gy), (dx, dy), (bx, by) = pos[GROKKING], pos[DD], pos[BOTH]
    # the paper is nearer the midpoint of the two hubs than either hub is to it
    mid = ((gx + dx) / 2, (gy + dy) / 2)
    assert abs(bx - mid[0]) + abs(by - mid[1]) < min(abs(bx - gx) + abs(by - gy), abs(bx - dx) + abs(by - dy))


def test_offline_default_view_is_connected():
    m = offline(build_fixture_records())
    view = services.select_view(m, rank_by="knowledge links")
    L = build_layered(m, [n.id for n in view.nodes], similar=similar_edges(m))
    G = nx.Graph()
    G.add_nodes_from(n["id"] for n in L.nodes)
    G.add_edges_from((s, t) for s, t, *_ in L.edges)
    assert not L.edge_counts().get("CITES")
    assert L.count("Phenomenon") == 3 and L.edge_counts()["ABOUT"] >= len(m.about)
    assert nx.number_connected_components(G) == 1


def test_layers_switch_node_kinds_and_edge_kinds():
    f = with_shared_keyword()
    full = build_layered(f, list(f.papers), layers=("Paper", "Phenomenon", "Keyword", "Author"))
    assert {n["kind"] for n in full.nodes} == {"Paper", "Phenomenon", "Keyword", "Author"}
    assert {"ABOUT", "HAS_KEYWORD", "WROTE", "CITES"} <= set(full.edge_counts())
    # "Grokking" the keyword names the Grokking hub: drawn once, as the hub
    assert "Grokking" not in {n["name"] for n in full.nodes if n["kind"] == "Keyword"}
    m = GraphModel.from_records(example_records())
    ids = list(m.papers)
    no_cites = build_layered(m, ids, edge_kinds=("ABOUT",))
    assert set(no_cites.edge_counts()) == {"ABOUT"}
    concepts_only = build_layered(m, ids, layers=("Phenomenon",))
    assert concepts_only.edges == [(DD, GROKKING, "SHARED_PAPERS", 1.0, "1 shared paper")]


def test_similarity_scores_and_reasons():
    G = nx.DiGraph()
    G.add_node("a", title="Grokking on modular arithmetic tasks", keywords=["grokking"], authors=["N. Nanda"])
    G.add_node("b", title="Grokking beyond modular arithmetic", keywords=["grokking"], authors=["N. Nanda"])
    G.add_node("c", title="Deep double descent", keywords=["double descent"], authors=["P. Nakkiran"])
    G.add_node("d", title="Double descent in linear models", keywords=["double descent"], authors=[])
    edges = {(u, v): (score, reason) for u, v, score, reason in compute_similar_papers(G, min_score=0.1)}
    assert set(edges) == {("a", "b"), ("c", "d")}
    assert edges[("a", "b")][0] > edges[("c", "d")][0]  # shared author on top of shared words
    assert edges[("a", "b")][1].startswith("shared authors: N. Nanda; text: ")
    assert "descent" in edges[("c", "d")][1] and 0 < edges[("c", "d")][0] <= 1


def test_embeddings_replace_text_when_given():
    G = nx.DiGraph()
    for v in "abc":
        G.add_node(v, title=f"unrelated {v}xx words", authors=[])
    found = compute_similar_papers(G, embeddings={"a": [1, 0], "b": [0.9, 0.1], "c": [0, 1]})
    assert [(u, v) for u, v, *_ in found] == [("a", "b")] and found[0][3] == "embedding similarity"


def test_no_ranking_by_a_constant():
    records = example_records()
    records.cites.clear()
    result = compute_analytics(records, seed=1)
    assert len({s["pagerank"] for s in result.scores.values()}) == 1  # PageRank says nothing here
    assert result.top_measure.startswith("knowledge links")
    assert "Top papers by knowledge links" in render_cluster_markdown(result, min_size=1)
    m = GraphModel.from_records(records)
    assert "pagerank" not in services.measures(m) and "links" not in services.measures(m)
    assert services.measures(GraphModel.from_records(example_records()))[0] == "links"


def test_legend_names_every_kind_drawn():
    m = with_shared_keyword()
    view = services.select_view(m)
    L, html = graphview.render_layers(m, view, style.phenomenon_colours(m.phenomenon_names),
                                      layers=("Paper", "Phenomenon", "Keyword", "Author"))
    for kind in ("Paper", "Phenomenon", "Keyword", "Author", "ABOUT", "HAS_KEYWORD", "WROTE", "CITES"):
        assert f">{kind}" in html.split('id="atlas-legend"')[1], kind
    assert not re.search(r"<script[^>]+src=\"https?:|<link[^>]+href=\"https?:", html)  # offline


@pytest.mark.parametrize("layers", [("Paper",), ("Keyword", "Author")])
def test_any_layer_choice_draws(layers):
    m = GraphModel.from_records(example_records())
    L, html = graphview.render_layers(m, services.select_view(m), {}, layers=layers)
    assert all(n["kind"] in layers for n in L.nodes) and "new vis.Network" in html


def test_related_papers_offline_use_text_similarity():
    from graph.analytics.similarity import related_papers

    m = offline(build_fixture_records())
    paper = "arxiv:2205.10343"  # Towards Understanding Grokking
    plain = related_papers(m.citation_graph(), paper, top=50)
    texts = [r for r in plain if "similar text" in r[2]]
    assert texts and all(r.score > 0 for r in texts)  # text similarity is part of the score, always
    assert related_papers(m.citation_graph(), paper, top=50, similar=similar_edges(m)) == plain  # accepted, not needed
    assert services.related_papers(m, paper)[0]["reasons"]  # the page lists the same, with reasons
