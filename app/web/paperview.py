"""The paper drawing as vis-network data: one dot per paper, coloured and sized, hubs labelled.

What the app's component draws for the Phenomena and Cypher pages (the Graph page
draws the multi-layer data of :func:`app.web.graphview.layered_data`), and what
:func:`app.web.graphview.render_graph_html` wraps in an offline page.
"""
from __future__ import annotations

import math
from collections import defaultdict

from app.web.services import NO_PHENOMENON, GraphView
from app.web.style import HIGHLIGHT_COLOUR, LIBRARY_BORDER, NONE_COLOUR, SPACING, cluster_colours, year_colour

__all__ = ["build_vis_data", "group_labels", "TOP_LABELS"]

TOP_LABELS = 8  # papers that carry a permanent label (the heaviest); the others show theirs on hover


def _short(title: str, width: int = 48) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def build_vis_data(view: GraphView, layout: dict[str, tuple[float, float]], colours: dict[str, str],
                   phenomena: dict[str, str], *, colour_by: str = "phenomenon", size_by: str = "links",
                   span: tuple[int, int] | None = None, top_labels: int = TOP_LABELS) -> dict:
    """vis-network ``nodes``, ``edges`` and ``options`` of the view (preset positions, physics off).

    ``colour_by``: "phenomenon" (the view's ``colour_of``), "year" (within ``span``) or "cluster";
    ``size_by``: "links" (degree in the citation graph) or a measure (citations, pagerank, …).
    Every node has ``id``, ``label``, ``kind`` and ``category`` (not vis's ``group``, which
    recolours); the ``top_labels`` heaviest papers and the highlighted ones carry a label (``labelRank``: lower keeps its label first where labels would
    overlap), the others an empty one and their title on hover.
    """
    degree = view.degree
    field = {"links": None, "knowledge links": None, "citations": "citation_count"}.get(size_by, size_by)
    weight = {n.id: (degree[n.id] if field is None else getattr(n, field) or 0) for n in view.nodes}
    top = max(weight.values(), default=0) or 1
    highlighted = set(view.highlighted)
    heaviest = sorted(view.nodes, key=lambda n: (-weight[n.id], n.id))
    label_rank = {pid: i for i, pid in enumerate(view.highlighted)}
    by_cluster = cluster_colours(view) if colour_by == "cluster" else {}
    for n in heaviest[:top_labels]:
        label_rank.setdefault(n.id, len(label_rank))
    nodes = []
    for n in view.nodes:
        x, y = layout.get(n.id, (0.0, 0.0))
        if colour_by == "year":
            colour = year_colour(n.year, span or (n.year or 0, n.year or 0))
        elif colour_by == "cluster":
            colour = by_cluster.get(n.cluster, NONE_COLOUR)
        else:
            colour = colours.get(view.colour_of.get(n.id, NO_PHENOMENON), NONE_COLOUR)
        phen = phenomena.get(view.colour_of.get(n.id, ""), "no phenomenon")
        cited = f" · cited {n.citation_count}×" if n.citation_count is not None else ""
        if n.cluster is not None:
            cited += f"\ncluster: {n.cluster_label or n.cluster}"
        node = {
            "id": n.id, "label": _short(n.title) if n.id in label_rank else " ", "shape": "dot",
            "kind": "paper", "category": view.colour_of.get(n.id, NO_PHENOMENON), "fullLabel": n.title,
            "size": round(8 + 22 * math.sqrt(weight[n.id] / top), 1), "x": x, "y": y, "color": colour,
            "title": f"{n.title} ({n.year or 'n.d.'})\n{phen} · {degree[n.id]} links{cited}\n"
                     "Click for details, double-click to open",
        }
        if n.in_library:  # the "my library" overlay: a dark ring
            node.update(borderWidth=3, color={"background": colour, "border": LIBRARY_BORDER})
            node["title"] += "\nIn my library"
        if n.id in label_rank:
            node["labelRank"] = label_rank[n.id]
            node["font"] = {"size": 14, "background": "rgba(255,255,255,0.8)"}
        if n.id in highlighted:
            node.update(borderWidth=4, color={"background": colour, "border": HIGHLIGHT_COLOUR},
                        font={"size": 18, "background": "rgba(255,255,255,0.85)"})
        nodes.append(node)
    if colour_by == "phenomenon":  # cluster labels only where papers are grouped by phenomenon
        nodes.extend(group_labels(view, layout, colours, phenomena))
    # Arrowheads and translucency cost draw time; past a few thousand links they are noise anyway.
    small = len(view.edges) <= 3000
    edge_style = ({"arrows": "to", "color": {"color": "#9aa3ad", "opacity": 0.6}} if small
                  else {"arrows": {"to": {"enabled": False}}, "color": {"color": "#c3c9cf"}})
    # Style in the options, not on each edge: a 2,000-paper view is sent to the browser on every rerun.
    edges = [{"id": f"{a}>{b}", "from": a, "to": b, "kind": "CITES"} for a, b in view.edges]
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False, "width": 1, **edge_style},
        # Hover highlighting redraws the canvas on every move: past a few hundred papers that blocks the
        # page (a click's panel waits behind it).  Tooltips show either way.
        "interaction": {"hover": len(nodes) <= 600, "tooltipDelay": 150, "hideEdgesOnDrag": len(edges) > 2000},
        "nodes": {"font": {"size": 14}},
    }
    return {"nodes": nodes, "edges": edges, "options": options}


def group_labels(view: GraphView, layout: dict[str, tuple[float, float]], colours: dict[str, str],
                 phenomena: dict[str, str]) -> list[dict]:
    """A text node above each phenomenon's cluster, so the drawing names its groups."""
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for n in view.nodes:
        if n.id in layout:
            groups[view.colour_of.get(n.id, NO_PHENOMENON)].append(layout[n.id])
    out = []
    by_size = sorted(groups, key=lambda pid: (-len(groups[pid]), pid))
    for pid in by_size:
        points = groups[pid]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        size = max(22, round(SPACING * math.sqrt(len(points)) / 3))  # readable when zoomed out to fit
        out.append({"id": f"cluster-label:{pid}", "label": phenomena.get(pid, "no phenomenon"), "shape": "text",
                    "isLabel": True, "kind": "label", "labelRank": by_size.index(pid) - len(by_size),
                    "x": round(sum(xs) / len(xs), 1), "y": round(min(ys) - 20 - size, 1), "physics": False,
                    "font": {"size": size, "color": colours.get(pid, NONE_COLOUR), "strokeWidth": 4,
                             "strokeColor": "#ffffff"}})
    return out
