"""The time axis as vis data (app.web.timeview) and the maps' overlay and density (app.web.mapoverlay)."""
from __future__ import annotations

import base64
import io
import json

from PIL import Image

from app.web.mapoverlay import DENSITY_ID, apply_map_overlay, overlay_choices
from app.web.style import BULK_EDGES, YEAR_RAMP
from app.web.timeview import LABELLED, drawn_counts, time_axis_vis_data
from graph.drawing.timeline import build_time_axis
from graph.model.graph_model import GraphModel
from graph.model.records import Paper

HOSTILE = '<img src="http://127.0.0.1:9/x" onerror="alert(1)">[click](http://127.0.0.1:9/y)'


def chain(n: int, years: int = 10) -> GraphModel:
    """``n`` papers over ``years`` years, each citing the three before it; paper 0 about a hostile phenomenon."""
    papers = [Paper(f"p{i}", f"Paper {i}", 2010 + i * years // n, citation_count=i) for i in range(n)]
    cites = [(f"p{i}", f"p{j}") for i in range(n) for j in range(max(0, i - 3), i)]
    return GraphModel.of(papers, {"f": HOSTILE, "g": "G"}, {f"p{i}": ["f" if i % 2 else "g"] for i in range(n)}, cites)


def test_axis_nodes_name_every_year_and_never_select():
    m = chain(40)
    axis = build_time_axis(m, list(m.papers), {k: p.citation_count for k, p in m.papers.items()}, measure="citations")
    data = time_axis_vis_data(axis, {"f": "#000000", "g": "#111111"}, {}, {})
    ticks = [n["label"] for n in data["nodes"] if n.get("tick") == "x"]
    assert ticks == [str(y) for y in range(2010, 2020)]
    axis_nodes = [n for n in data["nodes"] if n.get("axis")]
    assert axis_nodes and all(n["kind"] == "label" and n["isLabel"] for n in axis_nodes)  # the component ignores clicks
    assert drawn_counts(data) == (40, len(axis.links))
    assert all(e["kind"] == "axis" for e in data["edges"] if e["from"].startswith("axis:"))


def test_the_most_cited_inside_the_drawing_carry_labels():
    m = chain(60)
    axis = build_time_axis(m, list(m.papers), {}, measure="knowledge links")
    data = time_axis_vis_data(axis, {}, {}, {f"p{i}": f"Author{i} 2010" for i in range(60)})
    labelled = [n for n in data["nodes"] if n.get("kind") == "Paper" and n.get("labelText")]
    assert len(labelled) == LABELLED
    # in a chain each paper has six citation links except the three at each end
    assert {n["id"] for n in labelled} <= {f"p{i}" for i in range(3, 57)}
    assert all(n["labelText"] == f"Author{n['id'][1:]} 2010" for n in labelled)
    rest = [n for n in data["nodes"] if n.get("kind") == "Paper" and not n.get("labelText")]
    assert all(n["labelText"] is None and n["labelRank"] is None for n in rest)  # an update clears old labels


def test_outside_text_stays_text_in_tooltips_labels_and_the_legend():
    m = chain(10)
    m.papers["p1"].title = HOSTILE
    axis = build_time_axis(m, list(m.papers), {}, measure="citations")
    data = time_axis_vis_data(axis, {}, {k: "f" for k in m.papers}, {"p1": HOSTILE}, titles={"p1": HOSTILE},
                              hub_names={"f": HOSTILE})
    legend = data["overlay"]
    assert "<img" not in legend and "onerror=" not in legend.replace("&#61;", "=").split("&#34;")[0]
    assert "&#60;img" in legend  # shown as the characters it has
    tip = next(n["title"] for n in data["nodes"] if n["id"] == "p1")
    assert tip.startswith(HOSTILE[:40])  # vis-network shows a string title as text
    assert json.dumps(data)  # plain data: what the component and an export send


def test_past_the_bulk_limit_links_are_sent_as_rows():
    m = chain(2500, years=20)
    axis = build_time_axis(m, list(m.papers), {}, measure="citations")
    assert len(axis.links) > BULK_EDGES
    data = time_axis_vis_data(axis, {}, {}, {})
    assert len(data["bulk_edges"]["rows"]) == len(axis.links)
    assert all(e["kind"] == "axis" for e in data["edges"])
    assert drawn_counts(data) == (2500, len(axis.links))


def _map() -> tuple[GraphModel, dict, dict]:
    papers = [Paper("a", "A", 2016, citation_count=4), Paper("b", "B", 2020), Paper("c", "C", 2024, citation_count=40)]
    m = GraphModel.of(papers, {"f": "F", "g": "G", "h": HOSTILE}, {"a": ["f", "h"], "b": ["f", "g"], "c": ["g"]})
    pos = {"f": (0.0, 0.0), "g": (200.0, 0.0), "h": (0.0, 300.0)}
    data = {"nodes": [{"id": k, "title": k, "color": "#000000"} for k in pos]
            + [{"id": "cluster-label:0", "shape": "text", "font": {"color": "#FF0000"}}],
            "edges": [{"id": "fg", "from": "f", "to": "g", "color": {"color": "#7f8c99", "opacity": 0.8}}],
            "overlay": "<div>legend</div>"}
    return m, data, pos


def test_overlay_colours_by_average_year_with_a_bar_of_its_min_and_max():
    m, data, pos = _map()
    apply_map_overlay(data, m, "Phenomenon", pos, {"f": 2, "g": 2, "h": 1}, colour_by="year")
    colour = {n["id"]: n.get("color") for n in data["nodes"]}
    # f: (2016 + 2020) / 2 = 2018, g: 2022, h: 2016 -> h oldest (first colour), g newest (last)
    assert colour["h"] == YEAR_RAMP[0] and colour["g"] == YEAR_RAMP[-1] and colour["f"] not in YEAR_RAMP[:1]
    assert 'class="atlas-bar-min">2016<' in data["overlay"] and 'class="atlas-bar-max">2022<' in data["overlay"]
    assert data["nodes"][-1]["font"]["color"] == "#333333"  # cluster names no longer read as a value


def test_citations_overlay_counts_papers_with_unknown_citations():
    m, data, pos = _map()
    assert overlay_choices(m) == ["cluster", "year", "citations"]
    apply_map_overlay(data, m, "Phenomenon", pos, {"f": 2, "g": 2, "h": 1}, colour_by="citations")
    assert 'atlas-bar-min">4<' in data["overlay"] and 'atlas-bar-max">40<' in data["overlay"]  # f: 4, g: 40, h: 4
    assert overlay_choices(GraphModel.of([Paper("x", "X", 2020)])) == ["cluster", "year"]


def test_density_puts_one_image_under_the_nodes_and_keeps_every_link():
    m, data, pos = _map()
    nodes, edges = len(data["nodes"]), len(data["edges"])
    apply_map_overlay(data, m, "Keyword", pos, {"f": 3, "g": 1, "h": 1}, view="density")
    first = data["nodes"][0]
    assert first["id"] == DENSITY_ID and first["kind"] == "label" and len(data["nodes"]) == nodes + 1
    assert len(data["edges"]) == edges and data["edges"][0]["color"]["opacity"] == 0.15
    png = base64.b64decode(first["image"].split(",", 1)[1])
    image = Image.open(io.BytesIO(png))
    image.load()
    w, h = image.size
    # vis-network draws an image's shorter side 2 * size long, centred on (x, y): it covers every concept
    half_w, half_h = first["size"] * w / min(w, h), first["size"] * h / min(w, h)
    for x, y in pos.values():
        assert first["x"] - half_w < x < first["x"] + half_w and first["y"] - half_h < y < first["y"] + half_h
