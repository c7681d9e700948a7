"""A seed-paper map (Connected Papers' first screen): the papers most similar to one or several seeds.

Each candidate is scored against every seed with :func:`graph.analytics.similarity.related_papers`
(text similarity, shared concepts, co-citation, coupling and direct citations, shared authors)
and the map keeps the ``size`` best by the mean over the seeds, so a paper close to all seeds
beats one close to a single seed.  Papers of the map are then linked to each other by the same
combined score (:func:`pair_scores`), laid out by a force layout on those links (similar papers
sit close), and, when the graph has citations, the map's **prior works** (papers outside it that
most of it cites) and **derivative works** (papers outside it citing most of it) are listed.

>>> import networkx as nx
>>> G = nx.DiGraph([("x", "a"), ("x", "b"), ("y", "a"), ("y", "b"), ("a", "r"), ("b", "r")])
>>> for v in G:
...     G.nodes[v].update(title=f"Paper {v}", year=2020, keywords=[], phenomena=[], authors=[])
>>> m = build_seed_map(G, ["a"], size=1)
>>> m.seeds, m.papers[0], "co-cited by 2 papers" in m.reasons["b"][0]
(['a'], 'b', True)
>>> [(p, n) for p, n in m.prior], [(p, n) for p, n in m.derivative]
([('r', 2)], [('x', 2), ('y', 2)])
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from graph.analytics.centrality import knowledge_links
from graph.analytics.similarity import RELATED_WEIGHTS, concept_weights, paper_concepts, related_papers
from graph.analytics.text_similarity import EMBEDDING_SHARE, TextIndex, text_index
from graph.errors import AtlasError
from graph.model.identity import normalize_arxiv_id, normalize_doi
from graph.words import author_year

__all__ = ["SeedMap", "build_seed_map", "pair_scores", "find_paper", "DEFAULT_SIZE", "MAX_SIZE", "LINKS_PER_PAPER"]

DEFAULT_SIZE = 40  # Connected Papers draws about 40 papers
MAX_SIZE = 100
LINKS_PER_PAPER = 3  # each paper is linked to its most similar papers of the map, as many as this
MIN_LINK = 0.05  # weaker pairs are not drawn (a paper's best link always is)
PRIOR_SHOWN = 10  # prior and derivative works listed


@dataclass
class SeedMap:
    """A seed map: ``papers`` (seeds first, then by score), their scores and reasons, links and layout."""

    seeds: list[str]
    papers: list[str]  # the map's similar papers, best first (seeds not included)
    score: dict[str, float]  # paper -> mean combined score over the seeds
    reasons: dict[str, list[str]]  # paper -> why (per seed when there are several)
    links: list[tuple[str, str, float]]  # (u, v, combined score) between papers of the map
    cites: list[tuple[str, str]]  # citations between papers of the map
    positions: dict[str, tuple[float, float]]
    size_by: str  # "citations" or "knowledge links"
    size_of: dict[str, float]  # paper -> its measure
    prior: list[tuple[str, int]] = field(default_factory=list)  # (paper outside, map papers citing it)
    derivative: list[tuple[str, int]] = field(default_factory=list)  # (paper outside, map papers it cites)

    @property
    def nodes(self) -> list[str]:
        return self.seeds + self.papers

    @property
    def has_citations(self) -> bool:
        return bool(self.cites or self.prior or self.derivative)


def find_paper(G: nx.Graph, ref: str) -> str | None:
    """The key of the paper ``ref`` names: its key, arXiv id, DOI or exact title (any case); None if none.

    >>> G = nx.DiGraph()
    >>> G.add_node("arxiv:2201.02177", arxiv_id="2201.02177", doi=None, title="Grokking")
    >>> [find_paper(G, r) for r in ("arxiv:2201.02177", "2201.02177v2", "https://arxiv.org/abs/2201.02177", "grokking", "x")]
    ['arxiv:2201.02177', 'arxiv:2201.02177', 'arxiv:2201.02177', 'arxiv:2201.02177', None]
    """
    ref = (ref or "").strip()
    if not ref:
        return None
    if ref in G:
        return ref
    arxiv = normalize_arxiv_id(ref.split("arxiv.org/abs/")[-1].split("arxiv.org/pdf/")[-1])
    doi = normalize_doi(ref)
    title = ref.casefold()
    for key, data in G.nodes(data=True):
        if (arxiv and data.get("arxiv_id") == arxiv) or (doi and (data.get("doi") or "").lower() == doi.lower()):
            return key
    for key, data in G.nodes(data=True):
        if (data.get("title") or "").strip().casefold() == title:
            return key
    return None


def build_seed_map(G: nx.DiGraph, seeds: list[str], *, size: int = DEFAULT_SIZE, index: TextIndex | None = None,
                   seed: int = 7) -> SeedMap:
    """The seed map of ``seeds`` (paper keys of the citation graph ``G``): the ``size`` most similar papers.

    ``index``: the text index (with embeddings when known; built from ``G`` when None);
    ``seed``: the force layout's random seed (the same seed gives the same picture).
    Raises AtlasError for an unknown seed or a size out of range.
    """
    seeds = list(dict.fromkeys(seeds))
    if not seeds:
        raise AtlasError("choose at least one seed paper")
    missing = [s for s in seeds if s not in G]
    if missing:
        raise AtlasError(f"paper {missing[0]!r} is not in the graph: search for it, or grow the graph from "
                         f"Semantic Scholar first (phenomena grow --paper ID)")
    if not 1 <= size <= MAX_SIZE:
        raise AtlasError(f"a seed map holds 1 to {MAX_SIZE} papers, not {size}")
    index = index or text_index(G)
    total: dict[str, float] = {}
    why: dict[str, list[str]] = {}
    for s in seeds:
        for r in related_papers(G, s, top=len(G), index=index):
            if r.paper in seeds or r.score <= 0:
                continue
            total[r.paper] = total.get(r.paper, 0.0) + r.score
            prefix = f"to {_label(G, s)}: " if len(seeds) > 1 else ""
            why.setdefault(r.paper, []).extend(prefix + part for part in r.reason.split("; ") if part)
    ranked = sorted(total, key=lambda v: (-total[v], str(v)))[:size]
    score = {v: round(total[v] / len(seeds), 4) for v in ranked}
    nodes = seeds + ranked
    pairs = pair_scores(G, nodes, index=index)
    links = _strongest_links(nodes, pairs)
    members = set(nodes)
    cites = [(u, v) for u in nodes for v in G.successors(u) if v in members and u != v]
    prior, derivative = _outside_works(G, members)
    size_by, size_of = _sizes(G, nodes)
    positions = _layout(nodes, links, seeds, seed=seed)
    return SeedMap(seeds, ranked, score, {v: why.get(v, []) for v in ranked}, links, sorted(cites), positions,
                   size_by, size_of, prior, derivative)


def pair_scores(G: nx.DiGraph, nodes: list[str], *, index: TextIndex | None = None) -> dict[tuple[str, str], float]:
    """``{(u, v): score}`` for every pair of ``nodes`` (``u`` before ``v`` in ``nodes``) with a score above 0:
    the topical score of :func:`~graph.analytics.similarity.related_papers` (text + ½ × shared concepts +
    citations n/(n+2)), computed for the pairs alone, so a 50-paper map costs one small matrix product.

    >>> G = nx.DiGraph([("x", "a"), ("x", "b")])
    >>> for v in G:
    ...     G.nodes[v].update(title=v, keywords=[], phenomena=[])
    >>> pair_scores(G, ["a", "b"])
    {('a', 'b'): 0.3333}
    """
    index = index or text_index(G)
    w = RELATED_WEIGHTS
    rows = [index.position[v] for v in nodes]
    text = (index.X[rows] @ index.X[rows].T).toarray()
    if index.E is not None:
        E = index.E[rows]
        has = E.any(axis=1)
        both = np.outer(has, has)
        text = np.where(both, (1 - EMBEDDING_SHARE) * text + EMBEDDING_SHARE * np.clip(E @ E.T, 0, 1), text)
    idf = concept_weights(G)
    concepts = [{c for c in paper_concepts(G.nodes[v]) if idf.get(c, 0.0) > 0} for v in nodes]
    cited_by = [set(G.predecessors(v)) for v in nodes]
    refs = [set(G.successors(v)) for v in nodes]
    out = {}
    for i, u in enumerate(nodes):
        mine = sum(idf[c] for c in concepts[i]) or 1.0
        for j in range(i + 1, len(nodes)):
            v = nodes[j]
            theirs = sum(idf[c] for c in concepts[j]) or 1.0
            shared = sum(idf[c] for c in concepts[i] & concepts[j])
            direct = int(v in refs[i] or u in refs[j])
            linked = len(cited_by[i] & cited_by[j]) + len(refs[i] & refs[j]) + direct
            score = (w["text"] * float(min(text[i, j], 1.0)) + w["concept"] * shared / max(mine, theirs)
                     + w["citation"] * linked / (linked + 2))
            if score > 0:
                out[(u, v)] = round(score, 4)
    return out


def _label(G: nx.DiGraph, key: str) -> str:
    """"FirstAuthor Year", else the title."""
    data = G.nodes[key]
    return author_year((data.get("authors") or [None])[0], data.get("year")) or data.get("title") or str(key)


def _strongest_links(nodes: list[str], pairs: dict) -> list[tuple[str, str, float]]:
    """Each paper's :data:`LINKS_PER_PAPER` strongest pairs above :data:`MIN_LINK` (its best one always)."""
    best: dict[str, list[tuple[float, tuple[str, str]]]] = {v: [] for v in nodes}
    for (u, v), s in pairs.items():
        best[u].append((s, (u, v)))
        best[v].append((s, (u, v)))
    keep: dict[tuple[str, str], float] = {}
    for items in best.values():
        items.sort(key=lambda item: (-item[0], item[1]))
        for rank, (s, pair) in enumerate(items[:LINKS_PER_PAPER]):
            if rank == 0 or s >= MIN_LINK:
                keep[pair] = s
    return sorted(((u, v, s) for (u, v), s in keep.items()), key=lambda e: (-e[2], e[0], e[1]))


def _outside_works(G: nx.DiGraph, members: set[str]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Prior works (outside the map, cited by most of it) and derivative works (citing most of it):
    at least two map papers each, most first, :data:`PRIOR_SHOWN` at most."""
    cited: dict[str, int] = {}
    citing: dict[str, int] = {}
    for v in members:
        for ref in G.successors(v):
            if ref not in members:
                cited[ref] = cited.get(ref, 0) + 1
        for citer in G.predecessors(v):
            if citer not in members:
                citing[citer] = citing.get(citer, 0) + 1

    def top(counts: dict[str, int]) -> list[tuple[str, int]]:
        ranked = sorted((k for k, n in counts.items() if n >= 2), key=lambda k: (-counts[k], str(k)))
        return [(k, counts[k]) for k in ranked[:PRIOR_SHOWN]]

    return top(cited), top(citing)


def _sizes(G: nx.DiGraph, nodes: list[str]) -> tuple[str, dict[str, float]]:
    """Citations (Semantic Scholar's count) when some paper of the map has one, else knowledge links."""
    counts = {v: G.nodes[v].get("citation_count") for v in nodes}
    if any(c is not None for c in counts.values()):
        return "citations", {v: float(c or 0) for v, c in counts.items()}
    links = knowledge_links(G)
    return "knowledge links", {v: float(links.get(v, 0)) for v in nodes}


def _layout(nodes: list[str], links: list[tuple[str, str, float]], seeds: list[str], *,
            seed: int, spread: float = 420.0) -> dict[str, tuple[float, float]]:
    """A force layout of the map (stronger links pull harder), the first seed at the centre, in pixels."""
    H = nx.Graph()
    H.add_nodes_from(nodes)
    best = max((s for _, _, s in links), default=1.0) or 1.0
    H.add_weighted_edges_from((u, v, s / best) for u, v, s in links)  # in (0, 1]: attraction stays balanced
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    k = 1.6 / math.sqrt(len(nodes))
    # the first seed pinned at the centre, as Connected Papers draws its origin paper
    raw = nx.spring_layout(H, k=k, weight="weight", seed=seed, iterations=100, pos={seeds[0]: (0.0, 0.0)},
                           fixed=[seeds[0]])
    cx, cy = raw[seeds[0]]
    # scaled by the 90th-percentile distance, so one paper flung far away does not squeeze the rest into a
    # corner; the few beyond are pulled in to the rim (at most ``spread``)
    radii = sorted(math.hypot(x - cx, y - cy) for x, y in raw.values())
    scale = radii[int(0.9 * (len(radii) - 1))] * 1.25 or radii[-1] or 1.0
    xy = np.zeros((len(nodes), 2))
    for i, v in enumerate(nodes):
        dx, dy = (raw[v][0] - cx) / scale, (raw[v][1] - cy) / scale
        shrink = min(1.0, 1.0 / (math.hypot(dx, dy) or 1.0))
        xy[i] = (dx * shrink * spread, dy * shrink * spread)
    xy = _apart(xy, gap=spread / 9)
    return {v: (round(float(x), 1), round(float(y), 1)) for v, (x, y) in zip(nodes, xy - xy[0])}


def _apart(xy: np.ndarray, *, gap: float, rounds: int = 80) -> np.ndarray:
    """Push apart points closer than ``gap`` (a tight group of very similar papers would draw as one blot),
    half the overlap each way per round; deterministic."""
    xy = xy.copy()
    n = len(xy)
    for _ in range(rounds):
        d = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(d[..., 0], d[..., 1])
        np.fill_diagonal(dist, np.inf)
        close = dist < gap
        if not close.any():
            break
        same = dist == 0  # coincident points: a fixed direction each, by index
        d[same] = np.stack([np.cos(np.arange(n))[:, None].repeat(n, 1), np.sin(np.arange(n))[:, None].repeat(n, 1)],
                           axis=-1)[same]
        push = np.where(close, (gap - np.where(np.isinf(dist), gap, dist)) / 2 / np.maximum(dist, 1e-9), 0.0)
        push = np.where(same, gap / 2, push)
        xy += (d * push[..., None]).sum(axis=1) / np.maximum(close.sum(axis=1), 1)[:, None]
    return xy
