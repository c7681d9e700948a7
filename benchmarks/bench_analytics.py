"""Benchmark: every analytic on a synthetic citation graph of 50k papers / 500k citations.

Run:  python benchmarks/bench_analytics.py [--papers 50000] [--citations 500000] [--seed 1] [--skip-networkx]

The graph is seeded and has realistic structure: papers arrive in time
order and cite earlier papers by preferential attachment (an urn holding each
paper once plus once per citation received), mostly within their own planted
topic.  Titles mix topic words and common words, so labels can be checked.

It times ``compute_analytics`` (the path ``phenomena analyze`` runs, with the
default backend) step by step against the 10 s target, then times plain
NetworkX on the steps where igraph is used, and prints the ratio and the
agreement: Spearman correlation of PageRank, largest betweenness difference
on the same sampled sources, NMI between the two clusterings and against the
planted topics.
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.analytics import bridge_papers as bridges  # noqa: E402
from graph.analytics import centrality, clusters, phenomena, similarity
from graph.analytics.analyze import compute_analytics  # noqa: E402
from graph.model.records import About, Cites, GraphRecords, Paper  # noqa: E402

COMMON = ("learning deep neural networks training generalization analysis theory empirical study "
          "large scale dynamics optimization representation models data").split()


def synthetic_records(papers: int, citations: int, *, topics: int = 40, seed: int = 1,
                      p_same_topic: float = 0.85, p_recent: float = 0.5,
                      window: int = 300) -> tuple[GraphRecords, list[int]]:
    """Papers in time order; each cites ~citations/papers earlier papers.  A
    reference is from the same topic with ``p_same_topic``; it is a recent paper
    (uniform among the topic's last ``window``) with ``p_recent``, else drawn by
    preferential attachment.  Returns the records and each paper's topic."""
    rng = random.Random(seed)
    words = [[f"t{t}w{j}" for j in range(3)] for t in range(topics)]
    per_paper = citations / max(1, papers - 20)
    recs = GraphRecords()
    topic_of: list[int] = []
    urns: list[list[int]] = [[] for _ in range(topics)]
    by_topic: list[list[int]] = [[] for _ in range(topics)]
    everyone: list[int] = []
    keys = [f"s2:{i}" for i in range(papers)]
    for i in range(papers):
        t = rng.randrange(topics)
        topic_of.append(t)
        year = 1990 + (35 * i) // papers
        title = " ".join(rng.sample(words[t], 2) + rng.sample(COMMON, 3))
        recs.papers[keys[i]] = Paper(id=keys[i], title=title, year=year, in_catalog=rng.random() < 0.05,
                                     keywords=[words[t][0]] if rng.random() < 0.5 else [])
        if t < 10 and rng.random() < 0.3:
            recs.add_edge(About(keys[i], f"phen:{t}"))
        if i >= 20:
            m = min(i, max(1, round(rng.expovariate(1 / per_paper))))
            refs: set[int] = set()
            for _ in range(3 * m):
                if len(refs) >= m:
                    break
                tt = t if rng.random() < p_same_topic else rng.randrange(topics)
                if not by_topic[tt]:
                    urn = everyone
                elif rng.random() < p_recent:
                    urn = by_topic[tt][-window:]
                else:
                    urn = urns[tt]
                refs.add(urn[rng.randrange(len(urn))])
            for j in refs:
                recs.cites[(keys[i], keys[j])] = Cites(keys[i], keys[j])
                urns[topic_of[j]].append(j)
        urns[t].append(i)
        by_topic[t].append(i)
        everyone.append(i)
    return recs, topic_of


def nmi(a: list[int], b: list[int]) -> float:
    """Normalised mutual information (arithmetic mean normalisation, as scikit-learn)."""
    n = len(a)
    pairs = Counter(zip(a, b))
    ca, cb = Counter(a), Counter(b)
    mi = sum(c / n * math.log(n * c / (ca[x] * cb[y])) for (x, y), c in pairs.items())
    ha = -sum(c / n * math.log(c / n) for c in ca.values())
    hb = -sum(c / n * math.log(c / n) for c in cb.values())
    return 2 * mi / (ha + hb) if ha + hb else 1.0


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=50_000)
    ap.add_argument("--citations", type=int, default=500_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--nx-betweenness-k", type=int, default=8, help="sampled sources for the NetworkX comparison")
    ap.add_argument("--skip-networkx", action="store_true", help="only time the default path")
    args = ap.parse_args()

    (recs, topic_of), t_gen = timed(synthetic_records, args.papers, args.citations, seed=args.seed)
    print(f"synthetic graph: {len(recs.papers)} papers, {len(recs.cites)} citations "
          f"(generated in {t_gen:.1f} s, not counted)")

    result, t_all = timed(compute_analytics, recs, seed=42)
    print("\ncompute_analytics (default backend 'auto'):")
    for name, seconds in result.timings.items():
        print(f"  {name:<18} {seconds:7.2f} s")
    print(f"  {'TOTAL':<18} {t_all:7.2f} s   target <= 10 s: {'OK' if t_all <= 10 else 'MISSED'}")
    G = result.graph
    print(f"  (clusters on direct citations: {len(G)} papers > SIMILARITY_MAX_NODES = {clusters.SIMILARITY_MAX_NODES})"
          if len(G) > clusters.SIMILARITY_MAX_NODES else "  (clusters on citations + co-citation + coupling)")
    G = result.graph
    index = {v: i for i, v in enumerate(recs.papers)}
    membership = [0] * len(G)
    for v, s in result.scores.items():
        membership[index[v]] = s["cluster"]
    big = [c for c in result.clusters if len(c) >= 50]
    print(f"  clusters: {len(result.clusters)} ({len(big)} with >= 50 papers); "
          f"NMI vs planted topics {nmi(membership, topic_of):.3f}")
    hits = sum(1 for i, c in enumerate(result.clusters[:len(big)])
               if result.cluster_labels.get(i) and result.cluster_labels[i][0].split()[0].startswith("t"))
    print(f"  labels led by a planted topic word: {hits}/{len(big)} big clusters")

    print("\non demand (not part of `analyze`):")
    A, _ = similarity.citation_matrix(G)
    C, t = timed(similarity.cocitation_matrix, A, max_refs=clusters.MAX_REFS)
    print(f"  co-citation matrix       {t:6.2f} s  ({C.nnz // 2} pairs)")
    B, t = timed(similarity.coupling_matrix, A, max_citers=clusters.MAX_CITERS)
    print(f"  coupling matrix          {t:6.2f} s  ({B.nnz // 2} pairs; references cited > {clusters.MAX_CITERS}x left out)")
    _, t = timed(similarity.compute_cooccurrence, G, "keywords")
    print(f"  keyword co-occurrence    {t:6.2f} s")
    hub = max(G, key=G.in_degree)
    _, t = timed(similarity.related_papers, G, hub, 10)
    print(f"  related_papers(top hub)  {t:6.2f} s")
    sizes = {p: len(s) for p, s in phenomena.phenomenon_papers(G).items()}
    rows, t_br_ig = timed(bridges.rank_bridges, G, "phen:0", "phen:1", backend="igraph")
    print(f"  bridge_papers(phen:0 [{sizes['phen:0']} papers], phen:1 [{sizes['phen:1']}])  igraph {t_br_ig:6.2f} s")
    if args.skip_networkx:
        return

    print("\nigraph vs plain NetworkX (same run, same graph):")
    pr_nx, t_pr_nx = timed(centrality.compute_pagerank, G, backend="networkx")
    pr_ig, t_pr_ig = timed(centrality.compute_pagerank, G, backend="igraph")
    rho = spearmanr([pr_nx[v] for v in G], [pr_ig[v] for v in G]).statistic
    print(f"  pagerank     networkx {t_pr_nx:6.2f} s  igraph {t_pr_ig:6.2f} s  ratio {t_pr_nx / t_pr_ig:6.1f}x  "
          f"Spearman {rho:.5f}  max |diff| {max(abs(pr_nx[v] - pr_ig[v]) for v in G):.1e}")

    k = args.nx_betweenness_k
    b_nx, t_b_nx = timed(centrality.compute_betweenness, G, k=k, seed=42, backend="networkx")
    b_ig, t_b_ig = timed(centrality.compute_betweenness, G, k=k, seed=42, backend="igraph")
    print(f"  betweenness  networkx {t_b_nx:6.2f} s  igraph {t_b_ig:6.2f} s  ratio {t_b_nx / t_b_ig:6.1f}x  "
          f"(k={k} sampled sources, same sample) max |diff| {max(abs(b_nx[v] - b_ig[v]) for v in G):.1e}")
    print(f"               default k={centrality.BETWEENNESS_SAMPLES} on igraph: {result.timings['betweenness']:.2f} s;"
          f" networkx would need ~{t_b_nx / k * centrality.BETWEENNESS_SAMPLES:.0f} s")

    rows_nx, t_br_nx = timed(bridges.rank_bridges, G, "phen:0", "phen:1", backend="networkx")
    same = [r["paper"] for r in rows_nx] == [r["paper"] for r in rows]
    print(f"  bridges      networkx {t_br_nx:6.2f} s  igraph {t_br_ig:6.2f} s  ratio {t_br_nx / t_br_ig:6.1f}x  "
          f"same top-10 ranking: {same}")
    c_nx, t_c_nx = timed(clusters.compute_clusters, G, seed=42, backend="networkx")
    c_ig, t_c_ig = timed(clusters.compute_clusters, G, seed=42, backend="igraph")
    m_nx, m_ig = clusters.cluster_index(c_nx), clusters.cluster_index(c_ig)
    a, b = [m_nx[v] for v in G], [m_ig[v] for v in G]
    print(f"  louvain      networkx {t_c_nx:6.2f} s  igraph {t_c_ig:6.2f} s  ratio {t_c_nx / t_c_ig:6.1f}x  "
          f"NMI(nx, igraph) {nmi(a, b):.3f}  NMI vs topics: nx {nmi([m_nx[v] for v in recs.papers], topic_of):.3f} "
          f"igraph {nmi([m_ig[v] for v in recs.papers], topic_of):.3f}")
    c_ld, t_c_ld = timed(clusters.compute_clusters, G, seed=42, method="leiden", backend="igraph")
    m_ld = clusters.cluster_index(c_ld)
    print(f"  leiden       igraph {t_c_ld:6.2f} s  NMI(leiden, nx louvain) {nmi([m_ld[v] for v in G], a):.3f}  "
          f"NMI vs topics {nmi([m_ld[v] for v in recs.papers], topic_of):.3f}")
    again = clusters.compute_clusters(G, seed=42, backend="igraph")
    print(f"  same seed, same clusters (igraph louvain, second run): {again == c_ig}")


if __name__ == "__main__":
    main()
