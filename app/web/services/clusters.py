"""The Clusters page: cluster summaries and the files `phenomena export` writes, for downloads."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from app.web.services.papers import knowledge_degrees
from graph.analytics.centrality import KNOWLEDGE_LINKS
from graph.analytics.cluster_quality import cluster_key_papers
from graph.analytics.clusters import SIMILARITY_MAX_NODES
from graph.analytics.gaps import find_catalog_gaps, gaps_note
from graph.model.graph_model import GraphModel
from graph.model.records import Paper
from graph.store.base import GraphStore

__all__ = ["cluster_summaries", "catalog_gaps", "export_formats", "export_files"]


def cluster_summaries(graph: GraphModel, top: int = 5) -> list[dict[str, Any]]:
    """Each cluster (from `phenomena analyze`), biggest first: label, size, key papers, phenomena.

    Key papers: by centrality inside the cluster, as the cluster report ranks them
    (:func:`graph.analytics.cluster_quality.cluster_key_papers`: citations from the cluster's papers,
    else text similarity to them); above :data:`graph.analytics.clusters.SIMILARITY_MAX_NODES` papers,
    PageRank (or knowledge links) over the whole graph.  ``ranked_by`` says which.
    Phenomena: how many of its papers each covers.

    >>> g = GraphModel.of([Paper("a", "A", cluster=0, cluster_label="x", pagerank=0.2),
    ...                    Paper("b", "B", cluster=0, cluster_label="x", pagerank=0.5)], {"f": "F"}, {"a": ["f"]})
    >>> s = cluster_summaries(g)[0]; (s["cluster"], s["size"], [p["id"] for p in s["papers"]], s["phenomena"])
    (0, 2, ['b', 'a'], [('F', 1)])
    """
    degree = graph.degrees
    members: dict[int, list[Paper]] = {}
    for p in graph.papers.values():
        if p.cluster is not None:
            members.setdefault(p.cluster, []).append(p)
    order = sorted(members)
    inside = None
    if len(graph.papers) <= SIMILARITY_MAX_NODES:  # the report's ranking: centrality inside each cluster
        pagerank = {p.id: p.pagerank for p in graph.papers.values()}
        measure, keys = cluster_key_papers(graph.citation_graph(), [{p.id for p in members[c]} for c in order],
                                           pagerank, top=top)
        inside = (measure, {c: keys[i] for i, c in enumerate(order)})
    linked = knowledge_degrees(graph) if inside is None else {}
    out = []
    for cluster, papers in members.items():
        if inside is not None:
            ranked_by, ranked = inside[0], [graph.papers[k] for k in inside[1][cluster]]
        else:
            by_pagerank = len({p.pagerank for p in papers} - {None}) > 1
            ranked_by = "PageRank" if by_pagerank else KNOWLEDGE_LINKS
            ranked = sorted(papers, key=lambda p: (-(p.pagerank or 0) if by_pagerank else -linked[p.id],
                                                   -degree[p.id], p.id))
        counts: dict[str, int] = {}
        for p in papers:
            for pid in graph.about.get(p.id, ()):
                counts[pid] = counts.get(pid, 0) + 1
        out.append({
            "cluster": cluster, "label": papers[0].cluster_label or f"cluster {cluster}", "size": len(papers),
            "ranked_by": ranked_by,
            "papers": [{"id": p.id, "title": p.title, "year": p.year} for p in ranked[:top]],
            "phenomena": sorted(((graph.phenomenon_names.get(k, k), n) for k, n in counts.items()),
                                key=lambda item: (-item[1], item[0]))[:5],
        })
    return sorted(out, key=lambda c: (-c["size"], c["cluster"]))


def catalog_gaps(graph: GraphModel, top: int = 10) -> tuple[list[dict[str, Any]], str | None]:
    """``(gaps, note)``: papers many catalog papers cite but the catalog lacks
    (:func:`graph.analytics.gaps.find_catalog_gaps`), and the one-line reason when there are none
    (offline: citations are needed, and how to fetch them).

    >>> catalog_gaps(GraphModel.of([Paper("a", "A")]))[1][:30]
    'catalog gaps need citations an'
    """
    G = graph.citation_graph()
    gaps = find_catalog_gaps(G, top=top)
    return gaps, gaps_note(G, gaps)


def export_formats() -> tuple[str, ...]:
    """The formats `phenomena export` writes by default (library-gaps: on the My library page)."""
    # Here, not at the top: the exporters load with the Clusters page, not with the first page.
    from graph.export.registry import DEFAULT_FORMATS

    return tuple(DEFAULT_FORMATS)


def export_files(store: GraphStore, formats: list[str], *, cluster: int | None = None) -> dict[str, bytes]:
    """The files `phenomena export` would write, as {relative name: content}, for downloads: from the
    stored analysis, as the page and the CLI read it.

    ``cluster`` limits the graph files and BibTeX to that cluster's papers.
    """
    # Here, not at the top: the exporter pulls in every analytics step, which the first page never needs.
    from app.pipeline.analytics import Selection, export  # the CLI's exporter: one code path for both

    with tempfile.TemporaryDirectory() as folder:
        paths = export(store, folder, list(formats), Selection(cluster=cluster))
        return {Path(p).relative_to(folder).as_posix(): Path(p).read_bytes() for p in paths}


