"""Exports: the registry of formats (:data:`EXPORTERS`, name -> writer), :func:`export_all`, and gaps.

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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analytics.gaps import render_gaps_markdown
from graph.drawing.layers import similar_edges
from graph.errors import AtlasError
from graph.export.bibliography import BIBLIOGRAPHY_FORMATS, export_bibliography, render_bibtex  # noqa: F401 (callers)
from graph.export.cluster_report import cluster_svg, export_cluster_report, render_cluster_html, render_cluster_markdown  # noqa: F401 (callers)
from graph.export.network_formats import (
    GRAPH_FORMATS,
    model_of_citation_graph,
    write_column_formats,
    write_graph_formats,
    write_vosviewer,
)
from graph.export.phenomena_report import export_phenomena_report, phenomena_report  # noqa: F401 (callers)
from graph.export.store_columns import is_analysed, read_node_tables, store_columns
from graph.model.library import library_gaps, render_library_gaps_markdown
from graph.model.read import load_graph_model

__all__ = [
    "EXPORTERS", "ExportRegistry", "FORMATS", "DEFAULT_FORMATS", "annotated_graph", "select_papers", "phenomena_report", "export_phenomena_report",
    "export_gaps", "export_library_gaps", "export_all", "export_graph_files", "export_store_graph_files",
    "stored_scores",
]

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


def _similar_edges(model, *, stacklevel: int = 3) -> list[tuple]:
    if model is None or len(model.papers) > SIMILAR_EDGES_MAX_PAPERS:
        import warnings

        count = "over 100,000" if model is None else f"{len(model.papers):,}"
        warnings.warn(f"{count} papers: the graph exports leave out the text-similarity edges "
                      f"(computed up to {SIMILAR_EDGES_MAX_PAPERS:,} papers); stored RELATED_TO edges are kept",
                      stacklevel=stacklevel)
        return []
    return similar_edges(model)


def export_store_graph_files(store, out_dir: str | Path, formats, *, tables: dict | None = None,
                             load_model=load_graph_model) -> list[Path] | None:
    """The chosen :data:`GRAPH_FORMATS` of the whole stored graph with its stored scores, GraphML, GEXF
    and CSV from the store's columns (:func:`graph.export.store_columns.store_columns`: no graph model);
    None when the graph has no stored analysis (the caller computes one).

    The model (``load_model(store)``) is read only for what needs it: the text-similarity edges (up to
    :data:`SIMILAR_EDGES_MAX_PAPERS` papers) and ``vosviewer``.  ``tables``: the store's node tables
    (:func:`graph.export.store_columns.read_node_tables`) when already read.
    """
    chosen = [f for f in formats if f in GRAPH_FORMATS]
    store.check_complete()
    tables = tables if tables is not None else read_node_tables(store)
    if not is_analysed(tables):
        return None
    small = tables["Paper"].num_rows <= SIMILAR_EDGES_MAX_PAPERS
    model = load_model(store) if small or "vosviewer" in chosen else None
    written: list[Path] = []
    if any(f in chosen for f in ("graphml", "gexf", "csv")):
        similar = _similar_edges(model if small else None, stacklevel=2)
        nodes, edges = store_columns(store, similar=similar, tables=tables)
        written += write_column_formats(nodes, edges, out_dir, chosen)
    if "vosviewer" in chosen:
        written.append(write_vosviewer(model, Path(out_dir) / "vosviewer.json"))
    return written


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


@dataclass(frozen=True)
class ExportJob:
    """What every writer gets: the analysis, the folder, the chosen papers and the report's bridge pairs."""
    result: Any
    out_dir: Path
    selection: list | None = None
    bridge_pairs: tuple | list = ()


Writer = Callable[[ExportJob, list], list]  # (job, chosen formats of the family) -> paths written


@dataclass(frozen=True)
class Exporter:
    name: str
    family: str  # formats of one family are written by one call (they share a model or a graph copy)
    write: Writer
    default: bool = True  # False: written only when asked for by name


class ExportRegistry(Mapping):
    """Format name -> :class:`Exporter`, in the order the formats are written (as datasette registers its
    output renderers).  ``register`` adds a format; :data:`FORMATS` and the CLI's choices come from here.

    >>> r = ExportRegistry(); r.register("notes", lambda job, names: [], family="notes", default=False)
    >>> list(r), r["notes"].default
    (['notes'], False)
    """

    def __init__(self):
        self._by_name: dict[str, Exporter] = {}

    def register(self, name: str, write: Writer, *, family: str | None = None, default: bool = True) -> None:
        if name in self._by_name:
            raise AtlasError(f"export format {name!r} is registered twice: give the new writer another name")
        self._by_name[name] = Exporter(name, family or name, write, default)

    def __getitem__(self, name: str) -> Exporter:
        return self._by_name[name]

    def __iter__(self):
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def families(self) -> dict[str, Writer]:
        """Family -> its writer, in registration order (one writer per family)."""
        return {e.family: e.write for e in self._by_name.values()}


def _write_graph_family(job: ExportJob, names: list) -> list[Path]:
    result = job.result
    model = result.model if result.model is not None else model_of_citation_graph(result.graph)
    return export_graph_files(model, result.scores, job.out_dir, names, job.selection)


def _write_bibliographies(job: ExportJob, names: list) -> list[Path]:
    full = annotated_graph(job.result)  # a copy: built only when a bibliography is asked for
    papers = list(job.selection) if job.selection is not None else list(full)
    return [export_bibliography(full, papers, job.out_dir / file, fmt)
            for fmt, file in BIBLIOGRAPHY_FORMATS.items() if fmt in names]


EXPORTERS = ExportRegistry()
EXPORTERS.register("report", lambda job, names: export_cluster_report(job.result, job.out_dir))
EXPORTERS.register("phenomena", lambda job, names: export_phenomena_report(job.result, job.out_dir,
                                                                           chosen_pairs=job.bridge_pairs))
for _name in GRAPH_FORMATS:
    EXPORTERS.register(_name, _write_graph_family, family="graph")
for _name in BIBLIOGRAPHY_FORMATS:
    EXPORTERS.register(_name, _write_bibliographies, family="bibliography")
EXPORTERS.register("gaps", lambda job, names: [export_gaps(job.result, job.out_dir / "gaps.md")])
# library-gaps needs an imported library, so it is written only when asked for
EXPORTERS.register("library-gaps", lambda job, names: export_library_gaps(job.result, job.out_dir), default=False)

FORMATS = tuple(EXPORTERS)
DEFAULT_FORMATS = tuple(name for name, e in EXPORTERS.items() if e.default)
OPT_IN_FORMATS = tuple(name for name in FORMATS if name not in DEFAULT_FORMATS)


def export_all(result, out_dir: str | Path, formats: tuple[str, ...] | list[str] = DEFAULT_FORMATS,
               selection: list | None = None, *, bridge_pairs=()) -> list[Path]:
    """Write the chosen ``formats`` (see :data:`FORMATS`, from :data:`EXPORTERS`) to ``out_dir``.

    ``selection`` (paper keys, e.g. from :func:`select_papers`) limits the
    graph exports and the bibliographies; without it they cover every paper.
    Citation keys are those of the whole graph, so a paper keeps its key in
    every selection.  ``bridge_pairs`` (phenomenon keys) head the phenomena report's bridges.
    """
    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown:
        raise AtlasError(f"unknown export format {unknown[0]!r}: use any of {', '.join(FORMATS)}")
    job = ExportJob(result, Path(out_dir), selection, bridge_pairs)
    written: list[Path] = []
    for family, write in EXPORTERS.families().items():
        names = [f for f in formats if EXPORTERS[f].family == family]
        if names:
            written += write(job, names)
    return written
