"""Hostile catalog, import and S2 text in the real app and the exported report, in headless chromium.

The graph holds the payloads of :mod:`tests.support.hostile_text` in every field the app shows;
URL parameters carry more.  After every page, the side panel after a click, a tooltip, and the
exported HTML report:

- the loopback beacon that every payload URL points at received 0 requests;
- no script ran (``window.__pwned`` unset in every frame) and no dialog opened;
- no live foreign link: every ``a[href]`` leaving the app's origin is an https link named by the
  app (arXiv, DOI, Semantic Scholar, Paper, Code) whose target passes :func:`graph.safe_text.safe_url`;
- no image from elsewhere; the payloads read as literal text.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from app.pipeline.analytics import analyze
from app.web import services
from graph.safe_text import safe_url
from graph.store.embedded.store import EmbeddedStore
from tests.support.app_server import serve_app
from tests.support.browser import ARTIFACTS, require_chromium
from tests.support.browser_fixtures import route_loopback_only
from tests.support.hostile_text import (
    HOSTILE_PAPERS,
    HOSTILE_PHENOMENON,
    Beacon,
    payloads,
    write_hostile_overview_store,
    write_hostile_store,
)

pytestmark = pytest.mark.browser

# The names the app gives its outside links (the catalog's own page is a constant of the app).
LINK_NAMES = re.compile(r"(arXiv|DOI|Semantic Scholar|Paper|Code( \d+)?|Awesome Deep Phenomena catalog)")
# Reflected through the address: a phishing link, an image, raw HTML.
REFLECTED = ["[Session expired: click here to sign in](https://evil.example/login)",
             "![px]({beacon}/reflected/md-image)", "<img src={beacon}/reflected/html-img onerror=alert(1)>",
             "`x`![px]({beacon}/reflected/tick)"]


@pytest.fixture(scope="module")
def beacon():
    listener = Beacon()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory, beacon) -> Path:
    home = tmp_path_factory.mktemp("hostile-home")
    write_hostile_store(home / "atlas.lbug", beacon.url)
    return home


# `server` and `browser` are the shared ones (tests/support/browser_fixtures.py), serving this module's `home`.


@pytest.fixture
def page(browser, beacon, request):
    """A page whose requests off the machine are aborted and recorded, and whose dialogs are counted."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    attempted = route_loopback_only(context, ("data:", "blob:", "about:", "file:"))  # file: the exported report
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_default_timeout(30_000)
    page.dialogs = dialogs
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert attempted == [], f"the page tried to reach the internet: {attempted}"
    assert beacon.hits == [], f"beacons fired: {beacon.hits}"
    assert dialogs == [], f"a script opened dialogs: {dialogs}"


def _settle(page) -> None:
    """Wait until the script run is over and the page stopped changing."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    page.wait_for_timeout(600)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()


def _open_expanders(page) -> None:
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        if summary.is_visible():
            summary.click()
    _settle(page)


def _audit(page, server: str, beacon: Beacon, *, named: bool = True) -> dict:
    """Every frame: no script ran, no foreign image, no live foreign link; returns what was checked.

    ``named``: a foreign link must also carry one of the app's link names (in the app; the report
    names its links by the paper's title)."""
    own = urlparse(server).netloc
    checked = {"frames": 0, "links": 0, "foreign_links": 0}
    for frame in page.frames:
        try:
            found = frame.evaluate("""() => ({
                pwned: window.__pwned === undefined ? null : String(window.__pwned),
                links: [...document.querySelectorAll('a')].filter(a => a.getAttribute('href') !== null).map(a =>
                    [new URL(a.getAttribute('href'), document.baseURI).href, (a.innerText || a.textContent || '').trim()]),
                images: [...document.querySelectorAll('img[src], image, source[srcset]')].map(i => i.src || ''),
                iframes: [...document.querySelectorAll('iframe[src]')].map(i => i.src)})""")
        except Exception as err:  # a frame that went away while we looked
            if "detached" in str(err) or "destroyed" in str(err):
                continue
            raise
        checked["frames"] += 1
        assert found["pwned"] is None, f"a script ran in {frame.url}"
        for href, text in found["links"]:
            checked["links"] += 1
            parts = urlparse(href)
            assert parts.scheme in ("http", "https", "about", "blob", ""), (href, text)
            if parts.scheme in ("http", "https") and parts.netloc != own:
                checked["foreign_links"] += 1
                assert parts.scheme == "https" and safe_url(href) == href, f"a live foreign link {text!r} -> {href}"
                assert not named or LINK_NAMES.fullmatch(text), f"a foreign link named by data: {text!r} -> {href}"
        for src in found["images"] + found["iframes"]:
            parts = urlparse(src)
            assert parts.scheme in ("data", "blob", "about", "") or parts.netloc == own, f"a foreign image {src}"
    return checked


def _visit(page, server, beacon, path: str) -> dict:
    page.goto(f"{server}/{path}")
    _settle(page)
    _open_expanders(page)
    assert not page.get_by_test_id("stException").count(), path
    return _audit(page, server, beacon)


def _literal(page, text: str) -> None:
    """The payload reads as the text it is (nothing of it became markup)."""
    body = page.locator("body").inner_text().replace("\u2060", "")  # the word joiner that stops autolinks
    assert text in re.sub(r"\s+", " ", body), text


PAGES = ["", "graph", f"graph?phenomenon={quote(HOSTILE_PHENOMENON)}", "phenomena", "clusters", "library", "maps",
         "timeline", f"timeline?phenomenon={quote(HOSTILE_PHENOMENON)}",
         "cypher", f"seedmap?seeds={quote(HOSTILE_PAPERS[0])},{quote(HOSTILE_PAPERS[1])}",
         f"paths?kind=papers&a={quote(HOSTILE_PAPERS[0])}&b={quote(HOSTILE_PAPERS[-1])}"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_shows_hostile_text_as_text(server, page, beacon, path):
    checked = _visit(page, server, beacon, path)
    assert checked["frames"] >= 1


@pytest.mark.parametrize("key", HOSTILE_PAPERS)
def test_paper_page_of_a_hostile_paper(server, page, beacon, key):
    checked = _visit(page, server, beacon, f"paper?paper={quote(key)}")
    _literal(page, "#" + str(HOSTILE_PAPERS.index(key)))  # the title's tail: the title is shown
    if key == HOSTILE_PAPERS[0]:
        _literal(page, payloads(beacon.url, "title")[0])  # "![px](…)": literally, as written
        _literal(page, "Session expired: click here to sign in")  # in a related title, not a link
    assert checked["links"] > 0


@pytest.mark.parametrize("param, template", [(p, t) for p in ("paper", "phenomenon") for t in REFLECTED],
                         ids=[f"{p}-{kind}" for p in ("paper", "phenomenon") for kind in ("link", "image", "html", "tick")])
def test_url_parameters_are_echoed_as_text(server, page, beacon, param, template):
    value = template.format(beacon=beacon.url)
    path = {"paper": "paper", "phenomenon": "graph"}[param]
    _visit(page, server, beacon, f"{path}?{param}={quote(value, safe='')}")
    warning = page.get_by_test_id("stAlert").first
    warning.wait_for()
    assert "unknown" in warning.inner_text()


def test_side_panel_and_tooltip_after_a_click(server, page, beacon):
    page.goto(f"{server}/graph?phenomenon={quote(HOSTILE_PHENOMENON)}")
    frame = page.frame_locator("iframe").first
    frame.locator("body[data-atlas-ready] #mynetwork canvas").wait_for()
    tooltips = 0
    for i, key in enumerate(HOSTILE_PAPERS):
        page.locator("iframe").first.scroll_into_view_if_needed()
        point = page.evaluate("""id => {
            const el = document.querySelector('iframe'); const net = el.contentWindow.network;
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const canvas = el.contentDocument.querySelector('#mynetwork canvas').getBoundingClientRect();
            const box = el.getBoundingClientRect();
            return {x: box.left + canvas.left + dom.x, y: box.top + canvas.top + dom.y,
                    on_top: net.getNodeAt(dom) === id};
        }""", key)
        if not point["on_top"]:  # hidden under another node: its tooltip cannot be reached
            continue
        page.mouse.move(point["x"] + 60, point["y"] + 60)
        page.mouse.move(point["x"], point["y"], steps=6)  # the tooltip: text, never HTML
        tooltip = frame.locator("div.vis-tooltip", has_text=f"#{i}")
        tooltip.wait_for(state="visible")
        assert tooltip.evaluate("el => el.querySelectorAll(':not(br)').length") == 0  # line breaks only
        shown = tooltip.inner_text()
        assert payloads(beacon.url, "title")[i] in shown.replace("\u2060", ""), shown  # literally
        tooltips += 1
        page.mouse.click(point["x"], point["y"])
        panel = page.locator(".st-key-graph_panel")
        panel.get_by_text(f"#{i}").first.wait_for()
        _settle(page)
        _audit(page, server, beacon)
    assert tooltips >= 2
    assert "Session expired: click here to sign in" in page.locator(".st-key-graph_panel").inner_text()


def test_exported_html_report_runs_nothing_and_links_only_checked_urls(home, page, beacon, tmp_path):
    # The report reads the stored analysis (issue 22's one truth): analyse a copy of the hostile graph, as a
    # build would, so cluster labels and key papers are made of its hostile titles and keywords.
    copy = tmp_path / "analysed.lbug"
    shutil.copy2(home / "atlas.lbug", copy)  # one file; the hostile store was closed after writing
    with EmbeddedStore(copy, read_only=False) as store:
        analyze(store, seed=42)
    with EmbeddedStore(copy, read_only=True) as store:
        files = services.export_files(store, ["report"], cluster=None)
    html_name = next(name for name in files if name.endswith(".html"))
    report = tmp_path / "clusters.html"
    report.write_bytes(files[html_name])
    text = report.read_text(encoding="utf-8")
    assert re.search(r'<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
                     r"content=\"default-src 'none';", text)
    assert not re.search(r"(?i)(href|src)=\"\s*(javascript|data|vbscript)", text)
    page.goto(report.as_uri())
    page.wait_for_timeout(500)
    checked = _audit(page, "file://", beacon, named=False)
    hrefs = page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert hrefs and all(safe_url(h) for h in hrefs), hrefs
    assert checked["foreign_links"] == len(hrefs)
    assert page.evaluate("() => document.querySelectorAll('svg circle').length") > 0  # the drawing is there
    _literal(page, "Session expired: click here to sign in")


@pytest.fixture(scope="module")
def overview_server(tmp_path_factory, beacon):
    """A graph past the overview threshold (groups first) whose cluster labels and titles are hostile."""
    require_chromium()
    home = tmp_path_factory.mktemp("hostile-overview-home")
    write_hostile_overview_store(home / "atlas.lbug", beacon.url)
    with serve_app(home, PHENOMENA_STORE="embedded") as base:
        yield base


@pytest.mark.parametrize("group", ["", "cluster:0", "cluster:1", "phenomenon:" + HOSTILE_PHENOMENON]
                         + [f"cluster:{t}" for t in REFLECTED] + [f"phenomenon:{t}" for t in REFLECTED[:2]],
                         ids=["overview", "cluster0", "cluster1", "phenomenon", "cluster-link", "cluster-image",
                              "cluster-html", "cluster-tick", "phenomenon-link", "phenomenon-image"])
def test_overview_groups_and_the_group_parameter(overview_server, page, beacon, group):
    value = group.format(beacon=beacon.url)
    checked = _visit(page, overview_server, beacon, "graph" + (f"?group={quote(value, safe='')}" if value else ""))
    assert checked["frames"] >= 1
    labels = payloads(beacon.url, "overview-cluster")
    shown = {"cluster:0": labels[0], "cluster:1": labels[1],
             "phenomenon:" + HOSTILE_PHENOMENON: f"Hostile ![px]({beacon.url}/overview-phen/md-image)"}
    if group in shown:  # a real group: its drawing, and its hostile name as text above it
        page.frame_locator("iframe").first.locator("#mynetwork canvas").wait_for()
        _literal(page, shown[group])
    elif group:  # a reflected key: one line that quotes it as text (a backtick pair stays code)
        page.get_by_test_id("stAlert").first.wait_for()
        _literal(page, value.split(":", 1)[1].replace("`", ""))
