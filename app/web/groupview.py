"""Drawings of a large graph: the overview of groups, and one group's papers.

Pure HTML builders (no Streamlit) for :mod:`graph.drawing.overview`'s results: the
overview draws each cluster or phenomenon as one super-node (area ∝ papers,
link width ∝ citations between them); a drill-down is drawn with the paper
drawing of :mod:`app.web.graphview`, so it looks like the small-graph page.
"""
from __future__ import annotations

import math

import networkx as nx

from app.web.graphview import render_graph_html, view_layout
from app.web.services import GraphView
from app.web.style import NONE_COLOUR, PALETTE, js, open_on_double_click, pyvis_page
from graph.drawing.overview import OTHER, DrillDown, Overview, strongest_links
from graph.model.records import Paper

__all__ = ["group_param", "parse_group_param", "render_overview_html", "drill_down_view", "render_drill_down_html",
           "LINKS_PER_GROUP"]

LINKS_PER_GROUP = 3  # each group's strongest links are drawn (graph.drawing.overview.strongest_links)
LABELLED_GROUPS = 20  # labels readable at the first zoom; the rest appear as you zoom in


def group_param(kind: str, key) -> str:
    """The URL value naming one group: ``cluster:3`` or ``phenomenon:phen:grokking``."""
    return f"{kind}:{key}"


def parse_group_param(value: str | None) -> tuple[str, str] | None:
    """``('cluster', '3')`` from ``'cluster:3'``; None for anything else."""
    if not value or ":" not in value:
        return None
    kind, key = value.split(":", 1)
    return (kind, key) if kind in ("cluster", "phenomenon") and key else None


def render_overview_html(overview: Overview, *, height_px: int = 640, seed: int = 7) -> str:
    """Self-contained HTML: one node per group (area ~ papers), each group's strongest links
    (:data:`LINKS_PER_GROUP`, width ~ citations); double-click opens a group.  The labels of the
    :data:`LABELLED_GROUPS` largest groups show at once, the others as you zoom in (vis-network
    hides labels drawn smaller than ``drawThreshold``), so hundreds of groups stay readable."""
    drawn = strongest_links(overview, LINKS_PER_GROUP)
    papers = {n.key: max(n.papers, 1) for n in overview.nodes}
    strength = {(e.source, e.target): e.citations / (papers[e.source] * papers[e.target]) for e in drawn}
    top_strength = max(strength.values(), default=1.0)
    H = nx.Graph()
    H.add_nodes_from(n.key for n in overview.nodes)
    H.add_weighted_edges_from((u, v, s / top_strength) for (u, v), s in strength.items())
    pos = nx.spring_layout(H, weight="weight", seed=seed, k=2.5 / math.sqrt(max(len(H), 1))) if len(H) else {}
    # more groups, more room: fit() zooms out, and the small labels (drawThreshold) wait for a zoom-in
    spread = 900 * max(1.0, math.sqrt(len(H) / 80))
    top_edge = max((e.citations for e in drawn), default=1)
    biggest = max((n.papers for n in overview.nodes if n.key != OTHER), default=1)
    named = {n.key for n in sorted(overview.nodes, key=lambda n: -n.papers)[:LABELLED_GROUPS]}
    nodes = []
    for i, n in enumerate(overview.nodes):
        ident = OTHER if n.key == OTHER else group_param(n.kind, n.key)
        x, y = pos.get(n.key, (0.0, 0.0))
        nodes.append({
            "id": ident, "label": f"{n.label}\n{n.papers:,} papers", "shape": "dot",
            "size": round(min(40.0, 5 + 20 * math.sqrt(n.papers / biggest)), 1),
            "x": round(x * spread, 1), "y": round(y * spread * 0.7, 1),
            "color": NONE_COLOUR if n.key == OTHER else PALETTE[i % len(PALETTE)],
            # the largest groups' labels show at any zoom; the others' once zoomed in (drawThreshold)
            "font": {"size": 34 if n.key in named else 14, "strokeWidth": 4, "strokeColor": "#ffffff"},
            "title": f"{n.label}: {n.papers:,} papers, {n.internal_citations:,} citations inside"
                     + ("" if n.key == OTHER else "\nDouble-click to open its papers"),
        })
    ident = {n.key: (OTHER if n.key == OTHER else group_param(n.kind, n.key)) for n in overview.nodes}
    edges = [{"from": ident[e.source], "to": ident[e.target],
              "width": round(1 + 9 * math.sqrt(e.citations / top_edge), 1),
              "title": f"{e.citations:,} citations between them", "color": {"color": "#9aa3ad", "opacity": 0.55}}
             for e in drawn]
    options = {"physics": {"enabled": False}, "layout": {"improvedLayout": False}, "edges": {"smooth": False},
               "nodes": {"scaling": {"label": {"enabled": True, "drawThreshold": 8, "maxVisible": 30}}},
               "interaction": {"hover": True, "tooltipDelay": 150}}
    # fit() frames the dots, not their labels: step back a little so edge labels are not cut
    script = open_on_double_click("graph?group=", skip=f"params.nodes[0] === {js(OTHER)}",
                                  after_drawing="network.moveTo({scale: network.getScale() * 0.86, animation: false});")
    return pyvis_page({"nodes": nodes, "edges": edges, "options": options}, height_px=height_px, directed=False,
                      end=script)


def drill_down_view(part: DrillDown) -> GraphView:
    """The drill-down as a :class:`GraphView` (the group's shown papers and their citations)."""
    nodes = [Paper(p["id"], p["title"] or p["id"], p["year"], citation_count=p["citations"],
                   pagerank=p["pagerank"]) for p in part.papers]
    degree = {n.id: 0 for n in nodes}
    for a, b in part.cites:
        degree[a] += 1
        degree[b] += 1
    colour = group_param(part.kind, part.key)  # one colour: the group, named by its label
    return GraphView(nodes, list(part.cites), {n.id: colour for n in nodes}, degree, part.total)


def render_drill_down_html(part: DrillDown) -> str:
    """The group's shown papers, sunflower layout, dot size by citations within the graph."""
    view = drill_down_view(part)
    name = group_param(part.kind, part.key)
    return render_graph_html(view, view_layout(view), {name: PALETTE[0]}, {name: part.label}, size_by="citations",
                             group_labels=False)  # the page's heading names the group
