"""The Phenomena page: timelines, the phenomenon map, and papers that bridge two phenomena."""
from __future__ import annotations

from typing import Any

from app.web.services.papers import PaperGraph, PaperNode  # noqa: F401  (PaperNode: doctests)

__all__ = ["phenomenon_timeline", "phenomenon_map", "load_bridges", "load_phenomenon_links"]


def phenomenon_timeline(graph: PaperGraph, phenomenon: str) -> dict[str, Any]:
    """When a phenomenon appeared and spread: :func:`graph.phenomena.phenomenon_timeline` on the app's graph
    (``papers_per_year``, ``first_paper`` with ``first_title``, ``burst_years``, ``home_cluster``, ``spread_year``).

    >>> g = PaperGraph({"a": PaperNode("a", "A", 2020), "b": PaperNode("b", "B", 2021)}, {"f": "F"},
    ...                {"a": ["f"], "b": ["f"]}, [])
    >>> t = phenomenon_timeline(g, "f")
    >>> t["papers_per_year"], t["first_title"], t["burst_years"]
    ({2020: 1, 2021: 1}, 'A', [])
    """
    from graph.phenomena import phenomenon_timeline as timeline

    clusters = {pid: p.cluster for pid, p in graph.papers.items() if p.cluster is not None}
    out = timeline(graph.to_digraph(), phenomenon, clusters or None)
    first = out.get("first_paper")
    out["first_title"] = graph.papers[first].title if first in graph.papers else None
    return out


def phenomenon_map(graph: PaperGraph) -> list[dict[str, Any]]:
    """For every ordered pair of phenomena: papers about both, and citations from one's papers to the other's.

    Pairs with nothing in common are left out; the diagonal holds each phenomenon's own size.

    >>> g = PaperGraph({k: PaperNode(k, k) for k in "abc"}, {"f": "F", "g": "G"},
    ...                {"a": ["f"], "b": ["f", "g"], "c": ["g"]}, [("a", "c")])
    >>> [(r["source"], r["target"], r["shared"], r["citations"]) for r in phenomenon_map(g)]
    [('f', 'f', 2, 0), ('f', 'g', 1, 1), ('g', 'f', 1, 0), ('g', 'g', 2, 0)]
    """
    from graph.phenomena import phenomenon_map as pair_counts, phenomenon_papers

    G = graph.to_digraph()
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for pid, members in phenomenon_papers(G).items():  # the diagonal: each phenomenon's own size
        rows[pid, pid] = {"source": pid, "target": pid, "shared": len(members), "citations": 0}
    for r in pair_counts(G):
        for a, b, cited in ((r["a"], r["b"], r["a_cites_b"]), (r["b"], r["a"], r["b_cites_a"])):
            rows[a, b] = {"source": a, "target": b, "shared": r["shared_papers"], "citations": cited}
    return [rows[key] for key in sorted(rows) if rows[key]["shared"] or rows[key]["citations"]]


def load_bridges(store, a: str, b: str, top: int = 20, *, all_tags: bool = False) -> list[dict[str, Any]]:
    """Papers that bridge two phenomena, best first, each with its reasons and the papers it links:
    the one ranking of :func:`graph.bridges.rank_bridges`, as the CLI's ``phenomena bridges`` shows it."""
    from app.pipeline.analytics import bridges

    return bridges(store, a, b, top=top, all_tags=all_tags)


def load_phenomenon_links(store) -> list[dict[str, Any]]:
    """The phenomenon hierarchy (BROADER edges): ``[{narrower, broader, kind}]`` by display name."""
    return store.query("MATCH (a:Phenomenon)-[r:BROADER]->(b:Phenomenon) "
                       "RETURN a.name AS narrower, b.name AS broader, r.kind AS kind "
                       "ORDER BY kind, narrower, broader").records()
