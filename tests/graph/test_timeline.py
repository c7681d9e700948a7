"""The time axis as plain data (graph.drawing.timeline): positions, ticks, lanes, replay; small graphs known by hand."""
from __future__ import annotations

import math

from graph.drawing.timeline import PLOT_HEIGHT, build_time_axis, log_ticks, paper_date, replay
from graph.model.graph_model import GraphModel
from graph.model.records import Paper


def model() -> GraphModel:
    papers = [Paper("jan", "January", 2020, arxiv_id="2001.00001"), Paper("dec", "December", 2020, arxiv_id="2012.00001"),
              Paper("old", "Old", 2017), Paper("new", "New", 2023), Paper("undated", "No year"),
              Paper("moved", "Published later than its preprint", 2022, arxiv_id="2005.00002")]
    about = {"jan": ["f"], "dec": ["f", "g"], "old": ["g"], "new": ["f"], "moved": ["h"]}
    cites = [("dec", "jan"), ("new", "old"), ("new", "dec"), ("undated", "jan")]
    return GraphModel.of(papers, {"f": "F", "g": "G", "h": "H"}, about, cites)


VALUES = {"jan": 100, "dec": 3, "old": 1000, "new": 0, "moved": 10}


def test_papers_sit_by_date_across_and_by_log_value_up():
    axis = build_time_axis(model(), list(model().papers), VALUES, measure="citations")
    at = {p.id: p for p in axis.points}
    assert axis.left_out == 1 and "undated" not in at
    assert at["old"].x < at["jan"].x < at["dec"].x < at["moved"].x < at["new"].x  # by date, months inside a year
    assert (at["jan"].month, at["dec"].month, at["moved"].month) == (1, 12, None)  # arXiv month only in its year
    # canvas y grows downwards: more citations, higher; equal steps in log10(1 + value)
    assert at["old"].y < at["jan"].y < at["moved"].y < at["dec"].y < at["new"].y
    assert at["new"].y == PLOT_HEIGHT and at["old"].y == 0.0  # 0 at the bottom, 1000 (the top tick) at the top
    assert math.isclose(at["jan"].y, PLOT_HEIGHT * (1 - math.log10(101) / math.log10(1001)), abs_tol=0.1)


def test_every_year_in_the_range_has_a_tick_even_without_papers():
    axis = build_time_axis(model(), list(model().papers), VALUES, measure="citations")
    assert [y for y, _ in axis.x_ticks] == [2017, 2018, 2019, 2020, 2021, 2022, 2023]
    xs = [x for _, x in axis.x_ticks]
    assert all(abs((b - a) - (xs[1] - xs[0])) <= 0.1 for a, b in zip(xs, xs[1:]))  # a continuous axis: equal steps
    assert [v for v, _ in axis.y_ticks] == [0, 1, 10, 100, 1000]


def test_the_y_axis_starts_at_the_tick_below_the_lowest_paper():
    axis = build_time_axis(model(), ["jan", "moved"], VALUES, measure="knowledge links")
    assert [v for v, _ in axis.y_ticks] == [10, 20, 50, 100]
    at = {p.id: p for p in axis.points}
    assert at["moved"].y == PLOT_HEIGHT and at["jan"].y == 0.0


def test_links_are_cites_among_drawn_papers_and_about_to_hubs():
    axis = build_time_axis(model(), ["jan", "dec", "new", "old"], VALUES, measure="citations")
    assert sorted(link for link in axis.links if link[2] == "CITES") == [
        ("dec", "jan", "CITES"), ("new", "dec", "CITES"), ("new", "old", "CITES")]
    assert sorted(link for link in axis.links if link[2] == "ABOUT") == [
        ("dec", "f", "ABOUT"), ("dec", "g", "ABOUT"), ("jan", "f", "ABOUT"), ("new", "f", "ABOUT"), ("old", "g", "ABOUT")]
    assert {h.id: h.first_year for h in axis.hubs} == {"f": 2020, "g": 2017}
    assert all(h.y < 0 for h in axis.hubs)  # above the plot
    only_cites = build_time_axis(model(), ["jan", "dec"], VALUES, measure="citations", kinds=("CITES",))
    assert only_cites.links == [("dec", "jan", "CITES")] and only_cites.hubs == []


def test_lanes_hold_their_papers_and_the_rest_share_other():
    m = model()
    lane_of = {"jan": "f", "dec": "f", "new": "f", "old": "g", "moved": "h"}
    axis = build_time_axis(m, list(m.papers), VALUES, measure="citations", lane_of=lane_of,
                           lane_names={"f": "F", "g": "G"})
    assert [(lane.id, lane.name) for lane in axis.lanes] == [("f", "F"), ("g", "G"), (None, "other")]
    bands = {lane.id: lane for lane in axis.lanes}
    for p in axis.points:
        lane = bands[lane_of[p.id] if lane_of[p.id] in ("f", "g") else None]
        assert p.lane == lane.id and lane.top <= p.y <= lane.bottom
    assert all(a.bottom < b.top for a, b in zip(axis.lanes, axis.lanes[1:]))  # lanes do not overlap
    assert {h.id for h in axis.hubs} == {"f", "g"}  # only the lanes' phenomena are hubs, at their lanes' left
    assert all(h.x < 0 and bands[h.id].top <= h.y <= bands[h.id].bottom for h in axis.hubs)


def test_replay_keeps_positions_and_draws_links_among_what_was_published():
    axis = build_time_axis(model(), list(model().papers), VALUES, measure="citations")
    at = {p.id: p for p in axis.points}
    cut = replay(axis, 2020)
    assert sorted(p.id for p in cut.points) == ["dec", "jan", "old"]
    assert all(p == at[p.id] for p in cut.points)  # nothing moves
    assert sorted(cut.links) == [("dec", "f", "ABOUT"), ("dec", "g", "ABOUT"), ("dec", "jan", "CITES"),
                                 ("jan", "f", "ABOUT"), ("old", "g", "ABOUT")]
    assert cut.x_ticks == axis.x_ticks and cut.y_ticks == axis.y_ticks
    assert [h.id for h in replay(axis, 2017).hubs] == ["g"]
    assert replay(axis, None) is axis and replay(axis, 2016).points == []


def test_an_axis_of_papers_without_years_is_empty_and_says_how_many():
    m = GraphModel.of([Paper("a", "A"), Paper("b", "B")])
    axis = build_time_axis(m, ["a", "b", "missing"], {}, measure="citations")
    assert axis.points == [] and axis.left_out == 2 and axis.first is None


def test_log_ticks_and_paper_dates():
    assert log_ticks(35) == [0, 1, 2, 5, 10, 20, 50]
    assert log_ticks(20000) == [0, 1, 10, 100, 1000, 10000, 100000]
    assert paper_date(Paper("x", "X", 1999, arxiv_id="hep-th/9907001")) == (1999, 7)
    assert paper_date(Paper("y", "Y")) == (None, None)
