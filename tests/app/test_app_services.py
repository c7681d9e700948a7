"""The app's service layer and graph view, without Streamlit: plain data in, plain data out."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.pipeline import query_store
from app.web import graphview, services, style
from app.settings import load_settings
from graph.errors import ReadOnlyViolation, StoreUnavailable
from graph.model.records import Cites, GraphRecords, Paper
from graph.store.embedded.store import EmbeddedStore
from tests.support.fixture_graph import build_fixture_records, write_fixture_store

RECORDS = build_fixture_records()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return write_fixture_store(tmp_path_factory.mktemp("svc") / "atlas.lbug")


@pytest.fixture(scope="module")
def graph(store_path) -> services.GraphModel:
    with EmbeddedStore(store_path) as store:
        return services.load_paper_graph(store)


def test_services_never_import_streamlit():
    root = Path(__file__).resolve().parents[2]
    paths = sorted((root / "app" / "web" / "services").glob("*.py")) + [root / "app" / "web" / "graphview.py",
                                                                                   root / "app" / "web" / "style.py"]
    paths += sorted((root / "app" / "pipeline").glob("*.py"))
    assert len(paths) > 8
    for path in paths:
        text = path.read_text()
        assert not re.search(r"^\s*(import|from)\s+(streamlit|typer)", text, re.M), path


def test_paper_graph_matches_the_records(graph):
    assert set(graph.papers) == set(RECORDS.papers)
    assert sorted(graph.cites) == sorted(RECORDS.cites)
    assert {pid: sorted(v) for pid, v in graph.about.items()} == {
        pid: sorted(a.target for a in RECORDS.about.values() if a.source == pid)
        for pid in {a.source for a in RECORDS.about.values()}}


def test_top_n_keeps_the_most_linked_and_the_highlighted(graph):
    degree = graph.degrees
    view = services.select_view(graph, top_n=5, highlight=["arxiv:2110.13905"])
    drawn = [n.id for n in view.nodes]
    assert "arxiv:2110.13905" in drawn and len(drawn) == 6
    top5 = sorted(graph.papers, key=lambda p: (-degree[p], -(graph.papers[p].citation_count or 0), p))[:5]
    assert set(top5) <= set(drawn)
    assert all(a in drawn and b in drawn for a, b in view.edges)
    assert view.hidden == len(graph.papers) - 6


def test_html_is_offline_and_has_every_drawn_paper(graph):
    view = services.select_view(graph)
    html = graphview.render_graph_html(view, graphview.view_layout(view),
                                       style.phenomenon_colours(graph.phenomenon_names), graph.phenomenon_names)
    assert not re.search(r"<script[^>]+src=\"https?:", html)
    assert not re.search(r"<link[^>]+href=\"https?:", html)
    assert "vis-network" in html and "new vis.Network" in html  # the bundle is inlined
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", html, re.S).group(1))
    papers = [n for n in nodes if not n.get("isLabel")]
    assert {n["id"] for n in papers} == set(graph.papers)
    assert all("x" in n and "y" in n for n in papers)
    options = json.loads(re.search(r"var options = (\{.*?\});\n", html, re.S).group(1))
    assert options["physics"]["enabled"] is False and options["edges"]["smooth"] is False


def test_layout_is_deterministic_and_separates_papers(graph):
    whole = services.select_view(graph, top_n=len(graph.papers))
    first, second = graphview.view_layout(whole), graphview.view_layout(whole)
    assert first == second
    assert len(first) == len(graph.papers) and len(set(first.values())) == len(first)
    view = services.select_view(graph, phenomenon="phen:grokking")
    own = graphview.view_layout(view)
    assert set(own) == {n.id for n in view.nodes} and len(set(own.values())) == len(own)


def test_year_legend_covers_the_span():
    items = graphview.legend(services.GraphView([], [], {}, {}, 0), {}, {}, "year", (2019, 2024))
    labels = [label for label, _ in items]
    assert labels[0].startswith("2019") and labels[-2].endswith("2024") and labels[-1] == "year unknown"


def test_store_version_changes_when_a_build_rewrites_the_graph(tmp_path):
    """A read-only reader must not block a build, and must see its result (ladybug keeps no RO lock)."""
    settings = load_settings({"PHENOMENA_HOME": str(tmp_path)}, dotenv=False)
    with pytest.raises(StoreUnavailable, match="run `phenomena build` first"):
        services.store_version(settings)
    write_fixture_store(settings.embedded_path)
    before = services.store_version(settings)
    reader = EmbeddedStore(settings.embedded_path)  # as the app would hold one mid-read
    try:
        extra = GraphRecords()
        extra.papers["arxiv:9999.00001"] = Paper(id="arxiv:9999.00001", title="A new paper", year=2026,
                                                 citation_count=1, influential_citation_count=0)
        extra.add_edge(Cites("arxiv:9999.00001", "arxiv:2201.02177", is_influential=False))
        with EmbeddedStore(settings.embedded_path, read_only=False) as writer:
            writer.write(extra)
    finally:
        reader.close()
    assert services.store_version(settings) != before
    with EmbeddedStore(settings.embedded_path) as store:
        assert services.load_summary(store).counts["Paper"] == len(RECORDS.papers) + 1


def test_read_query_refuses_writes(store_path):
    with EmbeddedStore(store_path) as store:
        with pytest.raises(ReadOnlyViolation):
            query_store(store, "MATCH (p:Paper {id: 'arxiv:2201.02177'}) SET p.title = 'x'")
        result = query_store(store, "MATCH (p:Paper) RETURN p", limit=3).result
        assert result.truncated and len(result.rows) == 3
        assert len(services.paper_ids_in(result, set(RECORDS.papers))) == 3
        assert all(cell.startswith("(Paper) ") for row in services.table_rows(result) for cell in row.values())
