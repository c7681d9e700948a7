"""The multi-layer drawing: vis-network nodes, edges and options for a :class:`graph.drawing.layers.Layered`, and its HTML.

:func:`layered_vis_data` returns plain data (``{"nodes", "edges", "options"}``)
that any vis-network host can draw (the page's iframe, a Streamlit component);
:func:`render_layered_html` wraps it in the offline pyvis page with an
in-drawing legend.  Every node kind has its shape and every edge kind its
line style (:data:`app.web.style.NODE_STYLE`, :data:`~app.web.style.EDGE_STYLE`); positions come from
:func:`graph.drawing.layout.layered_layout`, so physics stays off.

>>> from graph.drawing.layers import Layered
>>> L = Layered([{"id": "f", "kind": "Phenomenon", "name": "Grokking", "papers": 1},
...              {"id": "a", "kind": "Paper", "name": "A paper", "papers": 1}], [("a", "f", "ABOUT", 1.0, "")])
>>> data = layered_vis_data(L, {"a": (0, 0), "f": (10, 0)}, {"f": "#0072B2"}, {"a": "f"})
>>> [n["shape"] for n in data["nodes"]], data["edges"][0]["kind"], data["options"]["physics"]["enabled"]
(['dot', 'dot'], 'ABOUT', False)
"""
from __future__ import annotations

import html as html_lib
import math
from pathlib import Path

from app.web.style import (
    BULK_EDGES,
    EDGE_MEANING,
    EDGE_STYLE,
    HIGHLIGHT_COLOUR,
    LIBRARY_BORDER,
    NODE_STYLE,
    NONE_COLOUR,
    focus_script,
    js,
    open_paper_on_double_click,
    pyvis_page,
)

__all__ = ["layered_vis_data", "render_layered_html", "legend_items", "legend_overlay_html", "add_cluster_labels",
           "bulk_edges_js"]
LABEL_ALL_PAPERS = 60  # a view of up to this many papers labels every one ("Power 2022")
LABEL_TOP_PAPERS = 40  # a bigger view labels the biggest ones only


def layered_vis_data(L, positions: dict, colours: dict[str, str], colour_of: dict[str, str], *,
                     highlight: list[str] = (), size_of: dict[str, float] | None = None,
                     paper_colours: dict[str, str] | None = None, node_colours: dict[str, str] | None = None,
                     library: set[str] | frozenset[str] = frozenset(),
                     short_labels: dict[str, str] | None = None) -> dict:
    """vis-network ``nodes``, ``edges`` and ``options`` for the layered graph ``L``.

    ``colours``: phenomenon -> colour; ``colour_of``: paper -> its phenomenon
    (grey when none); ``paper_colours``: paper -> colour, overriding both (colour by
    year or cluster); ``node_colours``: other nodes -> colour (e.g. by cluster);
    ``size_of``: paper -> relative size in [0, 1]; ``library``: papers of the user's library (a dark ring);
    ``short_labels``: paper -> its label ("Power 2022"; the title's start without one).

    Labels are drawn by the graph component (``labelText``, ``labelSize`` px, ``labelRank``): every hub
    (``mustLabel``), then highlighted papers, then papers and terms by weight; all papers of a view of
    up to :data:`LABEL_ALL_PAPERS`, else the :data:`LABEL_TOP_PAPERS` biggest.
    """
    size_of = size_of or {}
    top_hub = max((n["papers"] for n in L.nodes if n["kind"] == "Phenomenon"), default=1)
    top_term = max((n["papers"] for n in L.nodes if n["kind"] in ("Keyword", "Author")), default=1)
    marked = set(highlight)
    big = len(L.nodes) > 2000  # label only the most shared terms: thousands of labels cost seconds per frame
    terms = sorted((n for n in L.nodes if n["kind"] in ("Keyword", "Author")), key=lambda n: -n["papers"])
    labelled = {n["id"] for n in (terms[:60] if big else terms)}
    papers = sorted((n["id"] for n in L.nodes if n["kind"] == "Paper"), key=lambda k: (-size_of.get(k, 0.0), k))
    named = set(papers if len(papers) <= LABEL_ALL_PAPERS else papers[:LABEL_TOP_PAPERS]) | marked
    nodes = []
    for n in L.nodes:
        x, y = positions.get(n["id"], (0.0, 0.0))
        kind, style = n["kind"], NODE_STYLE[n["kind"]]
        node = {"id": n["id"], "kind": kind, "shape": style["shape"], "x": x, "y": y, "label": " ",
                "isLabel": kind != "Paper"}  # double-click opens papers only
        if kind == "Paper":
            colour = (paper_colours or {}).get(n["id"]) or colours.get(colour_of.get(n["id"], ""), NONE_COLOUR)
            node.update(size=round(9 + 14 * math.sqrt(size_of.get(n["id"], 0.0)), 1), color=colour,
                        title=f"{n['name']}\nDouble-click to open")
            if n["id"] in library:
                node.update(borderWidth=3, color={"background": colour, "border": LIBRARY_BORDER},
                            title=f"{n['name']}\nIn my library · double-click to open")
            if n["id"] in marked:  # a search match: ringed and always labelled
                node.update(borderWidth=4, color={"background": colour, "border": HIGHLIGHT_COLOUR}, mustLabel=True)
            if n["id"] in named:
                weight = size_of.get(n["id"], 0.0)
                node.update(labelText=(short_labels or {}).get(n["id"]) or _start(n["name"]),
                            labelSize=round(11 + 3 * math.sqrt(weight)), labelOrder=(1 if n["id"] in marked else 2, -weight))
        elif kind == "Phenomenon":
            colour = (node_colours or {}).get(n["id"]) or colours.get(n["id"], NONE_COLOUR)
            size = round(18 + 26 * math.sqrt(n["papers"] / top_hub), 1)
            node.update(size=size, color={"background": colour, "border": "#222222"}, borderWidth=2,
                        title=f"{n['name']}: {n['papers']} papers drawn", labelText=n["name"], mustLabel=True,
                        labelBold=True, labelSize=round(13 + 6 * math.sqrt(n["papers"] / top_hub)),
                        labelOrder=(0, -n["papers"]))
        else:
            size = round(7 + 9 * math.sqrt(n["papers"] / top_term), 1)
            node.update(size=size, color=(node_colours or {}).get(n["id"]) or style["color"],
                        title=f"{kind}: {n['name']} ({n['papers']} papers drawn)")
            if n["id"] in labelled:
                weight = n["papers"] / top_term
                node.update(labelText=n["name"], labelSize=round(11 + 3 * math.sqrt(weight)), labelOrder=(2, -weight))
        nodes.append(node)
    ranked = sorted((node for node in nodes if "labelOrder" in node), key=lambda node: (node["labelOrder"], node["id"]))
    for rank, node in enumerate(ranked):
        node["labelRank"] = rank
        del node["labelOrder"]
    edges = []
    top_w = max((e[3] for e in L.edges if e[2] == "SHARED_PAPERS"), default=1.0)
    fast = len(L.edges) > BULK_EDGES  # dashes and translucency cost canvas time; past this, colour alone tells kinds apart
    bulk, styles, ids = [], {}, set()
    for s, t, kind, weight, note in L.edges:
        style = EDGE_STYLE[kind]
        width = 1.0
        if kind == "RELATED_TO":
            width = 0.8 + 2.2 * min(weight, 1.0)
        elif kind == "SHARED_PAPERS":
            width = 1 + 6 * weight / top_w
        elif kind == "ABOUT":
            width = 1.2
        if fast:  # one row per edge, drawn in bulk by bulkedges.js: a vis-network edge object each costs seconds
            bulk.append([s, t, styles.setdefault((style["color"], round(width, 1)), len(styles))])
            continue
        key = f"{s}>{kind}>{t}"  # a stable id: an expansion adds and removes edges by id
        while key in ids:
            key += "'"
        ids.add(key)
        edge = {"id": key, "from": s, "to": t, "kind": kind, "width": round(width, 2), "dashes": style["dashes"],
                "color": {"color": style["color"], "opacity": 0.45 if kind == "RELATED_TO" else 0.8},
                "title": kind + (f": {note}" if note else "")}
        if style["arrows"]:
            edge["arrows"] = style["arrows"]
        edges.append(edge)
    concepts_only = not any(n["kind"] == "Paper" for n in L.nodes)
    if concepts_only:  # a concept map, VOSviewer-like: size and label by papers; small labels only when zoomed in
        for node, n in zip(nodes, L.nodes):
            for drawn_here in ("size", "labelText", "labelSize", "labelRank", "mustLabel", "labelBold"):
                node.pop(drawn_here, None)  # vis-network sizes and labels a concept map itself
            node["value"], node["label"] = n["papers"], n["name"]
            node["font"] = {"strokeWidth": 4, "strokeColor": "#ffffff", "color": "#111111"}
    options = {"physics": {"enabled": False}, "layout": {"improvedLayout": False}, "edges": {"smooth": False},
               "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(edges) > 2000},
               "nodes": {"font": {"size": 14}}}
    if concepts_only:
        options["nodes"]["scaling"] = {"min": 10, "max": 40, "label": {"enabled": True, "min": 20, "max": 48,
                                                                       "maxVisible": 48, "drawThreshold": 7}}
    data = {"nodes": nodes, "edges": edges, "options": options}
    if fast:
        data["bulk_edges"] = {"styles": [list(k) for k in styles], "rows": bulk}
    return data


def _start(title: str, words: int = 3) -> str:
    """The first words of a title, for a paper with neither author nor year."""
    head = title.split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def add_cluster_labels(data: dict, positions: dict, cluster_of: dict, names: dict, colours: dict,
                       min_size: int = 3) -> None:
    """A large text label at the centre of each cluster of ``min_size``+ nodes (VOSviewer's labelled clusters)."""
    members: dict = {}
    for v, c in cluster_of.items():
        if v in positions:
            members.setdefault(c, []).append(positions[v])
    for c, points in sorted(members.items()):
        if len(points) < min_size:
            continue
        x = sum(p[0] for p in points) / len(points)
        y = min(p[1] for p in points) - 30
        data["nodes"].append({"id": f"cluster-label:{c}", "label": names[c], "shape": "text", "isLabel": True,
                              "x": round(x, 1), "y": round(y, 1),
                              "scaling": {"label": {"drawThreshold": 1}},  # a cluster's name always shows
                              "font": {"size": 44, "color": colours[c], "strokeWidth": 8, "strokeColor": "#ffffff",
                                       "bold": True}})


def legend_items(L) -> list[tuple[str, str, str, int]]:
    """(what, kind, colour, count) for each node kind and edge kind drawn, nodes first."""
    counts = {kind: L.count(kind) for kind in NODE_STYLE}
    out = [("node", kind, NODE_STYLE[kind]["color"], n) for kind, n in counts.items() if n]
    out += [("edge", kind, EDGE_STYLE[kind]["color"], n) for kind, n in sorted(L.edge_counts().items())]
    return out


_SHAPES = {"dot": '<circle cx="8" cy="8" r="6" fill="{c}" stroke="#222"/>',
           "diamond": '<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
           "triangle": '<polygon points="8,1 15,15 1,15" fill="{c}"/>'}


COLOUR_KEY_MAX = 12  # more colours than this (~40 phenomena) are named on the hubs, not in the key


def legend_overlay_html(L, colour_by: str = "phenomenon", colours: list[tuple[str, str]] = ()) -> str:
    """The legend drawn with the drawing, above its canvas: each node and edge kind drawn, with its shape or
    line and count; papers' colour as chosen (``colour_by``), with its key (``colours``: (label, colour)
    pairs, e.g. year ranges or clusters) when it has at most :data:`COLOUR_KEY_MAX` entries."""
    rows = []
    for what, kind, colour, n in legend_items(L):
        if what == "node":
            paper = "Paper" if colours else f"Paper (colour: its {colour_by})"  # else the key says it
            label = {"Paper": paper, "Phenomenon": "Phenomenon (hub)"}.get(kind, kind)
            icon = _SHAPES[NODE_STYLE[kind]["shape"]].format(c="#8fa4b8" if kind in ("Paper", "Phenomenon")
                                                             else colour)
        else:
            dashes = EDGE_STYLE[kind]["dashes"] if len(L.edges) <= BULK_EDGES else False
            dash = f' stroke-dasharray="{dashes[0]},{dashes[1]}"' if dashes else ""
            arrow = f'<polygon points="22,4 28,8 22,12" fill="{colour}"/>' if EDGE_STYLE[kind]["arrows"] else ""
            icon = f'<line x1="1" y1="8" x2="27" y2="8" stroke="{colour}" stroke-width="2.5"{dash}/>{arrow}'
            label = f"{kind}: {EDGE_MEANING[kind]}"
        rows.append(f'<div title="{html_lib.escape(label)}"><svg width="30" height="16">{icon}</svg>'
                    f'{html_lib.escape(label.split(":")[0] if what == "edge" else label)} ({n})</div>')
    if colours and len(colours) <= COLOUR_KEY_MAX:
        rows.append(f'<div id="atlas-colour-key" style="flex-basis:100%;display:flex;flex-wrap:wrap;gap:0 12px">'
                    f'<span>Paper (colour: its {html_lib.escape(colour_by)}):</span>'
                    + "".join(f'<span><span style="display:inline-block;width:10px;height:10px;border-radius:5px;'
                              f'margin-right:3px;background:{html_lib.escape(c)}"></span>{html_lib.escape(label)}</span>'
                              for label, c in colours) + "</div>")
    elif colours:
        rows.append(f'<div id="atlas-colour-key" style="flex-basis:100%">Paper (colour: its {html_lib.escape(colour_by)}):'
                    f' {len(colours)} colours, each hub labelled; all listed under the drawing</div>')
    # Beside the drawing, never over it: wrapped rows above the canvas (issue 22).
    return ('<div id="atlas-legend" style="display:flex;flex-wrap:wrap;gap:0 14px;'
            'padding:2px 4px;font:12px sans-serif;line-height:18px">'
            + "".join(rows) + "</div>")


def bulk_edges_js() -> str:
    """The script that draws ``data["bulk_edges"]`` (shared with the graph component's frontend)."""
    return (Path(__file__).resolve().parent / "component" / "frontend" / "bulkedges.js").read_text(encoding="utf-8")


def render_layered_html(data: dict, L, *, height_px: int = 640, focus: list[str] = ()) -> str:
    """Self-contained HTML (vis-network inlined, nothing fetched) of ``data``, with the legend drawn over it."""
    bulk = (f"<script>{bulk_edges_js()}\natlasBulkEdges(network, {js(data['bulk_edges'])});</script>"
            if data.get("bulk_edges") else "")
    return pyvis_page(data, height_px=height_px,
                      end=legend_overlay_html(L) + bulk + open_paper_on_double_click(focus_script(list(focus))))
