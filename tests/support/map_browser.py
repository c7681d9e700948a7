"""What a drawing of the app holds, counted in chromium (the Seed map and Paths browser tests), and screenshots."""
from __future__ import annotations

from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "shots"  # looked at by people; tests/artifacts has one per test


def drawn(page) -> dict:
    """What the drawing holds, counted in the browser: nodes by kind, links drawn, labels kept, edge kinds."""
    return page.locator("iframe").first.evaluate("""el => {
        const w = el.contentWindow, nodes = w.network.body.data.nodes, edges = w.network.body.data.edges;
        const kinds = {};
        nodes.forEach(n => { kinds[n.kind] = (kinds[n.kind] || 0) + 1; });
        const edgeKinds = {};
        edges.forEach(e => { edgeKinds[e.kind] = (edgeKinds[e.kind] || 0) + 1; });
        return {ids: nodes.getIds(), kinds, links: w.atlasLinkCount(), edgeKinds,
                labels: (w.atlasLabelBoxes || []).map(b => b.id),
                legend: w.document.getElementById('overlay').innerText};
    }""")


def labels_apart(page) -> None:
    boxes = page.locator("iframe").first.evaluate("el => el.contentWindow.atlasLabelBoxes")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a["x2"] <= b["x1"] or b["x2"] <= a["x1"] or a["y2"] <= b["y1"] or b["y2"] <= a["y1"], (a, b)


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
