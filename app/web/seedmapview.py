"""The drawings of a seed map and of paths: vis-network data (``nodes``, ``edges``, ``options``, ``overlay``).

Plain data that the graph component (app/web/component) draws and any vis-network host can
render (:func:`render_map_html`: the offline pyvis page of :mod:`app.web.style`).  Papers are
labelled "FirstAuthor Year" (:func:`app.web.graphview.short_labels`), coloured by year on the
viridis ramp with a colour bar above the drawing, and sized by citations (knowledge links offline);
seeds and path ends are ringed.  Outside text (titles, names) goes into tooltips and labels as
data: vis-network and the component draw it as text, the overlay escapes it.

>>> bar = colour_bar_html((2019, 2024), "citations", "<b>")
>>> bar.count("background:"), "&lt;b&gt;" in bar
(10, True)
"""
from __future__ import annotations

import html as html_lib
import math

from app.web.graphview import short_labels
from app.web.style import (
    EDGE_STYLE,
    HIGHLIGHT_COLOUR,
    NODE_STYLE,
    NONE_COLOUR,
    YEAR_RAMP,
    open_paper_on_double_click,
    pyvis_page,
    year_colour,
)
from graph.analytics.paths import PathsFound
from graph.analytics.seed_map import SeedMap
from graph.model.graph_model import GraphModel

__all__ = ["seed_map_data", "paths_data", "colour_bar_html", "render_map_html", "map_span"]

_OPTIONS = {"physics": {"enabled": False}, "layout": {"improvedLayout": False}, "edges": {"smooth": False},
            "interaction": {"hover": True, "tooltipDelay": 150}, "nodes": {"font": {"size": 14}}}
_KIND_SHAPE = {"Phenomenon": "dot", "Keyword": "diamond", "Author": "triangle"}
_STEP_WORDS = {"CITES": "cites (arrow)", "ABOUT": "about", "HAS_KEYWORD": "keyword", "WROTE": "author",
               "RELATED_TO": "related"}


def map_span(graph: GraphModel, ids: list[str]) -> tuple[int, int] | None:
    """The first and last year of the papers ``ids`` (None when no year is known)."""
    years = [graph.papers[k].year for k in ids if k in graph.papers and graph.papers[k].year]
    return (min(years), max(years)) if years else None


def colour_bar_html(span: tuple[int, int] | None, size_by: str, extra: str = "") -> str:
    """The legend above a map: the year ramp from first to last year, what sizes mean, and ``extra`` (escaped)."""
    if span is None:
        bar = "<span>year unknown (grey)</span>"
    else:
        cells = "".join(f'<span style="display:inline-block;width:18px;height:10px;background:{c}"></span>'
                        for c in YEAR_RAMP)
        bar = f"<span>{span[0]}</span> {cells} <span>{span[1]}</span>"
    size = html_lib.escape(f"size: {size_by}")
    more = f"<span>{html_lib.escape(extra)}</span>" if extra else ""
    return ('<div id="atlas-legend" style="display:flex;flex-wrap:wrap;align-items:center;gap:0 12px;'
            'padding:2px 4px;font:12px sans-serif;line-height:18px">'
            f'<span style="white-space:nowrap">colour: year {bar}</span>'
            f'<span style="white-space:nowrap"><span style="display:inline-block;width:10px;height:10px;'
            f'border-radius:50%;background:{NONE_COLOUR}"></span> year unknown</span>'
            f'<span>{size}</span>{more}</div>')


def _paper_node(graph: GraphModel, key: str, label: str, x: float, y: float, share: float,
                span: tuple[int, int] | None, *, ringed: bool, rank: int) -> dict:
    p = graph.papers[key]
    colour = year_colour(p.year, span) if span else NONE_COLOUR
    node = {"id": key, "kind": "Paper", "shape": "dot", "x": x, "y": y, "label": " ", "isLabel": False,
            "size": round(9 + 18 * math.sqrt(share), 1), "color": colour,
            "title": f"{p.title}\n{p.year or 'year unknown'} · double-click to open",
            "labelText": label, "labelSize": round(12 + 4 * math.sqrt(share)), "labelRank": rank, "fullLabel": p.title}
    if ringed:
        node.update(borderWidth=4, color={"background": colour, "border": HIGHLIGHT_COLOUR}, mustLabel=True,
                    labelBold=True)
    return node


def seed_map_data(graph: GraphModel, m: SeedMap) -> dict:
    """vis data of the seed map ``m``: seeds ringed and labelled first, similarity links (wider when more
    similar), citations between map papers as arrows, the year colour bar as ``overlay``."""
    ids = m.nodes
    labels = short_labels(graph, ids)
    span = map_span(graph, ids)
    top = max(m.size_of.values(), default=0) or 1
    order = sorted(ids, key=lambda k: (k not in m.seeds, -m.size_of.get(k, 0), k))
    rank = {k: i for i, k in enumerate(order)}
    nodes = [_paper_node(graph, k, labels.get(k) or _short(graph.papers[k].title), *m.positions[k],
                         m.size_of.get(k, 0) / top, span, ringed=k in m.seeds, rank=rank[k]) for k in ids]
    edges = []
    best = max((s for _, _, s in m.links), default=1.0) or 1.0
    for u, v, s in m.links:
        edges.append({"id": f"{u}>RELATED_TO>{v}", "from": u, "to": v, "kind": "RELATED_TO",
                      "width": round(1 + 4 * s / best, 2), "dashes": False,
                      "color": {"color": EDGE_STYLE["RELATED_TO"]["color"], "opacity": 0.55},
                      "title": f"similarity {s:.2f}"})
    for u, v in m.cites:
        edges.append({"id": f"{u}>CITES>{v}", "from": u, "to": v, "kind": "CITES", "width": 1.0, "arrows": "to",
                      "dashes": False, "color": {"color": EDGE_STYLE["CITES"]["color"], "opacity": 0.6},
                      "title": "cites"})
    extra = "line: similar (wider: more)" + ("; arrow: cites" if m.cites else "")
    return {"nodes": nodes, "edges": edges, "options": _OPTIONS, "overlay": colour_bar_html(span, m.size_by, extra)}


def paths_data(graph: GraphModel, found: PathsFound, *, width: float = 900.0, row: float = 130.0) -> dict:
    """vis data of the paths in ``found``: ends at the left and right, each path a row between them,
    steps in the style of their kind (citations as arrows), every node labelled."""
    paths = found.paths
    ends = {found.a, found.b}
    pos: dict[str, tuple[float, float]] = {found.a: (-width / 2, 0.0), found.b: (width / 2, 0.0)}
    for r, path in enumerate(paths):  # rows: the first path in the middle, the next ones above and below
        y = row * ((r + 1) // 2) * (-1 if r % 2 else 1)
        nodes = [found.a] + [s.target for s in path]
        for i, key in enumerate(nodes):
            if key not in pos:  # a node on several paths stays where its first path put it
                pos[key] = (round(-width / 2 + width * i / max(len(nodes) - 1, 1), 1), float(y))
    papers = [k for k in pos if k in graph.papers]
    labels = short_labels(graph, papers)
    span = map_span(graph, papers)
    counts = {k: graph.papers[k].citation_count for k in papers}
    size_by = "citations" if any(c is not None for c in counts.values()) else "the same (no citation counts)"
    top = max((c or 0 for c in counts.values()), default=0) or 1
    nodes = []
    for i, key in enumerate(pos):
        x, y = pos[key]
        if key in graph.papers:
            nodes.append(_paper_node(graph, key, labels.get(key) or _short(graph.papers[key].title), x, y,
                                     (counts[key] or 0) / top, span, ringed=key in ends, rank=i))
            continue
        kind = graph.label(key)
        style = NODE_STYLE.get(kind, NODE_STYLE["Paper"])
        hub = key in ends
        nodes.append({"id": key, "kind": kind, "shape": _KIND_SHAPE.get(kind, "dot"), "x": x, "y": y, "label": " ",
                      "isLabel": True, "size": 26 if hub else 12,
                      "color": {"background": style["color"] if kind != "Phenomenon" else "#0072B2",
                                "border": HIGHLIGHT_COLOUR if hub else "#222222"}, "borderWidth": 4 if hub else 1,
                      "title": f"{kind}: {graph.name(key)}", "labelText": graph.name(key), "mustLabel": True,
                      "labelBold": hub, "labelSize": 15 if hub else 12, "labelRank": i})
    edges, seen = [], set()
    for path in paths:
        for s in path:
            u, v = (s.source, s.target)
            key = f"{u}>{s.kind}>{v}"
            if key in seen or f"{v}>{s.kind}>{u}" in seen:
                continue
            seen.add(key)
            if s.citing is not None and s.citing != u:
                u, v = v, u  # the arrow points from the citing paper
            style = EDGE_STYLE.get(s.kind, EDGE_STYLE["RELATED_TO"])
            edge = {"id": key, "from": u, "to": v, "kind": s.kind, "width": 2.0, "dashes": style["dashes"],
                    "color": {"color": style["color"], "opacity": 0.9}, "title": s.reason}
            if style["arrows"]:
                edge["arrows"] = style["arrows"]
            edges.append(edge)
    kinds = sorted({e["kind"] for e in edges})
    lines = "".join(f'<span style="white-space:nowrap;color:{EDGE_STYLE[k]["color"]}">━ {html_lib.escape(_STEP_WORDS[k])}'
                    f"</span>" for k in kinds if k in _STEP_WORDS)
    bar = colour_bar_html(span, size_by, "ringed: the two ends; hover a link for its reason")
    return {"nodes": nodes, "edges": edges, "options": _OPTIONS,
            "overlay": bar.replace("</div>", lines + "</div>") if lines else bar}


def _short(title: str | None, words: int = 3) -> str:
    head = (title or "").split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def render_map_html(data: dict, *, height_px: int = 640) -> str:
    """Self-contained HTML of map ``data`` (vis-network inlined, nothing fetched): the component's own labels
    become vis-network labels, the legend sits above the drawing."""
    nodes = [{**n, "label": n.get("labelText") or " "} for n in data["nodes"]]
    return pyvis_page({**data, "nodes": nodes}, height_px=height_px,
                      end=data.get("overlay", "") + open_paper_on_double_click())
