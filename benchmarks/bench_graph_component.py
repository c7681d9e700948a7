"""Click and expand in the graph component: the real app, a 2,000-node view, headless chromium.

A synthetic graph (``--papers`` papers citing earlier ones by preferential
attachment, 25 phenomena; see bench_graph_view) is written to a LadybugDB file;
the app serves it on loopback; the Graph page draws ``--view`` papers.  Timed:

- click -> panel: a click on a node until the side panel shows its title (the
  component sends the selection, Python reruns the page, the panel is drawn);
- expand: "Expand neighbours" on the drawn paper with the most neighbours outside
  the view (at least 50) until they are drawn, in place;
- baseline, in the same run: a full redraw of the same view (reload until drawn).

Prints each time, medians over ``--repeat`` runs, and the ratios to the baseline, the load
average, and the label overlaps at the default zoom (0 expected).  Nothing leaves the machine.
``--papers`` stays below :data:`graph.drawing.overview.OVERVIEW_MIN_PAPERS` (3,000): from there the
Graph page starts from the overview of groups, not from a drawing of papers.

Run:  python -m benchmarks.bench_graph_component [--papers 2900] [--view 2000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from app.web.launch import app_command
from app.web.services import expand_view, neighbours_of, select_view
from benchmarks.bench_graph_view import CHROMIUM_ARGS, synthetic_graph
from graph.drawing.overview import OVERVIEW_MIN_PAPERS
from graph.store.embedded.store import EmbeddedStore

CHROMIUM = os.environ.get("PHENOMENA_CHROMIUM", "/usr/bin/chromium")
READY = "body[data-atlas-ready] #mynetwork canvas"


def write_store(path: Path, papers: int) -> object:
    graph = synthetic_graph(papers)
    records = graph.to_records()
    with EmbeddedStore(path, read_only=False) as store:
        store.write(records, meta={"build": {"finished_at": "benchmark", "counts": records.counts()}})
    return graph


def pick_expandable(graph, view_n: int) -> tuple[str, int]:
    """The drawn paper with the most neighbours outside the default view, and how many (capped)."""
    view = select_view(graph, top_n=view_n)
    drawn = {n.id for n in view.nodes}
    best = max(drawn, key=lambda pid: (len(set(neighbours_of(graph, pid, 10**6)) - drawn), pid))
    return best, len(expand_view(graph, view, [best]).nodes) - len(view.nodes)


def serve(home: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PHENOMENA_HOME": str(home), "PHENOMENA_STORE": "embedded"}
    proc = subprocess.Popen(app_command(port), cwd=home, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(os.environ.get("BENCH_LOG", os.devnull), "w"))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/_stcore/health", timeout=1).text == "ok":
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the app did not start")


def click_point(page, node_id: str) -> dict:
    return page.evaluate("""id => {
        const el = document.querySelector('iframe');
        const net = el.contentWindow.network;
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const canvas = el.contentDocument.querySelector('#mynetwork canvas').getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return {x: box.left + canvas.left + dom.x, y: box.top + canvas.top + dom.y};
    }""", node_id)


def label_overlaps(page) -> int:
    boxes = page.evaluate("() => document.querySelector('iframe').contentWindow.atlasLabelBoxes || []")
    return sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"])


def open_view(page, base: str, view_n: int) -> float:
    """Load the Graph page drawing ``view_n`` papers; seconds until drawn (the full-redraw baseline)."""
    page.goto(f"{base}/graph")
    page.frame_locator("iframe").first.locator(READY).wait_for(timeout=120_000)
    box = page.get_by_label("Draw at most")
    box.fill(str(view_n))
    started = time.perf_counter()
    box.press("Enter")
    page.get_by_text(f"Showing {view_n} papers").first.wait_for(timeout=120_000)
    page.wait_for_function(f"() => (document.querySelector('iframe').contentDocument.body"
                           f".getAttribute('data-atlas-nodes') | 0) >= {view_n}", timeout=120_000)
    page.frame_locator("iframe").first.locator(READY).wait_for(timeout=120_000)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=OVERVIEW_MIN_PAPERS - 100,
                        help=f"papers in the store (below {OVERVIEW_MIN_PAPERS}: the Graph page draws papers)")
    parser.add_argument("--view", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.papers >= OVERVIEW_MIN_PAPERS:
        parser.error(f"--papers {args.papers}: from {OVERVIEW_MIN_PAPERS} papers the Graph page shows the overview "
                     f"of groups, not papers; give fewer (the default is {OVERVIEW_MIN_PAPERS - 100})")
    if not args.view < args.papers:
        parser.error(f"--view {args.view} must be below --papers {args.papers} (an expansion adds papers from outside)")
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    home = Path(tempfile.mkdtemp(prefix="bench-component-"))
    started = time.perf_counter()
    graph = write_store(home / "atlas.lbug", args.papers)
    target, adds = pick_expandable(graph, args.view)
    print(f"{args.papers} papers, {len(graph.cites)} citations written in {time.perf_counter() - started:.1f} s; "
          f"view of {args.view}; expanding {target} adds {adds} papers")
    proc, base = serve(home)
    clicks, expands, redraws = [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.repeat):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                           or route.request.url.startswith(("data:", "blob:", "about:")) else route.abort())
                redraws.append(open_view(page, base, args.view))
                overlaps = label_overlaps(page)
                redraw_ms = page.evaluate("""() => { const net = document.querySelector('iframe').contentWindow.network;
                    const t = performance.now(); net.redraw(); net.body.emitter.emit('_redraw'); return performance.now() - t; }""")
                print(f"one canvas redraw: {redraw_ms:.0f} ms")
                page.locator("iframe").first.scroll_into_view_if_needed()
                point = click_point(page, target)
                # Timed in the page (not by polling from here): the click's pointerdown in the drawing to the
                # moment the panel shows the title, both on the page's clock.
                page.evaluate("""title => {
                    window.atlasPanelAt = null;
                    const doc = document.querySelector('iframe').contentDocument;
                    doc.addEventListener('pointerdown', () => { window.atlasClickAt = performance.now(); }, {once: true, capture: true});
                    new MutationObserver((_, obs) => {
                        const panel = document.querySelector('.st-key-graph_panel');
                        if (panel && panel.innerText.includes(title)) { window.atlasPanelAt = performance.now(); obs.disconnect(); }
                    }).observe(document.body, {subtree: true, childList: true, characterData: true});
                }""", graph.papers[target].title)
                page.mouse.click(point["x"], point["y"])
                page.locator(".st-key-graph_panel").get_by_text(graph.papers[target].title, exact=True).wait_for()
                page.wait_for_function("() => window.atlasPanelAt !== null")
                clicks.append(page.evaluate("() => (window.atlasPanelAt - window.atlasClickAt) / 1000"))
                before = page.evaluate("() => document.querySelector('iframe').contentWindow.network.body.data.nodes.length")
                button = page.get_by_role("button", name="Expand neighbours")
                button.scroll_into_view_if_needed()
                page.evaluate("""n => {  // the button's pointerdown to the frame in which the nodes are drawn
                    window.atlasExpandedAt = null;
                    document.addEventListener('pointerdown', () => { window.atlasPressAt = performance.now(); },
                                              {once: true, capture: true});
                    const win = document.querySelector('iframe').contentWindow;
                    win.network.on('afterDrawing', function done() {
                        if (win.network.body.data.nodes.length >= n) {
                            window.atlasExpandedAt = performance.now(); win.network.off('afterDrawing', done); }
                    });
                }""", before + adds)
                button.click()
                page.wait_for_function("() => window.atlasExpandedAt !== null", timeout=60_000)
                expands.append(page.evaluate("() => (window.atlasExpandedAt - window.atlasPressAt) / 1000"))
                print(f"run {run + 1}: full redraw {redraws[-1]:.2f} s · click -> panel {clicks[-1] * 1000:.0f} ms · "
                      f"expand +{adds} {expands[-1] * 1000:.0f} ms · label overlaps at default zoom: {overlaps}")
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    click, expand, redraw = (statistics.median(x) for x in (clicks, expands, redraws))
    print(f"median: click -> panel {click * 1000:.0f} ms (target <= 500), expand +{adds} {expand * 1000:.0f} ms "
          f"(target <= 1000), full redraw {redraw * 1000:.0f} ms")
    print(f"ratios to a full redraw: click {click / redraw:.2f}, expand {expand / redraw:.2f}")
    print(f"load average {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after (1 min; 2 cores)")


if __name__ == "__main__":
    main()
