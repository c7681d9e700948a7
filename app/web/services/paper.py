"""One paper's page: every stored property, its authors, phenomena, citations, and related papers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph import schema, similarity
from graph.model import GraphModel
from graph.store.base import GraphStore

__all__ = ["PaperDetail", "load_paper", "related_papers"]


@dataclass
class PaperDetail:
    paper: dict[str, Any]  # every stored property of the Paper node
    authors: list[dict[str, Any]]  # id, name (in author order)
    keywords: list[str]
    venue: str | None
    phenomena: list[dict[str, Any]]  # id, name, via
    references: list[dict[str, Any]]  # papers it cites (in the graph): id, title, year
    citations: list[dict[str, Any]]  # papers citing it (in the graph)

    def links(self) -> dict[str, str]:
        """Named links: arXiv, DOI, the source URL, code."""
        p, out = self.paper, {}
        if p.get("arxiv_id"):
            out["arXiv"] = f"https://arxiv.org/abs/{p['arxiv_id']}"
        if p.get("doi"):
            out["DOI"] = f"https://doi.org/{p['doi']}"
        if p.get("s2_id"):
            out["Semantic Scholar"] = f"https://www.semanticscholar.org/paper/{p['s2_id']}"
        if p.get("url") and p["url"] not in out.values():
            out["Paper"] = p["url"]
        for i, url in enumerate(p.get("code_urls") or []):
            out["Code" if i == 0 else f"Code {i + 1}"] = url
        return out


_PAPER_PROPS = ", ".join(f"p.{name} AS {name}" for name in schema.NODE_LABELS["Paper"])


def load_paper(store: GraphStore, paper_id: str) -> PaperDetail | None:
    """A paper with its authors, keywords, venue, phenomena, references and citations; None if absent."""
    rows = store.query(f"MATCH (p:Paper) WHERE p.id = $id RETURN {_PAPER_PROPS}", {"id": paper_id}).records()
    if not rows:
        return None
    params = {"id": paper_id}
    authors = store.query("MATCH (a:Author)-[w:WROTE]->(p:Paper) WHERE p.id = $id "
                          "RETURN a.id AS id, a.name AS name ORDER BY w.position, a.name", params).records()
    keywords = [r[0] for r in store.query("MATCH (p:Paper)-[:HAS_KEYWORD]->(k:Keyword) WHERE p.id = $id "
                                          "RETURN k.name ORDER BY k.name", params).rows]
    venues = [r[0] for r in store.query("MATCH (p:Paper)-[:PUBLISHED_IN]->(v:Venue) WHERE p.id = $id "
                                        "RETURN v.name", params).rows]
    phenomena = store.query("MATCH (p:Paper)-[r:ABOUT]->(f:Phenomenon) WHERE p.id = $id "
                            "RETURN f.id AS id, f.name AS name, r.via AS via, "
                            "coalesce(r.confidence, 'medium') AS confidence ORDER BY name", params).records()
    references = store.query("MATCH (p:Paper)-[:CITES]->(q:Paper) WHERE p.id = $id RETURN q.id AS id, "
                             "q.title AS title, q.year AS year ORDER BY year DESC, title", params).records()
    citations = store.query("MATCH (q:Paper)-[:CITES]->(p:Paper) WHERE p.id = $id RETURN q.id AS id, "
                            "q.title AS title, q.year AS year ORDER BY year DESC, title", params).records()
    return PaperDetail(rows[0], authors, keywords, venues[0] if venues else rows[0].get("venue"),
                       phenomena, references, citations)


def related_papers(graph: GraphModel, paper_id: str, top: int = 10) -> list[dict[str, Any]]:
    """Papers related to one, best first, each with its reasons (:func:`graph.similarity.related_papers`)."""
    if paper_id not in graph.papers:
        return []
    return [{"id": v, "title": graph.name(v), "year": graph.papers[v].year, "score": score,
             "reasons": reason.split("; ")}
            for v, score, reason in similarity.related_papers(graph.citation_graph(), paper_id, top=top)]
