"""The drawings of a :class:`~app.web.services.GraphView`: layout, legend, offline HTML, the multi-layer data.

The top of the drawing modules: it composes :mod:`app.web.paperview` (one dot per
paper) and :mod:`app.web.layerview` (the multi-layer drawing), which take their
colours, styles and page from :mod:`app.web.style` (why positions are computed
here and physics is off: see there).

>>> pos = cluster_layout({"a": "g", "b": "g", "c": "d"}, {"a": 3, "b": 1, "c": 0})
>>> sorted(pos) == ["a", "b", "c"] and pos["a"] != pos["b"]
True
>>> cluster_layout({}, {})
{}
"""
from __future__ import annotations

import math
from collections import defaultdict

from app.web import services
from app.web.component import rank_labels
from app.web.layerview import layered_vis_data, legend_overlay_html, render_layered_html
from app.web.paperview import build_vis_data
from app.web.services import NO_PHENOMENON, GraphView
from app.web.style import (
    NONE_COLOUR,
    OTHER_COLOUR,
    SPACING,
    YEAR_RAMP,
    cluster_colours,
    focus_script,
    open_paper_on_double_click,
    phenomenon_colours,
    pyvis_page,
    year_colour,
)
from graph.drawing import layers as layers_mod
from graph.drawing.layout import layered_layout
from graph.model.graph_model import GraphModel
from graph.words import plural

__all__ = ["view_data", "VIEW_OPTIONS", "cluster_layout", "render_graph_html", "legend", "render_layers", "layered_data", "layered_summary", "short_labels",
           "year_span", "view_layout", "DEFAULT_LAYERS", "EDGE_KINDS", "LAYERS", "COLOUR_BY", "SIZE_BY"]

_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def cluster_layout(group_of: dict[str, str], degree: dict[str, int],
                   spacing: float = SPACING) -> dict[str, tuple[float, float]]:
    """Positions: one sunflower (Vogel spiral) per group, groups packed in rows, biggest first.

    Inside a group the most connected papers sit in the middle.  Deterministic and
    O(n log n): 10,000 papers take milliseconds, where a force layout takes minutes,
    and it stays readable when a graph has no citations yet (papers still gather by
    phenomenon).
    """
    members: dict[str, list[str]] = defaultdict(list)
    for node, group in group_of.items():
        members[group].append(node)
    groups = sorted(members, key=lambda g: (g == NO_PHENOMENON, -len(members[g]), g))
    if not groups:
        return {}
    radius = {g: spacing * (math.sqrt(len(members[g])) + 1.0) for g in groups}
    centres = _shelf_pack(groups, radius, gap=3 * spacing)  # room for each group's label
    pos: dict[str, tuple[float, float]] = {}
    for g in groups:
        cx, cy = centres[g]
        ordered = sorted(members[g], key=lambda n: (-degree.get(n, 0), n))
        for i, node in enumerate(ordered):
            r = spacing * math.sqrt(i + 0.5)
            pos[node] = (round(cx + r * math.cos(i * _GOLDEN_ANGLE), 1),
                         round(cy + r * math.sin(i * _GOLDEN_ANGLE), 1))
    return pos


def _shelf_pack(groups: list[str], radius: dict[str, float], gap: float,
                aspect: float = 1.6) -> dict[str, tuple[float, float]]:
    """Centres for circles packed row by row (biggest first) into a box about ``aspect`` wide.

    Rows are centred on each other, so the drawing is compact and fits a wide canvas.
    """
    area = sum((2 * radius[g] + gap) ** 2 for g in groups)
    width = max(math.sqrt(area * aspect), max(2 * r + gap for r in radius.values()))
    rows: list[list[str]] = [[]]
    used = 0.0
    for g in groups:
        need = 2 * radius[g] + gap
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append(g)
        used += need
    centres, top = {}, 0.0
    for row in rows:
        height = max(2 * radius[g] for g in row) + gap
        row_width = sum(2 * radius[g] + gap for g in row)
        x = -row_width / 2
        for g in row:
            x += radius[g] + gap / 2
            centres[g] = (x, top + height / 2)
            x += radius[g] + gap / 2
        top += height
    return {g: (x, y - top / 2) for g, (x, y) in centres.items()}



def view_layout(view: GraphView) -> dict[str, tuple[float, float]]:
    """The layout of one drawing: only its papers, so a filtered or capped view stays compact.

    Milliseconds even for 10,000 papers, so it is computed per view rather than cached.
    """
    return cluster_layout({n.id: view.colour_of.get(n.id, NO_PHENOMENON) for n in view.nodes}, view.degree)


COLOUR_BY = ("phenomenon", "year", "cluster")  # cluster only when the graph has clusters
SIZE_BY = ("links", "citations", "pagerank", "betweenness", "knowledge links")  # see services.measures()


def year_span(graph: GraphModel) -> tuple[int, int] | None:
    years = [p.year for p in graph.papers.values() if p.year is not None]
    return (min(years), max(years)) if years else None


def legend(view: GraphView, colours: dict[str, str], phenomena: dict[str, str], colour_by: str = "phenomenon",
           span: tuple[int, int] | None = None) -> list[tuple[str, str]]:
    """(label, colour) pairs explaining the drawing's colours, for the page to show."""
    if colour_by == "cluster":
        colour = cluster_colours(view)
        labels = {n.cluster: n.cluster_label for n in view.nodes if n.cluster is not None}
        named = [(labels[c] or f"cluster {c}", colour[c]) for c in colour if colour[c] != OTHER_COLOUR]
        others = sum(1 for c in colour.values() if c == OTHER_COLOUR)
        other = [(f"{others} smaller clusters", OTHER_COLOUR)] if others else []
        unknown = [("no cluster", NONE_COLOUR)] if any(n.cluster is None for n in view.nodes) else []
        return named + other + unknown
    if colour_by == "year":
        if span is None:
            return [("year unknown", NONE_COLOUR)]
        first, last = span
        width = max(last - first + 1, 1)
        out = []
        for i, colour in enumerate(YEAR_RAMP):
            lo, hi = first + -(-i * width // len(YEAR_RAMP)), first + -(-(i + 1) * width // len(YEAR_RAMP)) - 1
            if lo <= hi:
                out.append((str(lo) if lo == hi else f"{lo}–{hi}", colour))
        return out + [("year unknown", NONE_COLOUR)]
    shown = set(view.colour_of.values())
    ordered = sorted(shown, key=lambda p: (p == NO_PHENOMENON, phenomena.get(p, p).lower()))
    return [(phenomena.get(pid, "no phenomenon"), colours.get(pid, NONE_COLOUR)) for pid in ordered]


def render_graph_html(view: GraphView, layout: dict[str, tuple[float, float]], colours: dict[str, str],
                      phenomena: dict[str, str], *, colour_by: str = "phenomenon", size_by: str = "links",
                      span: tuple[int, int] | None = None, height_px: int = 640, group_labels: bool = True) -> str:
    """Self-contained HTML of the view (vis-network inlined, physics off, preset positions).
    ``group_labels=False`` leaves out the text above each group (a one-group drawing whose page names it).

    The app draws :func:`build_vis_data` through its own component (app/web/component);
    this standalone page is what the graph-view benchmark loads.
    """
    data = build_vis_data(view, layout, colours, phenomena, colour_by=colour_by, size_by=size_by, span=span)
    if not group_labels:
        data["nodes"] = [n for n in data["nodes"] if not n.get("isLabel")]
    focus = focus_script(list(view.highlighted), zoom_one=True)
    return pyvis_page(data, height_px=height_px, end=open_paper_on_double_click(focus))


# -- the multi-layer drawing (what the Graph page shows) ----------------------

DEFAULT_LAYERS, EDGE_KINDS, LAYERS = layers_mod.DEFAULT_LAYERS, layers_mod.EDGE_KINDS, layers_mod.LAYERS


def render_layers(graph: GraphModel, view: GraphView, colours: dict[str, str], *, height_px: int = 640,
                  **options) -> tuple:
    """``(Layered, html)``: :func:`layered_data` as an offline pyvis page with its legend drawn over it."""
    L, data = layered_data(graph, view, colours, **options)
    return L, render_layered_html(data, L, height_px=height_px, focus=view.highlighted)


def layered_data(graph: GraphModel, view: GraphView, colours: dict[str, str], *,
                 layers: tuple[str, ...] = DEFAULT_LAYERS, edge_kinds: tuple[str, ...] = EDGE_KINDS,
                 colour_by: str = "phenomenon", size_by: str = "links", span: tuple[int, int] | None = None,
                 similarity: bool = True, max_terms: int = 40) -> tuple:
    """``(Layered, vis data)``: the view's papers with the chosen node layers and edge kinds.

    RELATED_TO includes the offline similarity edges (:func:`graph.drawing.layers.similar_edges`)
    when ``similarity``.  Papers are coloured by ``colour_by`` and sized by ``size_by``;
    ``max_terms`` keywords and authors at most (the most shared).
    """
    ids = [n.id for n in view.nodes]
    similar = layers_mod.similar_edges(graph) if similarity and "RELATED_TO" in edge_kinds else None
    L = layers_mod.build_layered(graph, ids, layers=layers, edge_kinds=edge_kinds, similar=similar,
                                 max_terms=max_terms)
    field = {"links": None, "knowledge links": None, "citations": "citation_count"}.get(size_by, size_by)
    weight = {n.id: (view.degree.get(n.id, 0) if field is None else getattr(n, field) or 0) for n in view.nodes}
    top = max(weight.values(), default=0) or 1
    size_of = {k: w / top for k, w in weight.items()}
    paper_colours = None
    if colour_by == "year":
        paper_colours = {n.id: year_colour(n.year, span or (n.year or 0, n.year or 0)) for n in view.nodes}
    elif colour_by == "cluster":
        by_cluster = cluster_colours(view)
        paper_colours = {n.id: by_cluster.get(n.cluster, NONE_COLOUR) for n in view.nodes}
    pos = layered_layout(L, graph.about, order=weight)
    return L, layered_vis_data(L, pos, colours, view.colour_of, highlight=view.highlighted, size_of=size_of,
                               paper_colours=paper_colours, library={n.id for n in view.nodes if n.in_library},
                               short_labels=short_labels(graph, ids))


# What a drawing of the app is made of (the Graph page's filters); :func:`view_data` fills in the rest.
VIEW_OPTIONS = dict(phenomenon=None, in_catalog_only=False, years=None, top_n=services.DEFAULT_TOP_N, highlight=(),
                    colour_by="phenomenon", size_by="links", only=None, cluster=None, source=None, expand=(),
                    layers=DEFAULT_LAYERS, edge_kinds=EDGE_KINDS)


def view_data(graph: GraphModel, options: dict) -> tuple[dict, GraphView, list, str]:
    """``(vis data, view, colour legend, summary line)`` of the drawing ``options`` describe
    (:data:`VIEW_OPTIONS`; ``layers=None``: papers only, grouped by phenomenon): what the app's pages
    draw and what the static atlas and the shared files are made of."""
    options = {**VIEW_OPTIONS, **options}
    only = options.get("only")
    view = services.select_view(graph, phenomenon=options["phenomenon"], in_catalog_only=options["in_catalog_only"],
                                years=options["years"], top_n=options["top_n"], highlight=list(options["highlight"]),
                                only=None if only is None else set(only), cluster=options.get("cluster"),
                                rank_by=options.get("size_by", "links"), source=options.get("source"))
    view = services.expand_view(graph, view, list(options.get("expand") or ()))
    names = graph.phenomenon_names
    colours = phenomenon_colours(names)
    span = year_span(graph)
    colour_key = legend(view, colours, names, options["colour_by"], span)
    if options.get("layers") is None:  # one layer: papers grouped by phenomenon (Phenomena, Cypher pages)
        data = build_vis_data(view, view_layout(view), colours, names, colour_by=options["colour_by"],
                              size_by=options["size_by"], span=span)
        return data, view, colour_key, view.summary()
    layered, data = layered_data(graph, view, colours, layers=options["layers"], edge_kinds=options["edge_kinds"],
                                 colour_by=options["colour_by"], size_by=options["size_by"], span=span)
    return ({**data, "nodes": rank_labels(data["nodes"]), "overlay": legend_overlay_html(layered, options["colour_by"], colour_key)},
            view, colour_key, layered_summary(view, layered))


def short_labels(graph: GraphModel, ids: list[str]) -> dict[str, str]:
    """"FirstAuthor Year" for each paper (Connected Papers' label); "n.d." without a year; none without authors.

    >>> from types import SimpleNamespace as N
    >>> g = N(papers={"a": N(year=2022), "b": N(year=None)}, paper_authors={"a": ["x"], "b": ["y"]},
    ...       authors={"x": N(name="Alethea Power"), "y": N(name="Nakkiran, Preetum")})
    >>> short_labels(g, ["a", "b"])
    {'a': 'Power 2022', 'b': 'Nakkiran n.d.'}
    """
    authors, names, out = graph.paper_authors, graph.authors, {}
    for pid in ids:
        first = (authors.get(pid) or [None])[0]
        name = getattr(names.get(first), "name", "") if first is not None else ""
        if not name:
            continue
        surname = name.split(",")[0].strip() if "," in name else name.split()[-1]
        year = graph.papers[pid].year
        out[pid] = f"{surname} {year if year else 'n.d.'}"
    return out


def layered_summary(view: GraphView, L) -> str:
    """The line above the drawing: what is drawn, links by kind, and what was left out."""
    kinds = [(L.count(k), k.lower()) for k in ("Phenomenon", "Keyword", "Author")]
    shown = [f"{len(view.nodes)} papers" + ("" if L.count("Paper") or not view.nodes else " (layer off)")]
    shown += [plural(n, k, "phenomena" if k == "phenomenon" else None) for n, k in kinds if n]
    counts = L.edge_counts()
    text = f"Showing {', '.join(shown)} and {sum(counts.values())} links"
    if counts:
        text += " (" + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) + ")"
    if view.hidden > 0:
        text += f"; {view.hidden} more papers match (use “Show more”)"
    return text
