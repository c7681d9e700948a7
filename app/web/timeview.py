"""The time-axis drawing: vis-network data for a :class:`graph.drawing.timeline.TimeAxis`, axes included.

Plain data (``{"nodes", "edges", "options", "overlay"}``) that the graph component draws and any
vis-network page can draw: the axes are nodes and edges too (``axis`` nodes of kind ``label``, which do not select, and ``axis`` edges: text nodes for tick labels
and titles, thin lines between invisible anchors), so an exported drawing keeps them.  Papers have
fixed positions (physics and dragging off); the most central carry a "FirstAuthor Year" label that the
component places where it fits; the others show their title on hover.

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> from graph.drawing.timeline import build_time_axis
>>> m = GraphModel.of([Paper("a", "A", 2019), Paper("b", "B", 2021)], {"f": "F"}, {"a": ["f"], "b": ["f"]},
...                   [("b", "a")])
>>> data = time_axis_vis_data(build_time_axis(m, ["a", "b"], {"a": 3}, measure="citations"), {"f": "#0072B2"},
...                           {"a": "f", "b": "f"}, {"a": "Power 2019"})
>>> sorted(e["kind"] for e in data["edges"] if e["kind"] != "axis")
['ABOUT', 'ABOUT', 'CITES']
>>> [n["label"] for n in data["nodes"] if n.get("tick") == "x"]
['2019', '2020', '2021']
>>> data["options"]["physics"]["enabled"], data["options"]["interaction"]["dragNodes"]
(False, False)
"""
from __future__ import annotations

import math

from app.web.style import BULK_EDGES, EDGE_STYLE, NONE_COLOUR
from graph.drawing.timeline import TimeAxis
from graph.safe_text import html_text, plain_text

__all__ = ["time_axis_vis_data", "central_papers", "LABELLED", "AXIS_COLOUR", "drawn_counts"]

MUST_LABEL_HUBS = 10  # up to this many phenomenon hubs always keep their labels
LABELLED = 20  # papers carrying a permanent "FirstAuthor Year" label: the most central drawn
AXIS_COLOUR = "#4b5563"
GRID_COLOUR = "#e5e7eb"
TICK_FONT = {"size": 26, "color": AXIS_COLOUR, "face": "sans-serif"}
TITLE_FONT = {"size": 26, "color": "#111111", "face": "sans-serif", "bold": True}


def central_papers(axis: TimeAxis, n: int = LABELLED) -> list[str]:
    """The ``n`` most central drawn papers: most citation links inside the drawing, then highest value.

    >>> from graph.drawing.timeline import TimeAxis, TimePoint
    >>> pts = [TimePoint(k, 2020, None, 2020.5, v, None, 0, 0) for k, v in (("a", 1), ("b", 5), ("c", 0))]
    >>> central_papers(TimeAxis(points=pts, links=[("c", "a", "CITES")]), 2)
    ['a', 'c']
    """
    degree = {p.id: 0 for p in axis.points}
    for a, b, kind in axis.links:
        if kind == "CITES":
            degree[a] += 1
            degree[b] += 1
    value = {p.id: p.value for p in axis.points}
    return sorted(degree, key=lambda k: (-degree[k], -value[k], k))[:n]


def _text(ident: str, text: str, x: float, y: float, font: dict, **extra) -> dict:
    return {"id": ident, "kind": "label", "axis": True, "shape": "text", "label": text, "x": x, "y": y, "font": font,
            "chosen": False, "isLabel": True, **extra}


def _anchor(ident: str, x: float, y: float) -> dict:
    return {"id": ident, "kind": "label", "axis": True, "shape": "dot", "size": 0.01, "label": " ", "x": x, "y": y,
            "color": {"background": "rgba(0,0,0,0)", "border": "rgba(0,0,0,0)"}, "borderWidth": 0, "chosen": False,
            "isLabel": True}


def _line(ident: str, a: str, b: str, colour: str, width: float) -> dict:
    return {"id": ident, "from": a, "to": b, "kind": "axis", "color": {"color": colour}, "width": width,
            "chosen": False, "arrows": ""}


def _axes(axis: TimeAxis) -> tuple[list[dict], list[dict]]:
    """Tick labels for every year, year boundaries, log-scale ticks in each band, axis titles."""
    nodes, edges = [], []
    bands = axis.lanes or [None]
    hubs = {h.id for h in axis.hubs}
    top = min((lane.top for lane in axis.lanes), default=0.0)
    bottom = max((lane.bottom for lane in axis.lanes), default=axis.band_y(0.0))
    per_year = axis.width / max(len(axis.x_ticks), 1)
    for i, (year, x) in enumerate(axis.x_ticks):
        nodes.append(_text(f"axis:x:{year}", str(year), x, bottom + 36, TICK_FONT, tick="x"))
        edge_x = round(x - per_year / 2, 1)
        nodes += [_anchor(f"axis:v:{year}:t", edge_x, top - 10), _anchor(f"axis:v:{year}:b", edge_x, bottom + 8)]
        edges.append(_line(f"axis:v:{year}", f"axis:v:{year}:t", f"axis:v:{year}:b",
                           AXIS_COLOUR if i == 0 else GRID_COLOUR, 1.5 if i == 0 else 1.0))
    nodes += [_anchor("axis:x:start", 0.0, bottom + 8), _anchor("axis:x:end", axis.width, bottom + 8)]
    edges.append(_line("axis:x", "axis:x:start", "axis:x:end", AXIS_COLOUR, 1.5))
    for b, lane in enumerate(bands):
        ticks = axis.y_ticks if lane is None or (lane.bottom - lane.top) >= 300 else [
            (v, level) for v, level in axis.y_ticks if v == 0 or math.log10(v).is_integer()]
        for v, level in ticks:
            y = axis.band_y(level, lane)
            text = f"{v / 1000:g}k" if v >= 1000 else f"{v:g}"
            nodes.append(_text(f"axis:y:{b}:{v:g}", text, -38.0, y, TICK_FONT, tick="y"))
            nodes += [_anchor(f"axis:h:{b}:{v:g}:l", -8.0, y), _anchor(f"axis:h:{b}:{v:g}:r", axis.width, y)]
            edges.append(_line(f"axis:h:{b}:{v:g}", f"axis:h:{b}:{v:g}:l", f"axis:h:{b}:{v:g}:r", GRID_COLOUR, 1.0))
        if lane is not None and lane.id not in hubs:  # the lane's name where no hub names it ("other", ABOUT off)
            nodes.append(_text(f"axis:lane:{b}", plain_text(lane.name, limit=40), -190.0,
                               round((lane.top + lane.bottom) / 2, 1), {**TICK_FONT, "size": 20}))
    y_title = f"↑ {axis.measure} (log scale)"
    nodes.append(_text("axis:title:y", y_title, -40.0 + 6.5 * len(y_title), top - 40, TITLE_FONT, tick="title"))
    nodes.append(_text("axis:title:x", "year → (month from the arXiv id when known)", axis.width / 2, bottom + 90,
                       TITLE_FONT, tick="title"))
    return nodes, edges


def time_axis_vis_data(axis: TimeAxis, colours: dict[str, str], colour_of: dict[str, str],
                       short_labels: dict[str, str], *, titles: dict[str, str] | None = None,
                       hub_names: dict[str, str] | None = None) -> dict:
    """vis-network data of ``axis``: papers coloured by their phenomenon (``colour_of`` -> ``colours``), sized by
    value; hubs with their name; CITES arrows and ABOUT lines (past :data:`BULK_EDGES` links, ``bulk_edges`` rows);
    the axes; an ``overlay`` legend (escaped HTML) naming what y measures."""
    titles = titles or {}
    top = max((p.value for p in axis.points), default=0.0) or 1.0
    labelled = {pid: rank for rank, pid in enumerate(central_papers(axis))}
    nodes, edges = _axes(axis) if axis.points else ([], [])
    for p in axis.points:
        colour = colours.get(p.lane or colour_of.get(p.id, ""), NONE_COLOUR)
        when = f"{p.year}-{p.month:02d}" if p.month else str(p.year)
        tip = f"{plain_text(titles.get(p.id) or p.id, limit=200)}\n{when} · {axis.measure}: {p.value:g}"
        node = {"id": p.id, "kind": "Paper", "shape": "dot", "x": p.x, "y": p.y, "label": " ",
                "size": round(6 + 10 * math.sqrt(p.value / top), 1), "color": colour,
                "title": tip + "\nDouble-click to open", "labelText": None, "labelRank": None}
        if p.id in labelled:
            node.update(labelText=plain_text(short_labels.get(p.id) or titles.get(p.id) or p.id, limit=40),
                        labelRank=labelled[p.id], labelSize=13)
        nodes.append(node)
    few_hubs = len(axis.hubs) <= MUST_LABEL_HUBS  # more: a hub's label shows where it fits (hover names it)
    for h in axis.hubs:
        name = plain_text((hub_names or {}).get(h.id, h.name), limit=40)
        nodes.append({"id": h.id, "kind": "Phenomenon", "shape": "dot", "x": h.x, "y": h.y, "label": " ", "size": 16,
                      "color": {"background": colours.get(h.id, NONE_COLOUR), "border": "#222222"}, "borderWidth": 2,
                      "title": f"{name} (phenomenon)", "labelText": name, "labelBold": True, "labelSize": 14,
                      "labelRank": -1, **({"mustLabel": True} if few_hubs else {})})
    links = [(a, b, kind) for a, b, kind in axis.links]
    bulk = len(links) > BULK_EDGES
    styles: dict = {}
    rows = []
    for a, b, kind in links:
        style = EDGE_STYLE[kind]
        if bulk:
            rows.append([a, b, styles.setdefault((style["color"], 1.0 if kind == "CITES" else 0.8), len(styles))])
            continue
        edge = {"id": f"{a}>{kind}>{b}", "from": a, "to": b, "kind": kind, "width": 1.0,
                "color": {"color": style["color"], "opacity": 0.55 if kind == "CITES" else 0.3}, "title": kind}
        if style["arrows"]:
            edge["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
        edges.append(edge)
    options = {"physics": {"enabled": False}, "layout": {"improvedLayout": False}, "edges": {"smooth": False},
               "interaction": {"hover": True, "tooltipDelay": 150, "dragNodes": False,
                               "hideEdgesOnDrag": len(links) > 2000},
               "nodes": {"font": {"size": 14}}}
    data = {"nodes": nodes, "edges": edges, "options": options, "overlay": _legend(axis, colours, colour_of, hub_names or {})}
    if bulk:
        data["bulk_edges"] = {"styles": [list(k) for k in styles], "rows": rows}
    return data


def _legend(axis: TimeAxis, colours: dict[str, str], colour_of: dict[str, str], names: dict[str, str],
            shown: int = 10) -> str:
    """One wrapped row above the canvas: papers, what y measures, links by kind, the colours' phenomena."""
    counts = {"CITES": 0, "ABOUT": 0}
    for _, _, kind in axis.links:
        counts[kind] = counts.get(kind, 0) + 1
    parts = [f"<b>{len(axis.points)} papers</b> · y: {html_text(axis.measure)}, log scale"]
    parts += [f'<span style="color:{EDGE_STYLE[k]["color"]}">━</span> {k} ({n})' for k, n in counts.items() if n]
    if axis.left_out:
        parts.append(f"{axis.left_out} without a year not drawn")
    groups: dict[str, int] = {}
    for p in axis.points:
        key = p.lane or colour_of.get(p.id, "")
        groups[key] = groups.get(key, 0) + 1
    for key in sorted(groups, key=lambda k: (-groups[k], k))[:shown]:
        name = html_text(names.get(key) or "no phenomenon", limit=40)
        parts.append(f'<span style="color:{colours.get(key, NONE_COLOUR)}">●</span> {name} ({groups[key]})')
    return ('<div id="atlas-legend" style="display:flex;flex-wrap:wrap;gap:0 14px;padding:2px 4px;'
            'font:12px sans-serif;line-height:18px">' + "".join(f"<div>{p}</div>" for p in parts) + "</div>")


def drawn_counts(data: dict) -> tuple[int, int]:
    """``(papers, links)`` the data draws (axes left out): what the browser tests count in the page.

    >>> drawn_counts({"nodes": [{"kind": "Paper"}, {"kind": "axis"}], "edges": [{"kind": "CITES"}],
    ...               "bulk_edges": {"rows": [[1, 2, 0]]}})
    (1, 2)
    """
    papers = sum(1 for n in data["nodes"] if n.get("kind") == "Paper")
    links = sum(1 for e in data["edges"] if e.get("kind") != "axis") + len((data.get("bulk_edges") or {}).get("rows", ()))
    return papers, links
