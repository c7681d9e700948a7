"""The "My library" page and the Paper page's start: what the graph model computes, as plain data.

Both take the one in-memory graph (:class:`graph.model.graph_model.GraphModel`, as the pages
get it) and call pure functions of :mod:`graph` (:func:`graph.model.library.library_gaps`,
:func:`graph.analytics.centrality.most_central`); no Streamlit here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.analytics.centrality import most_central
from graph.export.bibliography import render_bibtex
from graph.model.graph_model import GraphModel
from graph.model.library import library_gaps, library_papers, render_library_gaps_markdown

__all__ = ["LibraryReport", "load_library", "StartLists", "load_start_lists"]


@dataclass
class LibraryReport:
    papers: list[dict[str, Any]]   # the library: id, title, year, in_catalog
    missing: list[dict[str, Any]]  # graph.model.library.library_gaps rows, best first
    missing_markdown: str = ""
    missing_bibtex: str = ""
    sources: list[str] = field(default_factory=list)  # library:FILE names


def load_library(model: GraphModel, top: int = 50) -> LibraryReport:
    """The user's library (papers marked ``in_library``) and what it is missing; empty without a library."""
    G = model.citation_graph()
    mine = library_papers(G)
    if not mine:
        return LibraryReport([], [])
    papers = sorted(({"id": v, "title": G.nodes[v].get("title") or v, "year": G.nodes[v].get("year"),
                      "in_catalog": bool(G.nodes[v].get("in_catalog"))} for v in mine),
                    key=lambda p: (-(p["year"] or 0), p["title"]))
    missing = library_gaps(G, top=top)
    sources = sorted({s for v in mine for s in model.papers[v].sources if s.startswith("library:")})
    return LibraryReport(papers, missing, render_library_gaps_markdown(G, missing),
                         render_bibtex(G, [r["id"] for r in missing]), sources)


@dataclass
class StartLists:
    measure: str                    # what "most central" ranks by, in words
    central: list[dict[str, Any]]   # id, title, year, value
    recent: list[dict[str, Any]]    # id, title, year


def load_start_lists(model: GraphModel, top: int = 10) -> StartLists:
    """For the Paper page with no paper chosen: the most central papers (by a measure that
    tells papers apart, named) and the most recent ones."""
    G = model.citation_graph()
    measure, ranked = most_central(G, top=top, pagerank={v: p.pagerank for v, p in model.papers.items()})

    def row(v, **extra):
        return {"id": v, "title": G.nodes[v].get("title") or v, "year": G.nodes[v].get("year"), **extra}

    recent = sorted((v for v in G if G.nodes[v].get("year")),
                    key=lambda v: (-G.nodes[v]["year"], not G.nodes[v].get("in_catalog"), str(v)))[:top]
    return StartLists(measure, [row(v, value=value) for v, value in ranked], [row(v) for v in recent])
