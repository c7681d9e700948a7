"""The multi-layer view and the similarity edges: time to a stable drawing, time to compute.

1. A synthetic 10,000-node, 50,000-edge multi-layer graph (papers, 25 phenomena,
   keywords, authors; ABOUT, HAS_KEYWORD, WROTE, CITES, RELATED_TO) drawn by the
   app's layered view in Debian's headless chromium, until the first drawn frame
   (positions are precomputed, physics off: the first frame is the stable one).
   Target ≤ 5 s.  Baseline in the same run: the paper-only view of the same papers.
   Also timed in the Graph page's component (its frontend in chromium, sent the page's data).
2. The offline default view (Paper + Phenomenon layers, top 500 papers, similarity
   edges) of the bundled catalog built offline.  Target ≤ 1.5 s.
3. Similarity edges (TF-IDF + shared authors) for 50,000 synthetic papers.  Target
   ≤ 10 s.  Baseline in the same run: the bare sparse product X·Xᵀ they need.

Run:  python -m benchmarks.bench_layered_view [--papers 50000] [--home DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from tqdm import tqdm  # noqa: E402

from app.web import graphview, services, style  # noqa: E402
from app.web.component import frontend_dir, rank_labels  # noqa: E402
from app.web.layerview import legend_overlay_html  # noqa: E402
from benchmarks.bench_graph_view import CHROMIUM_ARGS, time_in_browser  # noqa: E402
from graph.drawing.layers import LAYERS  # noqa: E402
from graph.model import records as rec  # noqa: E402
from graph.model.graph_model import GraphModel  # noqa: E402


def synthetic_model(papers: int = 6000, keywords: int = 1500, authors: int = 2475, seed: int = 0) -> GraphModel:
    """About 10,000 nodes and 50,000 edges: each paper ~1.3 phenomena, 2.5 keywords, 2.5 authors, 2 citations."""
    rng = random.Random(seed)
    r = rec.GraphRecords()
    r.phenomena = {f"phen:{i}": rec.Phenomenon(f"phen:{i}", f"Phenomenon {i}") for i in range(25)}
    r.keywords = {f"kw:{i}": rec.Keyword(f"kw:{i}", f"keyword {i}") for i in range(keywords)}
    r.authors = {f"a:{i}": rec.Author(f"a:{i}", f"Author {i}") for i in range(authors)}
    phen, kws, auth = list(r.phenomena), list(r.keywords), list(r.authors)
    weights = [1 / (i + 1) for i in range(25)]
    for i in range(papers):
        pid = f"p{i}"
        r.papers[pid] = rec.Paper(pid, f"Paper {i} on " + " ".join(rng.sample(["grokking", "descent", "bias",
                                  "collapse", "scaling", "memorization", "sharpness", "lottery"], 3)),
                                  year=2000 + i * 25 // papers, in_catalog=True)
        for f in set(rng.choices(phen, weights, k=rng.choice((1, 1, 2)))):
            r.add_edge(rec.About(pid, f))
        for k in rng.sample(kws, rng.choice((2, 3))):
            r.add_edge(rec.HasKeyword(pid, k))
        for j, a in enumerate(rng.sample(auth, rng.choice((2, 3)))):
            r.add_edge(rec.Wrote(a, pid, j))
        for _ in range(2) if i else ():
            r.add_edge(rec.Cites(pid, f"p{rng.randrange(i)}"))
    return GraphModel.from_records(r)


def time_in_component(browser, args: dict, cap_s: float) -> float:
    """Seconds for the Graph page's component (its frontend, as Streamlit serves it) to draw ``args``."""
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    try:
        page.goto((frontend_dir() / "index.html").as_uri())
        payload = json.dumps(args)
        started = time.perf_counter()
        page.evaluate("a => window.postMessage({type: 'streamlit:render', args: JSON.parse(a)}, '*')", payload)
        page.wait_for_selector("body[data-atlas-ready]", state="attached", timeout=cap_s * 1000)
        return time.perf_counter() - started
    finally:
        page.close()


def bench_large_view(page, browser) -> None:
    model = synthetic_model()
    started = time.perf_counter()
    view = services.select_view(model, top_n=len(model.papers))
    colours = style.phenomenon_colours(model.phenomenon_names)
    options = dict(layers=LAYERS, similarity=False, edge_kinds=graphview.EDGE_KINDS, max_terms=100_000)
    L, html = graphview.render_layers(model, view, colours, **options)
    python_s = time.perf_counter() - started
    n_nodes, n_edges = len(L.nodes), len(L.edges)
    ours = time_in_browser(page, html, 60.0)
    papers_only = graphview.render_graph_html(view, graphview.view_layout(view), colours, model.phenomenon_names)
    base = time_in_browser(page, papers_only, 60.0)
    print(f"multi-layer view: {n_nodes} nodes, {n_edges} edges ({L.edge_counts()}); python {python_s:.2f} s, "
          f"chromium {ours:.2f} s (target ≤ 5 s); paper-only view of the same papers {base:.2f} s; "
          f"ratio {ours / base:.2f}x", flush=True)
    # The Graph page draws the same data in its component (app/web/ui.py adds label ranks and the legend).
    _, data = graphview.layered_data(model, view, colours, **options)
    args = {**data, "nodes": rank_labels(data["nodes"]), "overlay": legend_overlay_html(L), "view_key": "bench",
            "data_version": "1", "height": 700, "selected": [], "selection_seq": 0, "fit_to": []}
    drawn = time_in_component(browser, args, 120.0)
    print(f"multi-layer view in the Graph page's component: {drawn:.2f} s (target ≤ 5 s); "
          f"ratio to the paper-only view {drawn / base:.2f}x", flush=True)


def bench_offline_default(page, home: str | None) -> None:
    from graph.model.read import load_graph_model
    from graph.store.embedded.store import EmbeddedStore

    if home is None:
        home = tempfile.mkdtemp(prefix="atlas-bench-")
        env = {**os.environ, "PHENOMENA_HOME": home, "S2_API_URL": "http://127.0.0.1:9"}
        print("building the bundled catalog offline…", flush=True)
        subprocess.run([sys.executable, "-m", "app.cli", "build", "--offline"], env=env, check=True,
                       capture_output=True)
    with EmbeddedStore(Path(home) / "atlas.lbug") as store:
        model = load_graph_model(store)
    started = time.perf_counter()
    view = services.select_view(model, rank_by=services.measures(model)[0])
    L, html = graphview.render_layers(model, view, style.phenomenon_colours(model.phenomenon_names))
    python_s = time.perf_counter() - started
    ours = time_in_browser(page, html, 60.0)
    papers_only = graphview.render_graph_html(view, graphview.view_layout(view),
                                              style.phenomenon_colours(model.phenomenon_names),
                                              model.phenomenon_names)
    base = time_in_browser(page, papers_only, 60.0)
    print(f"offline default view: {len(L.nodes)} nodes, {len(L.edges)} edges; python {python_s:.2f} s "
          f"(similarity included), chromium {ours:.2f} s (target ≤ 1.5 s); paper-only view {base:.2f} s; "
          f"ratio {ours / base:.2f}x")


def bench_similarity(n: int) -> None:
    import networkx as nx
    import scipy.sparse as sp

    from graph.analytics import similarity

    rng = random.Random(1)
    words = [f"w{i}x" for i in range(8000)]
    weights = [1 / (i + 1) for i in range(8000)]
    G = nx.DiGraph()
    for i in tqdm(range(n), desc="synthetic papers", leave=False, mininterval=2):
        G.add_node(i, title=" ".join(rng.choices(words, weights, k=9)), keywords=rng.choices(words[:2000], k=3),
                   authors=[f"a{rng.randint(0, n)}" for _ in range(3)], phenomenon_names=[])
    started = time.perf_counter()
    X, _ = similarity._tfidf([similarity._text_of(G.nodes[v], True) for v in G], max_df=max(50, n // 500))
    for start in range(0, n, 4096):
        sp.csr_array(X[start:start + 4096] @ X.T)
    base = time.perf_counter() - started
    started = time.perf_counter()
    edges = similarity.compute_similar_papers(G)
    ours = time.perf_counter() - started
    print(f"similarity: {n} papers -> {len(edges)} edges with reasons in {ours:.2f} s (target ≤ 10 s); "
          f"bare TF-IDF + X·Xᵀ {base:.2f} s; ratio {ours / base:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=50_000, help="papers for the similarity benchmark")
    parser.add_argument("--home", default=None, help="PHENOMENA_HOME with an offline build (default: build one)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("data:", "about:", "blob:")) else route.abort())  # offline: nothing may load
        page = context.new_page()
        bench_large_view(page, browser)
        bench_offline_default(page, args.home)
        browser.close()
    bench_similarity(args.papers)


if __name__ == "__main__":
    main()
