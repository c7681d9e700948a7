"""Overlay and density for the concept and keyword maps (VOSviewer's overlay and density visualizations).

Applied on top of a map's vis data, whatever drew it: :func:`overlay_colours` recolours each concept by
the average publication year (or citations) of its papers on a continuous ramp, with a colour bar
(min and max) in the legend; :func:`density_node` is one image node, a kernel density of the concepts
weighted by their papers (:mod:`graph.drawing.density`), drawn under every other node.  Both stay plain
vis data, so an exported map keeps them.

>>> colours, span = overlay_colours({"a": 2018.0, "b": 2024.0, "c": None})
>>> colours["a"] == YEAR_RAMP[0], colours["b"] == YEAR_RAMP[-1], "c" not in colours, span
(True, True, True, (2018.0, 2024.0))
>>> "2018" in colour_bar_html("average year", (2018.0, 2024.0)) and "2024" in colour_bar_html("x", (2018.0, 2024.0))
True
"""
from __future__ import annotations

import base64

from app.web.style import NONE_COLOUR, YEAR_RAMP
from graph.analytics.concept_overlay import OVERLAY_MEASURES, concept_paper_stats
from graph.drawing.density import DENSITY_RAMP, density_grid, density_png
from graph.model.graph_model import GraphModel
from graph.safe_text import html_text

__all__ = ["COLOUR_BY", "MAP_VIEWS", "ramp_colour", "overlay_colours", "colour_bar_html", "density_node",
           "apply_map_overlay", "overlay_choices"]

COLOUR_BY = {"cluster": "cluster", "year": "average year", "citations": "average citations"}
MAP_VIEWS = ("network", "density")
DENSITY_ID = "density-image"


def ramp_colour(share: float, ramp: list[str] = YEAR_RAMP) -> str:
    """The colour at ``share`` (0..1) along ``ramp``, interpolated.

    >>> ramp_colour(0.0), ramp_colour(1.0), ramp_colour(0.5, ["#000000", "#ffffff"])
    ('#440154', '#FDE725', '#808080')
    """
    share = min(max(share, 0.0), 1.0)
    at = share * (len(ramp) - 1)
    i = min(int(at), len(ramp) - 2)
    f = at - i
    a, b = ramp[i], ramp[i + 1]
    mix = [round(int(a[k:k + 2], 16) * (1 - f) + int(b[k:k + 2], 16) * f) for k in (1, 3, 5)]
    return "#" + "".join(f"{v:02X}" for v in mix)


def overlay_colours(values: dict[str, float | None]) -> tuple[dict[str, str], tuple[float, float] | None]:
    """A ramp colour for each concept with a value (old/low dark purple, new/high yellow), and ``(min, max)``."""
    known = {k: v for k, v in values.items() if v is not None}
    if not known:
        return {}, None
    lo, hi = min(known.values()), max(known.values())
    return {k: ramp_colour((v - lo) / ((hi - lo) or 1)) for k, v in known.items()}, (lo, hi)


def colour_bar_html(title: str, span: tuple[float, float] | None, *, unknown: int = 0) -> str:
    """A colour bar with its min and max, for the legend above the map (escaped HTML)."""
    if span is None:
        return f'<div id="atlas-colour-bar">{html_text(title)}: unknown for every node</div>'
    lo, hi = span
    stops = ", ".join(YEAR_RAMP)
    fmt = (lambda v: f"{v:.0f}") if hi - lo >= 3 or title.endswith("year") else (lambda v: f"{v:.1f}")
    rest = f' · <span style="color:{NONE_COLOUR}">●</span> unknown ({unknown})' if unknown else ""
    return ('<div id="atlas-colour-bar" style="display:flex;align-items:center;gap:6px;padding:2px 4px;'
            f'font:12px sans-serif">{html_text(title)}: <span class="atlas-bar-min">{fmt(lo)}</span>'
            f'<span style="display:inline-block;width:160px;height:10px;border:1px solid #999;'
            f'background:linear-gradient(to right, {stops})"></span>'
            f'<span class="atlas-bar-max">{fmt(hi)}</span>{rest}</div>')


def density_node(points: list[tuple[float, float, float]]) -> dict:
    """One vis image node covering the drawing: the kernel density of ``points`` (``(x, y, weight)``)."""
    grid, (x0, y0, x1, y1) = density_grid(points)
    png = base64.b64encode(density_png(grid)).decode("ascii")
    return {"id": DENSITY_ID, "kind": "label", "isLabel": True, "shape": "image",
            "image": f"data:image/png;base64,{png}", "label": " ", "x": round((x0 + x1) / 2, 1),
            "y": round((y0 + y1) / 2, 1), "size": round(min(x1 - x0, y1 - y0) / 2, 1), "chosen": False,
            "shapeProperties": {"useImageSize": False, "interpolation": True}}


def overlay_choices(model: GraphModel) -> list[str]:
    """The colourings a map can offer: cluster always; average citations only when papers have citations."""
    cited = any(p.citation_count is not None for p in model.papers.values())
    return ["cluster", "year"] + (["citations"] if cited else [])


def apply_map_overlay(data: dict, model: GraphModel, kind: str, positions: dict, weights: dict[str, float], *,
                      colour_by: str = "cluster", view: str = "network") -> None:
    """Recolour the map's concept nodes by ``colour_by`` ("year", "citations"; "cluster" leaves them) with a
    colour bar in ``data["overlay"]``, and with ``view="density"`` put a density image under them."""
    concepts = [n["id"] for n in data["nodes"] if n["id"] in weights]
    if colour_by in ("year", "citations"):
        stats = concept_paper_stats(model, kind, concepts)
        colours, span = overlay_colours({c: stats[c][colour_by] for c in concepts})
        for n in data["nodes"]:
            if n["id"] in weights:
                n["color"] = colours.get(n["id"], NONE_COLOUR)
                n["title"] = (n.get("title") or "") + f"\n{COLOUR_BY[colour_by]}: {stats[n['id']][colour_by] or 'unknown'}"
            elif n.get("shape") == "text":  # cluster names: their cluster colour would read as a value
                n["font"] = {**n.get("font", {}), "color": "#333333"}
        bar = colour_bar_html(OVERLAY_MEASURES[colour_by], span, unknown=len(concepts) - len(colours))
        data["overlay"] = (data.get("overlay") or "") + bar
    if view == "density":
        points = [(*positions[c], float(weights[c])) for c in concepts if c in positions]
        data["nodes"].insert(0, density_node(points))
        for e in data["edges"]:  # VOSviewer's density view has no links; ours keeps them, faint
            e["color"] = {**(e.get("color") if isinstance(e.get("color"), dict) else {}), "opacity": 0.15}
        stops = ", ".join(DENSITY_RAMP)
        data["overlay"] = (data.get("overlay") or "") + (
            '<div id="atlas-density-bar" style="display:flex;align-items:center;gap:6px;padding:2px 4px;'
            'font:12px sans-serif">density of concepts (weighted by papers): low'
            f'<span style="display:inline-block;width:120px;height:10px;border:1px solid #999;'
            f'background:linear-gradient(to right, rgba(59,82,139,0.2), {stops})"></span>high</div>')
