"""Large layered drawings: edges drawn in bulk on the canvas (bulkedges.js), checked in a real headless chromium."""
from __future__ import annotations

import pytest

from app.web.layerview import layered_vis_data, render_layered_html
from app.web.style import BULK_EDGES, EDGE_STYLE
from graph.drawing.layers import Layered
from tests.e2e.test_browser import CHROMIUM, _require_chromium


def big_layered() -> tuple[Layered, dict]:
    """A hub, 40 papers on a row about it, and more than BULK_EDGES edges: ABOUT plus repeated CITES."""
    papers = [{"id": f"p{i}", "kind": "Paper", "name": f"Paper {i}", "papers": 1} for i in range(40)]
    nodes = [{"id": "f", "kind": "Phenomenon", "name": "Grokking", "papers": 40}] + papers
    edges = [(p["id"], "f", "ABOUT", 1.0, "") for p in papers]
    edges += [(f"p{i % 39}", f"p{i % 39 + 1}", "CITES", 1.0, "") for i in range(BULK_EDGES)]
    positions = {"f": (0.0, -600.0), **{f"p{i}": (i * 60.0 - 1200, 300.0) for i in range(40)}}
    return Layered(nodes, edges), positions


def test_large_views_send_edges_as_rows_with_one_style_per_kind():
    L, positions = big_layered()
    data = layered_vis_data(L, positions, {"f": "#0072B2"}, {})
    bulk = data["bulk_edges"]
    assert data["edges"] == [] and len(bulk["rows"]) == len(L.edges)
    colours = {bulk["styles"][k][0] for _, _, k in bulk["rows"]}
    assert colours == {EDGE_STYLE["ABOUT"]["color"], EDGE_STYLE["CITES"]["color"]}
    assert {tuple(r[:2]) for r in bulk["rows"]} == {(s, t) for s, t, *_ in L.edges}
    small = layered_vis_data(Layered(L.nodes, L.edges[:100]), positions, {}, {})
    assert "bulk_edges" not in small and len(small["edges"]) == 100


def _pixel_between(page, a: str, b: str) -> list[int]:
    page.wait_for_selector("body[data-atlas-ready]", state="attached", timeout=30_000)
    return page.evaluate("""([a, b]) => {
        const p = network.getPositions([a, b]);
        const d = network.canvasToDOM({x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2});
        const canvas = document.querySelector('#mynetwork canvas'), r = window.devicePixelRatio || 1;
        return Array.from(canvas.getContext('2d').getImageData(Math.round(d.x * r), Math.round(d.y * r), 1, 1).data);
    }""", [a, b])


def test_bulk_edges_are_drawn_in_chromium():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    L, positions = big_layered()
    data = layered_vis_data(L, positions, {"f": "#0072B2"}, {})
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.set_content(render_layered_html(data, L))
        cites = _pixel_between(page, "p10", "p11")  # a CITES line (#333333) joins neighbouring papers
        about = _pixel_between(page, "p20", "f")  # an ABOUT line (grey-blue) joins each paper to its hub
        page.set_content(render_layered_html({**data, "bulk_edges": None}, L))  # the same page without the rows
        blank = _pixel_between(page, "p10", "p11")
        browser.close()
    assert max(cites[:3]) < 120 and cites[3] > 0, cites
    assert about[3] > 0 and about[2] > about[0], about
    assert blank[3] == 0 or min(blank[:3]) > 240, blank
