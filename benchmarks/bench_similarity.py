"""The offline similarity step on the scale benchmark's graph, hub authors included.

    python benchmarks/bench_similarity.py                   # 5k and 50k papers
    python benchmarks/bench_similarity.py --papers 500000   # 50k and 500k (minutes; 2 cores)

The graph is :func:`bench_scale.synthetic_graph`'s: its authorships are Pareto-skewed, so at
50k papers one author is on ~15k papers (14,714 with the default seed), as consortium papers,
prolific authors and "et al." placeholders are in real two-hop neighbourhoods.
:func:`graph.analytics.similarity.compute_similar_papers` (what the exports and the Graph page
draw as offline RELATED_TO links) is timed on it, and, as the anchor in the same run, on the same
graph without the authors the step leaves out (over ``AUTHOR_MAX_PAPERS`` papers): a ratio near 1
says hubs cost nothing.  It prints the author pairs the co-author product holds against the pairs
``A @ A.T`` over every author would hold, and the growth exponent from a tenth of the size
(1.00: linear).  Targets (issue 27): <= 5 s at 50k, <= 60 s at 500k papers.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import FULL, synthetic_graph  # noqa: E402

from graph.analytics.author_weights import AUTHOR_MAX_PAPERS  # noqa: E402
from graph.analytics.similarity import compute_similar_papers  # noqa: E402
from graph.model.graph_model import GraphModel  # noqa: E402

TARGETS = {50_000: 5.0, 500_000: 60.0}


def measure(papers: int, seed: int) -> dict:
    """Seconds of the step with and without the hub authors, and its pair counts, at ``papers``."""
    G = GraphModel.from_records(synthetic_graph(papers / FULL["papers"], seed)).citation_graph()
    df = Counter(a for _, d in G.nodes(data=True) for a in set(d.get("authors") or ()))
    t0, c0 = time.perf_counter(), time.process_time()
    edges = compute_similar_papers(G, top=3)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    hubs = {a for a, n in df.items() if n > AUTHOR_MAX_PAPERS}
    for v in G:  # the anchor: the same graph without the authors the step leaves out
        G.nodes[v]["authors"] = [a for a in G.nodes[v].get("authors") or () if a not in hubs]
    t0 = time.perf_counter()
    compute_similar_papers(G, top=3)
    anchor = time.perf_counter() - t0
    return {"papers": len(G), "edges": len(edges), "seconds": seconds, "cpu_s": cpu, "anchor_s": anchor,
            "top_author": max(df.values(), default=0), "hubs": len(hubs),
            "pairs_all": sum(n * n for n in df.values()),
            "pairs_kept": sum(n * n for n in df.values() if n <= AUTHOR_MAX_PAPERS)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, default=50_000, help="the large size (a tenth of it is run too)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores: above 2, other work shares them)")
    rows = [measure(max(1000, args.papers // 10), args.seed), measure(args.papers, args.seed)]
    for r in rows:
        target = TARGETS.get(r["papers"])
        verdict = "" if target is None else f" (target <= {target:g} s: {'ok' if r['seconds'] <= target else 'MISSED'})"
        print(f"{r['papers']:>8,} papers: {r['seconds']:6.2f} s (cpu {r['cpu_s']:.2f} s){verdict}, {r['edges']:,} edges; "
              f"anchor without hub authors {r['anchor_s']:.2f} s, ratio {r['seconds'] / r['anchor_s']:.2f}; "
              f"top author on {r['top_author']:,} papers, {r['hubs']} authors over {AUTHOR_MAX_PAPERS} papers left "
              f"out; author pairs {r['pairs_kept']:,} of {r['pairs_all']:,} (A @ A.T over every author)")
    small, large = rows
    exponent = math.log(large["seconds"] / small["seconds"]) / math.log(large["papers"] / small["papers"])
    print(f"growth exponent {small['papers']:,} -> {large['papers']:,} papers: {exponent:.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
