"""Graph first and one truth (issue 22, points 3 and 4) on a new user's offline build of the shared
catalog, in headless chromium at 1440x900.

Graph first: the drawing's canvas spans the content width and most of the first screen, the filters and the
node panel live in the sidebar, the legend sits above the canvas (never over it) and follows colour-by and
expansions.  One truth: the Clusters page, its downloaded report and `phenomena export --format report` name
the same clusters; a phenomenon's paper count is one number on every page and in the CLI; nothing is offered
when its data is absent.
"""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from app.web import graphview, services, style
from graph.store.embedded.store import EmbeddedStore
from tests.support.browser import ARTIFACTS, _click, _frame, _panel
from tests.support.cli import run_cli
from tests.support.shared_data import build_offline

pytestmark = pytest.mark.browser
SCREEN = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """The shared fixtures' app serves this home: `phenomena build --offline` of the shared catalog."""
    return build_offline(tmp_path_factory.mktemp("offline-build"))


@pytest.fixture(scope="module")
def graph(home) -> services.PaperGraph:
    with EmbeddedStore(home / "atlas.lbug") as store:  # read-only: takes no lock from the app
        return services.load_paper_graph(store)


@pytest.fixture
def screen(page):
    page.set_viewport_size(SCREEN)
    page.set_default_timeout(90_000)  # a cold server's first drawing, on a machine shared by other runs
    return page


def _phenomenon(graph, name: str) -> str:
    return next(pid for pid, n in graph.phenomenon_names.items() if n == name)


def _shot(page, name: str) -> None:
    """A screenshot once the page has settled (no placeholder still waiting for its element)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')")
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"offline-{name}.png"))


def boxes(page) -> dict:
    """Bounding boxes in page pixels: the main content (inside its padding), the canvas, the legend."""
    return page.evaluate("""() => {
        const main = document.querySelector('[data-testid=stMainBlockContainer]');
        const m = main.getBoundingClientRect(), cs = getComputedStyle(main);
        const frame = document.querySelector('iframe'), f = frame.getBoundingClientRect();
        const doc = frame.contentDocument;
        const shift = r => ({x: f.left + r.left, y: f.top + r.top, w: r.width, h: r.height,
                             bottom: f.top + r.bottom});
        return {content: {x: m.left + parseFloat(cs.paddingLeft),
                          w: m.width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)},
                canvas: shift(doc.querySelector('#mynetwork canvas').getBoundingClientRect()),
                legend: shift(doc.getElementById('atlas-legend').getBoundingClientRect())};
    }""")


def drawn(page) -> dict:
    """Nodes by kind and links the component holds now, and its legend's text."""
    return page.locator("iframe").first.evaluate("""el => {
        const w = el.contentWindow, counts = {};
        w.network.body.data.nodes.forEach(n => { if (n.kind && n.kind !== 'label')
                                                  counts[n.kind] = (counts[n.kind] || 0) + 1; });
        return {nodes: counts, links: w.atlasLinkCount(),
                legend: el.contentDocument.getElementById('atlas-legend').innerText};
    }""")


def legend_counts(text: str) -> dict:
    """``{"Paper": 13, "ABOUT": 14, ...}`` from the legend's "Kind … (n)" entries."""
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"(?m)^\s*([A-Za-z_]+)[^\n(]*(?:\([^)\n]*\)\s*)?\((\d+)\)\s*$",
                                                             text)}


def expected(graph, *, phenomenon=None, expand=(), colour_by="phenomenon") -> dict:
    """What the service layer draws for the view: nodes by kind, links, and the colour key's labels."""
    view = services.expand_view(graph, services.select_view(graph, phenomenon=phenomenon), list(expand))
    colours = style.phenomenon_colours(graph.phenomenon_names)
    span = graphview.year_span(graph)
    L, _ = graphview.layered_data(graph, view, colours, colour_by=colour_by, span=span)
    key = graphview.legend(view, colours, graph.phenomenon_names, colour_by, span)
    return {"nodes": dict(Counter(n["kind"] for n in L.nodes)), "links": len(L.edges),
            "link_kinds": dict(L.edge_counts()), "key": [label for label, _ in key]}


def assert_legend_is_the_drawing(page, want: dict, step: str) -> dict:
    page.wait_for_function("n => { const w = document.querySelector('iframe').contentWindow;"
                           "return w.atlasLinkCount && w.atlasLinkCount() === n; }", arg=want["links"])
    got = drawn(page)
    assert got["nodes"] == want["nodes"], step
    legend = legend_counts(got["legend"])
    for kind, n in {**want["nodes"], **want["link_kinds"]}.items():
        assert legend.get(kind) == n, f"{step}: the legend says {legend.get(kind)} {kind}, {n} drawn"
    if len(want["key"]) <= 12:  # a short colour key is listed with the legend, label by label
        for label in want["key"]:
            assert label in got["legend"], f"{step}: colour key lacks {label!r}"
    else:
        assert f"{len(want['key'])} colours" in got["legend"], step
    return got


def test_the_drawing_fills_the_width_and_the_first_screen(server, screen):
    page = screen
    page.goto(f"{server}/graph")
    _frame(page)
    page.wait_for_timeout(500)
    b = boxes(page)
    content, canvas, legend = b["content"], b["canvas"], b["legend"]
    print(f"\ncontent {content['w']:.0f} px wide; canvas {canvas['w']:.0f}x{canvas['h']:.0f} at y={canvas['y']:.0f}; "
          f"legend y={legend['y']:.0f}–{legend['bottom']:.0f}")
    assert canvas["w"] >= 0.9 * content["w"], b
    assert canvas["y"] <= 250, b
    assert min(canvas["bottom"], SCREEN["height"]) - canvas["y"] >= 0.6 * SCREEN["height"], b  # most of the screen
    assert legend["bottom"] <= canvas["y"] and legend["h"] > 0, b  # above the canvas, not over it
    sidebar, main = page.get_by_test_id("stSidebar"), page.get_by_test_id("stMain")
    for label in ("Phenomenon", "Search papers", "Draw at most"):
        assert sidebar.get_by_label(label, exact=True).count() >= 1, label
        assert main.get_by_label(label, exact=True).count() == 0, label
    text = page.locator("body").inner_text()
    assert text.count("Click a node for its details") == 1 and text.count("hover a node or link") == 1
    _shot(page, "graph-first")

    sidebar.get_by_text(re.compile(r"^More filters")).click()
    chips = sidebar.locator("[data-testid=stMultiSelect] [data-tag]")
    chips.first.wait_for()
    cut = chips.evaluate_all("""tags => tags.map(t => { const s = t.querySelector('span[title]');
        const r = t.getBoundingClientRect(), box = t.closest('[data-testid=stMultiSelect]').getBoundingClientRect();
        return {text: s.innerText, clipped: s.scrollWidth > s.clientWidth + 1,
                hidden: r.bottom > box.bottom + 1 || r.right > box.right + 1,
                ellipsis: getComputedStyle(s).textOverflow === 'ellipsis'}; })""")
    assert {c["text"] for c in cut} >= set(graphview.EDGE_KINDS) | set(graphview.DEFAULT_LAYERS)
    assert not [c for c in cut if c["clipped"] and not c["ellipsis"]], cut
    assert not [c for c in cut if c["clipped"] or c["hidden"]], cut  # every chip whole ("RELATED_TO", not "RELATED_")
    _shot(page, "graph-filters")


def test_the_legend_follows_colour_by_and_expansions(server, screen, graph):
    page = screen
    grokking = _phenomenon(graph, "Grokking")
    page.goto(f"{server}/graph?phenomenon={grokking}")
    _frame(page)
    want = expected(graph, phenomenon=grokking)
    before = assert_legend_is_the_drawing(page, want, "load")
    assert "colour: its phenomenon" in before["legend"]
    _shot(page, "legend-load")

    hubs = page.locator("iframe").first.evaluate(
        "el => el.contentWindow.network.body.data.nodes.get({filter: n => n.kind === 'Phenomenon'}).map(n => n.id)")
    hub = next(pid for pid in sorted(hubs) if pid != grokking  # a hub beside grokking with papers not drawn yet
               and expected(graph, phenomenon=grokking, expand=[pid])["nodes"]["Paper"] > want["nodes"]["Paper"])
    _click(page, hub)
    _panel(page).get_by_role("button", name="Expand neighbours").click()
    grown = expected(graph, phenomenon=grokking, expand=[hub])
    page.wait_for_function("id => (document.querySelector('iframe').contentDocument.body"
                           ".getAttribute('data-atlas-version') || '').endsWith(id)", arg=hub)
    after = assert_legend_is_the_drawing(page, grown, "expand")
    assert legend_counts(after["legend"])["Paper"] > legend_counts(before["legend"])["Paper"], hubs
    _shot(page, "legend-expanded")

    page.get_by_test_id("stSidebar").get_by_text(re.compile(r"^More filters")).click()
    page.get_by_test_id("stSidebar").get_by_text("year", exact=True).click()
    page.wait_for_function("() => { const d = document.querySelector('iframe').contentDocument;"
                           "const l = d && d.getElementById('atlas-legend');"
                           "return l && l.innerText.includes('colour: its year'); }")
    yearly = expected(graph, phenomenon=grokking, expand=[hub], colour_by="year")
    got = assert_legend_is_the_drawing(page, yearly, "colour by year")
    assert "year unknown" in got["legend"] and "phenomenon" not in got["legend"].split("colour: its year")[1]
    _shot(page, "legend-year")
    print(f"\nlegend: {legend_counts(before['legend'])} -> after expanding {graph.phenomenon_names[hub]}: "
          f"{legend_counts(after['legend'])}")


def _clusters_on_the_page(page) -> dict[int, tuple[str, int]]:
    """{cluster: (label, papers)} from the Clusters page's expanders ("3: label (71 papers)")."""
    out = {}
    for text in page.locator("[data-testid=stExpander] summary [data-testid=stMarkdownContainer]").all_inner_texts():
        m = re.fullmatch(r"\s*(\d+): (.+) \((\d+) papers?\)\s*", text.replace("\n", " "))
        if m:
            out[int(m.group(1))] = (m.group(2), int(m.group(3)))
    return out


def test_clusters_page_download_and_cli_export_are_one_analysis(server, screen, home, tmp_path):
    page = screen
    page.goto(f"{server}/clusters")
    page.get_by_role("button", name="Prepare files").wait_for()
    shown = _clusters_on_the_page(page)
    page.get_by_role("button", name="Prepare files").click()
    button = page.get_by_test_id("stDownloadButton").filter(has_text="clusters.json")
    button.wait_for(timeout=120_000)
    with page.expect_download() as info:
        button.locator("button").click()
    downloaded = json.loads(open(info.value.path(), encoding="utf-8").read())
    _shot(page, "clusters")

    done = run_cli("export", str(tmp_path / "out"), "--format", "report", env={"PHENOMENA_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    exported = json.loads((tmp_path / "out" / "clusters.json").read_text(encoding="utf-8"))

    def named(report):  # a cluster without distinctive terms is "cluster N" on the page
        return {c["cluster"]: (c["label"] or f"cluster {c['cluster']}", c["papers"]) for c in report["clusters"]}

    assert named(downloaded) == named(exported) and downloaded["membership"] == exported["membership"]
    assert named(exported) == {c: v for c, v in shown.items() if v[1] >= 2}, (shown, named(exported))
    md = (tmp_path / "out" / "clusters.md").read_text(encoding="utf-8")
    assert f"{len(shown)} clusters" in md
    print(f"\n{len(shown)} clusters on the page, in the download and in the CLI export; cluster 0: {shown[0]}")


def test_a_phenomenons_papers_are_one_count_everywhere(server, screen, graph, home):
    page = screen
    grokking = _phenomenon(graph, "Grokking")
    n = graph.phenomenon_sizes[grokking]
    page.goto(f"{server}/")
    page.get_by_role("link", name=f"Grokking ({n} papers)").wait_for()  # Home
    page.goto(f"{server}/graph?phenomenon={grokking}")
    _frame(page)
    chosen = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.evaluate(
        "el => el.innerText + ' ' + [...el.querySelectorAll('input')].map(i => i.value).join(' ')")
    assert f"Grokking ({n})" in chosen, chosen  # the selector
    page.get_by_text(re.compile(rf"^Showing {n} papers")).wait_for()  # the drawing's line
    assert drawn(page)["nodes"]["Paper"] == n  # the drawing itself
    _click(page, grokking)
    _panel(page).get_by_text(f"{n} papers").first.wait_for()  # the hub's panel
    _shot(page, "grokking-panel")
    page.goto(f"{server}/phenomena")
    page.get_by_text("Bridge papers", exact=True).wait_for()  # the heading, not the caption
    page.get_by_test_id("stSelectbox").first.click()
    page.keyboard.type("Grokking")  # the list is long: filter it
    page.get_by_role("option", name=f"Grokking ({n} papers)").wait_for()  # the Phenomena page
    page.keyboard.press("Escape")
    done = run_cli("query", "--name", "papers-about", "--param", "phenomenon=grokking", "--param", "limit=1000",
                   "--format", "json", env={"PHENOMENA_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == n  # the CLI's saved query


def test_offline_nothing_is_offered_without_its_data(server, screen, graph):
    page = screen
    assert not graph.cites  # the offline build: no citations, every count 0
    page.goto(f"{server}/graph")
    _frame(page)
    page.get_by_test_id("stSidebar").get_by_text(re.compile(r"^More filters")).click()
    sizes = page.get_by_test_id("stSidebar").get_by_test_id("stRadio").nth(1).inner_text()
    assert "links" in sizes and not re.search(r"pagerank|citations|betweenness", sizes, re.I), sizes
    grokking = _phenomenon(graph, "Grokking")
    _click(page, grokking)
    panel = _panel(page)
    panel.get_by_text(re.compile(r"\d+ papers")).first.wait_for()
    assert "most cited" not in panel.inner_text()
    power = "arxiv:2201.02177"
    page.goto(f"{server}/paper?paper={power}")
    page.get_by_text("No citation neighbourhood to draw").wait_for()
    page.get_by_text("On the timeline").wait_for()
    page.wait_for_timeout(1000)
    text = page.locator("body").inner_text()
    assert "PageRank" not in text and "Draw its citation neighbourhood" not in text and "most cited" not in text
    _shot(page, "paper-offline")
    page.goto(f"{server}/phenomena")
    page.get_by_text("Timeline").wait_for()
    page.get_by_text(re.compile(r"^Grokking: first paper")).wait_for()
    text = page.locator("body").inner_text()
    assert not re.search(r"cluster \d|beyond cluster", text), "timelines speak in plain words"
    for pid in (grokking,):
        years = sorted({int(row["year"]) for row in services.timeline_rows(
            {"g": services.phenomenon_timeline(graph, pid)["papers_per_year"]})})
        assert years == list(range(years[0], years[-1] + 1)), years  # continuous: no skipped year
