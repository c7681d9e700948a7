"""A vis-network drawing written as SVG in Python: node shapes, links (dashes, arrows), labels, caption, legend.

Every text (labels, caption, legend) is escaped by :func:`graph.safe_text.html_text` (numeric
character references, valid XML); colours are used only when they look like a colour.

>>> svg = share_svg_text({"nodes": [{"id": "a", "x": 0, "y": 0, "labelText": "A & B", "shape": "diamond"}],
...                       "edges": [], "options": {}}, title="T", caption="C", rows=[])
>>> svg.startswith("<svg") and "A &#38; B" in svg and "<polygon" in svg
True
"""
from __future__ import annotations

import math
import re

from graph.safe_text import html_text

__all__ = ["share_svg_text", "legend_svg_rows", "safe_colour"]

_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|rgba?\(\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*(,\s*[\d.]+\s*)?\)|[a-zA-Z]{3,20}")
_CAPTION_PX, _LEGEND_PX, _MARGIN = 16, 14, 24


def safe_colour(value, default: str = "#8fa4b8") -> str:
    """``value`` when it is a colour (``#hex``, ``rgb()``/``rgba()`` or a name), else ``default``."""
    return value if isinstance(value, str) and _COLOUR.fullmatch(value.strip()) else default


def _fill(node: dict) -> tuple[str, str]:
    colour = node.get("color")
    if isinstance(colour, dict):
        return safe_colour(colour.get("background")), safe_colour(colour.get("border"), "#222222")
    return safe_colour(colour), "#222222"


def _shape(kind: str, x: float, y: float, r: float, fill: str, stroke: str, width: float) -> str:
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="{width:g}"'
    if kind == "diamond":
        return f'<polygon points="{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}" {common}/>'
    if kind == "triangle":
        h = r * 1.2
        return f'<polygon points="{x:.1f},{y - h:.1f} {x + h:.1f},{y + r:.1f} {x - h:.1f},{y + r:.1f}" {common}/>'
    if kind in ("square", "box"):
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {common}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {common}/>'


def _edge_style(edge: dict, defaults: dict) -> tuple[str, float, float, str, bool]:
    """(colour, width, opacity, dash array, arrow) of an edge, its own style over the options' edges."""
    colour = edge.get("color", defaults.get("color"))
    opacity = 1.0
    if isinstance(colour, dict):
        opacity = float(colour.get("opacity", 1.0) or 1.0)
        colour = colour.get("color")
    dashes = edge.get("dashes", defaults.get("dashes", False))
    dash = f"{dashes[0]},{dashes[1]}" if isinstance(dashes, list) and len(dashes) >= 2 else ("5,5" if dashes is True else "")
    arrows = edge.get("arrows", defaults.get("arrows", ""))
    arrow = arrows == "to" or (isinstance(arrows, dict) and (arrows.get("to") or {}).get("enabled", False))
    return safe_colour(colour, "#9aa3ad"), float(edge.get("width", defaults.get("width", 1)) or 1), opacity, dash, arrow


def legend_svg_rows(rows: list[dict]) -> list[str]:
    """A small SVG icon (30 × 16) per legend row: its node shape or its line."""
    out = []
    for r in rows:
        if "line" in r:
            colour = safe_colour(r["line"])
            dashes = r.get("dashes")
            dash = (f' stroke-dasharray="{dashes[0]},{dashes[1]}"' if isinstance(dashes, list) and len(dashes) >= 2
                    else ' stroke-dasharray="5,5"' if dashes is True else "")
            arrow = f'<polygon points="22,4 28,8 22,12" fill="{colour}"/>' if r.get("arrow") else ""
            icon = f'<line x1="1" y1="8" x2="27" y2="8" stroke="{colour}" stroke-width="2.5"{dash}/>{arrow}'
        else:
            icon = _shape(r.get("shape", "dot"), 8, 8, 6, safe_colour(r.get("colour")), "#222222", 1)
        out.append(f'<svg width="30" height="16" viewBox="0 0 30 16">{icon}</svg>')
    return out


def _label(node: dict) -> str:
    text = node.get("labelText") or node.get("label") or ""
    return text.strip() if isinstance(text, str) else ""


def share_svg_text(data: dict, *, title: str, caption: str, rows: list[dict], width_px: int = 1400,
                   max_height_px: int = 1100) -> str:
    """SVG of ``data`` fitted into ``width_px`` × ``max_height_px``: a heading (``title``, ``caption``), the drawing, the legend ``rows``."""
    nodes = data["nodes"]
    where = {n["id"]: (float(n.get("x", 0) or 0), float(n.get("y", 0) or 0)) for n in nodes}
    xs = [p[0] for p in where.values()] or [0.0]
    ys = [p[1] for p in where.values()] or [0.0]
    pad = 60.0
    x0, y0 = min(xs) - pad, min(ys) - pad
    span_x, span_y = max(max(xs) + pad - x0, 1.0), max(max(ys) + pad - y0, 1.0)
    inner = width_px - 2 * _MARGIN
    scale = min(inner / span_x, max_height_px / span_y, 1.5)  # the whole drawing fits; never blown up
    left = _MARGIN + (inner - span_x * scale) / 2  # centred
    top = _MARGIN + 2 * _CAPTION_PX + 20
    height_drawing = span_y * scale
    per_row = max(1, inner // 230)
    legend_h = (len(rows) + per_row - 1) // per_row * 20 + 10
    height = int(top + height_drawing + legend_h + _MARGIN)

    def at(node_id: str) -> tuple[float, float]:
        x, y = where[node_id]
        return left + (x - x0) * scale, top + (y - y0) * scale

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" height="{height}" '
           f'viewBox="0 0 {width_px} {height}" font-family="Arial, sans-serif">',
           f"<title>{html_text(title, limit=200)}</title>",
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" '
           'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
           f'<rect width="{width_px}" height="{height}" fill="#ffffff"/>',
           f'<text x="{_MARGIN}" y="{_MARGIN + _CAPTION_PX}" font-size="{_CAPTION_PX + 4}" font-weight="bold">'
           f"{html_text(title, limit=200)}</text>",
           f'<text x="{_MARGIN}" y="{_MARGIN + 2 * _CAPTION_PX + 8}" font-size="{_CAPTION_PX - 2}" fill="#333333">'
           f"{html_text(caption, limit=400)}</text>"]
    defaults = (data.get("options") or {}).get("edges") or {}
    size_of = {n["id"]: float(n.get("size", 10) or 10) for n in nodes}
    out.append('<g id="links">')
    for e in data["edges"]:
        if e["from"] not in where or e["to"] not in where:
            continue
        colour, width, opacity, dash, arrow = _edge_style(e, defaults)
        (x1, y1), (x2, y2) = at(e["from"]), at(e["to"])
        if arrow:  # stop at the target's rim, so the arrowhead shows
            d = math.hypot(x2 - x1, y2 - y1) or 1.0
            back = size_of.get(e["to"], 10) * scale + 1
            x2, y2 = x2 - (x2 - x1) * back / d, y2 - (y2 - y1) * back / d
        extra = (f' stroke-dasharray="{dash}"' if dash else "") + (' marker-end="url(#arrow)"' if arrow else "")
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                   f'stroke-width="{max(width * scale, 0.4):.2f}" stroke-opacity="{opacity:g}"{extra}/>')
    bulk = data.get("bulk_edges") or {}
    styles = bulk.get("styles") or []
    for s, t, k in bulk.get("rows") or ():
        if s in where and t in where and 0 <= k < len(styles):
            (x1, y1), (x2, y2) = at(s), at(t)
            out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                       f'stroke="{safe_colour(styles[k][0])}" stroke-width="{max(float(styles[k][1]) * scale, 0.4):.2f}"/>')
    out.append("</g>\n<g id=\"nodes\">")
    wanted = []  # (order, box, svg text): labels, kept below only where they overlap none kept before
    for n in nodes:
        x, y = at(n["id"])
        r = size_of[n["id"]] * scale
        if n.get("shape") == "text":
            font = n.get("font") or {}
            px = max(float(font.get("size", 20) or 20) * scale, 10)
            text = _label(n)
            attrs = (f'font-weight="bold" fill="{safe_colour(font.get("color"), "#333333")}" stroke="#ffffff" '
                     'stroke-width="3" paint-order="stroke"')
            wanted.append(((0, 0, n.get("labelRank") or 0), x, y, px, text, attrs))
            continue
        if n.get("shape") == "image":  # the maps' density picture: the app's own PNG, under everything
            image = str(n.get("image", ""))
            if re.fullmatch(r"data:image/png;base64,[A-Za-z0-9+/]+=*", image):
                out.insert(out.index('<g id="links">'), f'<image x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" '
                           f'height="{2 * r:.1f}" preserveAspectRatio="none" href="{image}"/>')
            continue
        fill, stroke = _fill(n)
        out.append(_shape(n.get("shape", "dot"), x, y, max(r, 1.5), fill, stroke, float(n.get("borderWidth", 1) or 1)))
        text = _label(n)
        if text:
            px = max(float(n.get("labelSize") or (n.get("font") or {}).get("size") or 12) * min(scale * 1.5, 1.0), 9)
            attrs = (' font-weight="bold"' if n.get("labelBold") else "") + \
                ' fill="#111111" stroke="#ffffff" stroke-width="3" paint-order="stroke"'
            order = (0 if n.get("mustLabel") else 1, 1, n.get("labelRank", 10**6))
            wanted.append((order, x, y + r + px, px, text, attrs.strip()))
    labels, kept = [], []
    for order, x, y, px, text, attrs in sorted(wanted, key=lambda w: w[0]):
        half = 0.28 * px * len(text)  # about half the text's width in Arial
        x = min(max(x, _MARGIN + half), width_px - _MARGIN - half)  # never cut at the edges
        box = (x - half, y - px, x + half, y + 0.3 * px)
        if order[0] and any(box[0] < k[2] and k[0] < box[2] and box[1] < k[3] and k[1] < box[3] for k in kept):
            continue  # a paper's label that would cover one already placed: left out (its tooltip remains)
        kept.append(box)
        labels.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{px:.1f}" text-anchor="middle" {attrs}>'
                      f"{html_text(text, limit=120)}</text>")
    out.append("</g>\n<g id=\"labels\">")
    out += labels
    out.append("</g>\n<g id=\"legend\">")
    y_legend = top + height_drawing + 16
    for i, (row, icon) in enumerate(zip(rows, legend_svg_rows(rows))):
        col, line = i % per_row, i // per_row
        x, y = _MARGIN + col * 230, y_legend + line * 20
        out.append(f'<g transform="translate({x},{y - 12})">{icon}</g>'
                   f'<text x="{x + 34}" y="{y}" font-size="{_LEGEND_PX - 2}">{html_text(row["label"], limit=60)}</text>')
    out.append("</g>\n</svg>\n")
    return "\n".join(out)
