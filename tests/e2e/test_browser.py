"""The running app in a real headless chromium (Debian's, driven by Playwright), fully offline.

Every request that leaves the loopback interface is aborted and recorded; each
test fails if one was attempted.  Screenshots go to ``tests/artifacts/``.
Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``); without it the tests
skip, except under ``CI=true`` where that is a failure.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest

from graph.store.embedded.store import EmbeddedStore
from tests.support.app_server import serve_app
from tests.support.browser import ARTIFACTS, RECORDS

pytestmark = pytest.mark.browser

def _summary(page) -> str:
    locator = page.get_by_text(re.compile(r"^Showing \d+ papers.* links")).first
    locator.wait_for()
    return locator.inner_text()


def _wait_for_graph(page):
    """The vis-network canvas inside the app's iframe, after our script marked it drawn."""
    frame = page.frame_locator("iframe").first
    canvas = frame.locator("body[data-atlas-ready] #mynetwork canvas")
    canvas.wait_for()
    return frame, canvas


def _expect_summary(page, pattern: str) -> str:
    page.get_by_text(re.compile(pattern)).first.wait_for()
    return _summary(page)


def test_graph_page_renders_offline(server, page):
    started = time.perf_counter()
    page.goto(f"{server}/graph")
    _, canvas = _wait_for_graph(page)
    elapsed = time.perf_counter() - started
    summary = _summary(page)
    print(f"\nGraph page ready in {elapsed:.2f} s ({summary})")
    assert summary.startswith(f"Showing {len(RECORDS.papers)} papers, ") and f"CITES {len(RECORDS.cites)}" in summary
    box = canvas.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    drawn = page.locator("iframe").first.evaluate("el => el.contentWindow.network.body.data.nodes.get({filter: n => !n.isLabel}).length")
    assert drawn == len(RECORDS.papers)
    started = time.perf_counter()  # again, with the server's caches warm
    page.reload()
    _wait_for_graph(page)
    print(f"Graph page ready again in {time.perf_counter() - started:.2f} s (warm caches)")


def test_graph_page_draws_hubs_and_links_offline(server, page):
    """Phenomena are labelled hub nodes; a paper about two phenomena is linked to both; links are drawn."""
    page.goto(f"{server}/graph")
    _, canvas = _wait_for_graph(page)
    frame = page.locator("iframe").first
    drawn = frame.evaluate("""el => {
        const net = el.contentWindow.network, nodes = net.body.data.nodes, edges = net.body.data.edges;
        return {hubs: nodes.get({filter: n => n.kind === "Phenomenon"}).map(n => n.labelText),  // drawn by the component
                edges: edges.length,
                about: edges.get({filter: e => e.kind === "ABOUT"}).map(e => [e.from, e.to]),
                legend: el.contentDocument.getElementById("atlas-legend").innerText};
    }""")
    assert set(drawn["hubs"]) == {"Grokking", "Double Descent", "Simplicity Bias"}
    assert drawn["edges"] > 0 and "ABOUT" in drawn["legend"] and "Phenomenon" in drawn["legend"]
    both = [a.source for a in RECORDS.about.values() if a.target == "phen:grokking"
            and (a.source, "phen:double-descent") in RECORDS.about]
    assert both
    for paper in both:
        assert [paper, "phen:grokking"] in drawn["about"] and [paper, "phen:double-descent"] in drawn["about"]
    ARTIFACTS.mkdir(exist_ok=True)
    canvas.screenshot(path=str(ARTIFACTS / "graph-hubs.png"))


def test_phenomenon_filter_changes_the_count(server, page):
    page.goto(f"{server}/graph")
    _wait_for_graph(page)
    assert _summary(page).startswith(f"Showing {len(RECORDS.papers)} papers")
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=re.compile(r"^Grokking")).click()
    grokking = sum(1 for a in RECORDS.about.values() if a.target == "phen:grokking")
    _expect_summary(page, rf"^Showing {grokking} papers")
    assert "phenomenon=phen%3Agrokking" in page.url or "phenomenon=phen:grokking" in page.url
    _wait_for_graph(page)


def test_home_link_opens_a_phenomenon_then_a_paper(server, page):
    page.goto(server)
    page.get_by_role("link", name=re.compile(r"^Double Descent")).click()
    count = sum(1 for a in RECORDS.about.values() if a.target == "phen:double-descent")
    _expect_summary(page, rf"^Showing {count} papers")
    search = page.get_by_label("Search papers")
    search.fill("deep double descent")
    search.press("Enter")
    page.get_by_role("link", name=re.compile(r"^Deep Double Descent: Where Bigger Models")).click()
    title = RECORDS.papers["arxiv:1912.02292"].title
    page.get_by_role("heading", name=title).wait_for()
    page.get_by_text("Cited by, in the graph").wait_for()
    assert "paper=arxiv%3A1912.02292" in page.url or "paper=arxiv:1912.02292" in page.url


def test_double_click_on_a_node_opens_its_page(server, page):
    page.goto(f"{server}/graph?phenomenon=phen:simplicity-bias")
    _wait_for_graph(page)
    iframe = page.locator("iframe").first
    # Where vis-network drew one paper, in page coordinates.
    target = iframe.evaluate("""(el) => {
        const net = el.contentWindow.network;
        const id = net.body.data.nodes.getIds({filter: n => !n.isLabel})[0];
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const canvas = el.contentDocument.querySelector('#mynetwork canvas').getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return {id: id, x: box.left + canvas.left + dom.x, y: box.top + canvas.top + dom.y};
    }""")
    page.mouse.dblclick(target["x"], target["y"])
    title = RECORDS.papers[target["id"]].title
    page.get_by_role("heading", name=title).wait_for()


def test_cypher_console_reads_and_refuses_writes(server, page, home):
    with EmbeddedStore(home / "atlas.lbug") as store:
        before = store.counts()
    page.goto(f"{server}/cypher")
    page.get_by_role("button", name="Run").click()
    with_papers = {a.target for a in RECORDS.about.values()}
    page.get_by_text(f"{len(with_papers)} rows").wait_for()
    page.get_by_test_id("stDataFrame").wait_for()

    box = page.get_by_role("textbox", name="Cypher")
    box.fill("CREATE (n:Paper {id:'x', title:'written from the browser'})")
    box.press("Control+Enter")
    page.get_by_role("button", name="Run").click()
    error = page.get_by_test_id("stAlert").filter(has_text="refused")
    error.wait_for()
    message = error.get_by_test_id("stMarkdownContainer").inner_text().strip()
    assert message.startswith("refused") and "\n" not in message
    with EmbeddedStore(home / "atlas.lbug") as store:
        assert store.counts() == before


def test_paper_and_phenomena_pages_render_offline(server, page):
    page.goto(f"{server}/paper?paper=arxiv:1905.11604")
    page.get_by_role("heading", name=RECORDS.papers["arxiv:1905.11604"].title).wait_for()
    page.get_by_text("Related papers").wait_for()
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "paper_page.png"), full_page=True)
    page.goto(f"{server}/phenomena")
    page.get_by_role("heading", name="Bridge papers").wait_for()
    charts = page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg")
    charts.nth(1).wait_for()  # the map and the timeline
    _wait_for_graph(page)
    page.get_by_text("about both").first.wait_for()


def test_saved_query_runs_in_the_browser(server, page):
    import queries as saved
    assert "papers-about" in saved.list_queries()
    page.goto(f"{server}/cypher")
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=saved.load_query("papers-about").title).click()
    page.get_by_label("$phenomenon").fill("grokking")
    page.get_by_label("$phenomenon").press("Enter")
    page.get_by_role("button", name="Run").click()
    page.get_by_text(re.compile(r"^\d+ rows?")).first.wait_for()
    _wait_for_graph(page)


def test_downloads_produce_files_that_parse(server, page, home):
    import csv
    import io
    import json

    import networkx as nx
    with EmbeddedStore(home / "atlas.lbug", read_only=False) as store:  # made-up clusters, as analyze writes
        store.query("UNWIND $rows AS row MATCH (p:Paper) WHERE p.id = row.id SET p.cluster = row.c, "
                    "p.cluster_label = row.label, p.pagerank = row.pr",
                    {"rows": [{"id": pid, "c": i % 2, "label": f"topic {i % 2}", "pr": 1.0 / (i + 1)}
                              for i, pid in enumerate(sorted(RECORDS.papers))]}, write=True)
    page.goto(f"{server}/clusters")
    page.get_by_text("topic 0").first.wait_for()
    page.get_by_role("button", name="Prepare files").click()
    buttons = page.get_by_test_id("stDownloadButton")
    buttons.first.wait_for(timeout=120_000)
    parsed = {}
    for i in range(buttons.count()):
        with page.expect_download() as info:
            buttons.nth(i).locator("button").click()
        download = info.value
        data = Path(download.path()).read_bytes()
        name = download.suggested_filename
        if name.endswith(".json"):
            parsed[name] = json.loads(data)
        elif name.endswith(".graphml"):
            parsed[name] = nx.read_graphml(io.BytesIO(data))
        elif name.endswith(".csv"):
            parsed[name] = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        else:
            parsed[name] = data.decode("utf-8")
    kinds = [k for _, k in parsed["knowledge.graphml"].nodes(data="kind")]
    assert kinds.count("Paper") == len(RECORDS.papers) and "Phenomenon" in kinds
    assert parsed["papers.bib"].count("@") >= 1
    # The report reads the stored analysis (issue 22, one truth): the made-up clusters, not a recomputation.
    reports = [v for k, v in parsed.items() if k.endswith(".json")]
    assert reports and all(isinstance(r, (list, dict)) and r for r in reports), sorted(parsed)
    assert {c["label"] for c in parsed["clusters.json"]["clusters"]} == {"topic 0", "topic 1"}
    assert any(k.endswith(".md") and v.lstrip().startswith("#") for k, v in parsed.items()), sorted(parsed)


def _page_runner(page, server: str):
    """Type a query into the real Cypher page; refused (an alert), executed (rows) or crashed (no answer,
    or the server's health endpoint no longer answers)."""
    def run(text: str, limit: int, timeout_s: float):
        page.goto(f"{server}/cypher")
        box = page.get_by_role("textbox", name="Cypher")
        box.fill(text)
        box.press("Control+Enter")
        page.get_by_role("button", name="Run").click()
        answer = page.get_by_test_id("stAlert").or_(page.get_by_text(re.compile(r"^\d+ rows?")))
        try:
            answer.first.wait_for(timeout=(timeout_s + 40) * 1000)
        except Exception:  # no answer at all: the server is gone or stuck
            return "crashed", ""
        try:
            healthy = httpx.get(f"{server}/_stcore/health", timeout=5).text == "ok"
        except httpx.HTTPError:
            healthy = False
        if not healthy:
            return "crashed", ""
        alerts = page.get_by_test_id("stAlert")
        if alerts.count():
            return "refused", alerts.first.inner_text()
        return "executed", page.content()
    return run


def _assert_clean(totals):
    assert totals["crashes"] == 0 and totals["leaks"] == 0, totals
    assert totals["files touched"] == 0 and totals["network requests"] == 0, totals
    assert totals["over time"] == 0, totals


def test_cypher_page_survives_the_hostile_corpus(server, page, home, tmp_path):
    """Every hostile query typed into the real page: refused or bounded, no file or network touched,
    the graph unchanged, and the server still healthy after each one."""
    from tests.support.hostile_probe import Probe, run_hostile

    with EmbeddedStore(home / "atlas.lbug") as store:
        before = store.fingerprint()
    probe = Probe(tmp_path / "probe")
    try:
        totals = run_hostile(_page_runner(page, server), probe, "embedded, app page in chromium", timeout_s=10)
    finally:
        probe.close()
    _assert_clean(totals)
    with EmbeddedStore(home / "atlas.lbug") as store:
        assert store.fingerprint() == before


@pytest.mark.neo4j
def test_cypher_page_on_neo4j_survives_the_hostile_corpus(neo4j_server, neo4j_driver, page, tmp_path):
    from graph.store.neo4j.store import Neo4jStore
    from tests.support.hostile_probe import Probe, run_hostile

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    store = Neo4jStore(neo4j_driver, database="neo4j")
    store.write(RECORDS, meta={"build": {"finished_at": "2026-01-01"}})
    before = store.fingerprint()
    app_home = tmp_path / "home"
    app_home.mkdir()
    probe = Probe(tmp_path / "probe")
    try:
        with serve_app(app_home, **neo4j_server.env(PHENOMENA_HOME=str(app_home))) as base:
            totals = run_hostile(_page_runner(page, base), probe, "neo4j, app page in chromium", timeout_s=10)
    finally:
        probe.close()
    _assert_clean(totals)
    assert store.fingerprint() == before
