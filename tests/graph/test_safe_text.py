"""graph.safe_text: outside text renders as exactly its text, links only from checked urls and identifiers.

Markdown is rendered with markdown-it-py (CommonMark plus GFM tables and strikethrough), an
independent reader; the app's own renderer (Streamlit's, with autolinks, directives and math)
is covered in chromium by tests/e2e/test_browser_hostile.py.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from graph.safe_text import (
    WORD_JOINER,
    csp_meta,
    html_link,
    html_text,
    identifier_url,
    md_block,
    md_code,
    md_link,
    md_message,
    md_text,
    plain_text,
    safe_url,
    shown_text,
)

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
MD_HTML = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# Text made mostly of what Markdown and HTML act on, so the search finds breakouts fast.
MARKUP = st.lists(st.sampled_from(list("![]()<>`*_~#|\\&$:@.-+=/\"' \n\tahptsw1x")
                                  + ["http://", "www.", "javascript:", "&lt;", ":red[", ":material/"]),
                  max_size=40).map("".join)
ANY = st.one_of(MARKUP, st.text(max_size=60))
HOSTILE = ["![px](http://127.0.0.1:9/px)", "[Sign in](https://evil.example/login)", "<img src=x onerror=alert(1)>",
           "`` ` ``![px](http://127.0.0.1:9/t)", "# heading", "- list", "1. list", "> quote", "| a | b |",
           "**b** _e_ ~~s~~", "&lt;script&gt;", "[x][1]\n\n[1]: http://127.0.0.1:9/ref", "    code",
           "<http://127.0.0.1:9/angle>", "a\\", "\\![px](http://127.0.0.1:9/bs)"]


def _text_of(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


def _tags(rendered: str) -> set[str]:
    return set(re.findall(r"<([a-z0-9]+)", rendered))


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_md_text_renders_as_its_text_and_nothing_else(value):
    rendered = MD.render(md_text(value))
    assert _tags(rendered) <= {"p"}, (value, rendered)
    assert _text_of(rendered).replace(WORD_JOINER, "") == plain_text(value).replace(WORD_JOINER, "")
    assert shown_text(md_text(value)) == plain_text(value).replace(WORD_JOINER, "")


@settings(max_examples=200, deadline=None)
@given(ANY)
def test_md_text_leaves_no_autolink_directive_or_math(value):
    out = md_text(value)
    assert not re.search(r"(?i)https?://|www\.|[\w.+-]@[\w-]", out)  # GFM autolinks, e-mail autolinks
    assert not re.search(r"(?<!\\)\$", out) and not re.search(r":[a-z_]", out, re.I)  # math, :directives


@settings(max_examples=200, deadline=None)
@given(st.lists(ANY, max_size=4))
def test_md_block_keeps_paragraphs_and_makes_no_blocks(paragraphs):
    value = "\n\n".join(paragraphs)
    rendered = MD.render(md_block(value))
    assert _tags(rendered) <= {"p"}, (value, rendered)


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_html_text_is_text_in_html_and_in_markdown_with_html(value):
    out = html_text(value)
    assert not re.search(r"[<>\"'`\[\]()]", out)
    assert html.unescape(out).replace(WORD_JOINER, "") == plain_text(value).replace(WORD_JOINER, "")
    rendered = MD_HTML.render(f"<span>{out}</span>")
    assert _tags(rendered) <= {"p", "span"}, (value, rendered)


@pytest.mark.parametrize("value", HOSTILE)
def test_known_breakouts_stay_text(value):
    for render in (MD.render(md_text(value)), MD_HTML.render(md_text(value)), MD_HTML.render(html_text(value))):
        assert "<a" not in render and "<img" not in render and "<code" not in render, render


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_safe_url_gives_none_or_a_plain_http_url(value):
    url = safe_url(value)
    if url is None:
        return
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.hostname and "@" not in parts.netloc
    assert not re.search(r"[\s\"'<>()\[\]`\\]", url)
    assert safe_url(url) == url  # stable: a checked url checks again


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
    "http://127.0.0.1:8501/", "http://[::1]/", "https://localhost/", "http://10.0.0.1/", "https://user:pw@evil.example/",
    "https://evil.example@good.org/", "//evil.example/", "http:evil.example", "https://evil.example\\@good.org",
    "https://evil.example/a b", "https://evil.example/\u202e", "https://x.org:99999/", "https://-x.org/", "", None, 3,
])
def test_safe_url_refuses(url):
    assert safe_url(url) is None
    assert md_link("Paper", url) == "Paper" and html_link("Paper", url) == "Paper"


@pytest.mark.parametrize("url, expected", [
    ("https://github.com/openai/grok", "https://github.com/openai/grok"),
    ("https://arxiv.org/abs/2201.02177", "https://arxiv.org/abs/2201.02177"),
    ("https://example.org/a)![px](http://127.0.0.1:9/u)", "https://example.org/a%29!%5Bpx%5D%28http://127.0.0.1:9/u%29"),
    ("HTTP://Example.ORG/Path?q=1&r=2#frag", "http://example.org/Path?q=1&r=2#frag"),
])
def test_safe_url_keeps_real_links_and_encodes_breakouts(url, expected):
    assert safe_url(url) == expected
    rendered = MD.render(md_link("Code", url))
    assert re.findall(r'<a href="([^"]+)">Code</a>', rendered) == [html.escape(expected)], rendered


@pytest.mark.parametrize("kind, value, expected", [
    ("doi", "10.1073/pnas.1903070116", "https://doi.org/10.1073/pnas.1903070116"),
    ("doi", "10.1016/0370-2693(89)91076-2", "https://doi.org/10.1016/0370-2693%2889%2991076-2"),
    ("doi", "10.1234/x)![px](http://127.0.0.1:9/px)", None),
    ("doi", "10.1234/x` ![px](x)", None),
    ("doi", "javascript:alert(1)//10.1234/x", None),
    ("arxiv", "2201.02177v2", "https://arxiv.org/abs/2201.02177v2"),
    ("arxiv", "hep-th/9901001", "https://arxiv.org/abs/hep-th/9901001"),
    ("arxiv", "2201.02177)![px](x)", None),
    ("s2", "0" * 39 + "a", "https://www.semanticscholar.org/paper/" + "0" * 39 + "a"),
    ("s2", "../../evil", None),
])
def test_identifier_urls_come_from_fixed_templates(kind, value, expected):
    assert identifier_url(kind, value) == expected


def test_md_message_keeps_our_code_and_escapes_the_rest():
    out = md_message("unknown paper '[x](https://evil.example)': run `phenomena build` first")
    rendered = MD.render(out)
    assert "<a" not in rendered and "<code>phenomena build</code>" in rendered
    odd = md_message("a `b ![px](http://127.0.0.1:9/px)")  # an unpaired backtick: all text
    assert _tags(MD.render(odd)) == {"p"}


@given(ANY)
def test_md_code_is_one_code_span(value):
    rendered = MD.render("x " + md_code(value))
    assert _tags(rendered) <= {"p", "code"} and rendered.count("<code>") <= 1


def test_csp_meta_allows_only_the_hashed_style():
    style = "body{color:red}"
    meta = csp_meta(style)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in meta and "default-src 'none'" in meta and "script-src 'none'" in meta
