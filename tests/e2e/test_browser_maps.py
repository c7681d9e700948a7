"""Bridge and map drawings on the offline build of the real catalog, in headless chromium (issue 22, point 6).

The app serves a fresh ``phenomena build --offline`` of the shared catalog README (skips without it).
Counts are read from the drawing in the browser and compared with what the service layer computes;
labels are measured as drawn (no label over another or over a dot).  Screenshots land in shots/.
"""
from __future__ import annotations

import re
from itertools import permutations
from pathlib import Path

import pytest

from app.web import services
from graph.store.embedded.store import EmbeddedStore
from tests.support.browser import _frame
from tests.support.catalog_build import shared_readme
from tests.support.cli import run_cli
from tests.support.drawing import assert_labels_clear, overlaps, read_drawing

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "shots"
KEYWORD_FRAME, AUTHOR_FRAME = 1, 2  # the Maps page draws the concept map first


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A fresh offline build of the shared catalog, made by the real CLI (served by the shared ``server``)."""
    readme = shared_readme()
    if not readme.is_file():
        pytest.skip(f"shared catalog README not found at {readme} (set PHENOMENA_SHARED_DIR to the shared folder)")
    home = tmp_path_factory.mktemp("offline-build")
    done = run_cli("build", "--offline", "--catalog", str(readme), env={"PHENOMENA_HOME": str(home)}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return home


@pytest.fixture(scope="module")
def model(home):
    with EmbeddedStore(home / "atlas.lbug") as store:
        return services.load_paper_graph(store)


def shot(page, name: str, n: int = 0) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.locator("iframe").nth(n).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def default_pair(model) -> tuple[str, str]:
    """The pair the Phenomena page opens on: its two phenomena with most papers."""
    sizes = model.phenomenon_sizes
    present = sorted((p for p in sizes if sizes[p]), key=lambda p: (-sizes[p], p))
    return present[0], present[1]


def test_every_listed_bridge_is_drawn_between_the_two_hubs(server, page, model):
    a, b = default_pair(model)
    bridges = services.bridge_papers(model, a, b)[:10]
    assert bridges, "the catalog's two largest phenomena have bridges offline"
    page.goto(f"{server}/phenomena")
    page.get_by_role("heading", name="Bridge papers").wait_for()
    _frame(page)
    page.wait_for_timeout(300)  # labels are placed once the drawing settles
    got = read_drawing(page)
    papers = [n for n in got["nodes"] if n["kind"] == "paper"]
    assert {n["id"] for n in papers} == {r["paper"] for r in bridges}  # every listed bridge, nothing else
    hubs = {n["id"]: n for n in got["nodes"] if n["kind"] == "Phenomenon"}
    assert set(hubs) == {a, b} and all(hubs[a]["x"] < n["x"] < hubs[b]["x"] for n in papers)
    shapes = {n["id"]: n["shape"] for n in got["nodes"]}
    assert got["edges"] and all(shapes[e["from"]] == shapes[e["to"]] == "dot" for e in got["edges"])
    for r in bridges:  # each bridge joined to both sides
        assert {e["to"] for e in got["edges"] if e["from"] == r["paper"] and e["kind"] in ("ABOUT", "NEAR")} == {a, b}
    caption = page.get_by_text(re.compile(r"\d+ bridge papers? and \d+ links")).inner_text()
    n_papers, n_links = map(int, re.search(r"(\d+) bridge papers? and (\d+) links", caption).groups())
    assert (n_papers, n_links) == (len(papers), got["links"]) and n_links > 0
    labelled = {box["id"]: box["text"] for box in got["labels"]}
    assert set(labelled) >= {a, b} | {n["id"] for n in papers}  # every hub and every bridge named
    assert all(re.fullmatch(r"\S.* (\d{4}|n\.d\.)", labelled[n["id"]]) for n in papers), labelled
    assert_labels_clear(got)
    shot(page, "bridge-drawing")
    print(f"\nbridges {model.phenomenon_names[a]} x {model.phenomenon_names[b]}: {n_papers} papers, {n_links} links "
          f"drawn, {len(got['labels'])} labels, none over another or a dot")


def test_a_pair_without_bridges_says_so_in_one_line(server, page, model):
    a = default_pair(model)[0]
    names = model.phenomenon_names
    empty = next((b for x, b in permutations([p for p, n in model.phenomenon_sizes.items() if n], 2)
                  if x == a and not services.bridge_papers(model, a, b)), None)
    if empty is None:
        pytest.skip(f"every phenomenon shares a bridge with {names[a]} in this build")
    page.goto(f"{server}/phenomena")
    page.get_by_role("heading", name="Bridge papers").wait_for()
    _frame(page)
    box = page.get_by_test_id("stSelectbox").filter(has_text="and")
    box.click()
    page.keyboard.type(names[empty])
    page.get_by_role("option", name=re.compile(re.escape(names[empty]))).first.click()
    note = page.get_by_text(re.compile(r"^No paper bridges"))
    note.wait_for()
    assert names[a] in note.inner_text() and names[empty] in note.inner_text()
    assert len(note.inner_text().strip().splitlines()) == 1
    # no empty drawing under the sentence (the last pair's drawing goes when the page's run ends)
    page.wait_for_function("document.querySelectorAll('iframe').length === 0", timeout=30_000)


def keyword_map(model, home, threshold: int):
    thesaurus, problem = services.map_thesaurus(home)
    return services.term_map(model, "Keyword", threshold, thesaurus), problem


def wait_for_nodes(page, n_frame: int, count: int) -> None:
    page.wait_for_function("""([i, n]) => {
        const el = document.querySelectorAll('iframe')[i];
        return el && el.contentWindow.network && el.contentWindow.network.body.data.nodes.length === n
            && el.contentDocument.body.hasAttribute('data-atlas-ready');
    }""", arg=[n_frame, count], timeout=30_000)


def test_keyword_map_draws_the_threshold_sizes_labels_and_no_duplicates(server, page, model, home):
    counts = services.occurrence_counts(model, "Keyword", services.map_thesaurus(home)[0])
    threshold = services.default_threshold(counts)
    expected, _ = keyword_map(model, home, threshold)
    page.goto(f"{server}/maps")
    _frame(page, KEYWORD_FRAME)
    page.wait_for_timeout(300)
    got = read_drawing(page, KEYWORD_FRAME)
    assert len(got["nodes"]) == len(expected.nodes) and got["links"] == len(expected.edges) > 0
    texts = [n["labelText"] for n in got["nodes"]]
    assert len(texts) == len(set(texts)) and not {"Book", "Position", "Survey"} & set(texts)
    assert all(n["shape"] == "dot" for n in got["nodes"])  # no cluster name drawn as a second label
    placed = {b["text"] for b in got["labels"]}
    top = sorted(expected.nodes, key=lambda n: -n.occurrences)[:8]
    assert {n.name for n in top} <= placed  # the most used terms are always named
    radius = {n["labelText"]: n["r"] for n in got["nodes"]}
    assert radius[top[0].name] > radius[min(expected.nodes, key=lambda n: n.occurrences).name]
    assert min(n["r"] for n in got["nodes"]) >= 3  # markers a reader can see at the fitted zoom
    assert_labels_clear(got)
    shot(page, "keyword-map", KEYWORD_FRAME)
    print(f"\nkeyword map at {threshold}+: {len(got['nodes'])} terms, {got['links']} links, {len(placed)} labels")

    # VOSviewer's threshold: one step up draws fewer terms, exactly those the service keeps
    slider = page.locator(".st-key-maps_min_Keyword input[type=range]")
    slider.focus()
    slider.press("ArrowRight")
    higher, _ = keyword_map(model, home, threshold + 1)
    assert len(higher.nodes) < len(expected.nodes)
    wait_for_nodes(page, KEYWORD_FRAME, len(higher.nodes))
    after = read_drawing(page, KEYWORD_FRAME)
    assert {n["labelText"] for n in after["nodes"]} == {n.name for n in higher.nodes}
    assert after["links"] == len(higher.edges)
    assert_labels_clear(after)
    shot(page, "keyword-map-higher", KEYWORD_FRAME)


def test_co_author_map_names_each_author_once(server, page, model):
    counts = services.occurrence_counts(model, "Author", None)
    expected = services.term_map(model, "Author", services.default_threshold(counts), None)
    page.goto(f"{server}/maps")
    _frame(page, AUTHOR_FRAME)
    page.wait_for_timeout(300)
    got = read_drawing(page, AUTHOR_FRAME)
    texts = [n["labelText"] for n in got["nodes"]]
    assert len(texts) == len(set(texts)) == len(expected.nodes) and got["links"] == len(expected.edges)
    assert_labels_clear(got)
    shot(page, "coauthor-map", AUTHOR_FRAME)


def test_the_users_thesaurus_merges_a_variant_and_a_bad_line_is_named(server, page, model, home):
    mine = services.user_thesaurus_path(home)
    try:
        mine.write_text("label\treplace by\nImplicit Bias\tImplicit Regularization\n", encoding="utf-8")
        counts = services.occurrence_counts(model, "Keyword", services.map_thesaurus(home)[0])
        threshold = services.default_threshold(counts)
        expected, problem = keyword_map(model, home, threshold)
        assert problem is None
        page.goto(f"{server}/maps")
        _frame(page, KEYWORD_FRAME)
        got = read_drawing(page, KEYWORD_FRAME)
        texts = {n["labelText"] for n in got["nodes"]}
        assert "Implicit Regularization" in texts and "Implicit Bias" not in texts
        assert texts == {n.name for n in expected.nodes}
        page.get_by_text(str(mine)).first.wait_for()  # the page names the file it read

        mine.write_text("label\treplace by\nImplicit Bias Implicit Regularization\n<b>x</b>\ty\n", encoding="utf-8")
        page.goto(f"{server}/maps")
        warning = page.get_by_test_id("stAlert").filter(has_text="line 2")
        warning.wait_for()
        assert "no tab between the label and its replacement" in warning.inner_text()
        _frame(page, KEYWORD_FRAME)  # the map is still drawn, with the default thesaurus
        assert "Implicit Bias" in {n["labelText"] for n in read_drawing(page, KEYWORD_FRAME)["nodes"]}
    finally:
        mine.unlink(missing_ok=True)


def test_concept_map_names_every_phenomenon_without_labels_overlapping(server, page, model):
    page.goto(f"{server}/maps")
    _frame(page, 0)
    page.wait_for_timeout(300)
    got = read_drawing(page, 0)
    phenomena = {n["id"] for n in got["nodes"]}
    assert {b["id"] for b in got["labels"]} == phenomena  # every phenomenon named (issue 22: 14 of 40 were not)
    texts = [b["text"] for b in got["labels"]]
    assert len(texts) == len(set(texts)) and set(texts) == {model.phenomenon_names[p] for p in phenomena}
    boxes = got["labels"]
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert all(b["x1"] >= 0 and b["y1"] >= 0 and b["x2"] <= got["w"] and b["y2"] <= got["h"] for b in boxes)
    on_dots = [(b["text"], d["id"]) for b in boxes for d in got["discs"] if d["id"] != b["id"] and overlaps(b, d)]
    shot(page, "concept-map", 0)
    print(f"\nconcept map: {len(phenomena)} phenomena, all named; labels touching another's dot: {on_dots}")
