"""The Phenomena page: timelines, the phenomenon map, and papers that bridge two phenomena."""
from __future__ import annotations

from typing import Any

from app.web.services.papers import PaperGraph, PaperNode  # noqa: F401  (PaperNode: doctests)

__all__ = ["phenomenon_timeline", "phenomenon_map", "bridge_papers"]


def phenomenon_timeline(graph: PaperGraph, phenomenon: str) -> dict[int, int]:
    """Papers about ``phenomenon`` per year (years without papers left out).

    >>> g = PaperGraph({"a": PaperNode("a", "A", 2020), "b": PaperNode("b", "B", 2020)}, {"f": "F"},
    ...                {"a": ["f"], "b": ["f"]}, [])
    >>> phenomenon_timeline(g, "f")
    {2020: 2}
    """
    out: dict[int, int] = {}
    for pid, phens in graph.about.items():
        year = graph.papers[pid].year if pid in graph.papers else None
        if phenomenon in phens and year is not None:
            out[year] = out.get(year, 0) + 1
    return dict(sorted(out.items()))


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


def bridge_papers(graph: PaperGraph, a: str, b: str, top: int = 20) -> list[dict[str, Any]]:
    """Papers that connect two phenomena, best first, each with why and the papers it links to.

    A paper bridges when it is about both (score 3), or when it has citation links
    (citing or cited) to papers of the side it does not belong to: a paper of ``a``
    linked to papers of ``b`` scores one per such paper; a paper of neither side must
    link to both, and scores one per linked paper.

    >>> g = PaperGraph({k: PaperNode(k, k) for k in "abcx"}, {"f": "F", "g": "G"},
    ...                {"a": ["f"], "b": ["f", "g"], "c": ["g"]}, [("a", "c"), ("x", "a"), ("x", "c")])
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
    names = {"a": graph.phenomena.get(a, a), "b": graph.phenomena.get(b, b)}
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


