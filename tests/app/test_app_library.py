"""My library in the app (AppTest on a real LadybugDB fixture graph), and the Paper page's start."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from app.web.component import component_args
from graph.analytics.centrality import most_central
from graph.safe_text import shown_text
from graph.store.embedded.store import EmbeddedStore
from tests.support.fixture_graph import BUILD_META, build_fixture_records, write_fixture_store

APP = str(Path(__file__).resolve().parents[2] / "app" / "web" / "streamlit_app.py")
MINE = ["arxiv:2310.06110", "arxiv:2402.15175"]  # both cite Grokking (2201.02177) and Deep Double Descent


def _library_records():
    records = build_fixture_records()
    for key in MINE:
        records.papers[key].in_library = True
        records.papers[key].sources.append("library:zotero.ris")
    return records


@pytest.fixture(scope="module")
def homes(tmp_path_factory) -> dict[str, Path]:
    plain = tmp_path_factory.mktemp("no-library")
    write_fixture_store(plain / "atlas.lbug")
    mine = tmp_path_factory.mktemp("library")
    records = _library_records()
    with EmbeddedStore(mine / "atlas.lbug", read_only=False) as store:
        store.write(records, meta={"build": {**BUILD_META, "counts": records.counts()}})
    return {"plain": plain, "library": mine}


def _app(home: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("PHENOMENA_HOME", str(home))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    return AppTest.from_file(APP, default_timeout=60)


def test_library_page_without_a_library_says_how(homes, monkeypatch):
    at = _app(homes["plain"], monkeypatch)
    at.switch_page("views/library.py").run()
    assert not at.exception
    assert any("phenomena import my-library.bib" in i.value for i in at.info)


def test_library_page_lists_what_is_missing(homes, monkeypatch):
    at = _app(homes["library"], monkeypatch)
    at.switch_page("views/library.py").run()
    assert not at.exception and not at.error
    assert any(m.value.startswith(f"**{len(MINE)} papers in your library**") for m in at.markdown)
    records = build_fixture_records()
    cited_by_both = {c.target for c in records.cites.values() if c.source == MINE[0]} & {
        c.target for c in records.cites.values() if c.source == MINE[1]}
    assert cited_by_both == {"arxiv:2201.02177", "arxiv:1912.02292"}
    missing = [link.proto.query_string for link in at.get("page_link") if link.proto.label[:2] in ("1.", "2.")]
    assert set(missing) == {"paper=" + k.replace(":", "%3A") for k in cited_by_both}
    captions = [c.value for c in at.caption]
    assert sum("cited by 2 of mine" in c for c in captions) == 2
    downloads = at.get("download_button")
    assert len(downloads) == 2


def test_graph_page_rings_the_library(homes, monkeypatch):
    at = _app(homes["library"], monkeypatch)
    at.switch_page("views/graph.py")
    at.query_params["source"] = "library"
    at.run()
    assert not at.exception
    assert any(f"Showing {len(MINE)} papers" in m.value for m in at.markdown)
    assert any(f"{len(MINE)} of the papers drawn are in your library" in c.value for c in at.caption)
    nodes = component_args(at.get("component_instance")[0].proto.json_args)["nodes"]
    assert sum(1 for n in nodes if isinstance(n.get("color"), dict) and n["color"].get("border") == "#111111") \
        == len(MINE)


def test_paper_page_start_lists_central_and_recent_papers(homes, monkeypatch):
    from app.web.ui import short_title

    at = _app(homes["plain"], monkeypatch)
    at.switch_page("views/paper.py").run()
    assert not at.exception and not at.title
    subheaders = [s.value for s in at.subheader]
    assert subheaders == ["Most central papers", "Recent papers"]
    records = build_fixture_records()
    papers = records.papers.values()
    # the fixture has no PageRank stored: it ranks by knowledge links, counted here by hand: for each
    # phenomenon, keyword and author of a paper, the other papers that have it too
    assert any(c.value == "Ranked by knowledge links (papers sharing its phenomena, keywords or authors)."
               for c in at.caption)
    concepts = {p.id: {("phen", a.target) for a in records.about.values() if a.source == p.id}
                | {("kw", h.target) for h in records.has_keyword.values() if h.source == p.id}
                | {("author", w.source) for w in records.wrote.values() if w.target == p.id} for p in papers}
    links = {pid: sum(sum(1 for other, cs in concepts.items() if other != pid and c in cs) for c in mine)
             for pid, mine in concepts.items()}
    best = max(links.values())
    top = records.papers[min(k for k, n in links.items() if n == best)]
    newest = max(p.year or 0 for p in papers)
    links = [link.proto for link in at.get("page_link") if link.proto.page == "paper"]
    labels = [shown_text(link.label) for link in links]  # as a reader sees them (graph.safe_text)
    assert labels[0] == f"{short_title(top.title)} ({top.year})" and shown_text(links[0].help) == top.title
    assert labels[10].endswith(f"({newest})")
    at.text_input(key="paper_search").input("omnigrok").run()
    found = [link.proto.query_string for link in at.get("page_link") if link.proto.page == "paper"]
    assert found[0] == "paper=arxiv%3A2210.01117"


def test_most_central_skips_a_uniform_pagerank():
    """An offline build: PageRank is the same for every paper, so it ranks by knowledge links and says so."""
    G = nx.DiGraph()
    for key, phen in {"a": ["grokking"], "b": ["grokking"], "c": ["grokking", "double-descent"], "d": []}.items():
        G.add_node(key, pagerank=0.25, phenomena=phen, keywords=["x"] if key in "cd" else [],
                   authors=[f"only author of {key}"] * 3)  # unshared authors count nothing, however many
    measure, ranked = most_central(G, top=3)
    assert measure == "knowledge links (papers sharing its phenomena, keywords or authors)"
    assert ranked == [("c", 3), ("a", 2), ("b", 2)]
    G.nodes["d"]["pagerank"] = 0.4
    assert most_central(G, top=1) == ("PageRank", [("d", 0.4)])
