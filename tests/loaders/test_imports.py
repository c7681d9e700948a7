"""Importing reading lists: BibTeX, id lists, awesome-lists; malformed lines reported."""
from pathlib import Path

import pytest

from graph.errors import SourceError
from graph.model.merge import merge_records
from graph.model.records import GraphRecords, Paper
from loaders.imports import load_import_file

DATA = Path(__file__).parents[1] / "data" / "import"


def test_bibtex_entries_and_problems():
    load = load_import_file(DATA / "reading-list.bib")
    assert load.kind == "bibtex"
    papers = load.records.papers
    # The NIPS preprint (arXiv 1912.02292) and the JSTAT version with a DOI and other casing merge.
    assert set(papers) == {"arxiv:2201.02177", "arxiv:1912.02292", "arxiv:2006.07710"}
    ddd = papers["arxiv:1912.02292"]
    assert ddd.doi == "10.1088/1742-5468/ac3a74" and ddd.venue == "NIPS" and ddd.sources == ["import:reading-list.bib", "library:reading-list.bib"] and ddd.in_library
    assert papers["arxiv:2201.02177"].venue is None  # "arXiv preprint" is no venue
    assert "venue:neurips" in load.records.venues and load.records.venues["venue:neurips"].name == "NeurIPS"
    names = [load.records.authors[w.source].name for w in load.records.wrote.values() if w.target == "arxiv:2201.02177"]
    assert names[0] == "Alethea Power" and len(names) == 5
    lines = sorted((p.line, p.message.split(" ")[0]) for p in load.problems)
    assert lines == [(26, "malformed"), (30, "entry")]


def test_id_list():
    load = load_import_file(DATA / "ids.txt")
    assert load.kind == "ids"
    assert set(load.records.papers) == {"arxiv:2201.02177", "arxiv:2006.07710", "arxiv:1912.02292",
                                        "doi:10.1073/pnas.1903070116", "doi:10.1088/1742-5468/ac3a74",
                                        "s2:649def34f8be52c8b66281af98ae884c09aef38b"}
    assert [(p.line, "not an arXiv id" in p.message) for p in load.problems] == [(7, True), (8, True)]


def test_preprint_and_published_become_one_paper_in_the_graph():
    graph = GraphRecords()
    graph.papers["arxiv:1912.02292"] = Paper(id="arxiv:1912.02292", title="Deep Double Descent: Where Bigger Models and More Data Hurt",
                                             arxiv_id="1912.02292", in_catalog=True, sources=["catalog"])
    ids = load_import_file(DATA / "ids.txt").records
    merge_records(graph, load_import_file(DATA / "reading-list.bib").records)
    before = len(graph.papers)
    merge_records(graph, load_import_file(DATA / "reading-list.bib").records)  # idempotent
    assert len(graph.papers) == before == 3
    merged = graph.papers["arxiv:1912.02292"]
    assert merged.in_catalog and merged.doi == "10.1088/1742-5468/ac3a74"
    assert merged.sources == ["catalog", "import:reading-list.bib", "library:reading-list.bib"] and merged.in_library
    merge_records(graph, ids)  # the DOI of the published version finds the same node
    assert "doi:10.1088/1742-5468/ac3a74" not in graph.papers


def test_awesome_list_import(tmp_path):
    readme = tmp_path / "other-list.md"
    readme.write_text("## Grokking\n\n- Omnigrok: Grokking Beyond Algorithmic Data. [[paper]](https://arxiv.org/abs/2210.01117)\n"
                      "  - Ziming Liu, Eric J. Michaud, Max Tegmark. *ICLR 2023*\n  - Key Word: Grokking.\n")
    load = load_import_file(readme)
    assert load.kind == "awesome-list" and list(load.records.papers) == ["arxiv:2210.01117"]
    paper = load.records.papers["arxiv:2210.01117"]
    assert not paper.in_catalog and paper.sources == ["import:other-list.md"]
    assert ("arxiv:2210.01117", "grokking") in load.records.about


def test_unreadable_files(tmp_path):
    with pytest.raises(SourceError, match="no file"):
        load_import_file(tmp_path / "nope.bib")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SourceError, match="UTF-8"):
        load_import_file(junk)
