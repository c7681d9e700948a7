"""Concept seed lists: loading, problems, and tagging by what a paper itself says."""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from graph.errors import SourceError
from loaders.seeds import (
    SeedPaper,
    bundled_seed_files,
    load_seed_papers,
    parse_seed_date,
    seed_paper_record,
    seed_phenomena,
)


def _vias(seed, abstract=None) -> dict[str, str]:
    return {p: e.via for p, e in seed_phenomena(seed, abstract).items()}


def shared_dir() -> Path:
    return Path(os.environ.get("PHENOMENA_SHARED_DIR") or Path(__file__).resolve().parents[2].parent / "shared")


@pytest.fixture(scope="module")
def seeds() -> dict[str, SeedPaper]:
    found, problems = load_seed_papers()
    assert problems == []
    return {s.arxiv_id: s for s in found}


def test_bundled_file_is_the_shared_seed_list():
    shared = shared_dir() / "data" / "concept-seed-papers.json"
    if not shared.exists():
        pytest.skip(f"no {shared}")
    bundled = [f for f in bundled_seed_files() if f.name == "simplicity-bias.json"]
    assert bundled and json.loads(bundled[0].read_text()) == json.loads(shared.read_text())


def test_shared_file_loads_the_same_as_bundled():
    shared = shared_dir() / "data" / "concept-seed-papers.json"
    if not shared.exists():
        pytest.skip(f"no {shared}")
    from_shared, problems = load_seed_papers(shared)
    assert problems == []
    assert [s.arxiv_id for s in from_shared] == [s.arxiv_id for s in load_seed_papers()[0]]


def test_all_22_papers_of_both_lists_load(seeds):
    assert len(seeds) == 22
    kinds = Counter(s.list_kind for s in seeds.values())
    assert kinds == {"search results": 10, "related papers": 12}
    assert all("v" not in s.arxiv_id and isinstance(s.year, int) for s in seeds.values())
    assert seeds["2006.07710"].source == "seed:simplicity bias"
    assert seeds["2006.07710"].query == "simplicity bias" and seeds["2006.07710"].rank == 2
    assert seeds["2411.07979"].source == "seed:related:2410.02348"
    assert seeds["2411.07979"].about == "2410.02348"


def test_about_paper_is_a_seed_with_year_from_its_arxiv_id(seeds):
    about = seeds["2410.02348"]
    assert about.title == "Simplicity bias and optimization threshold in two-layer ReLU networks"
    assert (about.rank, about.date, about.year, about.list_kind) == (0, None, 2024, "related papers")


def test_dates_in_both_written_forms(seeds):
    assert (seeds["2006.09373"].date, seeds["2006.09373"].year) == ("2020-06-16", 2020)
    assert (seeds["2507.10999"].date, seeds["2507.10999"].year) == ("2025-07-15", 2025)   # "Jul 15 [2025]"
    assert (seeds["2411.07979"].date, seeds["2411.07979"].year) == ("2024-11-12", 2024)
    assert parse_seed_date("Feb 30, 2020") == ("Feb 30, 2020", 2020)
    assert parse_seed_date(None) == (None, None)


def test_simplicity_bias_tags_only_papers_that_discuss_it(seeds):
    tagged = {i for i, s in seeds.items() if "simplicity-bias" in _vias(s)}
    assert tagged == {"2006.09373", "2006.07710", "2404.17768", "2410.02348"}
    assert _vias(seeds["2306.04891"]) == {"in-context-learning": "title"}
    for none in ["2507.10999", "2306.13575", "2506.06280", "2308.15536", "2311.04163"]:
        assert _vias(seeds[none]) == {}, seeds[none].title
    assert "benign-overfitting" in _vias(seeds["2106.03212"])
    assert "implicit-bias" in _vias(seeds["2105.06351"])


def test_abstract_adds_evidence_below_the_title(seeds):
    spartan = seeds["2507.10999"]
    assert _vias(spartan, abstract="We avoid the simplicity bias of token mixers.") == \
        {"simplicity-bias": "abstract"}
    pitfalls = seeds["2006.07710"]
    assert _vias(pitfalls, abstract="simplicity bias and shortcut learning") == \
        {"simplicity-bias": "title", "shortcut-learning": "abstract"}


def test_seed_paper_record(seeds):
    paper = seed_paper_record(seeds["2006.07710"])
    assert (paper.id, paper.year, paper.in_catalog) == ("arxiv:2006.07710", 2020, False)
    assert paper.sources == ["seed:simplicity bias"]


def test_malformed_items_are_reported_with_list_index(tmp_path):
    path = tmp_path / "seeds.json"
    path.write_text(json.dumps({"lists": [
        "not a list object",
        {"kind": "tweets", "papers": []},
        {"kind": "search results", "query": "grokking", "papers": [
            {"arxiv_id": "arXiv:2201.02177v2", "title": "Grokking: Generalization Beyond Overfitting",
             "date": "Jan 6, 2022"},
            {"title": "no identifier"},
            5,
            {"arxiv_id": "2006.07710", "title": "  "},
        ]},
        {"kind": "related papers", "papers": []},
        {"kind": "search results", "papers": []},
        {"kind": "related papers", "about": {"arxiv_id": "2410.02348", "title": "About"}, "papers": "x"},
    ]}))
    found, problems = load_seed_papers(path)
    assert [(s.arxiv_id, s.year, s.source) for s in found] == [("2201.02177", 2022, "seed:grokking")]
    assert _vias(found[0]) == {"grokking": "title"}
    where = [(p.list_index, p.item_index) for p in problems]
    assert where == [(0, None), (1, None), (2, 1), (2, 2), (2, 3), (3, None), (4, None), (5, None)]
    assert "tweets" in problems[1].message and "about" in problems[5].message
    assert all("\n" not in p.message for p in problems)


@pytest.mark.parametrize("content, expected", [
    (None, "not found"),
    ("{broken", "not valid JSON"),
    ("[1, 2]", "'lists'"),
    ('{"lists": 3}', "'lists'"),
])
def test_unreadable_file_is_a_one_line_source_error(tmp_path, content, expected):
    path = tmp_path / "seeds.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SourceError) as err:
        load_seed_papers(path)
    assert expected in str(err.value) and "\n" not in str(err.value)


def test_seed_list_is_a_fact_and_evidence_only_with_a_title_cue():
    """Issue 25: a seed list is stored (LISTED_IN its concept's list); alone it is a hint, with a cue medium."""
    from graph.model.records import GraphRecords
    from loaders import assemble
    from loaders.seeds import SeedPaper

    records = GraphRecords()
    assemble.add_phenomena(records)
    seeds = [SeedPaper("2306.13575", "Scaling MLPs: A Tale of Inductive Bias", None, 2023, "search results",
                       query="simplicity bias", source="seed:simplicity bias", rank=9, file="simplicity-bias.json"),
             SeedPaper("2209.13083", "How simple are trained networks?", None, 2022, "search results",
                       query="simplicity bias", source="seed:simplicity bias", rank=1, file="simplicity-bias.json")]
    assemble.add_seed_papers(records, seeds)
    assert set(records.listed_in) == {("arxiv:2306.13575", "seed-list:simplicity-bias"),
                                      ("arxiv:2209.13083", "seed-list:simplicity-bias")}
    assert records.sections["seed-list:simplicity-bias"].kind == "seed list"
    assert ("arxiv:2306.13575", "simplicity-bias") not in records.about
    edge = records.about[("arxiv:2209.13083", "simplicity-bias")]
    assert (edge.via, edge.confidence, edge.origin) == ("seed list", "medium", "seed:simplicity bias")
