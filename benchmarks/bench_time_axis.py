"""The time-axis view of 2,000 papers, to drawn in headless chromium, against the Graph page's drawing of the same papers.

A synthetic graph (``--papers`` papers, 2000-2024, citing earlier ones by preferential attachment, 25
phenomena; see bench_graph_view) is written to a LadybugDB file and served by the real app on loopback.

- app: on the Time axis page, "Papers drawn" moved to 2,000, timed on the page's clock from the key press
  to the frame drawn with every paper (Python's rerun, the data sent, vis-network's draw);
- baseline, same run and same clock: the Graph page's "Draw at most" set to the same 2,000 papers;
- offline page: the time axis as one self-contained HTML page (vis-network inlined, as a share export would
  be) from load to drawn, against the Graph page's standalone paper drawing of the same papers.

Prints each time, medians over ``--repeat`` runs and the ratios to the baselines; target <= 2 s to drawn.

Run:  python -m benchmarks.bench_time_axis [--papers 2000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from app.web.graphview import short_labels
from app.web.layerview import bulk_edges_js
from app.web.services import time_axis
from app.web.style import js, open_paper_on_double_click, phenomenon_colours, pyvis_page
from app.web.timeview import drawn_counts, time_axis_vis_data
from benchmarks.bench_graph_component import CHROMIUM, READY, serve, write_store
from benchmarks.bench_graph_view import CHROMIUM_ARGS, app_html, time_in_browser

SLIDER = ".st-key-timeline_top input[type=range], .st-key-timeline_top [role=slider]"


def offline_page(graph, papers: int) -> tuple[str, tuple[int, int]]:
    """The time axis of the ``papers`` most cited as one offline HTML page, and (papers, links) it draws."""
    view = time_axis(graph, measure="citations", top_n=papers)
    ids = [p.id for p in view.axis.points]
    data = time_axis_vis_data(view.axis, phenomenon_colours(graph.phenomenon_names), view.colour_of,
                              short_labels(graph, ids), titles=view.titles, hub_names=view.names)
    bulk = (f"<script>{bulk_edges_js()}\natlasBulkEdges(network, {js(data['bulk_edges'])});</script>"
            if data.get("bulk_edges") else "")
    return pyvis_page(data, end=data["overlay"] + bulk + open_paper_on_double_click()), drawn_counts(data)


def time_to_drawn(page, papers: int, act) -> float:
    """Seconds on the page's clock from the key press ``act()`` makes to the frame after the first one in which
    the drawing holds ``papers`` papers (polled each animation frame: the component may remount its frame)."""
    page.evaluate("""n => {
        window.atlasDrawnAt = null;
        document.addEventListener('keydown', () => { window.atlasPressAt = performance.now(); }, {once: true, capture: true});
        let seen = false;
        const tick = () => {
            const frame = document.querySelector('iframe'), win = frame && frame.contentWindow;
            const nodes = win && win.network && win.network.body && win.network.body.data.nodes;
            if (seen) { window.atlasDrawnAt = performance.now(); return; }  // the frame holding them was drawn
            if (window.atlasPressAt && nodes && nodes.get({filter: x => x.kind === 'Paper'}).length >= n) seen = true;
            requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
    }""", papers)
    act()
    page.wait_for_function("() => window.atlasDrawnAt !== null", timeout=120_000)
    return page.evaluate("() => (window.atlasDrawnAt - window.atlasPressAt) / 1000")


def time_axis_in_app(page, base: str, papers: int) -> float:
    """The Time axis page: "Papers drawn" moved to its end (2,000) until drawn."""
    page.goto(f"{base}/timeline")
    page.frame_locator("iframe").first.locator(READY).wait_for(timeout=120_000)
    thumb = page.locator(SLIDER).first
    thumb.focus()
    return time_to_drawn(page, papers, lambda: thumb.press("End"))


def graph_page_in_app(page, base: str, papers: int) -> float:
    """The baseline: the Graph page's "Draw at most" set to ``papers`` until drawn."""
    page.goto(f"{base}/graph")
    page.frame_locator("iframe").first.locator(READY).wait_for(timeout=120_000)
    box = page.get_by_label("Draw at most")
    box.fill(str(papers))
    return time_to_drawn(page, papers, lambda: box.press("Enter"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="bench-time-axis-"))
    graph = write_store(home / "atlas.lbug", args.papers)
    started = time.perf_counter()
    html, (papers, links) = offline_page(graph, args.papers)
    built = time.perf_counter() - started
    baseline_html, baseline_built = app_html(graph)
    print(f"{args.papers} papers, {len(graph.cites)} citations; the time axis draws {papers} papers and {links} links "
          f"(built in {built:.2f} s; the paper drawing in {baseline_built:.2f} s)")
    proc, base = serve(home)
    in_app, graph_page, offline, offline_base = [], [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            def fresh_page():
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                           or route.request.url.startswith(("data:", "blob:", "about:")) else route.abort())
                return page

            for run in range(args.repeat):  # a fresh page for each measure: no drawing left from the one before
                for measure, times in ((lambda pg: time_axis_in_app(pg, base, args.papers), in_app),
                                       (lambda pg: graph_page_in_app(pg, base, args.papers), graph_page),
                                       (lambda pg: time_in_browser(pg, html, 60), offline),
                                       (lambda pg: time_in_browser(pg, baseline_html, 60), offline_base)):
                    page = fresh_page()
                    times.append(measure(page))
                    page.close()
                print(f"run {run + 1}: time axis in the app {in_app[-1]:.2f} s · Graph page {graph_page[-1]:.2f} s · "
                      f"offline page {offline[-1]:.2f} s · paper drawing page {offline_base[-1]:.2f} s")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    a, g, o, ob = (statistics.median(x) for x in (in_app, graph_page, offline, offline_base))
    print(f"median: time axis {a:.2f} s to drawn (target <= 2 s: {'met' if a <= 2 else 'MISSED'}), "
          f"offline page {o:.2f} s")
    print(f"ratios: time axis / Graph page {a / g:.2f}; offline time axis / offline paper drawing {o / ob:.2f}")


if __name__ == "__main__":
    main()
