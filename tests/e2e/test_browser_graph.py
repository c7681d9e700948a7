"""The graph component in a real headless chromium: click, expand, shift-select, frames, labels, search.

Same set-up as ``test_browser.py`` (the app on loopback, the fixture graph, every
request off the machine aborted and failing the test).
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.support.browser import RECORDS, _click, _frame, _panel

pytestmark = pytest.mark.browser


def _drawn(page, n: int = 0) -> list[str]:
    """The papers drawn (the Graph page also draws phenomena, keywords and authors)."""
    return page.evaluate("n => document.querySelectorAll('iframe')[n].contentWindow.network.body.data.nodes"
                         ".getIds({filter: x => String(x.kind).toLowerCase() === 'paper'})", n)


def test_click_a_node_shows_its_details_and_the_url_keeps_it(server, page):
    page.goto(f"{server}/graph?phenomenon=phen:grokking")
    _frame(page)
    paper = "arxiv:2201.02177"
    started = time.perf_counter()
    _click(page, paper)
    title = RECORDS.papers[paper].title
    _panel(page).get_by_text(title).wait_for()
    print(f"\nclick -> panel in {time.perf_counter() - started:.2f} s")
    panel = _panel(page).inner_text()
    assert "Alethea Power" in panel and "Grokking" in panel
    assert "select=arxiv%3A2201.02177" in page.url or "select=arxiv:2201.02177" in page.url
    _panel(page).get_by_role("link", name="Open paper page").wait_for()
    page.locator("iframe").first.evaluate("el => el.contentWindow.network.moveTo({position: {x: 5000, y: 5000}})")
    _panel(page).get_by_role("button", name="Centre here").click()
    page.wait_for_function("""id => {  // the view moves back onto the paper
        const net = document.querySelector('iframe').contentWindow.network;
        const p = net.getPositions([id])[id], c = net.getViewPosition();
        return Math.hypot(p.x - c.x, p.y - c.y) < 1;
    }""", arg=paper)
    assert not page.get_by_test_id("stException").count()
    page.reload()  # the selection is in the URL: a shared link opens the same panel
    _frame(page)
    _panel(page).get_by_text(title).wait_for()


def test_expand_adds_neighbours_without_redrawing(server, page):
    from app.web import services
    from graph.store.embedded.store import EmbeddedStore  # noqa: F401  (the fixture store is embedded)

    page.goto(f"{server}/graph?phenomenon=phen:grokking")
    iframe = _frame(page)
    before = _drawn(page)
    paper = "arxiv:2402.15175"
    cites = [(c.source, c.target) for c in RECORDS.cites.values()]
    outside = {b for a, b in cites if a == paper} | {a for a, b in cites if b == paper}
    outside -= set(before)
    assert outside, "the fixture should give this paper neighbours outside the grokking view"
    iframe.evaluate("el => { el.contentWindow.network.atlasMark = 'same network'; }")
    positions = "el => el.contentWindow.network.getPositions()"
    where = iframe.evaluate(positions)
    _click(page, paper)
    _panel(page).get_by_role("button", name="Expand neighbours").click()
    page.wait_for_function("n => document.querySelectorAll('iframe')[0].contentWindow.network.body.data.nodes"
                           ".getIds({filter: x => String(x.kind).toLowerCase() === 'paper'}).length >= n",
                           arg=len(before) + len(outside))
    after = _drawn(page)
    assert set(after) == set(before) | outside
    assert iframe.evaluate("el => el.contentWindow.network.atlasMark") == "same network"  # not redrawn
    moved = iframe.evaluate(positions)
    assert all(moved[k] == where[k] for k in where)  # nothing already drawn moved
    assert "expand=" in page.url
    assert services.EXPAND_LIMIT >= len(outside)


def test_shift_click_two_papers_exports_both_as_bibtex(server, page):
    page.goto(f"{server}/graph?phenomenon=phen:grokking")
    _frame(page)
    first, second = "arxiv:2201.02177", "arxiv:2210.01117"
    _click(page, first)
    _panel(page).get_by_text(RECORDS.papers[first].title).wait_for()
    _click(page, second, shift=True)
    _panel(page).get_by_text("2 papers selected").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"^Download BibTeX \(2 papers\)")).click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.count("@") == 2
    assert "2201.02177" in text and "2210.01117" in text
    assert "Grokking: Generalization Beyond Overfitting" in text and "Omnigrok" in text


def _assert_frame_holds_drawing(page, n: int = 0) -> None:
    """The component's frame is at least as tall as its canvas, and every node is inside the canvas."""
    sizes = page.evaluate("""n => {
        const el = document.querySelectorAll('iframe')[n];
        const net = el.contentWindow.network;
        const canvas = el.contentDocument.querySelector('#mynetwork canvas').getBoundingClientRect();
        const frame = el.getBoundingClientRect();
        const ids = net.body.data.nodes.getIds();
        const boxes = ids.map(id => net.getBoundingBox(id)).filter(b => b);
        const tl = net.canvasToDOM({x: Math.min(...boxes.map(b => b.left)), y: Math.min(...boxes.map(b => b.top))});
        const br = net.canvasToDOM({x: Math.max(...boxes.map(b => b.right)), y: Math.max(...boxes.map(b => b.bottom))});
        return {frame: frame.height, canvasTop: canvas.top, canvasBottom: canvas.bottom, canvasW: canvas.width,
                drawing: [tl.x, tl.y, br.x, br.y], canvasH: canvas.height};
    }""", n)
    assert sizes["canvasTop"] >= 0 and sizes["canvasBottom"] <= sizes["frame"] + 0.5, sizes
    x1, y1, x2, y2 = sizes["drawing"]
    assert x1 >= -1 and y1 >= -1 and x2 <= sizes["canvasW"] + 1 and y2 <= sizes["canvasH"] + 1, sizes


def _assert_labels_apart(page, n: int = 0) -> None:
    boxes = page.evaluate("n => document.querySelectorAll('iframe')[n].contentWindow.atlasLabelBoxes", n)
    assert boxes, "the drawing keeps some labels"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a["x2"] <= b["x1"] or b["x2"] <= a["x1"] or a["y2"] <= b["y1"] or b["y2"] <= a["y1"]
            assert apart, (a, b)


def test_no_frame_clips_its_drawing_and_labels_do_not_overlap(server, page):
    page.goto(f"{server}/graph")
    _frame(page)
    _assert_frame_holds_drawing(page)
    _assert_labels_apart(page)
    page.goto(f"{server}/phenomena")
    page.get_by_role("heading", name="Bridge papers").wait_for()
    _frame(page)
    _assert_frame_holds_drawing(page)
    _assert_labels_apart(page)
    page.goto(f"{server}/cypher")
    page.get_by_role("button", name="Run").click()
    page.get_by_text(re.compile(r"^\d+ rows?")).first.wait_for()
    page.get_by_role("button", name="Run").click()
    page.goto(f"{server}/cypher")
    page.get_by_test_id("stTextArea").locator("textarea").fill(
        "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon) RETURN p.id AS paper, f.name AS phenomenon")
    page.get_by_test_id("stTextArea").locator("textarea").press("Control+Enter")
    page.get_by_role("button", name="Run").click()
    _frame(page)
    _assert_frame_holds_drawing(page)


@pytest.mark.parametrize("text, first", [("grokking", "arxiv:2201.02177"), ("double descent", "arxiv:1912.02292"),
                                         ("Nakkiran", None), ("2201.02177", "arxiv:2201.02177")])
def test_search_ranks_what_a_researcher_types(server, page, text, first):
    page.goto(f"{server}/graph")
    _frame(page)
    box = page.get_by_label("Search papers")
    box.fill(text)
    box.press("Enter")
    page.get_by_text(re.compile(r"^\d+ match")).first.wait_for()
    links = page.get_by_test_id("stPageLink").filter(has_text=re.compile(r"\(\d{4}\)$"))
    top = links.first.inner_text()
    if first is None:  # an author: every hit is one of theirs
        names = {a.source for a in RECORDS.wrote.values() if "Nakkiran" in RECORDS.authors[a.source].name}
        theirs = {w.target for w in RECORDS.wrote.values() if w.source in names}
        assert any(RECORDS.papers[pid].title in top for pid in theirs), top
    else:
        assert RECORDS.papers[first].title in top, top


def test_click_a_phenomenon_shows_its_papers_and_neighbours(server, page):
    page.goto(f"{server}/graph")
    _frame(page)
    _click(page, "phen:grokking")
    panel = _panel(page)
    panel.get_by_text("(phenomenon)").wait_for()
    panel.get_by_role("button", name="Centre here").wait_for()  # the whole panel is drawn
    grokking = sum(1 for a in RECORDS.about.values() if a.target == "phen:grokking")
    text = panel.inner_text()
    assert text.startswith("Grokking") and f"{grokking} papers" in text
    assert "Neighbours: Double Descent" in text  # two papers are about both
