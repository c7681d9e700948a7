"""The static atlas's HTML pages (no script: a Content-Security-Policy allows only their one stylesheet).

Outside text is escaped by :func:`graph.safe_text.html_text`, outside links built by
:func:`graph.safe_text.html_link` (plain http(s) only); links between pages are relative paths made
of :func:`slug` names, so the folder works from disk and on GitHub Pages as it is.

>>> slug("arxiv:2201.02177") == slug("arxiv:2201.02177") != slug("arxiv:2201.02178")
True
>>> import re; bool(re.fullmatch(r"[a-z0-9-]+", slug("<script>x</script> ../../etc")))
True
"""
from __future__ import annotations

import hashlib
import re

from graph.safe_text import csp_meta, html_link, html_text

__all__ = ["slug", "page", "local_link", "paper_list", "external_links", "STYLE", "NAV"]

STYLE = ("body{font:15px/1.5 Arial,sans-serif;color:#111;max-width:960px;margin:0 auto;padding:12px 18px}"
         "nav{font-size:13px;margin-bottom:8px}nav a{margin-right:12px}h1{font-size:24px;margin:8px 0}"
         "h2{font-size:18px;margin:18px 0 6px}li{margin:2px 0}.muted{color:#555;font-size:13px}"
         "p.text{white-space:pre-line}a{color:#0b57d0}footer{margin-top:24px;font-size:12px;color:#666}")


def slug(key: str) -> str:
    """A file name for a node key: its readable part (at most 50 characters) and a short hash, so two keys
    never share a file and nothing in a key (slashes, dots, markup) reaches a path."""
    readable = re.sub(r"[^a-z0-9]+", "-", str(key).lower()).strip("-")[:50].strip("-")
    digest = hashlib.sha1(str(key).encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}" if readable else digest


def local_link(label: object, href: str) -> str:
    """A link to another page of the atlas (``href`` is built from :func:`slug` names)."""
    if not re.fullmatch(r"(\.\./)?[a-z0-9][a-z0-9./-]*\.html", href) or ".." in href.replace("../", "", 1):
        raise ValueError(f"not a page of the atlas: {href!r}")
    return f'<a href="{href}">{html_text(label)}</a>'


NAV = [("Atlas", "index.html"), ("Phenomena", "phenomena/index.html"), ("Clusters", "clusters/index.html"),
       ("Papers", "papers/index.html"), ("Maps", "maps/index.html")]


def page(title: str, body: str, *, depth: int) -> str:
    """A whole page: ``title`` (outside text, escaped here), ``body`` (HTML built by this module's
    helpers), ``depth``: folders below the atlas's root (for the navigation's relative links)."""
    up = "../" * depth
    nav = "".join(f'<a href="{up}{href}">{label}</a>' for label, href in NAV)
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"{csp_meta(STYLE)}\n<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html_text(title, limit=200)} · Phenomena Atlas</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<nav>{nav}</nav>\n<h1>{html_text(title, limit=300)}</h1>\n{body}\n"
            "<footer>Phenomena Atlas, a static export (<code>phenomena export --format site</code>): "
            "no script, nothing loaded from the network.</footer>\n</body>\n</html>\n")


def paper_list(items: list[tuple[str, str, object]], *, up: str) -> str:
    """``<ul>`` of papers: (slug, title, year) each, linked to its page under ``up`` + ``papers/``."""
    if not items:
        return '<p class="muted">None.</p>'
    rows = [f"<li>{local_link(title, f'{up}papers/{s}.html')} ({html_text(year or 'n.d.')})</li>"
            for s, title, year in items]
    return "<ul>\n" + "\n".join(rows) + "\n</ul>"


def external_links(links: dict[str, str]) -> str:
    """The paper's outside links (arXiv, DOI, Semantic Scholar, its URL, code), each checked by safe_url."""
    shown = [html_link(name, url) for name, url in links.items()]
    return " · ".join(shown) if shown else '<span class="muted">No link.</span>'
