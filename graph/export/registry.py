"""Exports: the phenomena report, gaps, and :func:`export_all` for every format.

The graph formats (GraphML, GEXF, CSV, VOSviewer) carry the whole knowledge
graph: :mod:`graph.export.network_formats`.  The cluster report lives in :mod:`graph.export.cluster_report`,
BibTeX/RIS/CSL-JSON in :mod:`graph.export.bibliography`, the library's gaps in
:mod:`graph.model.library`.  Every ``export_*`` function writes files and returns
their paths; the ``render_*`` functions return text.  Nothing here fetches anything.

``library-gaps`` needs an imported library, so it is written only when asked for:

>>> [f for f in FORMATS if f not in DEFAULT_FORMATS]
['library-gaps']
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from graph.export.bibliography import BIBLIOGRAPHY_FORMATS, export_bibliography, render_bibtex  # noqa: F401 (callers)
from graph.errors import AtlasError
from graph.export.network_formats import GRAPH_FORMATS, model_of_citation_graph, write_graph_formats
from graph.analytics.gaps import render_gaps_markdown
from graph.drawing.layers import similar_edges
from graph.model.library import library_gaps, render_library_gaps_markdown
from graph.export.phenomena_report import export_phenomena_report, phenomena_report  # noqa: F401 (callers)
from graph.export.cluster_report import (cluster_svg, export_cluster_report, render_cluster_html,  # noqa: F401 (callers)
                          render_cluster_markdown)

__all__ = [
    "FORMATS", "DEFAULT_FORMATS", "annotated_graph", "select_papers", "phenomena_report", "export_phenomena_report",
    "export_gaps", "export_library_gaps", "export_all", "export_graph_files", "stored_scores",
]

FORMATS = ("report", "phenomena", "graphml", "gexf", "csv", "vosviewer", "bibtex", "ris", "csl-json", "gaps",
           "library-gaps")
# Formats written only when asked for by name (they need something the default graph may lack).
OPT_IN_FORMATS = ("library-gaps",)
DEFAULT_FORMATS = tuple(f for f in FORMATS if f not in OPT_IN_FORMATS)


def annotated_graph(result) -> nx.DiGraph:
    """The analysed citation graph with the scores of ``result`` as node attributes."""
    G = result.graph.copy()
    for v, scores in result.scores.items():
        G.nodes[v].update({k: x for k, x in scores.items() if x is not None})
    return G


def select_papers(result, *, cluster: int | None = None, phenomenon: str | None = None,
                  ids: list[str] | None = None, in_catalog: bool | None = None) -> list[str]:
    """Paper keys matching every given filter, by PageRank (best first).

    ``phenomenon`` is a key or a name; ``ids`` is any list of keys, e.g. the
    ``id`` column of a query result.
    """
    G = result.graph
    chosen = set(G)
    if cluster is not None:
        if not 0 <= cluster < len(result.clusters):
            raise AtlasError(f"no cluster {cluster}: clusters are numbered 0 to {len(result.clusters) - 1}")
        chosen &= result.clusters[cluster]
    if phenomenon is not None:  # a phenomenon key or its name, any case
        want = phenomenon.casefold()
        about = {v for v in G if want in {p.casefold() for p in (G.nodes[v].get("phenomena") or ())}
                 | {n.casefold() for n in (G.nodes[v].get("phenomenon_names") or ())}}
        if not about:
            raise AtlasError(f"no papers about {phenomenon!r}: give a phenomenon key or name, e.g. grokking")
        chosen &= about
    if ids is not None:
        unknown = [i for i in ids if i not in G]
        if unknown:
            raise AtlasError(f"{len(unknown)} keys are not papers of the graph (first: {unknown[0]}): "
                             "select by `id`, e.g. arxiv:2201.02177")
        chosen &= set(ids)
    if in_catalog is not None:
        chosen = {v for v in chosen if bool(G.nodes[v].get("in_catalog")) == in_catalog}
    return sorted(chosen, key=lambda v: (-(result.scores.get(v, {}).get("pagerank") or 0.0), str(v)))


def export_gaps(result, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_gaps_markdown(result.graph, result.gaps), encoding="utf-8")
    return path


def export_library_gaps(result, out_dir: str | Path, *, top: int = 50) -> list[Path]:
    """``library-gaps.md`` (ranked, with reasons) and ``library-gaps.bib`` (the same papers as BibTeX)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    G = annotated_graph(result)
    rows = library_gaps(G, top=top)
    md = out_dir / "library-gaps.md"
    md.write_text(render_library_gaps_markdown(G, rows), encoding="utf-8")
    return [md, export_bibliography(G, [r["id"] for r in rows], out_dir / "library-gaps.bib", "bibtex")]


# Text-similarity edges (RELATED_TO, origin "text similarity") join the graph exports up to this many
# papers: the all-pairs TF-IDF products grow faster than the graph (hours at two-hop scale, 500k papers).
SIMILAR_EDGES_MAX_PAPERS = 100_000


def _similar_edges(model) -> list[tuple]:
    if len(model.papers) > SIMILAR_EDGES_MAX_PAPERS:
        import warnings

        warnings.warn(f"{len(model.papers):,} papers: the graph exports leave out the text-similarity edges "
                      f"(computed up to {SIMILAR_EDGES_MAX_PAPERS:,} papers); stored RELATED_TO edges are kept",
                      stacklevel=3)
        return []
    return similar_edges(model)


def stored_scores(model) -> dict | None:
    """The per-paper scores ``phenomena analyze`` stored, as read with the model (``citations``: the
    in-graph in-degree, which is not stored); None when a paper has none (never analysed, or rebuilt since).

    What the graph formats need from the analytics, without recomputing them on a large graph.
    """
    import numpy as np

    papers = model.papers
    if not papers or any(p.cluster is None for p in papers.values()):
        return None
    e, n = model.edges["CITES"], len(model.ids)
    distinct = np.unique((e.source.astype(np.int64) * n + e.target)[e.source != e.target])
    cited = np.bincount(distinct % n, minlength=n)
    return {k: {"pagerank": p.pagerank, "betweenness": p.betweenness, "catalog_citations": p.catalog_citations,
                "citations": int(cited[model.index[k]]), "cluster": p.cluster, "cluster_label": p.cluster_label}
            for k, p in papers.items()}


def export_graph_files(model, scores: dict, out_dir: str | Path, formats, selection: list | None = None) -> list[Path]:
    """The chosen :data:`GRAPH_FORMATS` of ``model`` with per-paper ``scores``; the graph part of :func:`export_all`."""
    chosen = [f for f in formats if f in GRAPH_FORMATS]
    if not chosen:
        return []
    scores = {v: {k: x for k, x in s.items() if x is not None} for v, s in scores.items()}
    return write_graph_formats(model, Path(out_dir), chosen, scores=scores, similar=_similar_edges(model),
                               papers=None if selection is None else set(selection))


def export_all(result, out_dir: str | Path, formats: tuple[str, ...] | list[str] = DEFAULT_FORMATS,
               selection: list | None = None, *, bridge_pairs=()) -> list[Path]:
    """Write the chosen ``formats`` (see :data:`FORMATS`) to ``out_dir``.

    ``selection`` (paper keys, e.g. from :func:`select_papers`) limits the
    graph exports and the bibliographies; without it they cover every paper.
    Citation keys are those of the whole graph, so a paper keeps its key in
    every selection.  ``bridge_pairs`` (phenomenon keys) head the phenomena report's bridges.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise AtlasError(f"unknown export format {unknown[0]!r}: use any of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    full = None
    written: list[Path] = []
    if "report" in formats:
        written += export_cluster_report(result, out_dir)
    if "phenomena" in formats:
        written += export_phenomena_report(result, out_dir, chosen_pairs=bridge_pairs)
    if any(f in GRAPH_FORMATS for f in formats):
        model = result.model if result.model is not None else model_of_citation_graph(result.graph)
        written += export_graph_files(model, result.scores, out_dir, formats, selection)
    for fmt, name in BIBLIOGRAPHY_FORMATS.items():
        if fmt in formats:
            full = annotated_graph(result) if full is None else full  # a copy: built only when a format needs it
            papers = list(selection) if selection is not None else list(full)
            written.append(export_bibliography(full, papers, out_dir / name, fmt))
    if "gaps" in formats:
        written.append(export_gaps(result, out_dir / "gaps.md"))
    if "library-gaps" in formats:
        written += export_library_gaps(result, out_dir)
    return written
