"""How the web drawings look: palettes and colour rules, node and edge styles, and the offline pyvis page.

The drawings (:mod:`app.web.paperview`, :mod:`app.web.layerview`, :mod:`app.web.groupview`,
:mod:`app.web.bridgeview`, composed by :mod:`app.web.graphview`) take their colours and
their page from here, so each look has one definition and no drawing imports another's
internals.

Why the page looks like this (measured, see issue 8): vis-network's physics takes tens of
seconds for a few hundred nodes in headless chromium, and pyvis's ``add_edge`` scans
every existing edge.  So positions are computed in Python, physics and smooth edges are
off, node and edge lists are assigned directly, and the vis-network bundle is inlined
(``cdn_resources="in_line"``) with pyvis's CDN links removed: the browser loads nothing
from the internet.

>>> year_colour(2020, (2020, 2024)) == YEAR_RAMP[0] and year_colour(None, (2020, 2024)) == NONE_COLOUR
True
>>> js("</script>")
'"\\\\u003c/script\\\\u003e"'
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

from app.web.services import NO_PHENOMENON

__all__ = ["PALETTE", "NONE_COLOUR", "HIGHLIGHT_COLOUR", "LIBRARY_BORDER", "YEAR_RAMP", "DISTINCT", "OTHER_COLOUR",
           "SPACING", "NODE_STYLE", "EDGE_STYLE", "EDGE_MEANING", "BULK_EDGES", "phenomenon_colours", "year_colour",
           "cluster_colours", "js", "open_on_double_click", "open_paper_on_double_click", "focus_script",
           "pyvis_page"]

# Colour-blind-friendly categorical palette: Okabe-Ito, then Tableau 10, then darker and
# lighter companions, so the ~30 phenomena of a real build rarely share a colour.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000",
           "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
           "#9C755F", "#8C564B", "#17BECF", "#BCBD22", "#7F7F7F", "#393B79", "#637939", "#8C6D31",
           "#843C39", "#7B4173", "#3182BD", "#31A354", "#E6550D", "#756BB1", "#636363", "#A55194"]
NONE_COLOUR = "#B0B0B0"
HIGHLIGHT_COLOUR = "#FF0000"
LIBRARY_BORDER = "#111111"  # the "my library" overlay: a dark ring around the user's papers
# Years, old to new: a sequential, colour-blind-safe ramp (viridis, 9 steps).
YEAR_RAMP = ["#440154", "#472D7B", "#3B528B", "#2C728E", "#21918C", "#28AE80", "#5EC962", "#ADDC30", "#FDE725"]
DISTINCT = 10  # categories told apart by colour; smaller clusters share OTHER_COLOUR
OTHER_COLOUR = "#D9CBB5"
SPACING = 28.0  # px between neighbouring papers in a group of the paper drawing

NODE_STYLE = {  # kind -> vis-network shape, colour (papers and hubs take their phenomenon's colour)
    "Paper": {"shape": "dot", "color": NONE_COLOUR},
    "Phenomenon": {"shape": "dot", "color": NONE_COLOUR},
    "Keyword": {"shape": "diamond", "color": "#1B9E77"},
    "Author": {"shape": "triangle", "color": "#D95F02"},
}
EDGE_STYLE = {  # kind -> colour, dashes, arrow
    "ABOUT": {"color": "#7f8c99", "dashes": False, "arrows": ""},
    "HAS_KEYWORD": {"color": "#1B9E77", "dashes": [6, 4], "arrows": ""},
    "WROTE": {"color": "#D95F02", "dashes": [2, 4], "arrows": ""},
    "CITES": {"color": "#333333", "dashes": False, "arrows": "to"},
    "RELATED_TO": {"color": "#7570B3", "dashes": [10, 5], "arrows": ""},
    "SHARED_PAPERS": {"color": "#7f8c99", "dashes": False, "arrows": ""},
}
BULK_EDGES = 5000  # past this many edges, edges are plain lines drawn in bulk (no per-edge tooltip, dash or arrow)
EDGE_MEANING = {
    "ABOUT": "paper is about a phenomenon",
    "HAS_KEYWORD": "paper carries a keyword",
    "WROTE": "author wrote the paper",
    "CITES": "paper cites paper (Semantic Scholar)",
    "RELATED_TO": "related papers: text similarity, shared authors, co-citation, coupling, S2 recommendations",
    "SHARED_PAPERS": "concepts linked (width: how strongly; hover for what is counted)",
}


def phenomenon_colours(phenomena: dict[str, str]) -> dict[str, str]:
    """A stable colour for each phenomenon id (sorted by name), grey for papers without one."""
    ordered = sorted(phenomena, key=lambda pid: (phenomena[pid].lower(), pid))
    colours = {pid: PALETTE[i % len(PALETTE)] for i, pid in enumerate(ordered)}
    colours[NO_PHENOMENON] = NONE_COLOUR
    return colours


def year_colour(year: int | None, span: tuple[int, int]) -> str:
    """The ramp colour of ``year`` within ``span`` (first, last); grey when unknown."""
    if year is None:
        return NONE_COLOUR
    first, last = span
    step = (year - first) * len(YEAR_RAMP) // max(last - first + 1, 1)
    return YEAR_RAMP[min(max(step, 0), len(YEAR_RAMP) - 1)]


def cluster_colours(view, distinct: int = DISTINCT) -> dict[int, str]:
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


def js(value) -> str:
    """JSON safe inside a <script> element (no "</script>" can close it early)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Double-click a node to open its page (pyvis selections never reach Python).  The iframe is
# sandboxed without allow-top-navigation but shares the app's origin, so it clicks a link it
# places in the app's own document: the app navigates itself.
_DOUBLE_CLICK = """
<script type="text/javascript">
  network.on("doubleClick", function (params) {
    if (params.nodes.length !== 1 || %(skip)s) return;
    try {
      var doc = window.parent.document;
      var link = doc.createElement("a");
      link.href = new URL(%(page)s + encodeURIComponent(params.nodes[0]), doc.baseURI).href;
      link.style.display = "none";
      doc.body.appendChild(link);
      link.click();
    } catch (err) { console.warn("cannot open " + %(page)s, err); }
  });
  %(focus)s
  // Tests and benchmarks wait for this mark: set once the canvas has really been drawn.
  network.once("afterDrawing", function () {
    %(after)s
    document.body.setAttribute("data-atlas-ready", "1");
  });
  network.redraw();
</script>
"""


def open_on_double_click(page: str, *, skip: str, focus: str = "", after_drawing: str = "") -> str:
    """The script a drawing ends with: a double-click on one node opens the app's ``page`` + the node's id
    (e.g. ``paper?paper=``), unless the JavaScript condition ``skip`` holds; ``focus`` runs once the
    graph is drawn, ``after_drawing`` after its first frame, before the page marks itself ready."""
    return _DOUBLE_CLICK % {"page": js(page), "skip": skip, "focus": focus, "after": after_drawing}


def open_paper_on_double_click(focus: str = "") -> str:
    """:func:`open_on_double_click` for paper drawings: opens the Paper page; label and concept nodes do nothing."""
    return open_on_double_click("paper?paper=", skip="nodes.get(params.nodes[0]).isLabel", focus=focus)


def focus_script(ids: list[str], *, zoom_one: bool = False) -> str:
    """JavaScript selecting ``ids`` and framing them (``zoom_one``: one node is zoomed in on instead)."""
    if not ids:
        return ""
    if zoom_one and len(ids) == 1:
        return "network.selectNodes(%s); network.focus(%s, {scale: 1.2, animation: false});" % (js(ids), js(ids[0]))
    return "network.selectNodes(%s); network.fit({nodes: %s, animation: false});" % (js(ids), js(ids))


_EXTERNAL = re.compile(r"<link\b[^>]*href=\"https?://[^\"]*\"[^>]*/?>|<script\b[^>]*src=\"https?://[^\"]*\"[^>]*>"
                       r"\s*</script>", re.S)
# Without pyvis's card chrome; the body holds the drawing and anything drawn over it (a legend).
_PAGE_STYLE = ("<style>body{margin:0;position:relative} h1:empty{display:none} .card{border:none} "
               "#mynetwork{box-sizing:border-box}</style>")


def pyvis_page(data: dict, *, height_px: int = 640, directed: bool = True, end: str = "") -> str:
    """Self-contained HTML of vis-network ``data`` (``nodes``, ``edges``, ``options``): the bundle inlined,
    every link off the machine removed, ``end`` (scripts, overlays) added at the end of the body."""
    # Here, not at the top: pyvis brings jinja2, IPython and jsonpickle (~0.4 s), and the app's pages
    # draw through their own component; only the standalone pages (benchmarks, groups) build one.
    from pyvis.network import Network

    net = Network(height=f"{height_px}px", width="100%", directed=directed, cdn_resources="in_line")
    net.nodes, net.edges = data["nodes"], data["edges"]  # direct assignment: add_edge is quadratic
    net.node_ids = [n["id"] for n in data["nodes"]]
    net.options = data["options"]  # a dict is rendered as-is; pyvis reads physics.enabled from it
    html = _EXTERNAL.sub("", net.generate_html(notebook=False))  # pyvis keeps bootstrap on a CDN
    html = html.replace("</body>", end + "</body>", 1)
    return html.replace("<head>", "<head>" + _PAGE_STYLE, 1)


# The app's own CSS (constant: no outside text), sent once by the entry page: a long page-link label
# (a paper title in a narrow panel or column) wraps instead of being cut off mid-word without an ellipsis;
# a multiselect in the narrow sidebar grows with its chips instead of hiding the last ones ("RELATED_TO").
APP_CSS = ("<style>[data-testid='stPageLink-NavLink'] span, [data-testid='stPageLink-NavLink'] p "
           "{white-space: normal !important} "
           "[data-testid='stSidebar'] [data-testid='stMultiSelect'] div:has(> [data-testid='stMultiSelectTagsContainer'])"
           " {max-height: none !important}</style>")
