"""A large corpus for the local Semantic Scholar server: 50k papers, ~500k citations, seeded.

Papers are generated in publication order; each cites earlier ones, mostly by preferential
attachment, so citation counts are skewed as in the real graph (a few papers cited thousands
of times, most a handful), and reference counts are log-normal.  The catalog papers sit in
the later half and are cited more (they are the well-known ones).  About one paper in ten has
a reference S2 could not resolve (``paperId: null``), as real reference lists do.

Edges are stored as plain id lists with shared attribute templates
(:class:`CompactCorpus`), so 500k citations take tens of MB, not a dict each.

>>> corpus = build_scale_corpus(2_000, catalog=50, seed=1)
>>> len(corpus.papers), len(corpus.catalog_ids)
(2000, 50)
>>> max(p["citationCount"] for p in corpus.papers.values()) > 20 * 10
True
"""
from __future__ import annotations

import math
import random

from tests.support.s2_server import Corpus, edge, synthetic_paper

__all__ = ["CompactCorpus", "build_scale_corpus"]


class CompactCorpus(Corpus):
    """``refs[pid]`` is a list of cited paperIds (``None``: unresolved); attributes come from templates."""

    templates: list[dict] = []

    def ref_pairs(self, pid: str) -> list[tuple[str | None, dict]]:
        templates = self.templates
        return [(target, templates[k % len(templates)]) for k, target in enumerate(self.refs[pid])]


def build_scale_corpus(n: int = 50_000, *, catalog: int = 600, catalog_arxiv: list[str] | None = None,
                       mean_refs: float = 10.0, catalog_boost: int = 100, seed: int = 0) -> CompactCorpus:
    """``n`` papers, ~``mean_refs`` references each; ``corpus.catalog_ids`` are the catalog's paperIds.

    ``catalog_arxiv``: arXiv ids (and their order) to give the catalog papers, e.g. the
    snapshot's, so a real ``phenomena build`` resolves them; else ``catalog`` synthetic ones.
    """
    rng = random.Random(seed)
    corpus = CompactCorpus()
    corpus.templates = [{k: v for k, v in edge(None, rng).items() if k != "paperId"} for _ in range(16)]
    for template in corpus.templates:
        template["title"] = "An unresolved reference"
    wanted = len(catalog_arxiv) if catalog_arxiv is not None else catalog
    first, last = int(n * 0.4), int(n * 0.95)
    step = max(1, (last - first) // max(wanted, 1))
    positions = {first + k * step: k for k in range(wanted)}
    mu = math.log(mean_refs) - 0.5  # log-normal with sigma 1 has mean exp(mu + 1/2)
    ids: list[str] = []
    pool: list[int] = []  # paper i appears once, plus once per citation it received
    corpus.catalog_ids = []
    for i in range(n):
        paper = synthetic_paper(i, rng, arxiv=i % 5 != 0, doi=i % 5 in (0, 1), prefix="scale")
        paper["externalIds"]["MAG"] = str(3_000_000_000 + i)
        if i in positions:
            k = positions[i]
            if catalog_arxiv is not None:
                paper["externalIds"]["ArXiv"] = catalog_arxiv[k]
                paper["externalIds"].pop("DOI", None)
            corpus.catalog_ids.append(paper["paperId"])
        count = min(i, int(rng.lognormvariate(mu, 1.0)))
        chosen: set[int] = set()
        for _ in range(count * 3):
            if len(chosen) >= count:
                break
            chosen.add(pool[rng.randrange(len(pool))] if rng.random() < 0.8 else rng.randrange(i))
        refs: list[str | None] = [ids[j] for j in sorted(chosen)]
        if i % 10 == 3:
            refs.append(None)
        corpus.add(paper, refs)
        ids.append(paper["paperId"])
        pool.extend(chosen)
        pool.extend([i] * (1 + (catalog_boost if i in positions else 0)))
    corpus.syn_ids = ids
    corpus.recorded_ids = []
    return corpus.finish()


if __name__ == "__main__":  # python -m tests.support.s2_scale: the shape of the default corpus
    import time

    start = time.perf_counter()
    big = build_scale_corpus()
    counts = sorted(p["citationCount"] for p in big.papers.values())
    print(f"{len(big.papers)} papers, {sum(counts)} citations in {time.perf_counter() - start:.1f} s; "
          f"citations per paper: median {counts[len(counts) // 2]}, max {counts[-1]}; "
          f"catalog median {sorted(big.papers[c]['citationCount'] for c in big.catalog_ids)[len(big.catalog_ids) // 2]}")
