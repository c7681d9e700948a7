"""The exported reports of a graph built from hostile records: text stays text, links only checked ones.

The Markdown reports (clusters, phenomena, library gaps) are read by markdown-it-py with raw HTML
on (as GitHub and most viewers do); the HTML report is checked as text here and in chromium by
tests/e2e/test_browser_hostile.py.
"""
from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from graph.analytics.analyze import compute_analytics
from graph.export.cluster_report import export_cluster_report
from graph.export.phenomena_report import export_phenomena_report
from graph.model.library import library_gaps, render_library_gaps_markdown
from graph.safe_text import safe_url
from tests.support.hostile_text import build_hostile_records

BEACON = "http://127.0.0.1:9"
MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@pytest.fixture(scope="module")
def result():
    return compute_analytics(build_hostile_records(BEACON), seed=1)


@pytest.fixture(scope="module")
def reports(result, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    paths = export_cluster_report(result, out) + export_phenomena_report(result, out)
    library = out / "library-gaps.md"
    library.write_text(render_library_gaps_markdown(result.graph, library_gaps(result.graph)), encoding="utf-8")
    return {p.name: p.read_text(encoding="utf-8") for p in [*paths, library]}


@pytest.mark.parametrize("name", ["clusters.md", "phenomena.md", "library-gaps.md"])
def test_markdown_reports_show_hostile_text_as_text(reports, name):
    rendered = MD.render(reports[name])
    tags = set(re.findall(r"<([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "h3", "p", "ul", "ol", "li", "a", "code", "strong", "em", "table", "thead", "tbody",
                    "tr", "th", "td"}, tags
    assert "<img" not in rendered and "<script" not in rendered
    for href in re.findall(r'<a href="([^"]*)"', rendered):
        assert safe_url(href.replace("&amp;", "&")), href
    assert "Session expired" in rendered or name == "phenomena.md"  # the phishing title shows, as text


def test_html_report_has_a_strict_policy_and_only_checked_links(reports):
    page = reports["clusters.html"]
    head = page.split("</head>", 1)[0]
    assert head.startswith('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Sec')
    assert "default-src 'none'" in head and "script-src 'none'" in head and "img-src 'none'" in head
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(safe_url(h.replace("&amp;", "&")) for h in hrefs), hrefs
    assert not re.search(r"(?i)<(script|img|iframe|object|embed|link)\b|\bon[a-z]+=", page)
    assert not re.search(r"(?i)(href|src|action)=\"?\s*(javascript|data|vbscript):", page)
    assert "&#60;script&#62;window&#46;" in page  # the payload is there, as text
