"""The Seed map and Paths pages in headless chromium on a real offline build (the catalog snapshot, no citations).

The home is what `phenomena build --offline` writes (602 papers, no citation counts); its ``.env``
points Semantic Scholar at a closed loopback port, so growing from the page finds it unreachable.
The shared ``server``/``browser``/``page`` fixtures serve it; every request off the machine fails the test.
What is drawn is counted in the browser (vis-network's data and the component's link count) and
compared with what the services compute from the same store.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from app.web import services
from graph.model.read import load_graph_model
from graph.store.embedded.store import EmbeddedStore
from tests.support.browser import _click, _frame
from tests.support.cli import run_cli
from tests.support.map_browser import drawn, labels_apart, shoot

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def patient(page):
    """A first map reads the graph and its text index in the app: on a busy 2-core machine that took 26 s."""
    page.set_default_timeout(90_000)
SEED = "arxiv:2201.02177"
CLOSED = "http://127.0.0.1:9"  # nothing listens there: Semantic Scholar is unreachable


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("seedmap-offline")
    env = {"PHENOMENA_HOME": str(home), "S2_API_URL": CLOSED, "S2_REQUESTS_PER_SECOND": "1000"}
    built = run_cli("build", "--offline", env=env, timeout=300)
    assert built.returncode == 0, built.stderr
    (home / ".env").write_text(f"S2_API_URL={CLOSED}\nS2_REQUESTS_PER_SECOND=1000\n", encoding="utf-8")
    return home


@pytest.fixture(scope="module")
def model(home):
    with EmbeddedStore(home / "atlas.lbug") as store:
        return load_graph_model(store)


def test_seed_map_offline_draws_every_paper_and_link_labelled(server, page, model):
    m = services.seed_map(model, [SEED], size=40)
    page.goto(f"{server}/seedmap?seeds=2201.02177")
    _frame(page)
    seen = drawn(page)
    assert sorted(seen["ids"]) == sorted(m.nodes) and seen["kinds"] == {"Paper": 41}
    assert seen["links"] == len(m.links) and seen["edgeKinds"] == {"RELATED_TO": len(m.links)}  # no citations
    assert SEED in seen["labels"] and len(seen["labels"]) >= 20  # "FirstAuthor Year" where they fit
    labels_apart(page)
    assert "colour: year" in seen["legend"] and "size: knowledge links" in seen["legend"]
    detail = page.locator(".st-key-seedmap_detail")
    detail.get_by_text(model.papers[SEED].title).wait_for()
    ranked = page.locator(".st-key-seedmap_list").inner_text()
    first = services.seed_map_rows(model, m, {})[1]
    assert first["title"][:30] in ranked and "shared: grokking" in ranked
    page.get_by_text("These need citations").wait_for()
    shoot(page, "seedmap-offline")
    other = m.papers[0]
    _click(page, other)
    detail.get_by_text(model.papers[other].title).wait_for()
    assert "Why it is here" in detail.inner_text()
    assert drawn(page)["links"] == len(m.links)  # the drawing keeps its links after the click
    shoot(page, "seedmap-offline-clicked")


def test_two_seeds_from_the_url_rank_papers_close_to_both(server, page, model):
    seeds = [SEED, "arxiv:1912.02292"]
    m = services.seed_map(model, seeds, size=40)
    page.goto(f"{server}/seedmap?seeds=2201.02177,1912.02292")
    _frame(page)
    seen = drawn(page)
    assert sorted(seen["ids"]) == sorted(m.nodes) and seen["links"] == len(m.links)
    assert set(seeds) <= set(seen["labels"])
    page.get_by_text("most similar to Power 2022, Nakkiran 2020").wait_for()


def test_paths_between_two_phenomena_offline(server, page, model):
    found = services.paths_between(model, "grokking", "double descent")
    page.goto(f"{server}/paths?a=grokking&b=double%20descent")
    _frame(page)
    seen = drawn(page)
    steps = {frozenset((s.source, s.target)) for p in found.paths for s in p}
    assert sorted(seen["ids"]) == sorted(found.nodes) and seen["links"] == len(steps)
    assert set(seen["labels"]) == set(found.nodes)  # every node of a path is labelled
    labels_apart(page)
    for i, path in enumerate(found.paths, 1):
        box = page.locator(f".st-key-paths_path_{i}")
        assert all(s.reason in box.inner_text() for s in path)
    shoot(page, "paths-offline-phenomena")


def test_paths_between_two_papers_offline_and_no_path(server, page, model):
    found = services.paths_between(model, "2201.02177", "1912.02292")
    assert found.via == "citations and shared concepts"  # an offline build has no citations
    page.goto(f"{server}/paths?kind=papers&a=arxiv:2201.02177&b=arxiv:1912.02292")
    _frame(page)
    seen = drawn(page)
    assert sorted(seen["ids"]) == sorted(found.nodes) and not seen["edgeKinds"].get("CITES")
    page.get_by_text("no citation path").wait_for()
    shoot(page, "paths-offline-papers")
    empty = next(f for f, n in sorted(model.phenomenon_sizes.items()) if n == 0)
    page.goto(f"{server}/paths?a=grokking&b={empty}")
    warning = page.get_by_test_id("stAlertContentWarning")
    warning.wait_for()
    assert warning.inner_text().startswith("No path between Grokking and ") and "\n" not in warning.inner_text()


def test_growing_an_unknown_paper_offline_says_so_in_one_line(server, page, model):
    unknown = "2511.01234"  # not in the catalog
    assert services.resolve_paper(model, unknown) is None
    page.goto(f"{server}/seedmap")
    page.get_by_text("A paper by arXiv id or DOI").click()
    box = page.get_by_label("arXiv id or DOI")
    box.fill(unknown)
    box.press("Enter")
    page.get_by_role("button", name="Grow from Semantic Scholar").click()
    warning = page.get_by_test_id("stAlertContentWarning")
    warning.wait_for(timeout=120_000)  # the grow rebuilds the graph (about 10 s)
    text = warning.inner_text()
    assert text == (f"{unknown} is not in the graph and Semantic Scholar cannot be reached (offline): "
                    "connect to the internet and grow again.")
    shoot(page, "seedmap-grow-offline")
