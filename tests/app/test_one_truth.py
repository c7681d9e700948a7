"""One truth (issue 22, point 4): a phenomenon's papers are one count everywhere, and nothing is
offered when its data is absent (an offline build has no citations).

Real LadybugDB fixture stores (the full fixture and the same graph without citations) and AppTest.
"""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from app.web import services
from graph.store.embedded.store import EmbeddedStore
from tests.support.app_pages import APP


def _graph(home: Path) -> services.PaperGraph:
    with EmbeddedStore(home / "atlas.lbug") as store:
        return services.load_paper_graph(store)


def test_a_phenomenons_paper_count_is_the_same_in_its_panel_selector_and_drawing(full):
    graph = _graph(full)
    sizes = graph.phenomenon_sizes
    assert sizes
    for pid, n in sizes.items():
        detail = services.node_detail(graph, pid)
        drawn = services.select_view(graph, phenomenon=pid).nodes
        assert detail.count == n == len(drawn), (pid, detail.count, n, len(drawn))
        assert {p["id"] for p in detail.papers} <= {p for p, fs in graph.about.items() if pid in fs}


def test_papers_are_never_listed_most_cited_first_without_counts():
    from app.web.services.papers import GraphModel, Paper

    papers = [Paper("a", "A", year=2020), Paper("b", "B", year=2023), Paper("c", "C", year=2021)]
    offline = services.node_detail(GraphModel.of(papers, {"f": "F"}, {"a": ["f"], "b": ["f"], "c": ["f"]}), "f")
    assert offline.order == "newest first" and [p["id"] for p in offline.papers] == ["b", "c", "a"]
    counted = [Paper("a", "A", year=2020, citation_count=9), Paper("b", "B", year=2023, citation_count=1)]
    detail = services.node_detail(GraphModel.of(counted, {"f": "F"}, {"a": ["f"], "b": ["f"]}), "f")
    assert detail.order == "most cited first" and [p["id"] for p in detail.papers] == ["a", "b"]


def _paper_page(home: Path, monkeypatch, paper: str) -> AppTest:
    monkeypatch.setenv("PHENOMENA_HOME", str(home))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["paper"] = paper
    at.run()
    at.switch_page("views/paper.py").run()
    assert not at.exception
    return at


def test_paper_page_without_citations_offers_no_pagerank_and_no_neighbourhood(offline, full, monkeypatch):
    paper = "arxiv:2201.02177"
    at = _paper_page(offline, monkeypatch, paper)
    text = " ".join(m.value for m in at.markdown)
    assert "**Year:**" in text and "PageRank" not in text
    assert not [link for link in at.get("page_link") if "citation neighbourhood" in str(link.proto.label)]
    assert any("No citation neighbourhood to draw" in c.value for c in at.caption)
    at = _paper_page(full, monkeypatch, paper)
    assert [link for link in at.get("page_link") if "citation neighbourhood" in str(link.proto.label)]
