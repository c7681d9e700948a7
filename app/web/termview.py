"""The term map drawing (keyword co-occurrence, co-authorship) as vis-network data for the graph component.

Draws a :class:`graph.drawing.term_map.TermMap` as VOSviewer does: a dot per term sized by its
occurrences, coloured by its cluster (or by ``colour_of``, e.g. an overlay by year), a label
beside the dot sized by occurrences (capped), kept only where it covers no other label or dot
(the component's label placement, most used first), and links as thin grey lines.  Cluster
names are not drawn on the canvas (they would repeat a term's label): :func:`cluster_legend`
lists them beside the drawing.

>>> from graph.drawing.term_map import TermMap, TermNode
>>> tm = TermMap("Keyword", 2, 3, [TermNode("k1", "Grokking", 5, 0, 0.0, 0.0, 25.0, 20),
...                                 TermNode("k2", "Double Descent", 2, 0, 90.0, 0.0, 7.0, 12)],
...              [("k1", "k2", 2)], [(0, "Grokking", 2)])
>>> data = term_map_vis_data(tm)
>>> [(n["labelText"], n["labelRank"], n["size"]) for n in data["nodes"]], len(data["edges"])
([('Grokking', 0, 25.0), ('Double Descent', 1, 7.0)], 1)
>>> cluster_legend(tm)
[('Grokking (2 keywords)', '#0072B2')]
"""
from __future__ import annotations

from app.web.style import PALETTE
from graph.drawing.term_map import TermMap
from graph.words import plural

__all__ = ["term_map_vis_data", "cluster_colour", "cluster_legend"]

_NOUN = {"Keyword": "keyword", "Author": "author"}
ALWAYS_NAMED = 8  # the most used terms keep their label whatever the crowd (so do clusters' heads)


def cluster_colour(cluster: int) -> str:
    return PALETTE[cluster % len(PALETTE)]


def term_map_vis_data(tm: TermMap, colour_of: dict[str, str] | None = None, *, label_all: bool = False,
                      counts: str = "papers with both") -> dict:
    """vis ``nodes``, ``edges`` and ``options`` of the map (positions preset, physics off); the most used
    terms (:data:`ALWAYS_NAMED`) and each cluster's head always keep their label (``mustLabel``), the others
    where they fit; ``label_all``: every term always (the concept map's phenomena).  A link's tooltip says it
    counts ``counts``."""
    label_of = {c: label for c, label, _ in tm.clusters}
    heads = {(n.cluster, n.name) for n in tm.nodes} & {(c, label) for c, label, _ in tm.clusters}
    ranked = sorted(tm.nodes, key=lambda n: (-n.occurrences, n.name))
    rank = {n.id: i for i, n in enumerate(ranked)}
    nodes = []
    for n in tm.nodes:
        colour = (colour_of or {}).get(n.id) or cluster_colour(n.cluster)
        nodes.append({"id": n.id, "kind": tm.kind, "shape": "dot", "x": n.x, "y": n.y, "size": n.size,
                      "label": " ", "labelText": n.name, "labelSize": n.label_size, "labelRank": rank[n.id],
                      "borderWidth": 1, "color": {"background": colour, "border": "#333333"},
                      "title": f"{n.name}\n{plural(n.occurrences, 'paper')}"
                               + (f" · cluster “{label_of[n.cluster]}”" if n.cluster in label_of else ""),
                      "occurrences": n.occurrences})
        if label_all or (n.cluster, n.name) in heads or rank[n.id] < ALWAYS_NAMED:  # cluster heads (the legend lists them)
            nodes[-1]["mustLabel"] = True
    top = max((w for _, _, w in tm.edges), default=1)
    edges = [{"id": f"{a}>{b}", "from": a, "to": b, "width": round(0.6 + 3.4 * w / top, 2),
              "color": {"color": "#8a949e", "opacity": 0.45}, "title": f"{w} {counts}"}
             for a, b, w in tm.edges]
    options = {"physics": {"enabled": False}, "layout": {"improvedLayout": False}, "edges": {"smooth": False},
               "interaction": {"hover": True, "tooltipDelay": 150}, "nodes": {"font": {"size": 14}}}
    return {"nodes": nodes, "edges": edges, "options": options}


def cluster_legend(tm: TermMap) -> list[tuple[str, str]]:
    """``(label, colour)`` of each cluster: its most used term and how many terms it holds."""
    noun = _NOUN.get(tm.kind, tm.kind.lower())
    return [(f"{label} ({plural(size, noun)})", cluster_colour(c)) for c, label, size in tm.clusters]
