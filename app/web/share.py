"""Share a drawing: one self-contained, offline HTML file, and an SVG written from its positions.

Works on any vis-network drawing the app builds (``{"nodes", "edges", "options"}``, optionally
``bulk_edges``): the Graph page's layers, the maps, the bridge drawing, the paper drawing.

- :func:`share_html`: vis-network (pyvis's bundled copy) and the page's script inlined, a strict
  Content-Security-Policy (only this file's own inline scripts and styles, by hash; nothing loads
  from anywhere, no form posts), the view's caption and legend, a "Download PNG" button (the
  canvas, caption and legend as one picture).  Outside text goes through :mod:`graph.safe_text`:
  the caption and legend as HTML text, tooltips as plain text (vis-network shows them with
  ``innerText``), node links only from :func:`graph.safe_text.safe_url` (or a relative page of
  the static atlas, :data:`RELATIVE_PAGE`); the data travels as JSON a ``<script>`` cannot end.
- :func:`share_svg`: positions to SVG in Python (shapes, lines with dashes and arrows, labels,
  caption, legend), every text escaped.

>>> data = {"nodes": [{"id": "a", "x": 0, "y": 0, "label": "<b>A</b>", "kind": "Paper"},
...                   {"id": "b", "x": 100, "y": 0, "label": " "}], "edges": [{"from": "a", "to": "b"}],
...         "options": {}}
>>> "<b>A</b>" in share_svg(data, title="t", caption="c"), "&#60;b&#62;A&#60;/b&#62;" in share_svg(data, title="t", caption="c")
(False, True)
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from pathlib import Path

from app.web.component import vis_network_js
from app.web.style import EDGE_MEANING, EDGE_STYLE, NODE_STYLE, js
from app.web.svgdraw import legend_svg_rows, share_svg_text
from graph.safe_text import html_text, plain_text, safe_url

__all__ = ["share_html", "share_svg", "legend_rows", "safe_links", "drawn_counts", "RELATIVE_PAGE", "share_csp",
           "APP_IMAGE"]

_FRONTEND = Path(__file__).resolve().parent / "component" / "frontend"
# A page of the static atlas, linked from a node: a relative path of plain name characters, nothing else.
RELATIVE_PAGE = re.compile(r"(\.\./)*[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*\.html")
_PAGE_STYLE = """
html, body { margin: 0; padding: 0; font: 14px/1.4 "Source Sans Pro", Arial, sans-serif; color: #111; background: #fff; }
header { padding: 8px 12px 4px; }
h1 { font-size: 20px; margin: 0 0 2px; }
#atlas-caption { color: #333; margin: 0 0 4px; }
#atlas-tools { display: flex; gap: 8px; align-items: center; font-size: 12px; color: #555; }
#atlas-tools button { font: inherit; padding: 2px 10px; cursor: pointer; }
#atlas-legend { display: flex; flex-wrap: wrap; gap: 0 14px; padding: 2px 12px; font-size: 12px; line-height: 18px; }
#atlas-legend div { white-space: nowrap; }
#atlas-legend svg { vertical-align: middle; margin-right: 3px; }
#frame { position: relative; margin: 0 12px; }
#mynetwork { width: 100%; border: 1px solid #e6e9ef; border-radius: 4px; box-sizing: border-box; }
#atlas-panel { position: absolute; top: 8px; right: 8px; max-width: 340px; background: rgba(255,255,255,0.95);
  border: 1px solid #ccd; border-radius: 4px; padding: 6px 10px; font-size: 13px; display: none; }
#atlas-panel a { display: inline-block; margin-right: 10px; }
div.vis-tooltip { white-space: pre-line; max-width: 420px; }
footer { padding: 4px 12px; font-size: 12px; color: #666; }
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


# An image the app drew itself (the maps' density view): a base64 PNG inside the file, never an address.
APP_IMAGE = re.compile(r"data:image/png;base64,[A-Za-z0-9+/]+=*")


def share_csp(scripts: list[str], styles: list[str], images: bool = False) -> str:
    """The page's policy: only these inline ``scripts`` and ``styles`` (by hash); nothing loads, nothing posts;
    ``images``: the drawing carries PNGs of its own (``data:`` only)."""
    return (f"default-src 'none'; script-src {' '.join(map(_hash, scripts))}; "
            f"style-src {' '.join(map(_hash, styles))}; img-src {'data:' if images else chr(39) + 'none' + chr(39)}; "
            "connect-src 'none'; font-src 'none'; "
            "base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'")


def safe_links(links: list[tuple[str, str]]) -> list[list[str]]:
    """``[label, href]`` pairs a node's panel may show: http(s) addresses that pass
    :func:`graph.safe_text.safe_url` (already-built arXiv/DOI/S2 links do) or a relative atlas page.

    >>> safe_links([("arXiv", "https://arxiv.org/abs/2201.02177"), ("x", "javascript:alert(1)"),
    ...             ("Page", "../papers/p-1.html"), ("y", "../../etc/x.html?")])
    [['arXiv', 'https://arxiv.org/abs/2201.02177'], ['Page', '../papers/p-1.html']]
    """
    out = []
    for label, href in links:
        target = href if isinstance(href, str) and RELATIVE_PAGE.fullmatch(href) else safe_url(href)
        if target:
            out.append([plain_text(label, limit=80), target])
    return out


def _tooltip(value) -> str:
    """A tooltip as plain lines (vis-network shows a string title with ``innerText``: never markup)."""
    return "\n".join(line for line in (plain_text(part, limit=300) for part in str(value).split("\n")) if line)


def _clean_data(data: dict, links: dict[str, list[tuple[str, str]]] | None) -> dict:
    """The drawing's data for the page: tooltips as plain text, links checked, app-only fields left out."""
    nodes = []
    for n in data["nodes"]:
        node = {k: v for k, v in n.items() if k not in ("fullLabel",)}
        if node.get("shape") in ("image", "circularImage") and not APP_IMAGE.fullmatch(str(node.get("image", ""))):
            node.update(shape="dot", image=None)  # only the app's own pictures are drawn
        for key in ("title",):
            if key in node:
                node[key] = _tooltip(node[key])
        for key in ("label", "labelText"):
            if isinstance(node.get(key), str):
                node[key] = plain_text(node[key], limit=160) or " "
        checked = safe_links((links or {}).get(n["id"], []))
        if checked:
            node["links"] = checked
        nodes.append(node)
    edges = [{**e, "title": _tooltip(e["title"])} if "title" in e else e for e in data["edges"]]
    out = {"nodes": nodes, "edges": edges, "options": data.get("options", {})}
    if data.get("bulk_edges"):
        out["bulk_edges"] = data["bulk_edges"]
    return out


def drawn_counts(data: dict) -> tuple[int, int]:
    """(nodes, links) the drawing holds: every node, every edge between two of its nodes, and bulk rows."""
    ids = {n["id"] for n in data["nodes"]}
    edges = sum(1 for e in data["edges"] if e["from"] in ids and e["to"] in ids)
    bulk = sum(1 for r in (data.get("bulk_edges") or {}).get("rows", ()) if r[0] in ids and r[1] in ids)
    return len(ids), edges + bulk


def legend_rows(data: dict, colours: list[tuple[str, str]] = ()) -> list[dict]:
    """The legend of a drawing: each node kind (shape, count), each link kind (colour, line, count) and
    the view's colour key (``colours``: (label, colour) pairs, e.g. phenomena or years)."""
    kinds = Counter(str(n.get("kind") or "") for n in data["nodes"]
                    if n.get("shape") != "text" and str(n.get("kind")).lower() != "label")  # group names, pictures
    rows = []
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        name = kind[:1].upper() + kind[1:] if kind else "Node"
        style = NODE_STYLE.get(name, {"shape": "dot", "color": "#8fa4b8"})
        rows.append({"label": f"{name} ({count})", "shape": style["shape"],
                     "colour": "#8fa4b8" if name in ("Paper", "Phenomenon") else style["color"]})
    edge_kinds = Counter(str(e.get("kind") or "link") for e in data["edges"])
    bulk = data.get("bulk_edges") or {}
    by_colour = {style["color"]: kind for kind, style in reversed(EDGE_STYLE.items())}  # bulk rows: kind by colour
    styles = [by_colour.get(colour, "link") for colour, _ in bulk.get("styles", ())]
    for row in bulk.get("rows", ()):
        edge_kinds[styles[row[2]] if 0 <= row[2] < len(styles) else "link"] += 1
    defaults = data.get("options", {}).get("edges", {})
    first = {}
    for e in data["edges"]:
        first.setdefault(str(e.get("kind") or "link"), e)
    for kind, count in sorted(edge_kinds.items()):
        style = EDGE_STYLE.get(kind, {"color": "#9aa3ad", "dashes": False, "arrows": ""})
        edge = first.get(kind, {})  # the legend shows a link as it is drawn: its own style, the drawing's, the kind's
        colour = edge.get("color", defaults.get("color", style["color"]))
        colour = colour.get("color", style["color"]) if isinstance(colour, dict) else colour
        arrows = edge.get("arrows", defaults.get("arrows", style["arrows"]))
        rows.append({"label": f"{kind} ({count})", "line": colour, "dashes": edge.get("dashes", style["dashes"]),
                     "arrow": arrows == "to" or (isinstance(arrows, dict) and (arrows.get("to") or {}).get("enabled", False)),
                     "help": EDGE_MEANING.get(kind, "")})
    rows += [{"label": label, "shape": "dot", "colour": colour} for label, colour in colours]
    return rows


def _legend_html(rows: list[dict]) -> str:
    icons = legend_svg_rows(rows)
    return "".join(f'<div title="{html_text(r.get("help") or r["label"])}">{icon}{html_text(r["label"])}</div>'
                   for r, icon in zip(rows, icons))


def _asset(name: str) -> str:
    return (_FRONTEND / name).read_text(encoding="utf-8")


def _vis_css() -> str:
    """vis-network's stylesheet without its pictures (navigation buttons this page does not use)."""
    css = (vis_network_js().parent / "vis-network.css").read_text(encoding="utf-8")
    return re.sub(r"url\(\s*[\"']?data:[^)]*\)", "none", css)


def share_html(data: dict, *, title: str, caption: str, colours: list[tuple[str, str]] = (),
               links: dict[str, list[tuple[str, str]]] | None = None, height_px: int = 720,
               back: tuple[str, str] | None = None) -> str:
    """One self-contained HTML file of the drawing ``data``: opens from disk with the network off.

    ``title`` and ``caption`` (what the view shows) head the page; ``colours`` are its colour key
    ((label, colour) pairs) under the kinds drawn; ``links``: node id -> [(label, url)] shown when
    the node is clicked (checked by :func:`safe_links`); ``back``: (label, relative page) of a link
    above the title (the static atlas).  Everything outside the app is escaped as in the app.
    """
    clean = _clean_data(data, links)
    rows = legend_rows(data, colours)
    nodes, edges = drawn_counts(data)
    meta = {"title": plain_text(title, limit=200), "caption": plain_text(caption, limit=600), "height": int(height_px),
            "legend": [{"label": plain_text(r["label"], limit=120), "colour": r.get("colour") or r.get("line")}
                       for r in rows]}
    vis_js, vis_css = vis_network_js().read_text(encoding="utf-8"), _vis_css()
    page_js = "\n".join(_asset(name) for name in ("bulkedges.js", "labels.js", "snapshot.js", "share.js"))
    scripts, styles = [vis_js, page_js], [vis_css, _PAGE_STYLE]
    images = any(n.get("shape") == "image" and n.get("image") for n in clean["nodes"])
    back_link = ""
    if back and RELATIVE_PAGE.fullmatch(back[1]):
        back_link = f'<a href="{back[1]}">{html_text(back[0])}</a> · '
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{share_csp(scripts, styles, images)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title, limit=200)}</title>\n"
        f"<style>{vis_css}</style>\n<style>{_PAGE_STYLE}</style>\n</head>\n<body>\n"
        f"<header><div>{back_link}<h1 id=\"atlas-title\">{html_text(title, limit=200)}</h1></div>\n"
        f"<p id=\"atlas-caption\">{html_text(caption, limit=600)}</p>\n"
        f"<div id=\"atlas-tools\"><span>{nodes:,} nodes, {edges:,} links · scroll to zoom, drag to move, click a "
        "node for its links</span><button id=\"atlas-png\" type=\"button\">Download PNG</button></div></header>\n"
        f"<div id=\"atlas-legend\">{_legend_html(rows)}</div>\n"
        "<div id=\"frame\"><div id=\"mynetwork\"></div><div id=\"atlas-panel\"></div></div>\n"
        "<footer>Phenomena Atlas · a self-contained file: it loads nothing from the network.</footer>\n"
        f"<script type=\"application/json\" id=\"atlas-data\">{js(clean)}</script>\n"
        f"<script type=\"application/json\" id=\"atlas-meta\">{js(meta)}</script>\n"
        f"<script>{vis_js}</script>\n<script>{page_js}</script>\n</body>\n</html>\n")


def share_svg(data: dict, *, title: str, caption: str, colours: list[tuple[str, str]] = (),
              width_px: int = 1400) -> str:
    """The drawing as SVG (positions as drawn, labels, caption and legend), every text escaped."""
    return share_svg_text(data, title=title, caption=caption, rows=legend_rows(data, colours), width_px=width_px)
