"""The Seed map page's data: the map of the papers most similar to chosen seeds, its ranked list and works."""
from __future__ import annotations

from typing import Any

from graph.analytics.seed_map import DEFAULT_SIZE, SeedMap, build_seed_map, find_paper
from graph.analytics.text_similarity import text_index
from graph.model.graph_model import GraphModel

__all__ = ["seed_map", "seed_map_rows", "outside_rows", "resolve_paper", "paper_summary"]


def seed_map(graph: GraphModel, seeds: list[str], *, size: int = DEFAULT_SIZE, embeddings: dict | None = None,
             seed: int = 7) -> SeedMap:
    """:func:`graph.analytics.seed_map.build_seed_map` on the graph's citation graph; ``embeddings``
    (SPECTER v2, :func:`app.web.services.read_specter`) blend with text similarity where known."""
    G = graph.citation_graph()
    index = text_index(G, embeddings=embeddings) if embeddings else None
    return build_seed_map(G, seeds, size=size, index=index, seed=seed)


def resolve_paper(graph: GraphModel, ref: str) -> str | None:
    """The key of the paper ``ref`` names (key, arXiv id, DOI, URL or exact title); None when not in the graph."""
    return find_paper(graph.citation_graph(), ref)


def paper_summary(graph: GraphModel, key: str) -> tuple[str, str]:
    """``(what it is, text)``: the TL;DR, else the abstract, else the catalog's digest; ``("", "")`` without any."""
    p = graph.papers[key]
    for name, text in (("TL;DR", p.tldr), ("Abstract", p.abstract), ("The catalog's digest", p.digest)):
        if text:
            return name, text
    return "", ""


def seed_map_rows(graph: GraphModel, m: SeedMap, labels: dict[str, str]) -> list[dict[str, Any]]:
    """One row per paper of the map, seeds first then best first: rank (0 for a seed), key, label
    ("FirstAuthor Year"), title, year, score, reasons, and its measure (``m.size_by``)."""
    rows = []
    for rank, key in enumerate(m.nodes, start=1 - len(m.seeds)):
        p = graph.papers[key]
        rows.append({"rank": max(rank, 0), "id": key, "label": labels.get(key) or p.title, "title": p.title,
                     "year": p.year, "score": m.score.get(key), "reasons": m.reasons.get(key, []),
                     "seed": key in m.seeds, "measure": m.size_of.get(key, 0)})
    return rows


def outside_rows(graph: GraphModel, works: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Prior or derivative works as rows: key, title, year, and how many papers of the map they link to."""
    return [{"id": k, "title": graph.name(k), "year": graph.papers[k].year if k in graph.papers else None, "count": n}
            for k, n in works]
