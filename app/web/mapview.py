"""The maps' drawings as vis-network data: the concept map, keyword co-occurrence and co-authorship.

Shared by the Maps page and the static atlas (:mod:`app.web.site`), so both draw the same map.
"""
from __future__ import annotations

from app.web import style
from app.web.component import rank_labels
from app.web.layerview import add_cluster_labels, layered_vis_data, legend_overlay_html
from graph.drawing.layers import layered_network
from graph.drawing.layout import layered_layout

__all__ = ["map_data", "fixed_sizes"]


def fixed_sizes(data: dict) -> None:
    """Node and label sizes from each node's ``value`` (papers), set here instead of by vis's own scaling,
    so the component's label declutter measures the labels as they are drawn."""
    values = [n["value"] for n in data["nodes"] if "value" in n]
    if not values:
        return
    low, high = min(values), max(values)
    for n in data["nodes"]:
        if "value" in n:
            share = (n.pop("value") - low) / ((high - low) or 1)
            n["size"] = round(10 + 25 * share, 1)
            n["font"] = {**n.get("font", {}), "size": round(14 + 14 * share, 1)}
    data["options"]["nodes"].pop("scaling", None)


def map_data(G, kind: str, counts: str, colours: dict[str, str], clustered: bool = False) -> dict:
    """vis data of the co-occurrence graph ``G`` of ``kind`` nodes linked by ``counts``; ``clustered``
    colours each Louvain cluster and names it on the map.  Carries its legend as ``overlay``."""
    L = layered_network(G, kind, counts)
    pos = layered_layout(L, {})
    node_colours = None
    if clustered:  # colour by cluster and name each cluster on the map
        cluster_of = {v: d["cluster"] for v, d in G.nodes(data=True)}
        tint = {c: style.PALETTE[c % len(style.PALETTE)] for c in set(cluster_of.values())}
        node_colours = {v: tint[c] for v, c in cluster_of.items()}
    data = layered_vis_data(L, pos, colours, {}, node_colours=node_colours)
    if clustered:
        add_cluster_labels(data, pos, cluster_of, {d["cluster"]: d["cluster_label"] for _, d in G.nodes(data=True)},
                           tint)
    fixed_sizes(data)
    # the graph component declutters labels (the Graph page's drawing), so dense centres stay readable
    return {**data, "nodes": rank_labels(data["nodes"]), "overlay": legend_overlay_html(L)}
