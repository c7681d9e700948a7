"""Download buttons that share the drawing on a page: one offline HTML file and an SVG (:mod:`app.web.share`).

The PNG is the drawing's own "Download PNG" button (the canvas as drawn, with its legend:
``component/frontend/snapshot.js``).  Files are built only when a button is pressed.
"""
from __future__ import annotations

import re

import streamlit as st

from app.web.share import share_html, share_svg

__all__ = ["share_buttons", "file_stem"]


def file_stem(text: str) -> str:
    """A file name from a view's name: lower-case words joined by dashes.

    >>> file_stem("Keyword co-occurrence: 120 keywords")
    'keyword-co-occurrence-120-keywords'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "drawing"


def share_buttons(data: dict, *, title: str, caption: str, key: str, colours: list[tuple[str, str]] = ()) -> None:
    """"Share: HTML · SVG" under a drawing; ``caption`` says what it shows, ``colours`` is its colour key."""
    stem = file_stem(title)
    left, middle, right = st.columns([3, 3, 5])  # room for each label: never "Download HT…"
    left.download_button("Download HTML", lambda: share_html(data, title=title, caption=caption, colours=colours),
                         file_name=f"{stem}.html", mime="text/html", key=f"{key}_share_html", on_click="ignore",
                         icon=":material/download:", help="One file that opens offline in any browser: the "
                         "interactive drawing with its caption and legend")
    middle.download_button("Download SVG", lambda: share_svg(data, title=title, caption=caption, colours=colours),
                           file_name=f"{stem}.svg", mime="image/svg+xml", key=f"{key}_share_svg", on_click="ignore",
                           icon=":material/download:", help="The drawing as a vector picture (for papers and slides)")
    right.caption("PNG: the button on the drawing.")
