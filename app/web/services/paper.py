"""One paper's page: every stored property, its authors, phenomena, citations, and related papers."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.analytics import similarity
from graph.analytics.text_similarity import text_index
from graph.model import records as rec
from graph.model.graph_model import GraphModel
from graph.model.read import load_graph_model
from graph.safe_text import identifier_url, safe_url
from graph.store.base import GraphStore

__all__ = ["PaperDetail", "load_paper", "paper_detail", "related_papers", "read_specter"]


@dataclass
class PaperDetail:
    paper: dict[str, Any]  # every stored property of the Paper node
    authors: list[dict[str, Any]]  # id, name (in author order)
    keywords: list[str]
    venue: str | None
    phenomena: list[dict[str, Any]]  # id, name, via, confidence
    references: list[dict[str, Any]]  # papers it cites (in the graph): id, title, year
    citations: list[dict[str, Any]]  # papers citing it (in the graph)

    def links(self) -> dict[str, str]:
        """Named links: arXiv, DOI, Semantic Scholar (from identifiers of the right form, through fixed
        templates), the source URL and code (only plain http(s) addresses: :func:`graph.safe_text.safe_url`)."""
        p, out = self.paper, {}
        for name, kind, field in (("arXiv", "arxiv", "arxiv_id"), ("DOI", "doi", "doi"),
                                  ("Semantic Scholar", "s2", "s2_id")):
            url = identifier_url(kind, p.get(field))
            if url:
                out[name] = url
        url = safe_url(p.get("url"))
        if url and url not in out.values():
            out["Paper"] = url
        code = [u for u in map(safe_url, p.get("code_urls") or []) if u]
        for i, url in enumerate(code):
            out["Code" if i == 0 else f"Code {i + 1}"] = url
        return out


def _edges_at(graph: GraphModel, rel: str, key: str, end: str) -> list[tuple[str, dict[str, Any]]]:
    """``(other end, properties)`` of the ``rel`` edges whose ``end`` ("source"/"target") is ``key``."""
    import numpy as np

    e, i = graph.edges[rel], graph.index[key]
    other = e.target if end == "source" else e.source
    found = np.nonzero((e.source if end == "source" else e.target) == i)[0].tolist()
    return [(graph.ids[other[k]], {name: col[k] for name, col in e.props.items()}) for k in found]


def paper_detail(graph: GraphModel, paper_id: str) -> PaperDetail | None:
    """A paper with its authors, keywords, venue, phenomena, references and citations; None if absent.

    Read from the graph model (no store round trip: the graph's side panel shows it on a click).
    """
    if paper_id not in graph.papers:
        return None
    paper = rec.to_row(graph.papers[paper_id])
    wrote = sorted(_edges_at(graph, "WROTE", paper_id, "target"),
                   key=lambda item: (item[1].get("position") or 0, graph.name(item[0])))
    authors = [{"id": a, "name": graph.name(a)} for a, _ in wrote]
    keywords = sorted(graph.name(k) for k, _ in _edges_at(graph, "HAS_KEYWORD", paper_id, "source"))
    venues = [graph.name(v) for v, _ in _edges_at(graph, "PUBLISHED_IN", paper_id, "source")]
    phenomena = sorted(({"id": f, "name": graph.name(f), "via": props.get("via"),
                         "confidence": props.get("confidence") or "medium"}
                        for f, props in _edges_at(graph, "ABOUT", paper_id, "source")), key=lambda f: f["name"])

    def listed(keys: list[str]) -> list[dict[str, Any]]:
        items = [{"id": k, "title": graph.name(k), "year": graph.papers[k].year} for k in set(keys) - {paper_id}]
        return sorted(items, key=lambda r: (r["year"] is None, -(r["year"] or 0), r["title"]))  # newest first

    references = listed([k for k, _ in _edges_at(graph, "CITES", paper_id, "source")])
    citations = listed([k for k, _ in _edges_at(graph, "CITES", paper_id, "target")])
    return PaperDetail(paper, authors, keywords, venues[0] if venues else paper.get("venue"),
                       phenomena, references, citations)


def load_paper(store: GraphStore, paper_id: str) -> PaperDetail | None:
    """:func:`paper_detail` of the store's graph model (read once per build)."""
    return paper_detail(load_graph_model(store), paper_id)


def read_specter(home: Path) -> dict:
    """The SPECTER v2 vectors `phenomena build --specter` saved in ``home`` (``{}`` when there are none)."""
    # Here, not at the top: the Semantic Scholar package (and its HTTP client) loads with the Paper page.
    from loaders.s2.embeddings import SPECTER_FILE, read_vectors

    return read_vectors(Path(home) / SPECTER_FILE)


def related_papers(graph: GraphModel, paper_id: str, top: int = 10, *,
                   embeddings: dict | None = None) -> list[dict[str, Any]]:
    """Papers related to one, best first, each with its reasons (:func:`graph.analytics.similarity.related_papers`);
    ``embeddings`` (SPECTER v2, :func:`read_specter`) are blended with text similarity where known."""
    if paper_id not in graph.papers:
        return []
    G = graph.citation_graph()
    index = text_index(G, embeddings=embeddings) if embeddings else None
    return [{"id": r.paper, "title": graph.name(r.paper), "year": graph.papers[r.paper].year, "score": r.score,
             "reasons": r.reason.split("; "), "origin": r.origin}
            for r in similarity.related_papers(G, paper_id, top=top, index=index)]
