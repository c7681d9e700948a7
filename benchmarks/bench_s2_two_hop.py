"""Two-hop Semantic Scholar fetch on a 50k-paper stand-in: requests vs the minimum, resume after SIGKILL.

The local API server of the tests (127.0.0.1, no internet) serves a seeded 50k-paper corpus
(~480k citations, skewed counts; ``tests/support/s2_scale.py``); a 600-paper catalog is fetched with
``neighbourhood_cap=1000, hops=2`` in a child process, as ``phenomena build --neighbourhood
1000 --hops 2`` does.

    .venv/bin/python benchmarks/bench_s2_two_hop.py [--papers 50000] [--catalog 600]

Scenarios, all in one run:

1. cold: requests, the minimum (hop 1 as ``bench_s2_requests`` counts it, hop 2
   ``max(ceil(papers / 500), ceil(answer bytes / 10 MB))``), ratio (target <= 1.1x), wall
   and the child's CPU time;
2. warm re-run on the same cache (0 requests, same graph);
3. baseline: what hop 2 costs paged per paper (``/references`` + ``/citations``, 1000 a
   page; counted from the corpus, not run);
4. kill: the cold fetch again on a new cache, SIGKILLed once half of hop 2 is answered, then
   re-run: requests for answers that were cached (target 0) and the graph against run 1;
5. the same fetch with a 2 MB answer cap on both sides, where answer size, not the 500 ids,
   binds (as for the real catalog, whose 1-hop papers have long lists).

Then the formula applied to the real catalog (581 papers, ~50k at one hop, ~5M citations at two).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import multiprocessing
import os
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.s2.cache import request_key  # noqa: E402
from loaders.s2.hops import (  # noqa: E402
    BYTES_PER_EDGE,
    MAX_IDS,
    NESTED_MAX,
    RESPONSE_BYTES,
    minimum_first_hop_requests,
    minimum_second_hop_requests,
)

CAP = 1000


def child_fetch(url: str, cache_dir: str, papers: list, out: str, response_bytes: int) -> None:
    """The fetch as a build runs it; writes its counts and a digest of its records to ``out``."""
    from loaders.s2 import S2Client, fetch_citation_graph

    with S2Client(url, requests_per_second=10_000, cache_dir=cache_dir, backoff=0.01, seed=0) as client:
        result = fetch_citation_graph(client, papers, neighbourhood_cap=CAP, hops=2, progress=False,
                                      response_bytes=response_bytes)
    records = result.records
    digest = hashlib.sha256(repr((sorted(records.papers.items()), sorted(records.cites.items()))).encode())
    Path(out).write_text(json.dumps({
        "requests": result.requests_made, "hits": result.cache_hits, "errors": result.errors,
        "hop2": result.hop2, "counts": records.counts(), "digest": digest.hexdigest(),
        "resolved": len(result.resolved)}))


def run_child(server, cache_dir, papers, *, response_bytes=RESPONSE_BYTES, kill_after_hop2: int | None = None):
    """(result dict or None when killed, wall s, child CPU s, the server's calls during the run)."""
    ctx = multiprocessing.get_context("spawn")
    out = Path(cache_dir).with_suffix(".json")
    start_calls, cpu0, t0 = len(server.calls), _children_cpu(), time.perf_counter()
    proc = ctx.Process(target=child_fetch, args=(server.url, str(cache_dir), papers, str(out), response_bytes))
    proc.start()
    if kill_after_hop2 is not None:
        while proc.is_alive() and sum(1 for c in server.calls[start_calls:] if is_hop2(c)) < kill_after_hop2:
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    result = json.loads(out.read_text()) if proc.exitcode == 0 else None
    return result, wall, cpu, server.calls[start_calls:]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def is_hop2(call) -> bool:
    return call.method == "POST" and "citations.paperId" in call.params.get("fields", "")


def key_of(call) -> str:
    return request_key(call.method, call.path, call.params, call.body)


def minimum(corpus, papers, calls, cap_bytes: int) -> tuple[int, int]:
    counts = [(corpus.papers[p]["referenceCount"], corpus.papers[p]["citationCount"]) for p in corpus.catalog_ids]
    hop1 = minimum_first_hop_requests(len(papers), 0, counts, CAP)
    hop1_papers = hop1_set(corpus)
    with_lists = sum(1 for p in hop1_papers if corpus.papers[p]["referenceCount"] + corpus.papers[p]["citationCount"])
    hop2 = minimum_second_hop_requests(with_lists, sum(c.nbytes for c in calls if is_hop2(c)), cap=cap_bytes)
    return hop1, hop2


def hop1_set(corpus) -> set[str]:
    out = set()
    for pid in corpus.catalog_ids:
        out |= {t for t, _ in corpus.ref_pairs(pid) if t}
        out |= {s for s, _ in corpus.citing[pid]}
    return out - set(corpus.catalog_ids)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=50_000)
    parser.add_argument("--catalog", type=int, default=600)
    args = parser.parse_args()

    from graph.model.records import Paper
    from tests.support.s2_scale import build_scale_corpus
    from tests.support.s2_server import S2Server

    t0 = time.perf_counter()
    corpus = build_scale_corpus(args.papers, catalog=args.catalog, seed=0)
    papers = []
    for pid in corpus.catalog_ids:
        ext = corpus.papers[pid]["externalIds"]
        arxiv = ext.get("ArXiv")
        papers.append(Paper(id=f"arxiv:{arxiv}" if arxiv else f"s2:{pid}", title=corpus.papers[pid]["title"],
                            arxiv_id=arxiv, s2_id=None if arxiv else pid, in_catalog=True))
    n_cites = sum(p["citationCount"] for p in corpus.papers.values())
    print(f"stand-in: {len(corpus.papers)} papers, {n_cites} citations (built in {time.perf_counter() - t0:.1f} s); "
          f"catalog {len(papers)} papers, {len(hop1_set(corpus))} at one hop")
    server = S2Server(corpus).start()
    ok = True
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            cold, wall, cpu, calls = run_child(server, tmp / "a", papers)
            hop1_min, hop2_min = minimum(corpus, papers, calls, RESPONSE_BYTES)
            hop2_calls = [c for c in calls if is_hop2(c)]
            ratio = cold["requests"] / (hop1_min + hop2_min)
            print("\n[1. cold two-hop fetch]")
            print(f"  graph: {cold['counts']['Paper']} papers, {cold['counts']['CITES']} citations; errors {len(cold['errors'])}")
            print(f"  requests {cold['requests']} = hop 0+1 {cold['requests'] - len(hop2_calls)} + hop 2 {len(hop2_calls)} "
                  f"({cold['hop2']['papers']} papers, {sum(c.nbytes for c in hop2_calls) / 1e6:.0f} MB of answers, "
                  f"largest {max(c.nbytes for c in hop2_calls) / 1e6:.1f} MB)")
            print(f"  minimum {hop1_min + hop2_min} = hop 0+1 {hop1_min} + hop 2 {hop2_min}; ratio {ratio:.3f}x "
                  f"(hop 2 alone {len(hop2_calls) / hop2_min:.3f}x); wall {wall:.1f} s, child CPU {cpu:.1f} s")
            ok &= ratio <= 1.1 and not cold["errors"]

            warm, wall_w, cpu_w, _ = run_child(server, tmp / "a", papers)
            same = warm["digest"] == cold["digest"]
            print(f"\n[2. warm re-run] requests {warm['requests']}, cache hits {warm['hits']}, same graph {same}; "
                  f"wall {wall_w:.1f} s, child CPU {cpu_w:.1f} s")
            ok &= warm["requests"] == 0 and same

            paged = sum(math.ceil(min(corpus.papers[p][f], CAP, NESTED_MAX) / 1000)
                        for p in hop1_set(corpus) for f in ("referenceCount", "citationCount"))
            print(f"\n[3. baseline: hop 2 paged per paper] {paged} requests (counted) vs {len(hop2_calls)} batch calls: "
                  f"{paged / len(hop2_calls):.0f}x more")

            half = max(1, len(hop2_calls) // 2)
            killed, wall_k, _, _ = run_child(server, tmp / "b", papers, kill_after_hop2=half + 1)
            cached = {json.loads(p.read_text())["key"] for p in (tmp / "b").glob("??/*.json")}
            resumed, wall_r, cpu_r, again = run_child(server, tmp / "b", papers)
            asked = [key_of(c) for c in again]
            repeated = len(set(asked) & cached)
            hop2_cached = len({key_of(c) for c in hop2_calls} & cached)
            same = resumed["digest"] == cold["digest"]
            print(f"\n[4. SIGKILL after {half + 1} hop-2 calls reached the server ({wall_k:.1f} s), then re-run]")
            print(f"  cached before the re-run: {len(cached)} answers ({hop2_cached} of {len(hop2_calls)} hop-2 batches); "
                  f"the re-run asked {len(asked)} requests, {repeated} of them already cached; "
                  f"same graph as run 1: {same}; wall {wall_r:.1f} s, child CPU {cpu_r:.1f} s")
            ok &= killed is None and repeated == 0 and same and 0 < hop2_cached < len(hop2_calls)
            ok &= len(asked) + len(cached) == cold["requests"]

            small = 2_000_000
            server.max_response_bytes = small
            capped, wall_c, cpu_c, calls_c = run_child(server, tmp / "c", papers, response_bytes=small)
            server.max_response_bytes = RESPONSE_BYTES
            h1, h2 = minimum(corpus, papers, calls_c, small)
            hop2_c = sum(1 for c in calls_c if is_hop2(c))
            print(f"\n[5. answers capped at {small / 1e6:.0f} MB: size binds, not ids] hop 2 {hop2_c} calls "
                  f"(split {capped['hop2']['split']}), minimum {h2} ({hop2_c / h2:.3f}x); all requests "
                  f"{capped['requests']} vs {h1 + h2} ({capped['requests'] / (h1 + h2):.3f}x); same graph "
                  f"{capped['digest'] == cold['digest']}; wall {wall_c:.1f} s")
            ok &= capped["requests"] <= 1.1 * (h1 + h2) and capped["digest"] == cold["digest"]
    finally:
        server.stop()

    print("\n[the real catalog, from the same formulas]")
    catalog, hop1, lists = 581, 50_000, 5_000_000
    real_hop1 = minimum_first_hop_requests(catalog, 0, [(1, 1)] * catalog, CAP)  # every list non-empty, <= 1000
    for edges in (lists, 2 * lists):  # each two-hop citation is listed once or twice (both ends at hop 1)
        real_hop2 = minimum_second_hop_requests(hop1, edges * BYTES_PER_EDGE)
        total = real_hop1 + real_hop2
        print(f"  {edges / 1e6:.0f}M listed citations: hop 0+1 {real_hop1} + hop 2 {real_hop2} "
              f"(ids {math.ceil(hop1 / MAX_IDS)}, bytes {math.ceil(edges * BYTES_PER_EDGE / RESPONSE_BYTES)}) = {total} "
              f"requests: {total / 60:.0f} min with a key (1/s), {total * 3 / 60:.0f} min without (1 per 3 s)")
    print("\nPASS" if ok else "\nFAIL: target missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
