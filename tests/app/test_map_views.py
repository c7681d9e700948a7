"""The bridge drawing and the term map drawing as data (what the component is sent): issue 22, point 6."""
from __future__ import annotations

import pytest

from app.web import bridgeview, graphview, services, style, termview
from graph.analytics.thesaurus import load_thesaurus
from graph.model.graph_model import GraphModel
from tests.support.fixture_graph import build_fixture_records

A, B = "phen:double-descent", "phen:grokking"


@pytest.fixture(scope="module")
def graph() -> GraphModel:
    return GraphModel.from_records(build_fixture_records())


def drawing(graph, a=A, b=B):
    bridges = services.bridge_papers(graph, a, b)[:10]
    ids = [r["paper"] for r in bridges]
    data, legend = bridgeview.bridge_data(graph, bridges, a, b, style.phenomenon_colours(graph.phenomenon_names),
                                          labels=graphview.short_labels(graph, ids),
                                          related=services.similar_links(graph))
    return bridges, data, legend


def test_every_bridge_sits_between_the_hubs_and_is_linked_to_both(graph):
    bridges, data, legend = drawing(graph)
    assert bridges, "the fixture has bridges between double descent and grokking"
    nodes = {n["id"]: n for n in data["nodes"]}
    papers = [n for n in data["nodes"] if n.get("kind") == "paper"]
    assert [n["id"] for n in papers] == [r["paper"] for r in bridges]  # every listed bridge, in rank order
    hub_a, hub_b = nodes[A], nodes[B]
    assert hub_a["kind"] == hub_b["kind"] == "Phenomenon" and hub_a["shape"] == hub_b["shape"] == "dot"
    assert all(hub_a["x"] < n["x"] < hub_b["x"] for n in papers)
    for row in bridges:
        ends = {e["to"] for e in data["edges"] if e["from"] == row["paper"] and e["kind"] in ("ABOUT", "NEAR")}
        assert ends == {A, B}, row["paper"]
    # lines start at dots: no link ends at a text node (the old drawing linked to its cluster labels)
    assert all(nodes[e["from"]]["shape"] == "dot" and nodes[e["to"]]["shape"] == "dot" for e in data["edges"])
    # the paper nearer a side is the one that side pulls harder
    for n, row in zip(papers, bridges):
        to_a, to_b = row["pull"]
        assert (n["x"] < 0) == (to_a > to_b) or to_a == to_b
    assert [label for label, _ in legend][:2] == [graph.phenomenon_names[A], graph.phenomenon_names[B]]


def test_labels_are_first_author_and_year_and_the_caption_counts_the_drawing(graph):
    bridges, data, _ = drawing(graph)
    papers = [n for n in data["nodes"] if n.get("kind") == "paper"]
    assert all(n["mustLabel"] and n["label"] == " " for n in papers)  # drawn beside the dot, never on it
    assert all(n["labelText"].rsplit(" ", 1)[-1].isdigit() or n["labelText"].endswith("n.d.") for n in papers)
    summary = bridgeview.bridge_summary(data)
    assert summary.startswith(f"{len(bridges)} bridge paper{'s' if len(bridges) != 1 else ''} and "
                              f"{len(data['edges'])} links")
    assert len(data["edges"]) >= 2 * len(bridges) > 0
    kinds = {e["kind"] for e in data["edges"]}
    assert kinds <= {"ABOUT", "NEAR", "CITES", "RELATED_TO"}


def test_citations_among_bridges_are_drawn(graph):
    bridges, data, _ = drawing(graph)
    drawn = {r["paper"] for r in bridges}
    among = {(u, v) for u, v in graph.cites if u in drawn and v in drawn and u != v}
    assert {(e["from"], e["to"]) for e in data["edges"] if e["kind"] == "CITES"} == among


def test_the_term_map_data_names_each_term_once_and_no_cluster_label_node(graph):
    tm = services.term_map(graph, "Keyword", 1, load_thesaurus())
    data = termview.term_map_vis_data(tm)
    texts = [n["labelText"] for n in data["nodes"]]
    assert len(texts) == len(set(texts)) == len(tm.nodes)
    assert all(n["shape"] == "dot" and n["label"] == " " for n in data["nodes"])  # no text nodes on the canvas
    assert "Duoble Descent" not in texts and "Deep Double Descent" not in texts  # merged by the thesaurus
    heads = {label for _, label, _ in tm.clusters}
    assert {n["labelText"] for n in data["nodes"] if n.get("mustLabel")} >= heads
    assert [label.split(" (")[0] for label, _ in termview.cluster_legend(tm)] == [label for _, label, _ in tm.clusters]
    recoloured = termview.term_map_vis_data(tm, colour_of={tm.nodes[0].id: "#123456"})  # an overlay's colours
    assert recoloured["nodes"][0]["color"]["background"] == "#123456"


def test_a_hostile_replacement_is_drawn_as_text(graph, tmp_path):
    from app.web.ui import legend_html  # the page's legend builder (imports streamlit: only this test needs it)

    mine = tmp_path / "thesaurus_terms.txt"
    mine.write_text("Double Descent\t<img src=x onerror=alert(1)> **Grok** [a](javascript:b)\n", encoding="utf-8")
    tm = services.term_map(graph, "Keyword", 2, load_thesaurus(mine))
    data = termview.term_map_vis_data(tm)
    hostile = "<img src=x onerror=alert(1)> **Grok** [a](javascript:b)"
    assert hostile in {n["labelText"] for n in data["nodes"]}  # canvas text: drawn as written, never parsed
    legend = legend_html(termview.cluster_legend(tm))
    assert "<img" not in legend and "&#60;img" in legend  # escaped by the one rule (graph.safe_text)


def test_the_thesaurus_command_names_both_files_and_a_bad_line(tmp_path):
    from tests.support.cli import run_cli

    env = {"PHENOMENA_HOME": str(tmp_path)}
    done = run_cli("thesaurus", env=env)
    assert done.returncode == 0 and "thesaurus_terms.txt" in done.stdout and "absent" in done.stdout
    assert run_cli("thesaurus", "--init", env=env).returncode == 0
    assert (tmp_path / "thesaurus_terms.txt").read_text(encoding="utf-8").startswith("label\treplace by\n")
    again = run_cli("thesaurus", "--init", env=env)
    assert again.returncode == 1 and "exists" in again.stderr  # never over the user's file
    with (tmp_path / "thesaurus_terms.txt").open("a", encoding="utf-8") as f:
        f.write("Lazy Training\tLazy\tRegime\n")
    bad = run_cli("thesaurus", env=env)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert "line 48: 3 columns, not 2" in bad.stderr


def test_the_concept_map_is_a_term_map_naming_every_phenomenon(graph):
    from graph.analytics.concepts import concept_map
    from graph.drawing.term_map import term_map_of

    C = concept_map(graph)
    tm = term_map_of(C, "Phenomenon")
    data = termview.term_map_vis_data(tm, {f: "#000000" for f in C}, label_all=True, counts="papers about both")
    assert {n["id"] for n in data["nodes"]} == set(C) and all(n["mustLabel"] for n in data["nodes"])
    assert sorted(n["labelText"] for n in data["nodes"]) == sorted(graph.phenomenon_names[f] for f in C)
    assert not tm.clusters and all(e["title"].endswith("papers about both") for e in data["edges"])
