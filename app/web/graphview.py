"""The pyvis drawing of a :class:`~app.web.services.GraphView`: layout, colours, offline HTML.

Why it looks like this (measured, see issue 8): vis-network's physics takes tens of
seconds for a few hundred nodes in headless chromium, and pyvis's ``add_edge`` scans
every existing edge.  So positions are computed here in Python, physics and smooth
edges are off, node and edge lists are assigned directly, and the vis-network
bundle is inlined (``cdn_resources="in_line"``) with pyvis's CDN links removed:
the browser loads nothing from the internet.

>>> pos = cluster_layout({"a": "g", "b": "g", "c": "d"}, {"a": 3, "b": 1, "c": 0})
>>> sorted(pos) == ["a", "b", "c"] and pos["a"] != pos["b"]
True
>>> cluster_layout({}, {})
{}
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict

from pyvis.network import Network

from app.web.services import NO_PHENOMENON, GraphView, PaperGraph, primary_phenomenon
from graph.drawing import layers as layers_mod

__all__ = ["cluster_layout", "graph_layout", "phenomenon_colours", "render_graph_html", "legend", "render_layers",
           "layered_data", "layered_summary", "short_labels", "DEFAULT_LAYERS", "EDGE_KINDS", "LAYERS",
           "cluster_colours", "year_colour", "year_span", "view_layout", "PALETTE", "COLOUR_BY", "SIZE_BY"]

# Colour-blind-friendly categorical palette (Okabe-Ito, then Tableau 10 for more).
# Colour-blind-friendly categorical palette: Okabe-Ito, then Tableau 10, then darker and
# lighter companions, so the ~30 phenomena of a real build rarely share a colour.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000",
           "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
           "#9C755F", "#8C564B", "#17BECF", "#BCBD22", "#7F7F7F", "#393B79", "#637939", "#8C6D31",
           "#843C39", "#7B4173", "#3182BD", "#31A354", "#E6550D", "#756BB1", "#636363", "#A55194"]
NONE_COLOUR = "#B0B0B0"
HIGHLIGHT_COLOUR = "#FF0000"
LIBRARY_BORDER = "#111111"  # the "my library" overlay: a dark ring around the user's papers
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_SPACING = 28.0  # px between neighbouring papers in a cluster


def cluster_layout(group_of: dict[str, str], degree: dict[str, int],
                   spacing: float = _SPACING) -> dict[str, tuple[float, float]]:
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


def graph_layout(graph: PaperGraph) -> dict[str, tuple[float, float]]:
    """The layout of the whole paper graph (the 10,000-paper overview)."""
    return cluster_layout(primary_phenomenon(graph), graph.degrees)


def view_layout(view: GraphView) -> dict[str, tuple[float, float]]:
    """The layout of one drawing: only its papers, so a filtered or capped view stays compact.

    Milliseconds even for 10,000 papers, so it is computed per view rather than cached.
    """
    return cluster_layout({n.id: view.colour_of.get(n.id, NO_PHENOMENON) for n in view.nodes}, view.degree)


def phenomenon_colours(phenomena: dict[str, str]) -> dict[str, str]:
    """A stable colour for each phenomenon id (sorted by name), grey for papers without one."""
    ordered = sorted(phenomena, key=lambda pid: (phenomena[pid].lower(), pid))
    colours = {pid: PALETTE[i % len(PALETTE)] for i, pid in enumerate(ordered)}
    colours[NO_PHENOMENON] = NONE_COLOUR
    return colours


_EXTERNAL = re.compile(r"<link\b[^>]*href=\"https?://[^\"]*\"[^>]*/?>|<script\b[^>]*src=\"https?://[^\"]*\"[^>]*>"
                       r"\s*</script>", re.S)


def _js(value) -> str:
    """JSON safe inside a <script> element (no "</script>" can close it early)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _strip_external(html: str) -> str:
    """Remove every <link>/<script src> that points off the machine (pyvis keeps bootstrap on a CDN)."""
    return _EXTERNAL.sub("", html)


# Double-click a paper to open its page (pyvis selections never reach Python).  The
# iframe is sandboxed without allow-top-navigation but shares the app's origin, so it
# clicks a link it places in the app's own document: the app navigates itself.
_OPEN_ON_DOUBLE_CLICK = """
<script type="text/javascript">
  network.on("doubleClick", function (params) {
    if (params.nodes.length !== 1 || nodes.get(params.nodes[0]).isLabel) return;
    try {
      var doc = window.parent.document;
      var link = doc.createElement("a");
      link.href = new URL("paper?paper=" + encodeURIComponent(params.nodes[0]), doc.baseURI).href;
      link.style.display = "none";
      doc.body.appendChild(link);
      link.click();
    } catch (err) { console.warn("cannot open the paper page", err); }
  });
  %(focus)s
  // Tests and benchmarks wait for this mark: set once the canvas has really been drawn.
  network.once("afterDrawing", function () { document.body.setAttribute("data-atlas-ready", "1"); });
  network.redraw();
</script>
"""


COLOUR_BY = ("phenomenon", "year", "cluster")  # cluster only when the graph has clusters
SIZE_BY = ("links", "citations", "pagerank", "betweenness", "knowledge links")  # see services.measures()
# Years, old to new: a sequential, colour-blind-safe ramp (viridis, 9 steps).
YEAR_RAMP = ["#440154", "#472D7B", "#3B528B", "#2C728E", "#21918C", "#28AE80", "#5EC962", "#ADDC30", "#FDE725"]


def year_colour(year: int | None, span: tuple[int, int]) -> str:
    """The ramp colour of ``year`` within ``span`` (first, last); grey when unknown."""
    if year is None:
        return NONE_COLOUR
    first, last = span
    step = (year - first) * len(YEAR_RAMP) // max(last - first + 1, 1)
    return YEAR_RAMP[min(max(step, 0), len(YEAR_RAMP) - 1)]


def year_span(graph: PaperGraph) -> tuple[int, int] | None:
    years = [p.year for p in graph.papers.values() if p.year is not None]
    return (min(years), max(years)) if years else None


DISTINCT = 10  # categories told apart by colour; smaller clusters share OTHER_COLOUR
OTHER_COLOUR = "#D9CBB5"


def cluster_colours(view: GraphView, distinct: int = DISTINCT) -> dict[int, str]:
    """A colour per cluster of the view: the ``distinct`` biggest get palette colours, the rest "other".

    >>> from types import SimpleNamespace as N
    >>> v = N(nodes=[N(cluster=c) for c in [0, 0, 0, 1, 1, 2]])
    >>> cluster_colours(v, distinct=2) == {0: PALETTE[0], 1: PALETTE[1], 2: OTHER_COLOUR}
    True
    """
    sizes: dict[int, int] = defaultdict(int)
    for n in view.nodes:
        if n.cluster is not None:
            sizes[n.cluster] += 1
    ranked = sorted(sizes, key=lambda c: (-sizes[c], c))
    return {c: PALETTE[i] if i < distinct else OTHER_COLOUR for i, c in enumerate(ranked)}


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


def _cluster_labels(view: GraphView, layout: dict[str, tuple[float, float]], colours: dict[str, str],
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
        size = max(22, round(_SPACING * math.sqrt(len(points)) / 3))  # readable when zoomed out to fit
        out.append({"id": f"cluster-label:{pid}", "label": phenomena.get(pid, "no phenomenon"), "shape": "text",
                    "isLabel": True, "kind": "label", "labelRank": by_size.index(pid) - len(by_size),
                    "x": round(sum(xs) / len(xs), 1), "y": round(min(ys) - 20 - size, 1), "physics": False,
                    "font": {"size": size, "color": colours.get(pid, NONE_COLOUR), "strokeWidth": 4,
                             "strokeColor": "#ffffff"}})
    return out


def render_graph_html(view: GraphView, layout: dict[str, tuple[float, float]], colours: dict[str, str],
                      phenomena: dict[str, str], *, colour_by: str = "phenomenon", size_by: str = "links",
                      span: tuple[int, int] | None = None, height_px: int = 640, group_labels: bool = True) -> str:
    """Self-contained HTML of the view (vis-network inlined, physics off, preset positions).
    ``group_labels=False`` leaves out the text above each group (a one-group drawing whose page names it).

    The app draws :func:`build_vis_data` through its own component (app/web/component);
    this standalone page is what the graph-view benchmark loads.
    """
    from app.web.paperview import build_vis_data

    data = build_vis_data(view, layout, colours, phenomena, colour_by=colour_by, size_by=size_by, span=span)
    if not group_labels:
        data["nodes"] = [n for n in data["nodes"] if not n.get("isLabel")]
    net = Network(height=f"{height_px}px", width="100%", directed=True, cdn_resources="in_line")
    net.nodes, net.edges = data["nodes"], data["edges"]  # direct assignment: add_edge is quadratic
    net.node_ids = [n["id"] for n in data["nodes"]]
    net.options = data["options"]  # a dict is rendered as-is; pyvis reads physics.enabled from it
    html = _strip_external(net.generate_html(notebook=False))
    focus = ""
    if view.highlighted:
        focus = ("network.selectNodes(%s); network.fit({nodes: %s, animation: false});"
                 % (_js(view.highlighted), _js(view.highlighted)))
        if len(view.highlighted) == 1:
            focus = ("network.selectNodes(%s); network.focus(%s, {scale: 1.2, animation: false});"
                     % (_js(view.highlighted), _js(view.highlighted[0])))
    # Replace the pyvis card chrome's margin and add our handlers after drawGraph() ran.
    html = html.replace("</body>", _OPEN_ON_DOUBLE_CLICK % {"focus": focus} + "</body>", 1)
    return html.replace("<head>", "<head><style>body{margin:0} h1:empty{display:none} .card{border:none} "
                        "#mynetwork{box-sizing:border-box}</style>", 1)


# -- the multi-layer drawing (what the Graph page shows) ----------------------

DEFAULT_LAYERS, EDGE_KINDS, LAYERS = layers_mod.DEFAULT_LAYERS, layers_mod.EDGE_KINDS, layers_mod.LAYERS


def render_layers(graph: PaperGraph, view: GraphView, colours: dict[str, str], *, height_px: int = 640,
                  **options) -> tuple:
    """``(Layered, html)``: :func:`layered_data` as an offline pyvis page with its legend drawn over it."""
    from app.web.layerview import render_layered_html

    L, data = layered_data(graph, view, colours, **options)
    return L, render_layered_html(data, L, height_px=height_px, focus=view.highlighted)


def layered_data(graph: PaperGraph, view: GraphView, colours: dict[str, str], *,
                 layers: tuple[str, ...] = DEFAULT_LAYERS, edge_kinds: tuple[str, ...] = EDGE_KINDS,
                 colour_by: str = "phenomenon", size_by: str = "links", span: tuple[int, int] | None = None,
                 similarity: bool = True, max_terms: int = 40) -> tuple:
    """``(Layered, vis data)``: the view's papers with the chosen node layers and edge kinds.

    RELATED_TO includes the offline similarity edges (:func:`graph.drawing.layers.similar_edges`)
    when ``similarity``.  Papers are coloured by ``colour_by`` and sized by ``size_by``;
    ``max_terms`` keywords and authors at most (the most shared).
    """
    from app.web.layerview import layered_vis_data
    from graph.drawing.layout import layered_layout

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


def short_labels(graph: PaperGraph, ids: list[str]) -> dict[str, str]:
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
    plural = {"phenomenon": "phenomena", "keyword": "keywords", "author": "authors"}
    shown = [f"{len(view.nodes)} papers" + ("" if L.count("Paper") or not view.nodes else " (layer off)")]
    shown += [f"{n} {plural[k] if n != 1 else k}" for n, k in kinds if n]
    counts = L.edge_counts()
    text = f"Showing {', '.join(shown)} and {sum(counts.values())} links"
    if counts:
        text += " (" + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) + ")"
    if view.hidden > 0:
        text += f"; {view.hidden} more papers match (use “Show more”)"
    return text
