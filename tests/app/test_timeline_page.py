"""The Time axis page and the maps' overlay controls through AppTest, on the real LadybugDB fixture graph."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.web import services
from app.web.component import component_args
from graph.drawing.timeline import replay
from graph.model.graph_model import GraphModel
from tests.support.app_pages import APP
from tests.support.fixture_graph import build_fixture_records

MODEL = GraphModel.from_records(build_fixture_records())


@pytest.fixture(scope="module")
def home(full) -> Path:
    return full  # the app fixture (tests/app/conftest.py) serves this module's home


def _drawing(at: AppTest, n: int = 0) -> dict:
    return component_args(list(at.get("component_instance"))[n].proto.json_args)


def _papers(data: dict) -> set[str]:
    return {node["id"] for node in data["nodes"] if node.get("kind") == "Paper"}


def test_time_axis_draws_the_service_view_and_the_year_slider_replays_it(app):
    at = app.switch_page("views/timeline.py").run()
    assert not at.exception
    full = services.time_axis(MODEL, measure="citations").axis
    data = _drawing(at)
    assert _papers(data) == {p.id for p in full.points}
    assert sum(1 for e in data["edges"] if e.get("kind") != "axis") == len(full.links)
    at.slider(key="timeline_upto").set_value(full.first + 1).run()
    cut = replay(full, full.first + 1)
    data = _drawing(at)
    assert _papers(data) == {p.id for p in cut.points} and 0 < len(cut.points) < len(full.points)
    assert sum(1 for e in data["edges"] if e.get("kind") != "axis") == len(cut.links)


def test_lanes_and_a_phenomenon_from_the_url(app):
    pid = max(MODEL.phenomenon_sizes, key=lambda f: (MODEL.phenomenon_sizes[f], f))
    app.query_params["phenomenon"] = pid
    at = app.switch_page("views/timeline.py").run()
    at.toggle(key="timeline_lanes").set_value(True).run()
    assert not at.exception
    laned = services.time_axis(MODEL, phenomenon=pid, measure="citations", lanes=True).axis
    data = _drawing(at)
    assert _papers(data) == {p.id for p in laned.points}
    hubs = {n["id"]: n for n in data["nodes"] if n.get("kind") == "Phenomenon"}
    assert set(hubs) == {h.id for h in laned.hubs} and all(n["x"] < 0 for n in hubs.values())
    assert MODEL.phenomenon_names[pid] in at.caption[0].value


def test_a_year_held_by_the_slider_is_clamped_to_the_next_phenomenons_years(app):
    at = app.switch_page("views/timeline.py").run()
    full = services.time_axis(MODEL, measure="citations").axis
    at.slider(key="timeline_upto").set_value(full.first).run()
    later = max((f for f in MODEL.phenomenon_sizes if MODEL.phenomenon_sizes[f]),
                key=lambda f: services.time_axis(MODEL, phenomenon=f, measure="citations").axis.first or 0)
    axis = services.time_axis(MODEL, phenomenon=later, measure="citations").axis
    assert axis.first > full.first  # a phenomenon whose papers start later
    at.selectbox(key="timeline_phenomenon").set_value(later).run()
    assert not at.exception and not at.warning
    shown = _papers(_drawing(at))
    assert shown == {p.id for p in replay(axis, axis.first).points} and shown


def test_maps_overlay_and_density_controls(app):
    at = app.switch_page("views/maps.py").run()
    at.radio(key="maps_keywords_colour").set_value("year").run()
    at.radio(key="maps_keywords_view").set_value("density").run()
    assert not at.exception
    keyword_map = _drawing(at, 1)
    assert keyword_map["nodes"][0]["id"] == "density-image"
    assert "atlas-colour-bar" in keyword_map["overlay"] and "average publication year" in keyword_map["overlay"]


def test_missing_store_says_build_first(tmp_path, monkeypatch):
    monkeypatch.setenv("PHENOMENA_HOME", str(tmp_path / "empty"))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/timeline.py").run()
    assert not at.exception
    assert len(at.error) == 1 and "run `phenomena build` first" in at.error[0].value
