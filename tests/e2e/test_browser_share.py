"""Shared drawings and the static atlas in headless chromium, opened from disk with the network blocked.

Every page is opened as ``file://`` in a context that aborts and records every request that is not a
file (and lets only the hostile beacon's loopback address through, so a leak would be counted):

- each view's HTML file draws exactly the view's nodes and links (counted in vis-network's body);
  no request beyond the file, no Content-Security-Policy violation, no script error;
- a 2,000-paper view opens with every link drawn (the time is printed);
- hostile titles, names and links: no script runs, no dialog, 0 beacons, panel links only checked ones;
- the PNG button saves a PNG; the SVG parses and renders with every node and link;
- the static atlas: every page reached through relative links, 0 broken links, 0 external requests;
- the app: the Graph page's "Download HTML" gives a file that draws the page's view; its drawing's
  "Download PNG" saves the canvas.
Screenshots go to ``shots/`` at the worktree's root (and ``tests/artifacts``).
"""
from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from app.web import bridgeview, graphview, style
from app.web.mapview import map_data
from app.web.share import drawn_counts, safe_links, share_html, share_svg
from app.web.site import node_links, write_site
from benchmarks.bench_graph_view import synthetic_graph
from graph.analytics import concepts
from graph.model.graph_model import GraphModel
from graph.safe_text import safe_url
from tests.support.browser import ARTIFACTS
from tests.support.fixture_graph import build_fixture_records
from tests.support.hostile_text import HOSTILE_PAPERS, HOSTILE_PHENOMENON, Beacon, build_hostile_records

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "shots"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def graph() -> GraphModel:
    return GraphModel.from_records(build_fixture_records())


@pytest.fixture(scope="module")
def beacon():
    listener = Beacon()
    yield listener
    listener.close()


@pytest.fixture
def offline(browser, beacon, request):
    """A page that may read files only: anything else is aborted and recorded (the beacon's requests are
    let through, so that a leak reaches it and is counted); dialogs, script errors and CSP violations kept."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    seen = {"files": [], "blocked": [], "dialogs": [], "errors": []}
    beacon_host = urlparse(beacon.url).netloc

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            seen["files"].append(url)
            r.continue_()
        elif urlparse(url).netloc == beacon_host:
            seen["blocked"].append(url)
            r.continue_()
        else:
            seen["blocked"].append(url)
            r.abort()

    context.route("**/*", route)
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                            "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.set_default_timeout(60_000)
    page.seen = seen
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))  # full_page hangs on an SVG document
    context.close()
    assert seen["blocked"] == [], f"the file asked the network: {seen['blocked']}"
    assert seen["dialogs"] == [] and seen["errors"] == [], seen
    assert beacon.hits == [], f"beacons fired: {beacon.hits}"


def _open(page, path: Path) -> dict:
    """Open a shared file; wait until drawn; the nodes and links vis-network drew, and policy violations."""
    page.seen["files"].clear()
    page.goto(path.as_uri())
    page.locator("body[data-atlas-ready]").wait_for()
    drawn = page.evaluate("atlasDrawn()")
    assert page.seen["files"] == [path.as_uri()], "one request: the file itself"
    assert page.evaluate("window.__csp") == []
    assert page.evaluate("window.__pwned === undefined")
    return drawn


def _shot(page, name: str, *, full: bool = True) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _views(graph: GraphModel) -> dict[str, tuple[dict, str, str, list, tuple[int, int]]]:
    """name -> (data, title, caption, colour key, (nodes, links) of the view, counted from the model)."""
    colours = style.phenomenon_colours(graph.phenomenon_names)
    out = {}
    view = graphview.view_data(graph, {})[1]
    L, _ = graphview.layered_data(graph, view, colours)
    data, _, key, summary = graphview.view_data(graph, {})
    out["graph"] = (data, "The knowledge graph", summary, key, (len(L.nodes), sum(L.edge_counts().values())))
    C = concepts.concept_map(graph, weight="shared_papers")
    K = concepts.co_occurrence_map(graph, "Keyword")
    A = concepts.co_occurrence_map(graph, "Author")
    for name, G, kind, counts, clustered in (("concepts", C, "Phenomenon", "shared papers", False),
                                             ("keywords", K, "Keyword", "papers with both", True),
                                             ("coauthors", A, "Author", "papers together", True)):
        data = map_data(G, kind, counts, colours, clustered)
        labels = sum(1 for n in data["nodes"] if str(n["id"]).startswith("cluster-label:"))
        out[name] = (data, f"{kind} map", f"{G.number_of_nodes()} nodes", [],
                     (G.number_of_nodes() + labels, G.number_of_edges()))
    a, b = "phen:grokking", "phen:double-descent"
    view = graphview.view_data(graph, {"top_n": len(graph.papers), "layers": None})[1]
    data, key = bridgeview.bridge_data(graph, view, a, b, colours)
    groups = {n["id"] for n in data["nodes"] if n.get("shape") == "text"}
    out["bridges"] = (data, "Bridge papers between Grokking and Double Descent", "bridges", key,
                      (len(view.nodes) + len(groups), len(view.edges) + sum(1 for e in data["edges"] if e.get("kind") == "ABOUT")))
    return out


@pytest.mark.parametrize("name", ["graph", "concepts", "keywords", "coauthors", "bridges"])
def test_a_shared_view_opens_offline_and_draws_every_node_and_link(offline, graph, tmp_path, name):
    data, title, caption, key, expected = _views(graph)[name]
    path = tmp_path / f"{name}.html"
    path.write_text(share_html(data, title=title, caption=caption, colours=key), encoding="utf-8")
    drawn = _open(offline, path)
    assert (drawn["nodes"], drawn["links"]) == expected == drawn_counts(data)
    assert expected[1] > 0
    assert offline.locator("#atlas-legend > div").count() >= 2 and offline.locator("#atlas-caption").inner_text()
    _shot(offline, f"share-{name}")
    with offline.expect_download() as download:
        offline.click("#atlas-png")
    png = Path(download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    svg = tmp_path / f"{name}.svg"
    svg.write_text(share_svg(data, title=title, caption=caption, colours=key), encoding="utf-8")
    root = ET.parse(svg).getroot()
    offline.goto(svg.as_uri())
    rendered = offline.evaluate("() => ({nodes: document.querySelectorAll('#nodes > *').length, "
                                "links: document.querySelectorAll('#links > line').length})")
    shapes = sum(1 for n in data["nodes"] if n.get("shape") != "text")
    assert rendered == {"nodes": shapes, "links": expected[1]} == {
        "nodes": len(list(root.find(f"{SVG}g[@id='nodes']"))), "links": len(root.find(f"{SVG}g[@id='links']"))}
    _shot(offline, f"share-{name}-svg", full=False)


def test_a_2000_paper_view_opens_offline_with_every_link_drawn(offline, tmp_path):
    big = synthetic_graph(2000)
    data, view, key, summary = graphview.view_data(big, {"top_n": 2000})
    path = tmp_path / "big.html"
    path.write_text(share_html(data, title="2,000 papers", caption=summary, colours=key), encoding="utf-8")
    started = time.perf_counter()
    drawn = _open(offline, path)
    took = time.perf_counter() - started
    print(f"\n2,000-paper view ({drawn['nodes']} nodes, {drawn['links']} links, "
          f"{path.stat().st_size / 1e6:.1f} MB): opened and drawn offline in {took:.2f} s")
    assert len(view.nodes) == 2000 and (drawn["nodes"], drawn["links"]) == drawn_counts(data)
    _shot(offline, "share-2000-papers")


def test_hostile_text_in_a_shared_view_stays_text(offline, beacon, tmp_path):
    hostile = GraphModel.from_records(build_hostile_records(beacon.url))
    data, view, key, summary = graphview.view_data(hostile, {"phenomenon": HOSTILE_PHENOMENON})
    path, links, checked = tmp_path / "hostile.html", node_links(hostile, data), 0
    path.write_text(share_html(data, title=hostile.phenomenon_names[HOSTILE_PHENOMENON], caption=summary,
                               colours=key, links=links), encoding="utf-8")
    drawn = _open(offline, path)
    assert (drawn["nodes"], drawn["links"]) == drawn_counts(data)
    assert "<b>phen</b>" in offline.locator("#atlas-title").inner_text()  # the name, as written
    for key_ in HOSTILE_PAPERS:
        point = offline.evaluate("""id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
            const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y}; }""", key_)
        offline.mouse.move(point["x"], point["y"])
        offline.mouse.click(point["x"], point["y"])
        offline.wait_for_timeout(250)
        hrefs = offline.evaluate("[...document.querySelectorAll('#atlas-panel a')].map(a => a.getAttribute('href'))")
        clicked = offline.evaluate("network.getSelectedNodes()[0]")
        assert clicked is not None and hrefs == [href for _, href in safe_links(links.get(clicked, []))]
        for href in hrefs:  # a page of the atlas, or an outside address that passed the app's check
            assert re.fullmatch(r"\.\./(papers|phenomena)/[a-z0-9-]+\.html", href) or safe_url(href) == href, href
        checked += len(hrefs)
    assert checked >= len(HOSTILE_PAPERS)
    _shot(offline, "share-hostile")
    assert offline.evaluate("window.__pwned === undefined") and offline.evaluate("window.__csp") == []
    svg = tmp_path / "hostile.svg"
    svg.write_text(share_svg(data, title=hostile.phenomenon_names[HOSTILE_PHENOMENON], caption=summary, colours=key),
                   encoding="utf-8")
    offline.goto(svg.as_uri())
    offline.wait_for_timeout(300)
    assert offline.evaluate("window.__pwned === undefined")


@pytest.mark.parametrize("which", ["fixture", "hostile"])
def test_the_static_atlas_is_browsable_offline_with_no_broken_link(offline, graph, beacon, tmp_path, which):
    model = graph if which == "fixture" else GraphModel.from_records(build_hostile_records(beacon.url))
    root = tmp_path / "site"
    write_site(model, root)
    assert (root / ".nojekyll").exists()
    start = (root / "index.html").as_uri()
    queue, seen, broken, outside, maps = deque([start]), {start}, [], set(), 0
    while queue:
        url = queue.popleft()
        offline.goto(url)
        if "/maps/" in url and not url.endswith("/index.html"):
            offline.locator("body[data-atlas-ready]").wait_for()
            shown = re.search(r"([\d,]+) nodes, ([\d,]+) links", offline.locator("#atlas-tools").inner_text())
            drawn = offline.evaluate("atlasDrawn()")
            assert (drawn["nodes"], drawn["links"]) == tuple(int(g.replace(",", "")) for g in shown.groups()), url
            maps += 1
            if url.endswith("/graph.html"):
                _shot(offline, f"site-{which}-map")
        for href in offline.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)"):
            if href.startswith("file:"):
                target = href.split("#")[0]
                if not Path(unquote(urlparse(target).path)).is_file():
                    broken.append((url, href))
                elif target.endswith(".html") and target not in seen:
                    seen.add(target)
                    queue.append(target)
            else:
                outside.add(href)
                assert safe_url(href) == href and href.startswith("https://"), href
        assert offline.evaluate("window.__pwned === undefined")
    pages = {p.as_uri() for p in root.rglob("*.html")}
    print(f"\natlas ({which}): {len(seen)} pages crawled of {len(pages)}, {maps} interactive maps, "
          f"{len(outside)} outside links (not followed), {len(broken)} broken")
    assert broken == [] and seen == pages  # every page reachable from the index, through relative links only
    offline.goto(start)
    _shot(offline, f"site-{which}-index")
    offline.goto((root / "papers" / next(p.name for p in (root / "papers").iterdir() if p.name != "index.html")).as_uri())
    _shot(offline, f"site-{which}-paper")


# --- the app: the buttons ---------------------------------------------------------------------------

def test_the_graph_page_downloads_its_drawing_as_html_and_png(server, page, offline, tmp_path):
    page.goto(f"{server}/graph")
    frame = page.frame_locator("iframe").first
    frame.locator("body[data-atlas-ready] #mynetwork canvas").wait_for()
    summary = page.get_by_text(re.compile(r"^Showing \d+ papers")).first.inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download HTML").click()
    saved = tmp_path / "graph.html"
    download.value.save_as(saved)
    drawn = _open(offline, saved)
    papers, links = re.search(r"Showing (\d+) papers.* and (\d+) links", summary).groups()
    node_count = page.evaluate("document.querySelector('iframe').contentWindow.network.body.nodeIndices.length")
    assert drawn == {"nodes": node_count, "links": int(links)} and int(papers) > 0
    _shot(offline, "app-graph-downloaded-html")
    with page.expect_download() as png:
        frame.locator("#atlas-png").click()
    data = Path(png.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    (SHOTS / "app-graph-downloaded.png").write_bytes(data)
    with page.expect_download() as svg:
        page.get_by_role("button", name="Download SVG").click()
    ET.fromstring(Path(svg.value.path()).read_text(encoding="utf-8"))
    page.get_by_role("button", name="Download SVG").scroll_into_view_if_needed()
    _shot(page, "app-graph-share-buttons")


@pytest.mark.parametrize("path, drawings", [("maps", 3), ("phenomena", 1)])  # 3 maps; the bridge drawing
def test_each_drawing_downloads_as_html_that_draws_what_the_page_draws(server, page, offline, tmp_path, path, drawings):
    page.goto(f"{server}/{path}")
    frames = page.locator("iframe")
    frames.first.wait_for()
    page.frame_locator("iframe").nth(drawings - 1).locator("body[data-atlas-ready] #mynetwork canvas").wait_for()
    buttons = page.get_by_role("button", name="Download HTML")
    assert buttons.count() == frames.count() == drawings
    for i in range(drawings):
        shown = page.evaluate("""i => { const w = document.querySelectorAll('iframe')[i].contentWindow;
            return {nodes: w.network.body.nodeIndices.length, links: w.atlasLinkCount()}; }""", i)
        with page.expect_download() as download:
            buttons.nth(i).click()
        saved = tmp_path / f"{path}-{i}.html"
        download.value.save_as(saved)
        assert _open(offline, saved) == shown and shown["links"] > 0
        _shot(offline, f"app-{path}-downloaded-{i}")
