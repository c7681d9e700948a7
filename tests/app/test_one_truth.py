"""One truth (issue 22, point 4): a phenomenon's papers are one count everywhere, and nothing is
offered when its data is absent (an offline build has no citations).

Real LadybugDB fixture stores (the full fixture and the same graph without citations) and AppTest.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.pipeline.analytics import analyze, export
from app.web import services
from graph.errors import ConfigError
from graph.store.embedded.store import EmbeddedStore
from tests.support.analytics_data import example_records
from tests.support.app_pages import APP
from tests.support.cli import run_cli


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


# --- the Clusters page, its download and `phenomena export` read one stored analysis ---

def _analysed_home(tmp_path: Path) -> Path:
    """example_records analysed and stored, then one cluster renamed by hand: only a reader of the stored
    analysis can show that name (a recomputation would label it from its terms)."""
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as store:
        store.write(example_records())
        analyze(store, seed=42)
        store.query("MATCH (p:Paper) WHERE p.cluster = 0 SET p.cluster_label = $label", {"label": "hand label"},
                    write=True)
    return tmp_path


def test_export_and_the_clusters_download_read_the_stored_analysis(tmp_path):
    home = _analysed_home(tmp_path / "home")
    with EmbeddedStore(home / "atlas.lbug") as store:
        graph = services.load_paper_graph(store)
        stored = {pid: (p.cluster, p.cluster_label) for pid, p in graph.papers.items()}
        paths = export(store, tmp_path / "out", ["report"])
        files = services.export_files(store, ["report"])
    report = json.loads((tmp_path / "out" / "clusters.json").read_text(encoding="utf-8"))
    assert report["membership"] == {pid: c for pid, (c, _) in stored.items()}
    assert {c["cluster"]: c["label"] for c in report["clusters"]}[0] == "hand label"
    assert report["seed"] == 42
    assert {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in paths} == files  # the same bytes
    page = {c["cluster"]: (c["label"], c["size"]) for c in services.cluster_summaries(graph)}
    assert {c["cluster"]: (c["label"], c["papers"]) for c in report["clusters"]} == \
        {c: v for c, v in page.items() if v[1] >= 2}


def test_a_report_without_a_stored_analysis_says_what_to_run(tmp_path):
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as store:
        store.write(example_records())  # written, never analysed
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        with pytest.raises(ConfigError, match=r"no stored analysis .*run `phenomena analyze`"):
            export(store, tmp_path / "out", ["report", "bibtex"])
        assert not (tmp_path / "out").exists()  # nothing half-written
        assert export(store, tmp_path / "bib", ["bibtex"])  # a bibliography needs no analysis
    done = run_cli("export", str(tmp_path / "cli"), "--format", "report", env={"PHENOMENA_HOME": str(tmp_path)})
    assert done.returncode == 1 and done.stderr.strip().count("\n") == 0, done.stderr
    assert "run `phenomena analyze`" in done.stderr and not (tmp_path / "cli").exists()


def test_another_seed_is_recomputed_and_named(tmp_path):
    home = _analysed_home(tmp_path / "home")
    with EmbeddedStore(home / "atlas.lbug") as store:
        export(store, tmp_path / "seven", ["report"], seed=7)
    report = json.loads((tmp_path / "seven" / "clusters.json").read_text(encoding="utf-8"))
    assert report["seed"] == 7 and "hand label" not in {c["label"] for c in report["clusters"]}


def test_the_weak_tags_toggle_is_offered_only_when_it_can_change_something(tmp_path, monkeypatch):
    from graph.model.records import About
    from tests.support.analytics_data import GROKKING

    def toggles(records) -> list[str]:
        home = tmp_path / str(len(list(tmp_path.iterdir())))
        home.mkdir()
        with EmbeddedStore(home / "atlas.lbug", read_only=False) as store:
            store.write(records, meta={"build": {"finished_at": str(home)}})
        monkeypatch.setenv("PHENOMENA_HOME", str(home))
        monkeypatch.setenv("PHENOMENA_STORE", "embedded")
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page("views/phenomena.py")
        at.run()
        assert not at.exception, at.exception
        assert "Bridge papers" in [h.value for h in at.subheader]
        return [t.label for t in at.toggle]

    assert "Count weak tags too" not in toggles(example_records())  # a build keeps no weak tags
    older = example_records()
    older.add_edge(About(next(p for p in older.papers if (p, GROKKING) not in older.about), GROKKING,
                         via="section", confidence="weak"))
    assert "Count weak tags too" in toggles(older)
