"""The Phenomena page: timelines, the phenomenon map and hierarchy from :mod:`graph.analytics.phenomena`, and bridge
papers from :mod:`graph.analytics.bridge_papers` (the ranking the CLI's ``phenomena bridges`` and the report use)."""
from __future__ import annotations

from typing import Any

from graph.analytics import phenomena as phen
from graph.analytics.bridge_papers import no_bridge_message
from graph.drawing.layers import similar_edges
from graph.model.graph_model import GraphModel
from graph.model.records import Paper  # noqa: F401  (doctests)

__all__ = ["phenomenon_timeline", "phenomenon_map", "bridge_papers", "phenomenon_links", "timeline_rows",
           "no_bridge_message", "similar_links", "has_weak_tags"]


def timeline_rows(per_year: dict[str, dict[int, int]]) -> list[dict[str, Any]]:
    """Chart rows ``{year, papers, phenomenon}`` for every year from the first to the last of any
    phenomenon, 0 where it had none, so the axis never skips a year.

    >>> timeline_rows({"Grokking": {2019: 1, 2021: 2}})
    [{'year': '2019', 'papers': 1, 'phenomenon': 'Grokking'}, {'year': '2020', 'papers': 0, 'phenomenon': 'Grokking'}, {'year': '2021', 'papers': 2, 'phenomenon': 'Grokking'}]
    """
    years = [y for counts in per_year.values() for y in counts]
    if not years:
        return []
    return [{"year": str(y), "papers": counts.get(y, 0), "phenomenon": name}
            for name, counts in per_year.items() for y in range(min(years), max(years) + 1)]


def phenomenon_timeline(graph: GraphModel, phenomenon: str) -> dict[str, Any]:
    """When a phenomenon appeared and spread: :func:`graph.analytics.phenomena.phenomenon_timeline` on the app's graph
    (``papers_per_year``, ``first_paper`` with ``first_title``, ``bursts``, ``burst_years``, and with
    clusters ``home_cluster`` and ``spread_year``).

    >>> g = GraphModel.of([Paper("a", "A", 2020), Paper("b", "B", 2021)], {"f": "F"}, {"a": ["f"], "b": ["f"]})
    >>> t = phenomenon_timeline(g, "f")
    >>> t["papers_per_year"], t["first_title"], t["burst_years"]
    ({2020: 1, 2021: 1}, 'A', [])
    """
    clusters = {pid: p.cluster for pid, p in graph.papers.items() if p.cluster is not None}
    out = phen.phenomenon_timeline(graph.citation_graph(), phenomenon, clusters or None)
    first = out.get("first_paper")
    out["first_title"] = graph.papers[first].title if first in graph.papers else None
    return out


def phenomenon_map(graph: GraphModel) -> list[dict[str, Any]]:
    """The pairs of :func:`graph.analytics.phenomena.phenomenon_map` (``a < b``: shared papers, citations each way)."""
    return phen.phenomenon_map(graph.citation_graph())


def bridge_papers(graph: GraphModel, a: str, b: str, top: int = 20, *, all_tags: bool = False) -> list[dict[str, Any]]:
    """Papers that bridge two phenomena, best first, each with its method, reasons and the papers it links:
    :func:`app.pipeline.analytics.bridges_in` (one ranking, :func:`graph.analytics.bridge_papers.rank_bridges`)."""
    # Here, not at the top: the pipeline's analytics module brings every analytics step and exporter.
    from app.pipeline.analytics import bridges_in

    return bridges_in(graph, a, b, top=top, all_tags=all_tags)


def has_weak_tags(graph: GraphModel) -> bool:
    """Whether the graph holds weak tags (ABOUT edges of confidence ``weak``): a build since issue 25 keeps
    only strong and medium evidence as edges, so "count weak tags too" changes nothing unless an older
    graph has some.

    >>> from graph.model.records import Paper
    >>> has_weak_tags(GraphModel.of([Paper("a", "A")], {"f": "F"}, {"a": ["f"]}))
    False
    """
    about = graph.edges.get("ABOUT")
    return about is not None and "weak" in set(about.props.get("confidence") or ())


def phenomenon_links(graph: GraphModel) -> list[dict[str, Any]]:
    """The phenomenon hierarchy (BROADER edges) by display name: ``[{narrower, broader, kind}]``."""
    name = graph.phenomenon_names.get
    return [{"narrower": name(s, s), "broader": name(t, t), "kind": kind}
            for s, t, kind in graph.citation_graph().graph.get("phenomenon_links", [])]


def similar_links(graph: GraphModel) -> list[tuple]:
    """The offline similarity links ``(u, v, score, reason)`` the Graph page draws as RELATED_TO (computed once
    per model): the bridge drawing draws those between two bridges."""
    return similar_edges(graph)
