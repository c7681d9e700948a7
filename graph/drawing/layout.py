"""Positions for a multi-layer drawing: phenomena as hubs, their papers around them, shared papers between.

Deterministic and fast (no force simulation in the browser): hubs are placed by
a seeded spring layout of the hub graph (hubs sharing papers or similar papers
attract), spread until their discs do not overlap; a paper about one
phenomenon sits on a sunflower (Vogel spiral) around its hub, a paper about
several sits between all of them, keywords and authors at the centre of their
papers.

>>> from graph.drawing.layers import Layered
>>> L = Layered(nodes=[{"id": i, "kind": k, "name": i, "papers": 1} for i, k in
...                    (("f", "Phenomenon"), ("g", "Phenomenon"), ("a", "Paper"), ("b", "Paper"), ("ab", "Paper"))],
...             edges=[("a", "f", "ABOUT", 1, ""), ("b", "g", "ABOUT", 1, ""), ("ab", "f", "ABOUT", 1, ""),
...                    ("ab", "g", "ABOUT", 1, "")])
>>> pos = layered_layout(L, {"a": ["f"], "b": ["g"], "ab": ["f", "g"]})
>>> between = lambda p, q, r: min(q[0], r[0]) - 1 <= p[0] <= max(q[0], r[0]) + 1
>>> between(pos["ab"], pos["f"], pos["g"]) and pos["a"] != pos["b"]
True
"""
from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

__all__ = ["layered_layout", "NO_GROUP"]

NO_GROUP = "(none)"
_GOLDEN = math.pi * (3 - math.sqrt(5))


def _sunflower(cx: float, cy: float, members: list, spacing: float, inner: float = 0.0) -> dict:
    return {v: (round(cx + (inner + spacing * math.sqrt(i + 0.5)) * math.cos(i * _GOLDEN), 1),
                round(cy + (inner + spacing * math.sqrt(i + 0.5)) * math.sin(i * _GOLDEN), 1))
            for i, v in enumerate(members)}


def layered_layout(L, phenomena_of: dict[str, list[str]], *, spacing: float = 26.0, seed: int = 42,
                   order: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """``{node id: (x, y)}`` for every node of ``L`` (a :class:`graph.drawing.layers.Layered`).

    ``phenomena_of`` gives each paper's phenomena (e.g. ``model.about``); only
    phenomena that are hubs of ``L`` or, with the Phenomenon layer off, any of
    them group the papers.  ``order`` (``{paper: weight}``) puts heavier papers
    nearer their hub.
    """
    import networkx as nx

    papers = [n["id"] for n in L.nodes if n["kind"] == "Paper"]
    hubs = [n["id"] for n in L.nodes if n["kind"] == "Phenomenon"]
    if not papers:
        return _concept_layout(L, spacing, seed)
    allowed = set(hubs) if hubs else None
    groups: dict[str, list[str]] = defaultdict(list)
    shared: dict[tuple, list[str]] = defaultdict(list)
    group_of: dict[str, tuple] = {}
    for p in papers:
        mine = sorted(f for f in phenomena_of.get(p, ()) if allowed is None or f in allowed)
        key = tuple(mine) if mine else (NO_GROUP,)
        group_of[p] = key
        (groups[key[0]] if len(key) == 1 else shared[key]).append(p)
    weight = order or {}
    names = sorted(set(groups) | set(hubs) | {f for key in shared for f in key})
    radius = {g: spacing * (math.sqrt(len(groups.get(g, ()))) + 2.0) for g in names}
    H = nx.Graph()
    H.add_nodes_from(names)
    for key, ps in shared.items():
        for i, a in enumerate(key):
            for b in key[i + 1:]:
                H.add_edge(a, b, weight=H.get_edge_data(a, b, {"weight": 0})["weight"] + len(ps))
    similar = [(s, t) for s, t, kind, _, _ in L.edges if kind in ("RELATED_TO", "CITES")]
    for s, t in similar:
        a, b = group_of.get(s, (NO_GROUP,))[0], group_of.get(t, (NO_GROUP,))[0]
        if a != b:
            H.add_edge(a, b, weight=H.get_edge_data(a, b, {"weight": 0})["weight"] + 0.2)
    centres = _hub_centres(H, names, radius, spacing, seed)
    pos: dict[str, tuple[float, float]] = {}
    for g, ps in groups.items():
        ranked = sorted(ps, key=lambda v: (-weight.get(v, 0), v))
        pos.update(_sunflower(*centres[g], ranked, spacing * 0.9, inner=spacing * 2.2 if g in hubs else 0.0))
    for key, ps in shared.items():
        cx = sum(centres[f][0] for f in key) / len(key)
        cy = sum(centres[f][1] for f in key) / len(key)
        pos.update(_sunflower(cx, cy, sorted(ps), spacing * 0.7))
    for g in hubs:
        pos[g] = tuple(round(c, 1) for c in centres[g])
    _place_terms(L, pos, spacing)
    return pos


def _hub_centres(H, names: list[str], radius: dict[str, float], spacing: float, seed: int) -> dict:
    """Seeded spring layout of the hubs, then pushed apart until no two discs overlap."""
    import networkx as nx

    if len(names) == 1:
        return {names[0]: (0.0, 0.0)}
    raw = nx.spring_layout(H, weight="weight", seed=seed, iterations=100)
    P = np.array([raw[g] for g in names], dtype=float)
    R = np.array([radius[g] for g in names])
    P *= R.sum() / 6  # compact; the push below opens room where discs overlap
    gap = spacing
    for _ in range(200):
        D = P[:, None, :] - P[None, :, :]
        dist = np.sqrt((D ** 2).sum(-1)) + np.eye(len(P))
        need = R[:, None] + R[None, :] + gap
        push = np.where((dist < need) & ~np.eye(len(P), dtype=bool), (need - dist) / 2, 0.0)
        if not push.any():
            break
        P += (D / dist[..., None] * push[..., None]).sum(axis=1)
    return {g: (float(x), float(y)) for g, (x, y) in zip(names, P)}


def _place_terms(L, pos: dict, spacing: float) -> None:
    """Keywords and authors at the centre of their drawn papers, nudged apart on a small spiral."""
    linked: dict[str, list[str]] = defaultdict(list)
    for s, t, kind, _, _ in L.edges:
        if kind == "HAS_KEYWORD":
            linked[t].append(s)
        elif kind == "WROTE":
            linked[s].append(t)
    terms = [n["id"] for n in L.nodes if n["kind"] in ("Keyword", "Author")]
    for i, term in enumerate(terms):
        points = [pos[p] for p in linked.get(term, ()) if p in pos]
        cx = sum(x for x, _ in points) / len(points) if points else 0.0
        cy = sum(y for _, y in points) / len(points) if points else 0.0
        r = spacing * 0.6 * (1 + i % 3)
        pos[term] = (round(cx + r * math.cos(i * _GOLDEN), 1), round(cy + r * math.sin(i * _GOLDEN), 1))


def _concept_layout(L, spacing: float, seed: int) -> dict:
    """Without papers: each connected group by a seeded spring layout (weighted by the links), scaled so
    neighbours sit about a label apart; groups packed in rows, biggest first, lone concepts last."""
    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(n["id"] for n in L.nodes)
    G.add_weighted_edges_from((s, t, w) for s, t, _, w, _ in L.edges)
    if not len(G):
        return {}
    parts = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(map(str, c))))
    pos: dict = {}
    x0, y0, row_h, width = 0.0, 0.0, 0.0, None
    for part in parts:
        H = G.subgraph(part)
        if len(H) == 1:
            raw = {next(iter(H)): np.zeros(2)}
        else:
            raw = nx.spring_layout(H, weight="weight", seed=seed, k=2.0 / math.sqrt(len(H)), iterations=100)
        P = np.array([raw[v] for v in H], dtype=float)
        if len(P) > 1:
            D = np.sqrt(((P[:, None, :] - P[None, :, :]) ** 2).sum(-1)) + np.eye(len(P)) * 1e9
            P = P * (spacing * 3 / max(float(np.median(D.min(axis=1))), 1e-9))
        P -= P.min(axis=0)
        w, h = (P.max(axis=0) if len(P) > 1 else np.zeros(2)) + spacing * 8
        if width is None:
            width = max(w, spacing * 40)
        if x0 + w > width and x0 > 0:
            x0, y0, row_h = 0.0, y0 + row_h, 0.0
        for v, (x, y) in zip(H, P):
            pos[v] = (round(x0 + x, 1), round(y0 + y, 1))
        x0, row_h = x0 + w, max(row_h, h)
    return pos
