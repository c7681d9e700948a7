"""Time to a stable graph in headless chromium: the app's view against pyvis defaults.

For 300, 2,000 and 10,000 synthetic papers (about three citations each, 25
phenomena), this builds the HTML the Graph page serves (precomputed layout,
physics and smooth edges off, vis-network inlined) for *all* papers, loads it in
Debian's chromium, and waits for the first drawn frame.  The same graph drawn by
pyvis defaults (physics on, no positions) is timed until vis-network says
stabilisation is done, capped at ``--cap`` seconds.  Nothing leaves the machine.

Run:  python -m benchmarks.bench_graph_view [--sizes 300 2000 10000] [--cap 60]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from pyvis.network import Network

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from app.web.graphview import render_graph_html, view_layout
from app.web.services import GraphModel, select_view
from app.web.style import phenomenon_colours
from graph.model.records import Paper

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def synthetic_graph(n: int, *, phenomena: int = 25, cites_per_paper: int = 3, seed: int = 0) -> GraphModel:
    """Papers citing earlier papers by preferential attachment; phenomenon sizes skewed."""
    rng = random.Random(seed)
    names = {f"phen:{i}": f"Phenomenon {i}" for i in range(phenomena)}
    weights = [1 / (i + 1) for i in range(phenomena)]
    papers, about, cites, targets = {}, {}, [], []
    for i in range(n):
        pid = f"p{i}"
        papers[pid] = Paper(pid, f"Paper {i}", 2000 + i * 25 // max(n, 1), in_catalog=True,
                            citation_count=rng.randint(0, 500))
        about[pid] = sorted(set(rng.choices(list(names), weights, k=rng.choice((1, 1, 2)))))
        for cited in {rng.choice(targets) for _ in range(cites_per_paper)} if targets else ():
            cites.append((pid, cited))
            targets.append(cited)
        targets.append(pid)
    return GraphModel.of(list(papers.values()), names, about, cites)


def app_html(graph: GraphModel) -> tuple[str, float]:
    started = time.perf_counter()
    view = select_view(graph, top_n=len(graph.papers))
    html = render_graph_html(view, view_layout(view), phenomenon_colours(graph.phenomenon_names),
                             graph.phenomenon_names)
    return html, time.perf_counter() - started


def pyvis_default_html(graph: GraphModel) -> str:
    """pyvis as documented (physics on, no layout), lists assigned directly so building stays fast."""
    net = Network(height="640px", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = [{"id": p.id, "label": " ", "shape": "dot", "size": 10} for p in graph.papers.values()]
    net.edges = [{"from": a, "to": b, "arrows": "to"} for a, b in graph.cites]
    html = net.generate_html()
    mark = ('<script>network.once("stabilizationIterationsDone", function () {'
            'document.body.setAttribute("data-atlas-ready", "1"); });</script>')
    return html.replace("</body>", mark + "</body>", 1)


def time_in_browser(page, html: str, cap_s: float) -> float | None:
    """Seconds from loading the HTML to the ready mark; None when the cap was reached."""
    started = time.perf_counter()
    page.set_content(html, wait_until="domcontentloaded", timeout=cap_s * 1000)
    try:
        page.wait_for_selector("body[data-atlas-ready]", state="attached",
                               timeout=max(cap_s - (time.perf_counter() - started), 0.1) * 1000)
    except Exception:  # playwright's TimeoutError: the default view did not settle in time
        return None
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 2000, 10000])
    parser.add_argument("--cap", type=float, default=60.0, help="seconds allowed for the pyvis default")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("data:", "about:", "blob:")) else route.abort())  # offline: nothing may load
        print(f"{'papers':>7} {'links':>7} {'python s':>9} {'app view s':>11} {'pyvis default s':>16} {'ratio':>7}")
        for n in args.sizes:
            graph = synthetic_graph(n)
            html, python_s = app_html(graph)
            page = context.new_page()
            ours = time_in_browser(page, html, 60.0)
            page.close()
            page = context.new_page()
            default = time_in_browser(page, pyvis_default_html(graph), args.cap)
            page.close()
            shown = f"{default:.2f}" if default is not None else f">{args.cap:.0f} (cap)"
            ratio = (default if default is not None else args.cap) / ours if ours else float("nan")
            ours_s = f"{ours:.2f}" if ours is not None else "timeout"
            print(f"{n:>7} {len(graph.cites):>7} {python_s:>9.2f} {ours_s:>11} {shown:>16} "
                  f"{'≥' if default is None else ' '}{ratio:>6.1f}x", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
