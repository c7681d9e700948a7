"""A 50-paper seed map, from the seed to drawn in headless chromium, against the Graph page's drawing of the same papers.

The graph: the bundled catalog snapshot (602 papers, real titles and keywords) with seeded random
citations (each paper cites up to four earlier ones) and citation counts, so co-citation, coupling,
prior and derivative works all take part.  The model, its citation graph and text index are built
first (the app keeps them cached per graph version; that cold cost is printed apart).  Then, for each
of ``--seeds`` seed papers:

* **seed map**: :func:`app.web.services.seed_map` (50 papers) + :func:`app.web.seedmapview.seed_map_data`, then
  the app's graph component (app/web/component/frontend, loaded from disk) draws it in chromium, labels
  placed, until it marks itself ready: what the Seed map page does after its data reaches the browser;
* **baseline**, measured in the same run: the Graph page's multi-layer drawing of the same 51 papers
  (:func:`app.web.graphview.layered_data`, labels ranked as the page ranks them) drawn the same way.

It prints each pair, the medians, their ratio, and whether the seed map met its 1 s target.
Nothing leaves the machine.

Run:  python -m benchmarks.bench_seed_map [--seeds 5] [--size 50]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from app.web import services
from app.web.component import frontend_dir, rank_labels
from app.web.graphview import layered_data
from app.web.layerview import legend_overlay_html
from app.web.seedmapview import seed_map_data
from app.web.style import phenomenon_colours
from graph.analytics.text_similarity import text_index
from graph.model.graph_model import GraphModel
from graph.model.records import Cites, GraphRecords
from loaders import assemble
from loaders.catalog_files import load_catalog

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TARGET_S = 1.0


def catalog_with_citations(seed: int = 3) -> GraphModel:
    """The catalog snapshot's papers, each citing up to four earlier ones (seeded), with citation counts."""
    rng = random.Random(seed)
    records = GraphRecords()
    assemble.add_phenomena(records)
    assemble.add_catalog_entries(records, load_catalog(offline=True).entries)
    keys = sorted(records.papers, key=lambda k: (records.papers[k].year or 0, k))
    for i, key in enumerate(keys):
        for cited in rng.sample(keys[:i], min(i, rng.randint(0, 4))):
            records.add_edge(Cites(key, cited))
    counts: dict[str, int] = {}
    for c in records.cites.values():
        counts[c.target] = counts.get(c.target, 0) + 1
    for key, paper in records.papers.items():
        paper.citation_count = counts.get(key, 0) * 7 + rng.randint(0, 20)
    return GraphModel.from_records(records)


def time_drawn(context, data: dict) -> tuple[float, float]:
    """``(wall, busy)`` seconds to load the graph component's page and draw ``data`` in it (the ready mark:
    labels placed); busy is the renderer's main-thread task time (CDP ``TaskDuration``), which a loaded
    machine stretches far less than the wall clock."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    started = time.perf_counter()
    page.goto((frontend_dir() / "index.html").as_uri(), wait_until="load")
    args = {"nodes": data["nodes"], "edges": data["edges"], "options": data["options"],
            "overlay": data.get("overlay"), "bulk_edges": data.get("bulk_edges"), "data_version": "1",
            "view_key": "bench", "height": 620, "selected": [], "selection_seq": 0, "focus": None, "focus_seq": 0,
            "anchor": None, "fit_to": []}
    page.evaluate("args => window.postMessage({type: 'streamlit:render', args: args}, '*')", args)
    page.wait_for_selector("body[data-atlas-ready]", state="attached", timeout=60_000)
    seconds = time.perf_counter() - started
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    drawn = page.evaluate("() => window.atlasLinkCount()")
    page.close()
    if drawn != len(data["edges"]):
        raise SystemExit(f"the component drew {drawn} of {len(data['edges'])} links")
    return seconds, metrics["TaskDuration"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="seed papers to time (the most cited first)")
    parser.add_argument("--size", type=int, default=50, help="papers on the map")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    started = time.perf_counter()
    graph = catalog_with_citations()
    G = graph.citation_graph()
    text_index(G)
    print(f"graph: {len(graph.papers)} papers, {len(graph.cites)} citations; model, citation graph and text index "
          f"(cached by the app) in {time.perf_counter() - started:.2f} s")
    cited: dict[str, int] = {}
    for _, b in graph.cites:
        cited[b] = cited.get(b, 0) + 1
    seeds = sorted(cited, key=lambda k: (-cited[k], k))[:args.seeds]
    colours = phenomenon_colours(graph.phenomenon_names)

    from playwright.sync_api import sync_playwright  # only the browser timing needs Playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("data:", "about:", "blob:", "file:")) else route.abort())  # offline: nothing from the network
        time_drawn(context, seed_map_data(graph, services.seed_map(graph, seeds[:1], size=5)))  # warm-up, not timed
        print(f"{'seed':<32} {'papers':>6} {'links':>6} {'python s':>9} {'seed map s':>11} {'(busy)':>7} "
              f"{'baseline s':>11} {'(busy)':>7} {'ratio':>6}")
        ours, base, ours_busy, base_busy = [], [], [], []
        for seed in seeds:
            t0, c0 = time.perf_counter(), time.process_time()
            m = services.seed_map(graph, [seed], size=args.size)
            data = seed_map_data(graph, m)
            python_s, python_cpu = time.perf_counter() - t0, time.process_time() - c0
            wall, busy = time_drawn(context, data)
            t0, c0 = time.perf_counter(), time.process_time()
            view = services.select_view(graph, only=set(m.nodes), top_n=len(m.nodes))
            layered, layers = layered_data(graph, view, colours)
            layers = {**layers, "nodes": rank_labels(layers["nodes"]), "overlay": legend_overlay_html(layered)}
            base_s, base_cpu = time.perf_counter() - t0, time.process_time() - c0
            base_wall, base_b = time_drawn(context, layers)
            ours.append(python_s + wall)
            base.append(base_s + base_wall)
            ours_busy.append(python_cpu + busy)
            base_busy.append(base_cpu + base_b)
            print(f"{seed:<32} {len(m.nodes):>6} {len(data['edges']):>6} {python_s:>9.3f} {ours[-1]:>11.3f} "
                  f"{ours_busy[-1]:>7.3f} {base[-1]:>11.3f} {base_busy[-1]:>7.3f} {ours[-1] / base[-1]:>5.2f}x",
                  flush=True)
        browser.close()
    mine, theirs = statistics.median(ours), statistics.median(base)
    busy, busy_base = statistics.median(ours_busy), statistics.median(base_busy)
    print(f"median: seed map {mine:.3f} s (busy {busy:.3f} s: Python CPU + renderer tasks), Graph-page drawing of "
          f"the same papers {theirs:.3f} s (busy {busy_base:.3f} s); ratio {mine / theirs:.2f}x (busy "
          f"{busy / busy_base:.2f}x); target {TARGET_S:.1f} s to drawn: {'met' if max(ours) <= TARGET_S else 'NOT met'} "
          f"(slowest {max(ours):.3f} s, load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
