"""A term map as plain data, VOSviewer-style: keywords (or authors) that occur in enough papers, linked by
the papers they share, placed, sized and clustered.

:func:`build_term_map` is a pure function of the graph model: nodes with their position,
marker size and label size (both by occurrences, the label font capped at :data:`MAX_LABEL_PX`),
links with their weight, and the clusters named by their most used term.  A front end colours
and draws it (the Maps page by cluster; an overlay may colour by year instead).

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A"), Paper("b", "B")], {}, {}, [])
>>> build_term_map(m, "Keyword").nodes
[]
>>> term_sizes([1, 4, 9])  # (marker radius, label font): the label capped at MAX_LABEL_PX
[(5.0, 12), (13.0, 17), (18.0, 20)]
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from graph.analytics.concepts import CO_OCCURRENCE_KINDS, co_occurrence_map, concept_occurrences
from graph.analytics.thesaurus import Thesaurus
from graph.drawing.layers import layered_network
from graph.drawing.layout import layered_layout
from graph.model.graph_model import GraphModel

__all__ = ["TermNode", "TermMap", "build_term_map", "term_map_of", "term_sizes", "default_threshold", "MIN_NODE_PX",
           "MAX_NODE_PX", "MIN_LABEL_PX", "MAX_LABEL_PX"]

MIN_NODE_PX, MAX_NODE_PX = 5.0, 18.0  # marker radius: the rarest term is still a visible dot
MIN_LABEL_PX, MAX_LABEL_PX = 12, 20  # label font: readable, and capped so one term cannot cover its cluster
ASPECT = 1.8  # the Maps page's frame: about 1,100 by 640 pixels
SPREAD = 0.6  # how much the crowded middle of the map is opened up (1: not at all)
GAP = 40.0  # pixels kept between two terms' centres: a dot and a label line
WIDTH = 1000.0  # the map's width in pixels at the fitted zoom (room left for labels at the sides)


@dataclass(frozen=True)
class TermNode:
    """One term of the map: ``occurrences`` papers carry it; ``size`` and ``label_size`` in pixels."""

    id: str
    name: str
    occurrences: int
    cluster: int
    x: float
    y: float
    size: float
    label_size: int


@dataclass
class TermMap:
    """Nodes, links ``(a, b, papers with both)`` and clusters ``(cluster, label, members)`` of a term map;
    ``threshold``: the minimum occurrences a term needed; ``total``: the terms before that threshold."""

    kind: str
    threshold: int
    total: int
    nodes: list[TermNode] = field(default_factory=list)
    edges: list[tuple[str, str, int]] = field(default_factory=list)
    clusters: list[tuple[int, str, int]] = field(default_factory=list)


def term_sizes(occurrences: list[int]) -> list[tuple[float, int]]:
    """``(marker radius, label font)`` in pixels for each count, by the square root of its share of the
    range (area follows occurrences), between the minimum and the capped maximum."""
    if not occurrences:
        return []
    low, high = min(occurrences), max(occurrences)
    out = []
    for n in occurrences:
        share = math.sqrt((n - low) / (high - low)) if high > low else 0.0
        out.append((round(MIN_NODE_PX + (MAX_NODE_PX - MIN_NODE_PX) * share, 1),
                    round(MIN_LABEL_PX + (MAX_LABEL_PX - MIN_LABEL_PX) * share)))
    return out


def _spread_centre(pos: dict, part: set, power: float = SPREAD) -> dict:
    """``pos`` with the nodes of ``part`` (the main component) moved away from its centre, distance ``r`` to
    ``R (r / R)^power``: a spring layout packs the most linked terms into the middle, where their labels
    would not fit; the periphery keeps its place."""
    points = [pos[v] for v in part if v in pos]
    if len(points) < 3:
        return pos
    cx, cy = sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)
    far = max(math.hypot(x - cx, y - cy) for x, y in points) or 1.0
    out = dict(pos)
    for v in part:
        x, y = pos[v]
        r = math.hypot(x - cx, y - cy)
        if r:
            k = far * (r / far) ** power / r
            out[v] = (round(cx + (x - cx) * k, 1), round(cy + (y - cy) * k, 1))
    return out


def _separate(P: np.ndarray, gap: float = GAP, rounds: int = 40) -> list[tuple[float, float]]:
    """Points pushed apart until no two are nearer than ``gap`` pixels (or ``rounds`` passes): room for a
    label line between neighbours."""
    for _ in range(rounds):
        D = P[:, None, :] - P[None, :, :]
        dist = np.sqrt((D ** 2).sum(-1)) + np.eye(len(P)) * 1e9
        near = dist < gap
        if not near.any():
            break
        push = np.where(near, (gap - dist) / 2 / np.maximum(dist, 1e-6), 0.0)
        P = P + (D * push[:, :, None]).sum(axis=1)
    return [(round(float(x), 1), round(float(y), 1)) for x, y in P]


def default_threshold(counts: list[int], target: int = 60) -> int:
    """The smallest minimum occurrence (2 or more) that keeps at most ``target`` terms, as VOSviewer
    suggests a threshold from the counts.

    >>> default_threshold([9, 5, 5, 3, 2, 2, 1], target=3)
    4
    """
    threshold = 2
    while sum(1 for n in counts if n >= threshold) > target:
        threshold += 1
    return threshold


def build_term_map(model: GraphModel, kind: str, *, min_occurrences: int = 2, thesaurus: Thesaurus | None = None,
                   top: int | None = None, seed: int = 42, aspect: float = ASPECT) -> TermMap:
    """The term map of ``kind`` (``Keyword`` or ``Author``): terms in ``min_occurrences``+ papers (keywords
    after ``thesaurus``; no two terms share a name), at most ``top``, placed by a seeded layout stretched to
    ``aspect`` (width over height: a wide frame, so the dense centre spreads out and labels fit)."""
    if kind not in CO_OCCURRENCE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(CO_OCCURRENCE_KINDS)}")
    occurrences = concept_occurrences(model, kind, thesaurus=thesaurus)
    G = co_occurrence_map(model, kind, min_papers=max(1, min_occurrences), top=top, seed=seed,
                          thesaurus=thesaurus, occurrences=occurrences)
    return term_map_of(G, kind, threshold=max(1, min_occurrences), total=len(occurrences), aspect=aspect)


def term_map_of(G: nx.Graph, kind: str, *, threshold: int = 1, total: int | None = None,
                aspect: float = ASPECT) -> TermMap:
    """Any concept graph of :mod:`graph.analytics.concepts` (nodes with ``name`` and ``papers``, ``cluster`` and
    ``cluster_label`` when clustered; links with ``weight``) placed and sized as a term map: the concept map
    of phenomena is drawn this way too (one cluster each: no legend of clusters)."""
    out = TermMap(kind, threshold, len(G) if total is None else total)
    if not len(G):
        return out
    pos = _spread_centre(layered_layout(layered_network(G, kind), {}), max(nx.connected_components(G), key=len))
    # into a WIDTH-wide box of the frame's shape: the fitted zoom is about 1, so sizes are screen pixels
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    sx = WIDTH / ((max(xs) - min(xs)) or 1.0)
    sy = WIDTH / aspect / ((max(ys) - min(ys)) or 1.0)
    pos = {v: ((x - min(xs)) * sx, (y - min(ys)) * sy) for v, (x, y) in pos.items()}
    ids = list(G)
    pos = dict(zip(ids, _separate(np.array([pos[v] for v in ids], dtype=float))))
    sizes = term_sizes([G.nodes[v]["papers"] for v in ids])
    for i, (v, (size, label)) in enumerate(zip(ids, sizes)):
        d = G.nodes[v]
        x, y = pos.get(v, (0.0, 0.0))
        out.nodes.append(TermNode(v, d["name"], d["papers"], d.get("cluster", -1 - i), x, y, size, label))
    out.edges = sorted((a, b, int(d["weight"])) for a, b, d in G.edges(data=True))
    members: dict[int, list] = {}
    for _, d in G.nodes(data=True):
        if "cluster" in d:
            members.setdefault(d["cluster"], []).append(d["cluster_label"])
    out.clusters = sorted((c, labels[0], len(labels)) for c, labels in members.items())
    return out
