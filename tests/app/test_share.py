"""Sharing a drawing without a browser: the HTML file's policy and escaping, the SVG read whole by an XML
parser, and `phenomena export --format site` (the files it writes, its refusals)."""
from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest

from app.web import graphview
from app.web.share import drawn_counts, safe_links, share_html, share_svg
from app.web.site import write_site
from benchmarks.bench_graph_view import synthetic_graph
from graph.model.graph_model import GraphModel
from tests.support.cli import run_cli
from tests.support.fixture_graph import build_fixture_records
from tests.support.hostile_text import HOSTILE_PHENOMENON, build_hostile_records

SVG = "{http://www.w3.org/2000/svg}"
BEACON = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def hostile():
    return GraphModel.from_records(build_hostile_records(BEACON))


def _inline(html: str, tag: str) -> list[str]:
    """The text of each inline ``<tag>`` element that is code (JSON data blocks left out)."""
    return [m.group(2) for m in re.finditer(rf"<{tag}(\s[^>]*)?>(.*?)</{tag}>", html, re.S)
            if "application/json" not in (m.group(1) or "")]


def test_shared_html_allows_only_its_own_inline_code(hostile):
    data, view, colours, summary = graphview.view_data(hostile, {"phenomenon": HOSTILE_PHENOMENON})
    html = share_html(data, title=hostile.phenomenon_names[HOSTILE_PHENOMENON], caption=summary, colours=colours)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and "img-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe" not in policy
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        allowed = set(re.search(rf"{directive} ([^;]+);", policy).group(1).split())
        found = _inline(html, tag)
        assert len(found) == 2 and {  # vis-network and the page's own: each allowed by its hash, nothing else
            "'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'" for t in found} == allowed
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)  # nothing loaded from anywhere
    # outside text: never markup in the page; in the JSON, no "<" at all (no </script> can end it)
    assert "<script>window.__pwned" not in html and "<img src" not in html
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S):
        assert "<" not in block and ">" not in block
    assert "&#60;b&#62;phen&#60;/b&#62;" in html  # the hostile phenomenon's name, as text in the heading


def test_node_links_are_only_checked_web_addresses_or_atlas_pages():
    assert safe_links([("a", "javascript:alert(1)"), ("b", "data:text/html,x"), ("c", f"{BEACON}/x"),
                       ("d", "//evil.example/x"), ("e", "../../../etc/passwd"), ("f", "https://arxiv.org/abs/1"),
                       ("g", "../papers/p-1a2b.html")]) == [["f", "https://arxiv.org/abs/1"], ["g", "../papers/p-1a2b.html"]]


def test_svg_parses_whole_with_every_node_and_link_and_escaped_text(hostile):
    data, view, colours, summary = graphview.view_data(hostile, {"phenomenon": HOSTILE_PHENOMENON})
    svg = share_svg(data, title="<script>alert(1)</script>", caption=summary, colours=colours)
    root = ET.fromstring(svg)  # the whole file, by a real XML reader
    shapes = [e for e in root.find(f"{SVG}g[@id='nodes']")]
    lines = root.find(f"{SVG}g[@id='links']").findall(f"{SVG}line")
    drawn_nodes = sum(1 for n in data["nodes"] if n.get("shape") != "text")
    assert len(shapes) == drawn_nodes and len(lines) == drawn_counts(data)[1] > 0
    assert not list(root.iter(f"{SVG}script"))
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "<script>alert(1)</script>" in texts  # shown as text, parsed back as text
    labels = [t.text.replace("\u2060", "") for t in root.find(f"{SVG}g[@id='labels']")]  # word joiners: invisible
    hub = hostile.phenomenon_names[HOSTILE_PHENOMENON]
    assert hub in labels and any(f"]({BEACON}/author/md-link)" in text for text in labels)  # the hub, a hostile author
    assert not any(a.startswith("on") for e in root.iter() for a in e.attrib)
    assert not any("href" in a for e in root.iter() for a in e.attrib)


def test_svg_of_a_large_drawing_with_bulk_links_keeps_every_link():
    graph = synthetic_graph(2000)
    data, *_ = graphview.view_data(graph, {"top_n": 2000})
    assert data.get("bulk_edges"), "a 2,000-paper view past 5,000 links draws them in bulk"
    root = ET.fromstring(share_svg(data, title="2,000 papers", caption="synthetic"))
    assert len(root.find(f"{SVG}g[@id='links']").findall(f"{SVG}line")) == drawn_counts(data)[1]


# --- phenomena export --format site -------------------------------------------------------------------

def test_export_site_writes_the_atlas_and_refuses_to_overwrite(full, tmp_path):
    out = tmp_path / "atlas"
    env = {"PHENOMENA_HOME": str(full), "PHENOMENA_STORE": "embedded"}
    result = run_cli("export", str(out), "--format", "site", env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    graph = GraphModel.from_records(build_fixture_records())
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert {"index.html", "maps/graph.html", "maps/concepts.html", "maps/keywords.html", "maps/coauthors.html",
            "phenomena/index.html", "papers/index.html"} <= pages
    assert sum(1 for p in pages if p.startswith("papers/") and p != "papers/index.html") == len(graph.papers)
    assert (out / ".nojekyll").exists() and "pages written" in result.stderr
    again = run_cli("export", str(out), "--format", "site", env=env, timeout=300)
    assert again.returncode == 1 and len(again.stderr.strip().splitlines()) == 1 and "--force" in again.stderr
    mixed = run_cli("export", str(tmp_path / "x"), "--format", "site", "--format", "bibtex", env=env)
    assert mixed.returncode == 2 and "alone" in mixed.stderr and not (tmp_path / "x").exists()
    stdout = run_cli("export", "-", "--format", "site", env=env)
    assert stdout.returncode == 2 and "folder" in stdout.stderr


def test_site_pages_link_only_inside_the_atlas_or_to_checked_addresses(tmp_path, hostile):
    write_site(hostile, tmp_path / "site")
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img" not in html and "<iframe" not in html and not re.search(r"<script[^>]*\ssrc=", html)
        assert page.parent.name == "maps" or "<script" not in html  # text pages carry no code at all
        for href in re.findall(r'href="([^"]*)"', html):
            if href.startswith("http"):
                assert href.startswith("https://") and urlparse(href).hostname not in ("127.0.0.1", "localhost"), href
            else:
                assert not href.startswith("/") and (page.parent / href).resolve().is_file(), (page, href)
