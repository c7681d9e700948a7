"""What a concept's papers say about it, for the overlay of the keyword and concept maps (VOSviewer's "overlay
visualization"): the average publication year and the average citations of the papers carrying each concept.

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A", 2018, citation_count=10), Paper("b", "B", 2022), Paper("c", "C")],
...                   {"f": "F", "g": "G"}, {"a": ["f"], "b": ["f", "g"], "c": ["g"]})
>>> stats = concept_paper_stats(m, "Phenomenon", ["f", "g"])
>>> stats["f"], stats["g"]
({'papers': 2, 'year': 2020.0, 'citations': 10.0}, {'papers': 2, 'year': 2022.0, 'citations': None})
"""
from __future__ import annotations

from graph.model.graph_model import GraphModel

__all__ = ["OVERLAY_MEASURES", "concept_paper_stats", "concept_papers"]

OVERLAY_MEASURES = {"year": "average publication year of its papers",
                    "citations": "average citations of its papers (Semantic Scholar)"}


def concept_papers(model: GraphModel, kind: str, concepts) -> dict[str, set[str]]:
    """The papers carrying each of ``concepts`` (phenomena: ABOUT; keywords: HAS_KEYWORD; authors: WROTE)."""
    wanted = set(concepts)
    out: dict[str, set[str]] = {c: set() for c in wanted}
    if kind == "Phenomenon":
        for paper, found in model.about.items():
            for f in found:
                if f in wanted:
                    out[f].add(paper)
        return out
    rel, side = {"Keyword": ("HAS_KEYWORD", 1), "Author": ("WROTE", 0)}[kind]
    for pair in model.edge_pairs(rel):
        if pair[side] in wanted:
            out[pair[side]].add(pair[1 - side])
    return out


def concept_paper_stats(model: GraphModel, kind: str, concepts) -> dict[str, dict]:
    """``{concept: {"papers": n, "year": mean year or None, "citations": mean citations or None}}``; the means
    are over the papers whose year (or citation count) is known."""
    out = {}
    for c, papers in concept_papers(model, kind, concepts).items():
        found = [model.papers[p] for p in papers if p in model.papers]
        years = [p.year for p in found if p.year is not None]
        cited = [p.citation_count for p in found if p.citation_count is not None]
        out[c] = {"papers": len(found), "year": round(sum(years) / len(years), 2) if years else None,
                  "citations": round(sum(cited) / len(cited), 2) if cited else None}
    return out
