"""The Phenomena page: timelines and the phenomenon map from :mod:`graph.phenomena`, and bridge papers."""
from __future__ import annotations

from typing import Any

from graph import phenomena as phen
from graph.model import GraphModel
from graph.records import Paper  # noqa: F401  (doctests)

__all__ = ["phenomenon_timeline", "phenomenon_map", "bridge_papers"]


def phenomenon_timeline(graph: GraphModel, phenomenon: str) -> dict[int, int]:
    """Papers about ``phenomenon`` per year (:func:`graph.phenomena.phenomenon_timeline`).

    >>> g = GraphModel.of([Paper("a", "A", 2020), Paper("b", "B", 2020)], {"f": "F"}, {"a": ["f"], "b": ["f"]})
    >>> phenomenon_timeline(g, "f")
    {2020: 2}
    """
    return phen.phenomenon_timeline(graph.citation_graph(), phenomenon)["papers_per_year"]


def phenomenon_map(graph: GraphModel) -> list[dict[str, Any]]:
    """The pairs of :func:`graph.phenomena.phenomenon_map` (``a < b``: shared papers, citations each way)."""
    return phen.phenomenon_map(graph.citation_graph())


def bridge_papers(graph: GraphModel, a: str, b: str, top: int = 20) -> list[dict[str, Any]]:
    """Papers that connect two phenomena, best first, each with why and the papers it links to.

    A paper bridges when it is about both (score 3), or when it has citation links
    (citing or cited) to papers of the side it does not belong to: a paper of ``a``
    linked to papers of ``b`` scores one per such paper; a paper of neither side must
    link to both, and scores one per linked paper.

    >>> g = GraphModel.of([Paper(k, k) for k in "abcx"], {"f": "F", "g": "G"},
    ...                   {"a": ["f"], "b": ["f", "g"], "c": ["g"]}, [("a", "c"), ("x", "a"), ("x", "c")])
    >>> [(r["id"], r["score"]) for r in bridge_papers(g, "f", "g")]
    [('b', 3), ('x', 2), ('a', 1), ('c', 1)]
    """
    sides = {name: {p for p, phens in graph.about.items() if pid in phens} for name, pid in (("a", a), ("b", b))}
    linked: dict[str, dict[str, set[str]]] = {}
    for src, dst in graph.cites:
        for here, there in ((src, dst), (dst, src)):
            for name, side in sides.items():
                if there in side and here != there:
                    linked.setdefault(here, {"a": set(), "b": set()})[name].add(there)
    names = {"a": graph.phenomenon_names.get(a, a), "b": graph.phenomenon_names.get(b, b)}
    out = []
    for pid, paper in graph.papers.items():
        member = {name for name, side in sides.items() if pid in side}
        links = linked.get(pid, {"a": set(), "b": set()})
        if member == {"a", "b"}:
            score, reasons, via = 3, ["about both"], set()
        else:
            other = [name for name in ("a", "b") if name not in member]
            if not all(links[name] for name in other):
                continue
            via = set().union(*(links[name] for name in other))
            score = len(via)
            reasons = [f"about {names[name]}" for name in sorted(member)] + [
                f"cites or is cited by {len(links[name])} {names[name]} paper{'s' * (len(links[name]) > 1)}"
                for name in other]
        out.append({"id": pid, "title": paper.title, "year": paper.year, "score": score,
                    "reasons": reasons, "linked": sorted(via)})
    return sorted(out, key=lambda r: (-r["score"], r["id"]))[:top]
