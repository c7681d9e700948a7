"""The Time axis page's data: which papers, which measure up the axis, which lanes (no Streamlit).

A pure function of the one graph model over :func:`graph.drawing.timeline.build_time_axis`:
papers about a phenomenon (or all), the ``top_n`` most cited (or most linked), y by a measure
that differs between papers: Semantic Scholar citations when the graph has them, else links
inside the graph, else knowledge links (what an offline build always has).

>>> from graph.model.records import Paper
>>> g = GraphModel.of([Paper("a", "A", 2020, citation_count=5), Paper("b", "B", 2022, citation_count=50)],
...                   {"f": "F"}, {"a": ["f"], "b": ["f"]}, [("b", "a")])
>>> time_measures(g)
['citations', 'links', 'knowledge links']
>>> view = time_axis(g, phenomenon="f", measure="citations")
>>> sorted(p.id for p in view.axis.points), view.axis.measure, view.axis.links[0]
(['a', 'b'], 'citations (Semantic Scholar)', ('b', 'a', 'CITES'))
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.web.services.papers import NO_PHENOMENON, GraphModel, knowledge_degrees, measures, primary_phenomenon
from graph.drawing.timeline import TimeAxis, build_time_axis

__all__ = ["TimeAxisView", "TIME_MEASURES", "time_measures", "time_axis", "MAX_LANES", "DEFAULT_PAPERS"]

TIME_MEASURES = {  # measure -> what the axis says it counts
    "citations": "citations (Semantic Scholar)",
    "links": "citation links inside this graph",
    "knowledge links": "knowledge links (papers sharing its phenomena, keywords or authors)",
}
MAX_LANES = 8  # phenomenon lanes; papers of the others share an "other" lane
DEFAULT_PAPERS = 300


@dataclass
class TimeAxisView:
    """The axis and what its drawing names: titles, each paper's colour group, phenomenon names."""

    axis: TimeAxis
    titles: dict[str, str] = field(default_factory=dict)
    colour_of: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    matching: int = 0  # papers matching the filter (drawn: the top_n of them with a year)


def time_measures(graph: GraphModel) -> list[str]:
    """The measures the y axis can show in this graph (see :data:`TIME_MEASURES`), best first."""
    known = set(measures(graph))
    return [m for m in TIME_MEASURES if m in known]


def _values(graph: GraphModel, measure: str) -> dict[str, float]:
    if measure == "citations":
        return {k: float(p.citation_count or 0) for k, p in graph.papers.items()}
    if measure == "links":
        return {k: float(v) for k, v in graph.degrees.items()}
    if measure == "knowledge links":
        return {k: float(v) for k, v in knowledge_degrees(graph).items()}
    raise ValueError(f"measure must be one of {', '.join(TIME_MEASURES)}")


def time_axis(graph: GraphModel, *, phenomenon: str | None = None, measure: str = "knowledge links",
              top_n: int = DEFAULT_PAPERS, lanes: bool = False,
              kinds: tuple[str, ...] = ("CITES", "ABOUT")) -> TimeAxisView:
    """The time axis of the ``top_n`` papers (about ``phenomenon``, else all) ranked by ``measure``.

    ``lanes``: one lane per phenomenon (each paper's most specific one, the Graph page's colour), the
    :data:`MAX_LANES` with most drawn papers, then "other".
    """
    values = _values(graph, measure)
    pool = [k for k in graph.papers if phenomenon is None or phenomenon in graph.about.get(k, ())]
    dated = [k for k in pool if graph.papers[k].year is not None]
    chosen = sorted(dated, key=lambda k: (-values.get(k, 0.0), k))[:top_n]
    chosen += [k for k in pool if graph.papers[k].year is None]  # counted as left out by the axis
    primary = primary_phenomenon(graph)
    colour_of = {k: primary.get(k, NO_PHENOMENON) for k in chosen}
    lane_of = lane_names = None
    if lanes:
        counts: dict[str, int] = {}
        for k in dated:
            if k in colour_of and colour_of[k] != NO_PHENOMENON:
                counts[colour_of[k]] = counts.get(colour_of[k], 0) + 1
        top = sorted(counts, key=lambda f: (-counts[f], f))[:MAX_LANES]
        lane_names = {f: graph.phenomenon_names.get(f, f) for f in top}
        lane_of = colour_of
    axis = build_time_axis(graph, chosen, values, measure=TIME_MEASURES[measure], lane_of=lane_of,
                           lane_names=lane_names, kinds=kinds)
    return TimeAxisView(axis, {k: graph.papers[k].title for k in chosen}, colour_of,
                        dict(graph.phenomenon_names), len(pool))
