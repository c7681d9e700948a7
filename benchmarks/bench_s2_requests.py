"""Requests a full catalog build makes against Semantic Scholar, and the ratio to the minimum.

Runs the adapter against the local API server of the tests (127.0.0.1, no
internet) with a synthetic catalog of ~600 papers (mostly arXiv ids, some
DOIs, a few title-only, a few unknown), then again with a warm cache.

    /work/.venv-dev/bin/python benchmarks/bench_s2_requests.py [--papers 600] [--cap 1000]

Minimum possible: one batch call per 500 papers with an id, one title-match
call per title-only paper, and for the 1-hop neighbourhood one page per 1000
edges of each non-empty reference/citation list (up to the cap).  Target: <= 1.1x.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.s2 import S2Client, fetch_citation_graph  # noqa: E402
from loaders.s2.hops import minimum_first_hop_requests  # noqa: E402
from tests.support.s2_server import build_catalog, build_corpus, serve  # noqa: E402


def minimum_requests(corpus, catalog, result, cap: int) -> int:
    counts = []
    for pid in result.resolved:
        paper = corpus.papers[result.records.papers[pid].s2_id]
        counts.append((paper["referenceCount"], paper["citationCount"]))
    return minimum_first_hop_requests(len(catalog.papers) - catalog.title_only, catalog.title_only, counts, cap)


def run(server, cache_dir: Path, catalog, cap: int) -> tuple:
    start = time.perf_counter()
    # backoff scaled down: the local server's faults need no real waiting
    with S2Client(server.url, requests_per_second=10_000, cache_dir=cache_dir, backoff=0.01, seed=0) as client:
        result = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=cap, progress=False)
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=600)
    parser.add_argument("--cap", type=int, default=1000, help="neighbourhood cap of the second scenario")
    args = parser.parse_args()

    corpus = build_corpus(n=args.papers, outside=300, big_citations=2500, seed=3)
    catalog = build_catalog(corpus, title_only=set(range(7, args.papers, 60)))
    server = serve(corpus)
    ok = True
    try:
        n_arxiv = sum(1 for p in catalog.papers if p.arxiv_id)
        n_doi = sum(1 for p in catalog.papers if p.doi and not p.arxiv_id)
        print(f"catalog: {len(catalog.papers)} papers ({n_arxiv} arXiv, {n_doi} DOI only, "
              f"{catalog.title_only} title only); server knows {len(catalog.found)}")
        for label, cap in (("catalog edges only", 0), (f"1-hop neighbourhood, cap {args.cap}", args.cap)):
            with tempfile.TemporaryDirectory() as tmp:
                cold, t_cold = run(server, Path(tmp), catalog, cap)
                warm, t_warm = run(server, Path(tmp), catalog, cap)
            minimum = minimum_requests(corpus, catalog, cold, cap)
            ratio = cold.requests_made / minimum
            counts = cold.records.counts()
            print(f"\n[{label}]")
            print(f"  resolved {len(cold.resolved)}, unresolved {len(cold.unresolved)}, errors {len(cold.errors)}, "
                  f"papers {counts['Paper']}, CITES {counts['CITES']}, authors {counts['Author']}")
            print(f"  cold: {cold.requests_made} requests, minimum {minimum}, ratio {ratio:.3f}x "
                  f"({t_cold:.2f} s locally; ~{cold.requests_made / 1.0 / 60:.1f} min at 1 req/s with a key)")
            print(f"  warm cache: {warm.requests_made} requests, {warm.cache_hits} cache hits ({t_warm:.2f} s); "
                  f"same records: {warm.records == cold.records}")
            ok &= ratio <= 1.1 and warm.requests_made == 0 and warm.records == cold.records
            ok &= len(cold.resolved) == len(catalog.found)
            if cap:
                reference = cold
        # the same neighbourhood build while the server misbehaves now and then
        kinds = ["429", "500", "502", "504", "truncate", "reset", "content_type", "shape"]
        for k in range(24):  # one fault every ~45 requests, each kind three times
            server.add_fault(kinds[k % len(kinds)], "", times=1, after=5 + 45 * k,
                             retry_after="0" if k % 2 else None)
        with tempfile.TemporaryDirectory() as tmp:
            faulty, t_faulty = run(server, Path(tmp), catalog, args.cap)
        same = faulty.records == reference.records and faulty.unresolved == reference.unresolved
        print(f"\n[1-hop neighbourhood, cap {args.cap}, 24 injected faults: 429, 5xx, truncated, reset, HTML, wrong shape]")
        print(f"  {faulty.requests_made} requests ({faulty.requests_made - reference.requests_made} retries), "
              f"errors {len(faulty.errors)}, same records as the clean run: {same} ({t_faulty:.2f} s)")
        ok &= same and not faulty.errors
    finally:
        server.stop()
    print("\nPASS" if ok else "\nFAIL: target missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
