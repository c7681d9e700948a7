"""The landing page's data: counts, the last build, phenomena with their sizes; the graph's version key.

(The overview of a large graph, groups as super-nodes, is :class:`graph.drawing.overview.Overview`.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.pipeline.stores import store_version  # noqa: F401 (a services name: the app's caches use it)
from graph.model.identity import fold
from graph.store.base import GraphStore

__all__ = ["store_version", "GraphSummary", "load_summary", "find_phenomena"]


@dataclass
class GraphSummary:
    """What the landing page says about the graph: its counts, its last build, its phenomena."""

    counts: dict[str, int]  # node labels and relationship types -> count
    finished_at: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    phenomena: list[dict[str, Any]] = field(default_factory=list)  # id, name, papers

    @property
    def citations_missing(self) -> bool:
        return self.counts.get("Paper", 0) > 0 and self.counts.get("CITES", 0) == 0


def load_summary(store: GraphStore) -> GraphSummary:
    """Counts, the last build's time and sources, and every phenomenon with its paper count."""
    build = store.get_meta("build") or {}
    phenomena = store.query(
        "MATCH (f:Phenomenon) OPTIONAL MATCH (p:Paper)-[r:ABOUT]->(f) "
        "WHERE coalesce(r.confidence, 'medium') <> 'weak' "  # as every view: strong and medium tags
        "RETURN f.id AS id, f.name AS name, count(p) AS papers ORDER BY papers DESC, name").records()
    return GraphSummary(counts=store.counts(), finished_at=build.get("finished_at"),
                        sources=dict(build.get("sources") or {}), phenomena=phenomena)


def find_phenomena(phenomena: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    """The phenomena whose name matches each of ``names`` (folded), in that order; absent ones skipped.

    >>> find_phenomena([{"id": "p:dd", "name": "Deep Double Descent"}], ["double descent", "grokking"])
    [{'id': 'p:dd', 'name': 'Deep Double Descent'}]
    """
    out = []
    for wanted in names:
        exact = [p for p in phenomena if fold(p["name"] or "") == fold(wanted)]
        loose = [p for p in phenomena if fold(wanted) in fold(p["name"] or "")]
        if exact or loose:
            out.append((exact or loose)[0])
    return out


