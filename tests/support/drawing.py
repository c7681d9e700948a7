"""What a graph component drew, read in the browser: nodes, links, positions, label boxes, dot boxes.

For the drawings whose labels the component places itself (``labelText``): the bridge drawing and the
term maps.  Boxes are in canvas pixels, so overlaps are measured as the reader sees them.
"""
from __future__ import annotations

__all__ = ["read_drawing", "overlaps", "assert_labels_clear"]


def read_drawing(page, n: int = 0) -> dict:
    """The ``n``-th component's drawing: ``nodes`` (id, kind, shape, labelText, x, y in canvas pixels),
    ``edges`` (from, to, kind), ``links`` (links with both ends drawn), ``labels`` (placed label boxes with
    their node and text), ``discs`` (each dot's box) and the canvas ``w`` and ``h``."""
    return page.locator("iframe").nth(n).evaluate("""el => {
        const w = el.contentWindow, net = w.network, data = net.body.data;
        const canvas = el.contentDocument.querySelector('#mynetwork canvas').getBoundingClientRect();
        const at = net.getPositions(), scale = net.getScale(), text = {};
        const nodes = data.nodes.get().map(n => {
            const c = net.canvasToDOM(at[n.id]);
            if (n.labelText) text[n.id] = n.labelText;
            return {id: n.id, kind: n.kind, shape: n.shape, labelText: n.labelText || null, x: c.x, y: c.y,
                    r: ((n.size || 10) + (n.borderWidth || 1)) * scale};
        });
        const discs = nodes.filter(n => n.shape !== 'text').map(n => ({id: n.id, kind: n.kind,
            x1: n.x - n.r, y1: n.y - n.r, x2: n.x + n.r, y2: n.y + n.r}));
        return {nodes: nodes, edges: data.edges.get().map(e => ({from: e.from, to: e.to, kind: e.kind || null})),
                links: w.atlasLinkCount(), labels: (w.atlasLabelBoxes || []).map(b => ({...b, text: text[b.id]})),
                discs: discs, w: canvas.width, h: canvas.height};
    }""")


def overlaps(a: dict, b: dict, slack: float = 0.5) -> bool:
    return a["x1"] < b["x2"] - slack and b["x1"] < a["x2"] - slack and a["y1"] < b["y2"] - slack \
        and b["y1"] < a["y2"] - slack


def assert_labels_clear(drawing: dict) -> None:
    """Every placed label inside the canvas, over no other label and no dot but its own."""
    boxes, discs = drawing["labels"], drawing["discs"]
    for i, a in enumerate(boxes):
        assert a["x1"] >= 0 and a["y1"] >= 0 and a["x2"] <= drawing["w"] and a["y2"] <= drawing["h"], a
        for b in boxes[i + 1:]:
            assert not overlaps(a, b), (a, b)
        for d in discs:
            assert d["id"] == a["id"] or not overlaps(a, d), (a, d)
