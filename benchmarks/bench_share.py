"""Sharing a large view: build its self-contained HTML file and open it from disk, offline, until drawn.

For a synthetic graph of ``--papers`` papers, the Graph page's default view of all of them
(papers and phenomena, ABOUT, CITES and RELATED_TO links) is written with
:func:`app.web.share.share_html` and opened as ``file://`` in Debian's chromium with every
request that is not the file aborted.  The baseline, measured in the same run on the same data,
is the app's own offline pyvis page of that view (:func:`app.web.layerview.render_layered_html`).
Timed: building each file in Python, and opening it until its first frame is drawn; the shared
file's nodes and links are counted in vis-network's body and must equal the view's.

Run:  python -m benchmarks.bench_share [--papers 2000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from app.web import graphview, style
from app.web.layerview import render_layered_html
from app.web.share import drawn_counts, share_html
from benchmarks.bench_graph_view import CHROMIUM_ARGS, synthetic_graph

CHROMIUM = "/usr/bin/chromium"


def open_offline(browser, path: Path, *, counted: bool) -> tuple[float, dict | None]:
    """Seconds from navigation to the page's ready mark; what it drew (shared files only)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                  else (outside.append(r.request.url), r.abort()))
    page = context.new_page()
    started = time.perf_counter()
    page.goto(path.as_uri())
    page.locator("body[data-atlas-ready]").wait_for(timeout=120_000)
    took = time.perf_counter() - started
    drawn = page.evaluate("atlasDrawn()") if counted else None
    context.close()
    if outside:
        raise SystemExit(f"the page asked the network: {outside[:3]}")
    return took, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright  # only this benchmark drives a browser

    graph = synthetic_graph(args.papers)
    view = graphview.view_data(graph, {"top_n": args.papers})[1]
    colours = style.phenomenon_colours(graph.phenomenon_names)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        data, view, key, summary = graphview.view_data(graph, {"top_n": args.papers})
        shared = Path(tmp) / "shared.html"
        shared.write_text(share_html(data, title=f"{args.papers:,} papers", caption=summary, colours=key))
        build_shared = time.perf_counter() - started
        started = time.perf_counter()
        L, base_data = graphview.layered_data(graph, view, colours)
        baseline = Path(tmp) / "baseline.html"
        baseline.write_text(render_layered_html(base_data, L))
        build_base = time.perf_counter() - started
        expected, size_mb = drawn_counts(data), shared.stat().st_size / 1e6
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            base_times, shared_times = [], []
            for _ in range(args.repeat):
                base_times.append(open_offline(browser, baseline, counted=False)[0])
                took, drawn = open_offline(browser, shared, counted=True)
                shared_times.append(took)
                if (drawn["nodes"], drawn["links"]) != expected:
                    raise SystemExit(f"drew {drawn}, the view has {expected}")
            browser.close()
    base, mine = statistics.median(base_times), statistics.median(shared_times)
    print(f"{args.papers:,} papers: {expected[0]:,} nodes, {expected[1]:,} links; "
          f"shared file {size_mb:.1f} MB")
    print(f"build  : shared {build_shared:.2f} s, baseline (app's pyvis page) {build_base:.2f} s")
    print(f"opened offline to drawn (median of {args.repeat}): shared {mine:.2f} s, baseline {base:.2f} s, "
          f"ratio {mine / base:.2f}x; every link drawn: {expected[1]:,}")


if __name__ == "__main__":
    main()
