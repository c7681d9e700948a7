"""The Clusters page: cluster summaries and the files `phenomena export` writes, for downloads."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from app.pipeline.analytics import Selection, export  # the CLI's exporter: one code path for both
from app.web.services.papers import knowledge_degrees
from graph.analytics.centrality import KNOWLEDGE_LINKS
from graph.export.registry import DEFAULT_FORMATS
from graph.model.graph_model import GraphModel
from graph.model.records import Paper
from graph.store.base import GraphStore

__all__ = ["cluster_summaries", "export_formats", "export_files"]


def cluster_summaries(graph: GraphModel, top: int = 5) -> list[dict[str, Any]]:
    """Each cluster (from `phenomena analyze`), biggest first: label, size, key papers, phenomena.

    Key papers: highest PageRank when PageRank differs between the cluster's papers, else
    most knowledge links (:data:`graph.analytics.centrality.KNOWLEDGE_LINKS`); ``ranked_by`` says which.
    Phenomena: how many of its papers each covers.

    >>> g = GraphModel.of([Paper("a", "A", cluster=0, cluster_label="x", pagerank=0.2),
    ...                    Paper("b", "B", cluster=0, cluster_label="x", pagerank=0.5)], {"f": "F"}, {"a": ["f"]})
    >>> s = cluster_summaries(g)[0]; (s["cluster"], s["size"], [p["id"] for p in s["papers"]], s["phenomena"])
    (0, 2, ['b', 'a'], [('F', 1)])
    """
    degree = graph.degrees
    linked = knowledge_degrees(graph)
    members: dict[int, list[Paper]] = {}
    for p in graph.papers.values():
        if p.cluster is not None:
            members.setdefault(p.cluster, []).append(p)
    out = []
    for cluster, papers in members.items():
        by_pagerank = len({p.pagerank for p in papers} - {None}) > 1
        ranked = sorted(papers, key=lambda p: (-(p.pagerank or 0) if by_pagerank else -linked[p.id],
                                               -degree[p.id], p.id))
        counts: dict[str, int] = {}
        for p in papers:
            for pid in graph.about.get(p.id, ()):
                counts[pid] = counts.get(pid, 0) + 1
        out.append({
            "cluster": cluster, "label": papers[0].cluster_label or f"cluster {cluster}", "size": len(papers),
            "ranked_by": "PageRank" if by_pagerank else KNOWLEDGE_LINKS,
            "papers": [{"id": p.id, "title": p.title, "year": p.year} for p in ranked[:top]],
            "phenomena": sorted(((graph.phenomenon_names.get(k, k), n) for k, n in counts.items()),
                                key=lambda item: (-item[1], item[0]))[:5],
        })
    return sorted(out, key=lambda c: (-c["size"], c["cluster"]))


def export_formats() -> tuple[str, ...]:
    """The formats `phenomena export` writes by default (library-gaps: on the My library page)."""
    return tuple(DEFAULT_FORMATS)


def export_files(store: GraphStore, formats: list[str], *, cluster: int | None = None,
                 seed: int = 42) -> dict[str, bytes]:
    """The files `phenomena export` would write, as {relative name: content}, for downloads.

    ``cluster`` limits the graph files and BibTeX to that cluster's papers.
    """
    with tempfile.TemporaryDirectory() as folder:
        paths = export(store, folder, list(formats), Selection(cluster=cluster), seed=seed)
        return {Path(p).relative_to(folder).as_posix(): Path(p).read_bytes() for p in paths}


