"""What a graph component drew, counted in the browser: papers, links (axes left out), the density image,
and the Streamlit widgets the time-axis and map tests move."""
from __future__ import annotations

__all__ = ["drawn", "wait_papers", "move_slider"]

_COUNT = """n => {
    const w = document.querySelectorAll('iframe')[n].contentWindow;
    const net = w.network, nodes = net.body.data.nodes, drawnNodes = net.body.nodes;
    let axis = 0;
    net.body.data.edges.forEach(e => { if (e.kind === 'axis' && drawnNodes[e.from] && drawnNodes[e.to]) axis += 1; });
    return {papers: nodes.get({filter: x => x.kind === 'Paper'}).length,
            concepts: nodes.get({filter: x => x.kind !== 'Paper' && x.kind !== 'label'}).length,
            links: w.atlasLinkCount() - axis, axis_edges: axis,
            ticks: nodes.get({filter: x => x.axis && x.tick === 'x'}).map(x => x.label),
            density: !!nodes.get('density-image'),
            labels: (w.atlasLabelBoxes || []).length};
}"""


def drawn(page, n: int = 0) -> dict:
    """``{"papers", "concepts", "links", "axis_edges", "ticks", "density", "labels"}`` of component ``n``."""
    return page.evaluate(_COUNT, n)


def wait_papers(page, count: int, n: int = 0) -> None:
    """Wait until component ``n`` draws ``count`` papers (an in-place update or a redraw)."""
    page.wait_for_function("""([n, count]) => {
        const f = document.querySelectorAll('iframe')[n];
        const w = f && f.contentWindow;
        return w && w.network && w.document.body.hasAttribute('data-atlas-ready')
            && w.network.body.data.nodes.get({filter: x => x.kind === 'Paper'}).length === count;
    }""", arg=[n, count])


def move_slider(page, key: str, presses: list[str]) -> None:
    """Press keys (``Home``, ``ArrowRight``, …) on the Streamlit slider keyed ``key``."""
    thumb = page.locator(f".st-key-{key} input[type=range], .st-key-{key} [role=slider]").first
    thumb.focus()
    for key_name in presses:
        thumb.press(key_name)


def drawn_keywords(model, home) -> list[str]:
    """The keywords the Maps page draws: the term map at its default threshold, through the thesaurus (issue 22)."""
    from app.web import services  # here: the other helpers of this module need no app import

    thesaurus, _ = services.map_thesaurus(home)
    counts = services.occurrence_counts(model, "Keyword", thesaurus)
    return [n.id for n in services.term_map(model, "Keyword", services.default_threshold(counts), thesaurus).nodes]
