"""The catalog's digest on the paper page and in search: shown as written (plain text), found below titles."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.web.ui import plain_text
from tests.support.fixture_graph import build_fixture_records, write_fixture_store

APP = str(Path(__file__).resolve().parents[2] / "app" / "web" / "streamlit_app.py")
DIGEST = "We study **grokking** on [modular](javascript:alert(1)) addition; <b>$x$</b> # not a heading."


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("atlas-digest")
    records = build_fixture_records()
    records.papers["arxiv:2201.02177"].digest = DIGEST
    write_fixture_store(home / "atlas.lbug", records)
    return home


def test_paper_page_shows_the_catalogs_digest_as_plain_text(home, monkeypatch):
    monkeypatch.setenv("PHENOMENA_HOME", str(home))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/paper.py")
    at.query_params["paper"] = "arxiv:2201.02177"
    at.run()
    assert not at.exception
    assert "The catalog's digest" in [e.label for e in at.expander]
    bodies = [m.value for m in at.markdown]
    assert plain_text(DIGEST) in bodies  # every Markdown, LaTeX and HTML mark escaped: no link, no bold, no tag
    assert not any("](javascript:" in b for b in bodies)
    assert any("Awesome Deep Phenomena catalog" in c.value for c in at.caption)


def test_plain_text_escapes_every_mark():
    out = plain_text(DIGEST)
    assert "<b>" not in out and "**" not in out and "](" not in out and "\\$x\\$" in out
