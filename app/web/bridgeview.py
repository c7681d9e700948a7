"""The bridge drawing: one phenomenon's papers on the left, the other's on the right, bridges between.

>>> pos = bridge_layout({"x": "a", "y": "both", "z": "b"}, {"x": 1, "y": 3, "z": 0})
>>> pos["x"][0] < pos["y"][0] < pos["z"][0]
True
"""
from __future__ import annotations

from dataclasses import replace

from app.web.paperview import build_vis_data
from app.web.services import NO_PHENOMENON
from app.web.style import NONE_COLOUR, PALETTE

__all__ = ["bridge_layout", "bridge_data", "about_links", "BOTH", "BOTH_COLOUR"]

BOTH = "(both)"
BOTH_COLOUR = "#6A3D9A"  # not in the first colours of the categorical palette
_COLUMN = {"a": -1, BOTH: 0, "b": 1}
_GAP, _SPACING, _PER_ROW = 420.0, 44.0, 4


def bridge_layout(side_of: dict[str, str], degree: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Positions: side "a" papers in the left column, "b" on the right, ``BOTH`` in the middle.

    Each column is a small grid (most connected on top), centred vertically.
    """
    columns: dict[str, list[str]] = {}
    for node, side in side_of.items():
        columns.setdefault(side, []).append(node)
    pos = {}
    for side, members in columns.items():
        members.sort(key=lambda n: (-degree.get(n, 0), n))
        rows = (len(members) + _PER_ROW - 1) // _PER_ROW
        for i, node in enumerate(members):
            row, col = divmod(i, _PER_ROW)
            in_row = min(_PER_ROW, len(members) - row * _PER_ROW)
            x = _COLUMN.get(side, 0) * _GAP + (col - (in_row - 1) / 2) * _SPACING
            pos[node] = (round(x, 1), round((row - (rows - 1) / 2) * _SPACING, 1))
    return pos


def bridge_data(graph, view, a: str, b: str, colours: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """vis data of ``view`` laid out between phenomena ``a`` and ``b``, and its legend."""
    def side(pid: str) -> str:
        about = set(graph.about.get(pid, ()))
        return BOTH if {a, b} <= about else "a" if a in about else "b" if b in about else BOTH

    sides = {n.id: side(n.id) for n in view.nodes}
    group = {"a": a, "b": b, BOTH: BOTH}
    coloured = replace(view, colour_of={pid: group[s] for pid, s in sides.items()})
    named = graph.phenomenon_names
    names = {a: named[a], b: named[b], BOTH: "about both or linking them"}
    palette = {a: colours.get(a, NONE_COLOUR), b: colours.get(b, NONE_COLOUR), BOTH: BOTH_COLOUR}
    if palette[a] == palette[b]:
        palette[b] = PALETTE[1] if palette[a] != PALETTE[1] else PALETTE[0]
    data = build_vis_data(coloured, bridge_layout(sides, view.degree), palette, names)
    data["edges"] += about_links(graph, sides, a, b, palette[BOTH])
    legend = [(names[k], palette[k]) for k in (a, BOTH, b) if k in coloured.colour_of.values()]
    return data, legend


def about_links(graph, sides: dict[str, str], a: str, b: str, colour: str) -> list[dict]:
    """Dashed ABOUT links from each middle-column paper to the phenomena it is about, so the drawing
    shows how the bridges join the two sides (offline, before any citation, these are its only links).

    >>> class G: about = {"p": ["f", "g"], "q": ["f"]}
    >>> [(e["from"], e["to"]) for e in about_links(G, {"p": BOTH, "q": "a"}, "f", "g", "#000")]
    [('p', 'cluster-label:f'), ('p', 'cluster-label:g')]
    """
    out = []
    for pid, side in sides.items():
        if side != BOTH:
            continue
        for phen in (a, b):
            if phen in graph.about.get(pid, ()):
                out.append({"id": f"{pid}>about>{phen}", "from": pid, "to": f"cluster-label:{phen}", "kind": "ABOUT",
                            "dashes": True, "arrows": {"to": {"enabled": False}}, "width": 2,
                            "color": {"color": colour, "opacity": 0.7}, "title": "ABOUT (the paper is about it)"})
    return out


_ = NO_PHENOMENON  # the drawing never uses it: every paper sits on one of the three columns
