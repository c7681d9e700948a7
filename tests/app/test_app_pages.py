"""Every page of the Streamlit app through AppTest, on a real LadybugDB fixture graph."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.web.component import component_args
from graph.safe_text import shown_text
from graph.store.embedded.store import EmbeddedStore
from tests.support.fixture_graph import build_fixture_records, write_fixture_store

APP = str(Path(__file__).resolve().parents[2] / "app" / "web" / "streamlit_app.py")
RECORDS = build_fixture_records()


@pytest.fixture(scope="module")
def home(full) -> Path:
    return full  # the app fixture (tests/app/conftest.py) serves this module's home


def _papers_about(pid: str) -> set[str]:
    return {a.source for a in RECORDS.about.values() if a.target == pid}


def _links_among(papers: set[str]) -> int:
    return sum(1 for c in RECORDS.cites.values() if c.source in papers and c.target in papers)


def _counts(summary: str) -> tuple[int, int]:
    """(papers, citation links) from a summary line such as "Showing 30 papers, 3 phenomena and … (CITES 30, …)"."""
    cites = re.search(r"CITES (\d+)", summary)
    return int(re.search(r"howing (\d+) papers", summary).group(1)), int(cites.group(1)) if cites else 0


def _summary(at: AppTest) -> str:
    lines = [m.value for m in at.markdown if m.value.startswith("**Showing")]
    assert len(lines) == 1, [m.value for m in at.markdown]
    return lines[0].strip("*")


def _drawings(at: AppTest) -> list[dict]:
    """The args of each graph component on the page (nodes, edges, options, selection…)."""

    return [component_args(c.proto.json_args) for c in at.get("component_instance")]


def _drawn_ids(at: AppTest, n: int = 0) -> set[str]:
    """The papers drawn (the Graph page also draws phenomena, keywords and authors)."""
    return {node["id"] for node in _drawings(at)[n]["nodes"] if str(node.get("kind")).lower() == "paper"}


def _page_links(at: AppTest) -> list:
    return list(at.get("page_link"))


def test_home_shows_counts_build_and_featured_phenomena(app):
    at = app.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Papers"] == str(len(RECORDS.papers))
    assert metrics["Citations"] == str(len(RECORDS.cites))
    assert metrics["Phenomena"] == str(len(RECORDS.phenomena))
    links = {link.proto.label.split(" (")[0]: link.proto for link in _page_links(at)}
    for name in ("Grokking", "Double Descent", "Simplicity Bias"):
        assert links[name].page == "graph"
        pid = next(p.id for p in RECORDS.phenomena.values() if p.name == name)
        assert links[name].query_string == "phenomenon=" + pid.replace(":", "%3A")
    assert any("2026-11-23T12:00:00" in shown_text(m.value) for m in at.markdown)  # build time from the store's meta
    assert any("semantic scholar: **skipped**" in m.value for m in at.markdown)


def test_graph_phenomenon_filter_changes_the_count(app):
    at = app
    at.switch_page("views/graph.py").run()
    assert not at.exception
    assert _counts(_summary(at)) == (len(RECORDS.papers), len(RECORDS.cites))
    assert "phenomena" in _summary(at) and "ABOUT" in _summary(at)  # hubs and their links are drawn
    grokking = _papers_about("phen:grokking")
    at.selectbox[0].select("phen:grokking").run()
    assert _counts(_summary(at)) == (len(grokking), _links_among(grokking))
    assert at.query_params["phenomenon"] in ("phen:grokking", ["phen:grokking"])
    at.selectbox[0].select("phen:neural-collapse").run()  # a phenomenon with no paper
    assert _summary(at) == "Showing 0 papers and 0 links"


def test_graph_reads_the_phenomenon_from_the_url(app):
    at = app
    at.switch_page("views/graph.py")
    at.query_params["phenomenon"] = "phen:double-descent"
    at.run()
    assert not at.exception
    assert _summary(at).startswith(f"Showing {len(_papers_about('phen:double-descent'))} papers")


def test_graph_search_highlights_a_paper(app):
    at = app
    at.switch_page("views/graph.py").run()
    at.text_input(key="graph_search").input("omnigrok").run()
    links = [link.proto for link in _page_links(at)]
    assert [link.label for link in links] == ["Omnigrok: Grokking Beyond Algorithmic Data (2023)"]
    assert links[0].query_string == "paper=arxiv%3A2210.01117"
    drawing = _drawings(at)[0]
    assert drawing["fit_to"] == ["arxiv:2210.01117"]  # the view opens on the match
    hit = next(n for n in drawing["nodes"] if n["id"] == "arxiv:2210.01117")
    assert hit["color"]["border"] == "#FF0000" and hit["labelText"].endswith(" 2023")  # "FirstAuthor Year"
    assert hit["mustLabel"] and hit["labelRank"] < 5  # a match is always labelled, right after the hubs
    at.text_input(key="graph_search").input("no such paper zzz").run()
    assert any("No paper matches" in w.value for w in at.warning)


def test_graph_caps_the_drawing_and_shows_more(app):
    at = app
    at.switch_page("views/graph.py").run()
    at.number_input(key="graph_top_n").set_value(10).run()
    assert _summary(at).startswith("Showing 10 papers")
    assert f"{len(RECORDS.papers) - 10} more papers match" in _summary(at)
    at.button[0].click().run()  # "Show more"
    assert _summary(at).startswith(f"Showing {len(RECORDS.papers)} papers")


def test_graph_catalog_only_drops_seed_papers(app):
    at = app
    at.switch_page("views/graph.py").run()
    at.checkbox(key="graph_in_catalog").check().run()
    in_catalog = sum(1 for p in RECORDS.papers.values() if p.in_catalog)
    assert in_catalog < len(RECORDS.papers)
    assert _summary(at).startswith(f"Showing {in_catalog} papers")


def test_paper_page_from_the_url(app):
    at = app
    at.switch_page("views/paper.py")
    at.query_params["paper"] = "arxiv:2201.02177"
    at.run()
    assert not at.exception
    paper = RECORDS.papers["arxiv:2201.02177"]
    assert [t.value for t in at.title] == [paper.title]
    cited_by = [c.source for c in RECORDS.cites.values() if c.target == paper.id]
    linked = {link.proto.query_string for link in _page_links(at) if link.proto.page == "paper"}
    assert len(cited_by) > 0
    assert {"paper=" + pid.replace(":", "%3A") for pid in cited_by} <= linked
    assert "Alethea Power" in at.caption[0].value
    assert any("[arXiv](https://arxiv.org/abs/2201.02177)" in m.value for m in at.markdown)
    around = [link.proto for link in _page_links(at) if link.proto.page == "graph" and "around" in
              link.proto.query_string]
    assert [a.query_string for a in around] == ["around=arxiv%3A2201.02177"]


def test_paper_page_select_box(app):
    at = app
    at.switch_page("views/paper.py").run()
    assert not at.exception and not at.title  # nothing chosen yet
    at.selectbox[0].select("arxiv:1912.02292").run()
    assert [t.value for t in at.title] == [RECORDS.papers["arxiv:1912.02292"].title]


def test_paper_page_unknown_paper_warns(app):
    at = app
    at.switch_page("views/paper.py")
    at.query_params["paper"] = "arxiv:0000.00000"
    at.run()
    assert not at.exception
    assert any(shown_text(w.value).startswith("unknown paper 'arxiv:0000.00000'") for w in at.warning)


def test_cypher_runs_a_read_query(app):
    at = app
    at.switch_page("views/cypher.py").run()
    at.text_area[0].input("MATCH (p:Paper) WHERE p.year >= $since RETURN p.title AS title")
    at.run()  # the form rebuilds its parameter fields from the text
    at.text_input(key="cypher_param:since").input("2023")
    at.button[0].click().run()
    assert not at.exception and not at.error
    expected = sum(1 for p in RECORDS.papers.values() if (p.year or 0) >= 2023)
    assert any(m.value == f"**{expected} rows**" for m in at.markdown)
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == expected
    assert not _drawings(at)  # titles only: no paper to draw


def test_cypher_result_with_papers_is_drawn(app):
    at = app
    at.switch_page("views/cypher.py").run()
    at.text_area[0].input("MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon) WHERE f.id = $phen RETURN p")
    at.run()
    at.text_input(key="cypher_param:phen").input("phen:simplicity-bias")
    at.button[0].click().run()
    assert not at.exception and not at.error
    papers = _papers_about("phen:simplicity-bias")
    shown = [m.value for m in at.markdown if m.value.startswith("**The result as a graph: showing")]
    assert len(shown) == 1 and _counts(shown[0]) == (len(papers), _links_among(papers))
    assert _drawn_ids(at) == set(papers)


def test_cypher_refuses_a_write_and_the_store_is_unchanged(app, home):
    with EmbeddedStore(home / "atlas.lbug") as store:
        before = store.counts()
    at = app
    at.switch_page("views/cypher.py").run()
    at.text_area[0].input("CREATE (n:Paper {id:'x'})")
    at.button[0].click().run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "refused" in message and "\n" not in message
    with EmbeddedStore(home / "atlas.lbug") as store:
        assert store.counts() == before


def test_cypher_engine_error_is_one_line(app):
    at = app
    at.switch_page("views/cypher.py").run()
    at.text_area[0].input("MATCH (p:Paper) RETURN nope")
    at.button[0].click().run()
    assert not at.exception
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert "nope" in at.error[0].value


@pytest.mark.parametrize("page", ["views/home.py", "views/graph.py", "views/paper.py", "views/phenomena.py",
                                  "views/clusters.py",
                                  "views/cypher.py"])
def test_missing_store_says_build_first(page, tmp_path, monkeypatch):
    monkeypatch.setenv("PHENOMENA_HOME", str(tmp_path / "empty"))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "run `phenomena build` first" in at.error[0].value and "\n" not in at.error[0].value


def test_graph_year_range_and_colour_by_year(app):
    at = app
    at.switch_page("views/graph.py").run()
    at.slider(key="graph_years").set_value((2022, 2024)).run()
    recent = sum(1 for p in RECORDS.papers.values() if p.year and 2022 <= p.year <= 2024)
    assert _summary(at).startswith(f"Showing {recent} papers")
    at.radio(key="graph_colour_by").set_value("year").run()
    legend = _drawings(at)[0]["overlay"]  # the colour key is drawn with the drawing, above its canvas
    assert "colour: its year" in legend and "year unknown" in legend and "Grokking" not in legend
    at.radio(key="graph_size_by").set_value("citations").run()
    assert not at.exception and _summary(at).startswith(f"Showing {recent} papers")


def test_every_saved_query_runs_from_its_form(app):
    import queries as saved
    at = app
    at.switch_page("views/cypher.py").run()
    names = saved.list_queries()
    assert at.selectbox[0].options[1:] == [saved.load_query(n).title for n in names]
    for name in names:
        at.selectbox(key="cypher_choice").set_value(name).run()
        at.button[0].click().run()
        assert not at.exception, name
        errors = [e.value for e in at.error]
        rows = [m.value for m in at.markdown if m.value.endswith(("rows**", "row**")) or "rows (" in m.value]
        assert (len(errors) == 1 and "\n" not in errors[0]) or (not errors and rows), (name, errors)


def test_graph_neighbourhood_of_a_paper(app):
    at = app
    at.switch_page("views/graph.py").run()
    centre = "arxiv:1912.02292"
    at.selectbox(key="graph_centre").set_value(centre).run()
    one_hop = {centre} | {c.source for c in RECORDS.cites.values() if c.target == centre} \
        | {c.target for c in RECORDS.cites.values() if c.source == centre}
    assert _counts(_summary(at)) == (len(one_hop), _links_among(one_hop))
    at.number_input(key="graph_hops").set_value(2).run()
    two_hop = set(one_hop)
    for c in RECORDS.cites.values():
        if c.source in one_hop or c.target in one_hop:
            two_hop |= {c.source, c.target}
    assert _summary(at).startswith(f"Showing {len(two_hop)} papers")
    assert len(two_hop) > len(one_hop)
    assert at.query_params["around"] in (centre, [centre])


def test_paper_page_related_papers_and_timeline(app):
    at = app
    at.switch_page("views/paper.py")
    at.query_params["paper"] = "arxiv:1905.11604"  # shares authors with Deep Double Descent
    at.run()
    assert not at.exception
    captions = [shown_text(c.value) for c in at.caption]
    authors = {RECORDS.authors[w.source].name for w in RECORDS.wrote.values() if w.target == "arxiv:1905.11604"}
    shared = authors & {RECORDS.authors[w.source].name for w in RECORDS.wrote.values()
                        if w.target == "arxiv:1912.02292"}
    assert len(shared) >= 2
    assert any(c.startswith(f"shared authors ({len(shared)}): {', '.join(sorted(shared))}") for c in captions), captions
    labels = [link.proto.label for link in _page_links(at)]
    assert "Deep Double Descent: Where Bigger Models and More Data Hurt (2020)" in labels
    simplicity = [p for p in RECORDS.papers.values() if "phen:simplicity-bias" in
                  {a.target for a in RECORDS.about.values() if a.source == p.id}]
    earlier = sum(1 for p in simplicity if p.year < 2019)
    assert any(c.startswith(f"{len(simplicity)} papers on Simplicity Bias") and f"{earlier} came before" in c
               for c in captions), captions
    assert len(at.get("vega_lite_chart")) == 1


def test_phenomena_page_map_bridges_and_timeline(app, home):
    from app.pipeline.analytics import bridges

    at = app
    at.switch_page("views/phenomena.py").run()
    assert not at.exception and not at.error
    at.selectbox(key="phen_a").set_value("phen:grokking").run()
    at.selectbox(key="phen_b").set_value("phen:double-descent").run()
    both = _papers_about("phen:grokking") & _papers_about("phen:double-descent")
    assert len(both) >= 2
    with EmbeddedStore(home / "atlas.lbug") as store:
        expected = bridges(store, "phen:grokking", "phen:double-descent", top=20)  # what the CLI prints
    captions = [shown_text(c.value) for c in at.caption if c.value.startswith(("citation flow", "shared concepts"))]
    assert captions == [f"{r['method']}: " + " · ".join(r["reasons"]) for r in expected[:10]]
    linked = {link.proto.query_string for link in _page_links(at)}
    assert {"paper=" + r["paper"].replace(":", "%3A") for r in expected[:10]} <= linked
    assert both & {r["paper"] for r in expected}  # papers about both are bridges
    assert len(_drawings(at)) == 1
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # the map and the timeline
    story = [c.value for c in at.caption if "years with unusually many papers:" in c.value]
    assert story and all(c.split(":")[0] in {"Grokking", "Double Descent", "Simplicity Bias"} for c in story)
    assert any("first paper 2022 (Grokking: Generalization Beyond Overfitting" in c for c in story), story
    assert not any("spreads beyond cluster" in c for c in story)  # plain words
    at.selectbox(key="phen_b").set_value("phen:simplicity-bias").run()
    assert not at.exception


def test_only_the_graph_page_offers_expand_neighbours(app, home):
    """A drawing that cannot grow (the bridge drawing, maps, paths…) never offers "Expand neighbours";
    the Graph page, which draws the expansions, does."""
    at = app
    at.switch_page("views/phenomena.py").run()
    at.selectbox(key="phen_a").set_value("phen:grokking").run()
    at.selectbox(key="phen_b").set_value("phen:double-descent").run()
    from app.pipeline.analytics import bridges

    with EmbeddedStore(home / "atlas.lbug") as store:
        paper = bridges(store, "phen:grokking", "phen:double-descent", top=1)[0]["paper"]  # drawn: the best bridge
    at.query_params["select"] = paper
    at.run()
    labels = [b.label for b in at.button]
    assert "Centre here" in labels and "Expand neighbours" not in labels  # the panel is shown, without it
    at.switch_page("views/graph.py").run()
    at.query_params["select"] = paper
    at.run()
    assert {"Centre here", "Expand neighbours"} <= {b.label for b in at.button}


def test_graph_colours_by_cluster_and_ranks_by_pagerank(tmp_path, monkeypatch):
    _clustered_store(tmp_path)
    ranked = sorted(RECORDS.papers)  # PageRank falls with the key
    monkeypatch.setenv("PHENOMENA_HOME", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/graph.py").run()
    assert "cluster" in at.radio(key="graph_colour_by").options
    at.radio(key="graph_colour_by").set_value("cluster").run()
    legend = _drawings(at)[0]["overlay"]
    assert "colour: its cluster" in legend and "topic 0" in legend and "topic 1" in legend
    at.radio(key="graph_size_by").set_value("pagerank").run()
    at.number_input(key="graph_top_n").set_value(10).run()
    assert _drawn_ids(at) == set(ranked[:10])  # the top 10 by pagerank
    at.selectbox(key="graph_cluster").set_value(1).run()
    assert _summary(at).startswith(f"Showing {min(10, len(ranked) // 2)} papers")


def _clustered_store(tmp_path) -> Path:
    """The fixture with made-up analytics: PageRank falling with the key, two clusters."""
    path = write_fixture_store(tmp_path / "atlas.lbug")
    rows = [{"id": pid, "pagerank": 1.0 / (i + 1), "cluster": i % 2, "label": f"topic {i % 2}"}
            for i, pid in enumerate(sorted(RECORDS.papers))]
    with EmbeddedStore(path, read_only=False) as store:
        store.query("UNWIND $rows AS row MATCH (p:Paper) WHERE p.id = row.id "
                    "SET p.pagerank = row.pagerank, p.cluster = row.cluster, p.cluster_label = row.label",
                    {"rows": rows}, write=True)
    return path


def test_clusters_page_without_clusters_says_what_to_run(app):
    at = app
    at.switch_page("views/clusters.py").run()
    assert not at.exception
    assert any("phenomena analyze" in i.value for i in at.info)


def test_clusters_page_lists_clusters_and_downloads_files(tmp_path, monkeypatch):
    _clustered_store(tmp_path)
    monkeypatch.setenv("PHENOMENA_HOME", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/clusters.py").run()
    assert not at.exception
    half = len(RECORDS.papers) // 2
    assert [e.label for e in at.expander][:2] == [f"0: topic 0 ({len(RECORDS.papers) - half} papers)",
                                                   f"1: topic 1 ({half} papers)"]
    draw = [link.proto for link in _page_links(at) if link.proto.page == "graph"]
    assert draw[0].query_string == "cluster=0"
    assert "Catalog gaps" in [h.value for h in at.subheader]  # suggestions, or the one line saying why none
    gap_links = [link.proto for link in _page_links(at) if "of the catalog" in link.proto.label]
    assert gap_links or any("catalog gaps need citations" in i.value.lower() or "no paper outside the catalog"
                            in i.value.lower() for i in at.info)
    at.multiselect(key="export_formats").set_value(["graphml", "bibtex"]).run()
    at.selectbox(key="export_cluster").set_value(1).run()
    at.button[0].click().run()
    assert not at.exception and not at.error
    names = sorted(b.proto.label for b in at.get("download_button"))
    assert names == ["knowledge.graphml", "papers.bib"]


def test_graph_reads_the_cluster_from_the_url(tmp_path, monkeypatch):
    _clustered_store(tmp_path)
    monkeypatch.setenv("PHENOMENA_HOME", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/graph.py")
    at.query_params["cluster"] = "1"
    at.run()
    assert _summary(at).startswith(f"Showing {len(RECORDS.papers) // 2} papers")


def test_graph_reads_the_neighbourhood_from_the_url(app):
    at = app
    at.switch_page("views/graph.py")
    at.query_params["around"] = "arxiv:2006.07710"
    at.run()
    one_hop = {"arxiv:2006.07710"} | {c.source for c in RECORDS.cites.values() if c.target == "arxiv:2006.07710"} \
        | {c.target for c in RECORDS.cites.values() if c.source == "arxiv:2006.07710"}
    assert _summary(at).startswith(f"Showing {len(one_hop)} papers")


def test_source_filter_and_grow_panel_on_the_graph_page(tmp_path, monkeypatch):
    """The Graph page filters by source; its grow panel runs app.pipeline.grow (in the app's process) and shows
    the outcome line by line."""
    from tests.support.cli import run_cli

    monkeypatch.setenv("PHENOMENA_HOME", str(tmp_path))
    monkeypatch.setenv("S2_API_URL", "http://127.0.0.1:9")  # unreachable: grow is kept for later
    assert run_cli("build", "--offline", env={"PHENOMENA_HOME": str(tmp_path)}).returncode == 0
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/graph.py").run()
    assert not at.exception
    source = at.selectbox(key="graph_source")
    assert set(source.options) >= {"All sources", "catalog", "seed"}
    source.set_value("seed").run()
    assert _summary(at).startswith("Showing 22 papers")
    at.text_input(key="graph_grow_concept").set_value("simplicity bias").run()
    at.button(key="graph_grow_go").click().run()
    assert not at.exception
    shown = "\n".join(c.value for c in at.code)
    assert "kept, it runs again on the next online build" in shown
    import json
    assert json.loads((tmp_path / "sources.json").read_text())["grows"][0]["value"] == "simplicity bias"


def test_maps_page_concept_keyword_and_coauthor_maps(app):
    at = app
    at.switch_page("views/maps.py").run()
    assert not at.exception
    drawings = _drawings(at)
    assert len(drawings) == 3  # concept map, keywords, co-authors: the graph component, which declutters labels
    concept = drawings[0]
    assert {n["kind"] for n in concept["nodes"]} == {"Phenomenon"}
    # a term map (app/web/termview.py): every phenomenon named beside its dot, sized here, not by vis
    assert all(n["mustLabel"] and n["labelText"] and n["labelSize"] >= 12 for n in concept["nodes"])
    assert "scaling" not in concept["options"]["nodes"]
    assert any("link width: papers about both phenomena" in c.value for c in at.caption)
    at.radio(key="maps_weight").set_value("cross_citations").run()
    assert any("citations from papers of one" in c.value for c in at.caption)
    at.selectbox(key="maps_phenomenon").set_value("phen:grokking").run()
    assert not at.exception
    assert _counts(_summary(at))[0] == len(_papers_about("phen:grokking"))
    shown = {link.proto.query_string for link in _page_links(at)}
    assert {"paper=" + p.replace(":", "%3A") for p in _papers_about("phen:grokking")} <= shown
