"""The Time axis and the maps' citation overlay on a graph with citations from the loopback Semantic Scholar
stand-in (tests/support/s2_server.py), in a real chromium.

The stand-in knows the catalog snapshot's arXiv papers with their real months (from the id) and references
to earlier papers, a few of them cited often (preferential attachment), so citation counts span decades.
A real ``phenomena build`` reads them; y is then citations, and CITES links are drawn.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.web import services
from app.web.mapoverlay import overlay_colours
from graph.analytics.concept_overlay import concept_paper_stats
from graph.drawing.timeline import replay
from graph.model.identity import arxiv_month, arxiv_year
from graph.model.read import load_graph_model
from graph.store.embedded.store import EmbeddedStore
from loaders.catalog_files import load_catalog
from tests.support.browser import _click, _frame
from tests.support.cli import run_cli
from tests.support.drawn import drawn, drawn_keywords, move_slider, wait_papers
from tests.support.s2_server import Corpus, S2Server, edge, sha

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "shots"


def dated_corpus(seed: int = 24) -> Corpus:
    """The snapshot's arXiv papers, dated by their ids, each citing up to 6 earlier ones (popular ones more)."""
    rng = random.Random(seed)
    entries = [e for e in load_catalog(offline=True).entries if e.arxiv_id and arxiv_year(e.arxiv_id)]
    ordered = sorted(dict.fromkeys(e.arxiv_id for e in entries))  # yymm.nnnnn sorts by date
    titles = {e.arxiv_id: e.title for e in entries}
    corpus, cited = Corpus(), []
    for i, arxiv in enumerate(ordered):
        picks = {rng.choice(cited) for _ in range(min(len(cited), rng.randint(0, 6)))}
        cited += sorted(picks) + [arxiv]  # preferential attachment: a cited paper is likelier to be cited again
        year, month = arxiv_year(arxiv), arxiv_month(arxiv)
        corpus.add({"paperId": sha(arxiv), "externalIds": {"ArXiv": arxiv, "CorpusId": 50_000 + i},
                    "title": titles[arxiv], "year": year, "publicationDate": f"{year}-{month:02d}-15",
                    "abstract": f"We study {titles[arxiv].lower()}.", "venue": "",
                    "authors": [{"authorId": f"a{i}", "name": f"Author{i} Person"}], "fieldsOfStudy": ["Computer Science"]},
                   [edge(sha(a), rng) for a in sorted(picks)])
    return corpus.finish()


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("s2-home")
    server = S2Server(dated_corpus()).start()
    try:
        done = run_cli("build", env={"PHENOMENA_HOME": str(home), "S2_API_URL": server.url,
                                     "S2_REQUESTS_PER_SECOND": "1000"}, timeout=600)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture(scope="module")
def model(home):
    with EmbeddedStore(home / "atlas.lbug", read_only=True) as store:
        return load_graph_model(store)


def test_time_axis_with_citations_draws_cites_and_replays(server, page, model):
    assert services.time_measures(model)[0] == "citations"
    full = services.time_axis(model, measure="citations").axis
    cites = sum(1 for *_, kind in full.links if kind == "CITES")
    assert cites > 50 and full.top_value >= 10
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.goto(f"{server}/timeline")
    _frame(page)
    wait_papers(page, len(full.points))
    got = drawn(page)
    assert (got["papers"], got["links"]) == (len(full.points), len(full.links))
    assert got["ticks"] == [str(y) for y in range(full.first, full.last + 1)]
    legend = page.locator("iframe").first.content_frame.locator("#atlas-legend").inner_text()
    assert "citations (Semantic Scholar)" in legend and f"CITES ({cites})" in legend
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "timeline_s2_all.png"), full_page=True)
    middle = (full.first + full.last) // 2
    move_slider(page, "timeline_upto", ["Home"] + ["ArrowRight"] * (middle - full.first))
    cut = replay(full, middle)
    wait_papers(page, len(cut.points))
    got = drawn(page)
    assert (got["papers"], got["links"]) == (len(cut.points), len(cut.links))
    assert 0 < got["papers"] < len(full.points)
    assert not page.get_by_text("NaN").count()
    page.screenshot(path=str(SHOTS / "timeline_s2_replay.png"), full_page=True)
    # a click fills the side panel; the drawing keeps every paper and link
    top = max(cut.points, key=lambda p: (p.value, p.id))
    _click(page, top.id)
    page.locator(".st-key-timeline_panel").get_by_text(model.papers[top.id].title).first.wait_for()
    got = drawn(page)
    assert (got["papers"], got["links"]) == (len(cut.points), len(cut.links))
    page.screenshot(path=str(SHOTS / "timeline_s2_clicked.png"), full_page=True)


def test_keyword_map_coloured_by_average_citations(server, page, model, home):
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.goto(f"{server}/maps")
    _frame(page, 1)
    before = drawn(page, 1)
    page.locator(".st-key-maps_keywords_colour").get_by_text("average citations").click()
    K = drawn_keywords(model, home)  # the keywords the page draws
    stats = concept_paper_stats(model, "Keyword", K)
    _, (lo, hi) = overlay_colours({k: s["citations"] for k, s in stats.items()})
    bar = page.locator("iframe").nth(1).content_frame.locator("#atlas-colour-bar")
    bar.wait_for()
    assert "average citations" in bar.inner_text()
    fmt = (lambda v: f"{v:.0f}") if hi - lo >= 3 else (lambda v: f"{v:.1f}")
    assert (bar.locator(".atlas-bar-min").inner_text(), bar.locator(".atlas-bar-max").inner_text()) == (fmt(lo), fmt(hi))
    after = drawn(page, 1)
    assert (after["concepts"], after["links"]) == (before["concepts"], before["links"])
    page.screenshot(path=str(SHOTS / "maps_s2_citations.png"), full_page=True)
