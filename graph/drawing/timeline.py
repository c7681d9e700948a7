"""The time axis (Litmaps, CitNetExplorer): papers placed by date across and by a measure up a log scale.

A pure function of the one graph model: :func:`build_time_axis` places the chosen papers
at x = year (the month when the arXiv id gives it), y = ``log10(1 + value)`` of a measure
(Semantic Scholar citations online, knowledge links offline: the caller says which), in
one band or in one lane per phenomenon; it lists the CITES links among them and the
ABOUT links to their phenomena (hubs at the left of their lane, or above the plot).
:func:`replay` cuts the axis at a year: the papers up to it and the links among them,
every position unchanged, so a slider replays how a literature grew.

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A", 2019, arxiv_id="1903.00001"), Paper("b", "B", 2021), Paper("c", "C")],
...                   {"f": "F"}, {"a": ["f"], "b": ["f"]}, [("b", "a")])
>>> axis = build_time_axis(m, ["a", "b", "c"], {"a": 9, "b": 0}, measure="citations")
>>> [(p.id, p.month, round(p.t, 2)) for p in axis.points], axis.left_out, (axis.first, axis.last)
([('a', 3, 2019.21), ('b', None, 2021.65)], 1, (2019, 2021))
>>> axis.links
[('b', 'a', 'CITES'), ('a', 'f', 'ABOUT'), ('b', 'f', 'ABOUT')]
>>> [y for y, _ in axis.x_ticks], axis.y_ticks[:3]
([2019, 2020, 2021], [(0, 0.0), (1, 0.301), (2, 0.477)])
>>> cut = replay(axis, 2020)
>>> [p.id for p in cut.points], cut.links, [h.id for h in cut.hubs]
(['a'], [('a', 'f', 'ABOUT')], ['f'])
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field, replace

from graph.model.graph_model import GraphModel
from graph.model.identity import arxiv_month, arxiv_year

__all__ = ["TimePoint", "Hub", "Lane", "TimeAxis", "YEAR_PX", "PLOT_HEIGHT", "LANE_HEIGHT", "paper_date",
           "log_ticks", "build_time_axis", "replay"]

YEAR_PX = 70.0  # canvas units per year (at least; a short range is stretched to MIN_WIDTH)
MIN_WIDTH = 1000.0
PLOT_HEIGHT = 560.0  # the plot's height without lanes
LANE_HEIGHT = 130.0  # each lane's height (at least)
LANE_GAP = 44.0


@dataclass(frozen=True)
class TimePoint:
    """One paper on the axis: ``t`` its date as a fractional year, ``value`` its measure, ``x``/``y`` its place."""

    id: str
    year: int
    month: int | None
    t: float
    value: float
    lane: str | None
    x: float
    y: float


@dataclass(frozen=True)
class Hub:
    """A phenomenon the drawn papers are ABOUT: where its node sits and the first year it has a paper."""

    id: str
    name: str
    x: float
    y: float
    first_year: int


@dataclass(frozen=True)
class Lane:
    """A horizontal band of one phenomenon's papers (``id`` None: papers about none of the lanes)."""

    id: str | None
    name: str
    top: float
    bottom: float


@dataclass
class TimeAxis:
    """Papers, links (``(source, target, kind)``: CITES paper -> paper, ABOUT paper -> hub), hubs and axes.

    ``x_ticks``: ``(year, x)`` for every year from ``first`` to ``last``; ``y_ticks``: ``(value, log10(1 + value))``
    from ``bottom_value`` (the tick at or below the lowest paper) to ``top_value`` (the caller maps them into each
    band with :meth:`band_y`); ``left_out``: papers without a year.
    """

    points: list[TimePoint] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)
    hubs: list[Hub] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    x_ticks: list[tuple[int, float]] = field(default_factory=list)
    y_ticks: list[tuple[float, float]] = field(default_factory=list)
    first: int | None = None
    last: int | None = None
    measure: str = ""
    top_value: float = 0.0
    bottom_value: float = 0.0
    left_out: int = 0
    width: float = 0.0

    def band_y(self, level: float, lane: Lane | None = None) -> float:
        """The canvas y of ``level`` (a ``log10(1 + value)``) inside ``lane`` (or the whole plot)."""
        top, bottom = (lane.top, lane.bottom) if lane else (0.0, PLOT_HEIGHT)
        low = math.log10(1 + self.bottom_value)
        span = (math.log10(1 + self.top_value) - low) or 1.0
        return round(bottom - (bottom - top) * (level - low) / span, 1)


def paper_date(paper) -> tuple[int | None, int | None]:
    """``(year, month)``: the month only when the paper's arXiv id was issued in its year.

    >>> from graph.model.records import Paper
    >>> paper_date(Paper("a", "A", 2022, arxiv_id="2201.02177")), paper_date(Paper("b", "B", 2023, arxiv_id="2201.02177"))
    ((2022, 1), (2023, None))
    """
    year = paper.year
    if year is None:
        return None, None
    month = arxiv_month(paper.arxiv_id) if arxiv_year(paper.arxiv_id) == year else None
    return year, month


def _fraction(paper_id: str, month: int | None) -> float:
    """Where in its year a paper sits: mid-month when known, else spread evenly by a hash of its id
    (deterministic), so papers of one year and value do not stack on one point."""
    if month is not None:
        return (month - 0.5) / 12
    return 0.08 + 0.84 * (zlib.crc32(paper_id.encode()) % 1000) / 999


def log_ticks(top: float) -> list[float]:
    """Tick values from 0 to ``top`` for a ``log10(1 + value)`` axis: 0, then 1-2-5 steps, thinned to 1-10-100
    when the range is wide.

    >>> log_ticks(0), log_ticks(7), log_ticks(1234)
    ([0, 1], [0, 1, 2, 5, 10], [0, 1, 10, 100, 1000, 10000])
    """
    out: list[float] = [0, 1]
    steps = (1, 2, 5) if top <= 200 else (1,)
    scale = 1
    while out[-1] < top:
        for s in steps:
            v = s * scale
            if v > out[-1]:
                out.append(v)
                if v >= top:
                    break
        scale *= 10
    return out


def build_time_axis(model: GraphModel, papers: list[str], values: dict[str, float], *, measure: str,
                    lane_of: dict[str, str] | None = None, lane_names: dict[str, str] | None = None,
                    kinds: tuple[str, ...] = ("CITES", "ABOUT")) -> TimeAxis:
    """Place ``papers`` (those with a year) on the time axis by date and ``values`` (missing: 0).

    ``lane_of`` (paper -> phenomenon) draws one lane per phenomenon named in ``lane_names`` (in that
    order; a paper in none goes to a last "other" lane); without it, one band.  ``kinds`` chooses the
    links: CITES among the papers, ABOUT to their phenomena (one hub per phenomenon with drawn papers;
    with lanes, the lanes' phenomena only).
    """
    chosen = [model.papers[p] for p in papers if p in model.papers]
    dated = [(p, *paper_date(p)) for p in chosen]
    kept = [(p, y, m) for p, y, m in dated if y is not None]
    axis = TimeAxis(measure=measure, left_out=len(dated) - len(kept))
    if not kept:
        return axis
    axis.first, axis.last = min(y for _, y, _ in kept), max(y for _, y, _ in kept)
    years = axis.last - axis.first + 1
    per_year = max(YEAR_PX, MIN_WIDTH / years)
    axis.width = years * per_year
    axis.top_value = max(max((float(values.get(p.id) or 0) for p, _, _ in kept), default=0.0), 1.0)
    axis.x_ticks = [(y, round((y - axis.first + 0.5) * per_year, 1)) for y in range(axis.first, axis.last + 1)]
    ticks = log_ticks(axis.top_value)
    lowest = min(float(values.get(p.id) or 0) for p, _, _ in kept)
    axis.bottom_value = max(v for v in ticks if v <= lowest)  # the axis starts at the tick below the lowest paper
    axis.y_ticks = [(v, round(math.log10(1 + v), 3)) for v in ticks if v >= axis.bottom_value]
    axis.top_value = max(axis.top_value, axis.y_ticks[-1][0])  # the top tick is the top of the plot
    lanes = _lanes(lane_names or {}, lane_of, {p.id for p, _, _ in kept}) if lane_of is not None else []
    axis.lanes = lanes
    by_lane = {lane.id: lane for lane in lanes}
    for p, year, month in kept:
        t = year + _fraction(p.id, month)
        value = float(values.get(p.id) or 0)
        lane_id = lane_of.get(p.id) if lane_of is not None else None
        lane = by_lane.get(lane_id, by_lane.get(None)) if lanes else None
        y = axis.band_y(math.log10(1 + value), lane)
        axis.points.append(TimePoint(p.id, year, month, round(t, 3), value, lane.id if lane else None,
                                     round((t - axis.first) * per_year, 1), y))
    drawn = {p.id for p in axis.points}
    if "CITES" in kinds:
        axis.links += [(a, b, "CITES") for a, b in model.cites if a in drawn and b in drawn and a != b]
    if "ABOUT" in kinds:
        axis.hubs = _hubs(model, axis, by_lane)
        hub_ids = {h.id for h in axis.hubs}
        axis.links += [(p.id, f, "ABOUT") for p in axis.points for f in model.about.get(p.id, ()) if f in hub_ids]
    return axis


def _lanes(names: dict[str, str], lane_of: dict[str, str], drawn: set[str]) -> list[Lane]:
    used = [f for f in names if any(lane_of.get(p) == f for p in drawn)]
    rest = any(lane_of.get(p) not in names for p in drawn)
    ids: list[str | None] = used + ([None] if rest else [])
    height = max(LANE_HEIGHT, PLOT_HEIGHT / max(len(ids), 1))
    out = []
    for i, f in enumerate(ids):
        top = i * (height + LANE_GAP)
        out.append(Lane(f, names[f] if f is not None else "other", round(top, 1), round(top + height, 1)))
    return out


def _hubs(model: GraphModel, axis: TimeAxis, by_lane: dict) -> list[Hub]:
    """One hub per phenomenon of the drawn papers, in rows above the plot, left to right in the order of their
    papers' median dates; with lanes, one per lane, at the lane's left end."""
    dates: dict[str, list[float]] = {}
    firsts: dict[str, int] = {}
    for p in axis.points:
        for f in model.about.get(p.id, ()):
            dates.setdefault(f, []).append(p.x)
            firsts[f] = min(firsts.get(f, p.year), p.year)
    hubs = []
    row = -150.0  # above the plot and its title (canvas y grows downwards)
    ordered = sorted(dates, key=lambda f: (sorted(dates[f])[len(dates[f]) // 2], f))  # by median date
    step = axis.width / max(len(ordered), 1)
    for i, f in enumerate(ordered):
        lane = by_lane.get(f)
        if lane is not None:
            x, y = -190.0, (lane.top + lane.bottom) / 2
        elif by_lane:  # lanes drawn: only the lanes' phenomena are hubs
            continue
        else:  # evenly spread in the order of their median dates, on four staggered rows
            x, y = (i + 0.5) * step, row - 60.0 * (i % 4)
        hubs.append(Hub(f, model.phenomenon_names.get(f, f), round(x, 1), round(y, 1), firsts[f]))
    return hubs


def replay(axis: TimeAxis, upto: int | None) -> TimeAxis:
    """The axis as it stood at the end of ``upto``: papers published up to that year, the links among them,
    hubs with a drawn paper; positions, ticks and lanes unchanged (``None``: everything)."""
    if upto is None:
        return axis
    points = [p for p in axis.points if p.year <= upto]
    drawn = {p.id for p in points}
    hubs = [h for h in axis.hubs if h.first_year <= upto]
    hub_ids = {h.id for h in hubs}
    links = [(a, b, k) for a, b, k in axis.links if a in drawn and (b in drawn or (k == "ABOUT" and b in hub_ids))]
    return replace(axis, points=points, links=links, hubs=hubs)
