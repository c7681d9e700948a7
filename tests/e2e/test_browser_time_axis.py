"""The Time axis page and the maps' overlay and density on the offline build, in a real chromium.

The app serves a real ``phenomena build --offline`` (the catalog snapshot, no citations: y is knowledge
links).  After every interaction (year slider, lanes, overlay, density) the papers and links drawn are
counted in the browser and compared with the pure functions (:func:`app.web.services.time_axis`,
:func:`graph.drawing.timeline.replay`) on the same store.  Screenshots go to shots/.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from app.web import services
from app.web.mapoverlay import overlay_colours
from graph.analytics.concept_overlay import concept_paper_stats
from graph.drawing.timeline import replay
from graph.model.read import load_graph_model
from graph.store.embedded.store import EmbeddedStore
from tests.support.browser import _frame
from tests.support.cli import run_cli
from tests.support.drawn import drawn, drawn_keywords, move_slider, wait_papers

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "shots"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("offline-home")
    done = run_cli("build", "--offline", env={"PHENOMENA_HOME": str(home), "S2_API_URL": "http://127.0.0.1:9"},
                   timeout=300)
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture(scope="module")
def model(home):
    with EmbeddedStore(home / "atlas.lbug", read_only=True) as store:
        return load_graph_model(store)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _expected(axis) -> tuple[int, int]:
    return len(axis.points), len(axis.links)


def test_time_axis_replays_a_phenomenon_and_draws_lanes(server, page, model):
    phenomenon = max(model.phenomenon_sizes, key=lambda f: (model.phenomenon_sizes[f], f))
    assert services.time_measures(model) == ["knowledge links"]  # offline: no citations
    full = services.time_axis(model, phenomenon=phenomenon, measure="knowledge links").axis
    assert full.last > full.first + 1 and len(full.points) > 20
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.goto(f"{server}/timeline?phenomenon={phenomenon}")
    _frame(page)
    wait_papers(page, len(full.points))
    got = drawn(page)
    assert (got["papers"], got["links"]) == _expected(full)
    assert got["ticks"] == [str(y) for y in range(full.first, full.last + 1)]  # every year, in order
    assert got["labels"] >= 5  # "FirstAuthor Year" labels placed without overlap
    assert "knowledge links" in page.locator("iframe").first.content_frame.locator("#atlas-legend").inner_text()
    _shot(page, "timeline_offline_all")

    move_slider(page, "timeline_upto", ["Home"])  # back to the first year
    first = replay(full, full.first)
    wait_papers(page, len(first.points))
    assert (drawn(page)["papers"], drawn(page)["links"]) == _expected(first)
    _shot(page, "timeline_offline_first_year")
    move_slider(page, "timeline_upto", ["ArrowRight", "ArrowRight"])
    later = replay(full, full.first + 2)
    wait_papers(page, len(later.points))
    got = drawn(page)
    assert (got["papers"], got["links"]) == _expected(later)
    assert got["ticks"] == [str(y) for y in range(full.first, full.last + 1)]  # the axis stays whole
    _shot(page, "timeline_offline_replay")

    move_slider(page, "timeline_upto", ["End"])
    wait_papers(page, len(full.points))
    page.get_by_text("Phenomenon lanes").click()
    laned = services.time_axis(model, phenomenon=phenomenon, measure="knowledge links", lanes=True).axis
    assert len(laned.lanes) >= 2
    hub = next(h for h in laned.hubs if h.id == laned.lanes[0].id)
    page.wait_for_function("""([id, x]) => {  // redrawn: the first lane's hub at the lane's left end
        const w = document.querySelector('iframe').contentWindow, node = w.network && w.network.body.data.nodes.get(id);
        return node && node.x === x; }""", arg=[hub.id, hub.x])
    wait_papers(page, len(laned.points))
    got = drawn(page)
    assert (got["papers"], got["links"]) == _expected(laned)
    # each lane's phenomenon hub sits at the lane's left end, and its papers inside the lane
    where = page.locator("iframe").first.evaluate("el => el.contentWindow.network.getPositions()")
    for point in laned.points[:50]:
        lane = next(lane for lane in laned.lanes if lane.id == point.lane)
        assert lane.top - 1 <= where[point.id]["y"] <= lane.bottom + 1
    assert not page.get_by_text("NaN").count()
    _shot(page, "timeline_offline_lanes")


def test_keyword_and_concept_maps_overlay_and_density_keep_their_links(server, page, model, home):
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.goto(f"{server}/maps")
    _frame(page, 1)  # the keyword map is the second drawing
    before = [drawn(page, 0), drawn(page, 1)]
    assert before[1]["concepts"] > 20 and before[1]["links"] > 20
    page.locator(".st-key-maps_keywords_colour").get_by_text("average year").click()
    page.locator(".st-key-maps_concepts_colour").get_by_text("average year").click()
    K = drawn_keywords(model, home)  # the keywords the page draws
    stats = concept_paper_stats(model, "Keyword", K)
    _, (lo, hi) = overlay_colours({k: s["year"] for k, s in stats.items()})
    bar = page.locator("iframe").nth(1).content_frame.locator("#atlas-colour-bar")
    bar.wait_for()
    assert bar.locator(".atlas-bar-min").inner_text() == f"{lo:.0f}"
    assert bar.locator(".atlas-bar-max").inner_text() == f"{hi:.0f}"
    page.locator(".st-key-maps_keywords_view").get_by_text("density").click()
    page.wait_for_function("() => { const w = document.querySelectorAll('iframe')[1].contentWindow;"
                           " return w.network && w.network.body.data.nodes.get('density-image') &&"
                           " w.document.body.hasAttribute('data-atlas-ready'); }")
    after = drawn(page, 1)
    assert after["density"] and (after["concepts"], after["links"]) == (before[1]["concepts"], before[1]["links"])
    # the density image really loaded (a PNG chromium decoded whole) and lies under the keywords
    size = page.locator("iframe").nth(1).evaluate(
        "el => { const n = el.contentWindow.network.body.nodes['density-image'];"
        " return n.imageObj && n.imageObj.image ? [n.imageObj.image.naturalWidth, n.imageObj.image.naturalHeight] : null; }")
    assert size and size[0] >= 100 and size[1] >= 10
    concept = drawn(page, 0)
    assert (concept["concepts"], concept["links"]) == (before[0]["concepts"], before[0]["links"])
    assert not page.get_by_text("NaN").count()
    _shot(page, "maps_offline_overlay_density")
