"""The bridge drawing: the two phenomena as hubs left and right, the bridge papers between them.

Each bridge sits between the hubs at the height of its rank (best on top) and, across, by its
pull to each side (:func:`graph.analytics.bridge_papers.rank_bridges`'s ``pull``): a paper about
both sits in the middle, one about A that only resembles B's papers nearer A.  Every bridge is
joined to both hubs — a solid line to a phenomenon it is about (``ABOUT``), a dotted one to the
phenomenon whose papers it resembles or whose papers its citation paths reach (``NEAR``) — and
citations and similarity links among the bridges are drawn too.  Bridges are labelled
"FirstAuthor Year" beside their dot (the component places the labels off the dots).

>>> bridge_positions([(1.0, 1.0), (1.0, 0.0), (0.0, 0.5)])
[(0.0, -35.0), (-209.0, 35.0), (209.0, 105.0)]
"""
from __future__ import annotations

from app.web.style import EDGE_STYLE, NONE_COLOUR, PALETTE
from graph.model.graph_model import GraphModel
from graph.words import plural

__all__ = ["bridge_positions", "bridge_data", "bridge_summary", "HUB_X", "ROW", "METHOD_COLOURS", "NEAR_COLOUR"]

HUB_X = 380.0  # the hubs' distance from the centre
INNER = 0.55  # bridges keep this share of HUB_X from the centre at most: off the hubs and their labels
MARGIN = 150.0  # room beyond each hub for its label
ROW = 70.0  # vertical distance between bridges: a dot and a label line apart at the fitted zoom
METHOD_COLOURS = {"citation flow": "#6A3D9A", "shared concepts": "#B15928"}
NEAR_COLOUR = "#8a949e"
_HUB_SIZE, _BRIDGE_SIZE = 26.0, 11.0


def bridge_positions(pulls: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``(x, y)`` of each bridge, in rank order: across by the share of its pull towards B (A's hub at
    ``-HUB_X``, B's at ``+HUB_X``), down by rank, the column centred on the hubs' height but no bridge on
    the line between the hubs (where its label would meet the hubs' links)."""
    shift = ROW / 2 if len(pulls) % 2 else 0.0
    out = []
    for i, (to_a, to_b) in enumerate(pulls):
        total = to_a + to_b
        towards_b = to_b / total if total > 0 else 0.5
        x = (2 * towards_b - 1) * INNER * HUB_X
        out.append((round(x, 1), round((i - (len(pulls) - 1) / 2) * ROW + shift, 1)))
    return out


def _hub(key: str, name: str, papers: int, x: float, colour: str, rank: int) -> dict:
    return {"id": key, "kind": "Phenomenon", "shape": "dot", "x": x, "y": 0.0, "size": _HUB_SIZE, "label": " ",
            "color": {"background": colour, "border": "#222222"}, "borderWidth": 2,
            "labelText": name, "labelSize": 16, "labelBold": True, "mustLabel": True, "labelRank": rank,
            "title": f"{name}: {plural(papers, 'paper')}"}


def _side_link(pid: str, hub: str, about: bool, why: str) -> dict:
    """A bridge's link to a hub: solid when it is about the phenomenon, dotted when it only comes near it."""
    style = {"color": {"color": EDGE_STYLE["ABOUT"]["color"], "opacity": 0.9}, "width": 2.0, "dashes": False} if about \
        else {"color": {"color": NEAR_COLOUR, "opacity": 0.9}, "width": 1.5, "dashes": [3, 4]}
    return {"id": f"{pid}>{'ABOUT' if about else 'NEAR'}>{hub}", "from": pid, "to": hub,
            "kind": "ABOUT" if about else "NEAR", "title": why, **style}


def bridge_data(graph: GraphModel, bridges: list[dict], a: str, b: str, colours: dict[str, str], *,
                labels: dict[str, str], related: list[tuple] = ()) -> tuple[dict, list[tuple[str, str]]]:
    """vis data of the bridges between phenomena ``a`` and ``b`` (rows of ``rank_bridges``, drawn all) and
    its legend.  ``labels``: paper -> "FirstAuthor Year"; ``related``: similarity links ``(u, v, score,
    reason)`` (those between two bridges are drawn); citations between bridges come from ``graph.cites``."""
    names = graph.phenomenon_names
    palette = {a: colours.get(a, NONE_COLOUR), b: colours.get(b, NONE_COLOUR)}
    if palette[a] == palette[b]:
        palette[b] = PALETTE[1] if palette[a] != PALETTE[1] else PALETTE[0]
    sizes = graph.phenomenon_sizes
    nodes = [_hub(a, names[a], sizes.get(a, 0), -HUB_X, palette[a], 0),
             _hub(b, names[b], sizes.get(b, 0), HUB_X, palette[b], 1)]
    # room beyond each hub (an empty text node), so the fitted view leaves its label space below or outside
    nodes += [{"id": f"margin:{side}", "kind": "label", "shape": "text", "label": " ", "x": x, "y": 0.0,
               "font": {"size": 1}} for side, x in (("a", -HUB_X - MARGIN), ("b", HUB_X + MARGIN))]
    edges = []
    top = max((r["score"] for r in bridges), default=1.0) or 1.0
    tags = graph.about_confidence
    for rank, (row, (x, y)) in enumerate(zip(bridges, bridge_positions([r.get("pull", (1, 1)) for r in bridges]))):
        pid, paper = row["paper"], graph.papers.get(row["paper"])
        title = getattr(paper, "title", None) or row.get("title") or pid
        year = getattr(paper, "year", None) or row.get("year")
        reasons = list(row.get("reasons") or ())
        nodes.append({"id": pid, "kind": "paper", "shape": "dot", "x": x, "y": y, "label": " ",
                      "size": round(_BRIDGE_SIZE + 7 * row["score"] / top, 1),
                      "color": {"background": METHOD_COLOURS.get(row["method"], NONE_COLOUR), "border": "#222222"},
                      "borderWidth": 1, "labelText": labels.get(pid) or _start(title), "labelSize": 13,
                      "mustLabel": True, "labelRank": 2 + rank, "fullLabel": title,
                      "title": f"{title} ({year or 'n.d.'})\n{row['method']}: " + " · ".join(reasons)
                               + "\nClick for details, double-click to open"})
        for phen in (a, b):
            about = phen in tags.get(pid, {})
            why = [r for r in reasons if names[phen] in r] or reasons
            edges.append(_side_link(pid, phen, about, f"{'about' if about else 'near'} {names[phen]}: "
                                    + " · ".join(why)))
    drawn = {r["paper"] for r in bridges}
    for u, v in graph.cites:
        if u in drawn and v in drawn and u != v:
            edges.append({"id": f"{u}>CITES>{v}", "from": u, "to": v, "kind": "CITES", "arrows": "to", "width": 1.5,
                          "color": {"color": EDGE_STYLE["CITES"]["color"], "opacity": 0.8}, "title": "cites"})
    seen = set()
    for u, v, *rest in related:
        pair = tuple(sorted((u, v)))
        if u in drawn and v in drawn and u != v and pair not in seen:
            seen.add(pair)
            edges.append({"id": f"{pair[0]}>RELATED_TO>{pair[1]}", "from": pair[0], "to": pair[1],
                          "kind": "RELATED_TO", "width": 1.5, "dashes": EDGE_STYLE["RELATED_TO"]["dashes"],
                          "color": {"color": EDGE_STYLE["RELATED_TO"]["color"], "opacity": 0.7},
                          "title": "similar: " + (str(rest[1]) if len(rest) > 1 else "related papers")})
    options = {"physics": {"enabled": False}, "layout": {"improvedLayout": False}, "edges": {"smooth": False},
               "interaction": {"hover": True, "tooltipDelay": 150}, "nodes": {"font": {"size": 14}}}
    legend = [(names[a], palette[a]), (names[b], palette[b])] + [
        (f"bridge by {method}", colour) for method, colour in METHOD_COLOURS.items()
        if any(r["method"] == method for r in bridges)]
    return {"nodes": nodes, "edges": edges, "options": options}, legend


def bridge_summary(data: dict) -> str:
    """What the drawing shows, counted from it: "N bridge papers and M links (…)"."""
    papers = sum(1 for n in data["nodes"] if n.get("kind") == "paper")
    kinds = [e.get("kind") for e in data["edges"]]
    parts = [(kinds.count("ABOUT"), "to a phenomenon they are about"),
             (kinds.count("NEAR"), "to one whose papers they resemble or reach by citations"),
             (kinds.count("CITES"), "citations between them"), (kinds.count("RELATED_TO"), "similarity links")]
    detail = "; ".join(f"{n} {what}" for n, what in parts if n)
    return f"{plural(papers, 'bridge paper')} and {plural(len(kinds), 'link')}" + (f" ({detail})" if detail else "")


def _start(title: str, words: int = 3) -> str:
    head = str(title).split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")
