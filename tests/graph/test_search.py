"""Ranked paper search on the fixture graph: what a researcher types finds the paper they mean."""
from __future__ import annotations

import dataclasses

import pytest

from app.web.services import search_papers
from graph.analytics.search import SearchDoc, rank_papers
from graph.model.graph_model import GraphModel
from tests.support.fixture_graph import build_fixture_records


@pytest.fixture(scope="module")
def graph():
    return GraphModel.from_records(build_fixture_records())


def test_grokking_finds_power_et_al_first(graph):
    assert search_papers(graph, "grokking")[0] == "arxiv:2201.02177"


def test_double_descent_finds_nakkiran_et_al_first(graph):
    assert search_papers(graph, "double descent")[0] == "arxiv:1912.02292"


def test_exact_title_phrase_beats_title_words_beats_keywords():
    docs = [SearchDoc("words", "Descent of double models", cited_in_graph=50, citations=10_000),
            SearchDoc("phrase", "Deep double descent", cited_in_graph=0),
            SearchDoc("keyword", "Something else", keywords=("double descent",), cited_in_graph=90),
            SearchDoc("exact", "Double Descent")]
    assert rank_papers(docs, "double descent") == ["exact", "phrase", "words", "keyword"]


@pytest.mark.parametrize("text", ["1912.02292", "arxiv:1912.02292", "ARXIV:1912.02292",
                                  "https://arxiv.org/abs/1912.02292"])
def test_arxiv_id_is_exact(graph, text):
    assert search_papers(graph, text)[0] == "arxiv:1912.02292"


def test_doi_is_exact():
    docs = [SearchDoc("doi:10.1073/pnas.1903070116", "Reconciling modern machine learning practice",
                      doi="10.1073/pnas.1903070116"), SearchDoc("other", "10.1073 pnas")]
    assert rank_papers(docs, "10.1073/PNAS.1903070116") == ["doi:10.1073/pnas.1903070116"]


def test_authors_are_searchable(graph):
    hits = search_papers(graph, "Nakkiran")
    mine = {pid for pid in graph.papers
            if any("Nakkiran" in graph.authors[a].name for a in graph.paper_authors.get(pid, ()))}
    assert hits and set(hits) == mine
    assert search_papers(graph, "preetum nakkiran")[:len(mine)] and set(search_papers(graph, "preetum nakkiran")) == mine


def test_nothing_matches_nothing(graph):
    assert search_papers(graph, "zzzz qqqq") == [] and search_papers(graph, "  ") == []


@pytest.mark.parametrize("name", ["graph.analytics.search", "graph.suggest", "queries.checks", "app.web.services.selection",
                                  "app.web.bridgeview", "app.web.component", "app.web.graphpanel",
                                  "app.web.graphview"])
def test_docstring_examples_of_search_suggestions_and_the_component(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted >= 1 and result.failed == 0


@pytest.fixture(scope="module")
def offline():
    """The fixture graph as an offline build leaves it: no citations, no Semantic Scholar counts."""
    records = build_fixture_records()
    records.cites.clear()
    for key, paper in list(records.papers.items()):
        records.papers[key] = dataclasses.replace(paper, citation_count=None)
    return GraphModel.from_records(records)


@pytest.mark.parametrize("text, first", [("grokking", {"arxiv:2201.02177"}),
                                         ("double descent", {"arxiv:1912.02292", "doi:10.1073/pnas.1903070116"})])
def test_defining_paper_first_without_citations(offline, text, first):
    assert not offline.cites and not any(p.citation_count for p in offline.papers.values())
    assert search_papers(offline, text)[0] in first


def test_neural_collapse_finds_papyan_et_al_first_offline_and_online():
    """Papyan et al. (2020) named neural collapse; a later review with the term as its whole head,
    and papers using it in passing, come after it, with or without citation counts."""
    offline = [SearchDoc("review", "Neural Collapse: A Review on Modelling Principles and Generalization", year=2022),
               SearchDoc("papyan", "Prevalence of neural collapse during the terminal phase of deep learning "
                                   "training", year=2020),
               SearchDoc("grok", "Neural collapse versus low-rank bias", year=2023),
               SearchDoc("kw", "Feature learning in deep classifiers", keywords=("neural collapse",), year=2019)]
    assert rank_papers(offline, "neural collapse")[0] == "papyan"
    online = [SearchDoc(d.id, d.title, keywords=d.keywords, year=d.year,
                        cited_in_graph={"papyan": 40, "review": 3, "grok": 1}.get(d.id, 0),
                        citations={"papyan": 900, "review": 120}.get(d.id, 0)) for d in offline]
    assert rank_papers(online, "neural collapse")[0] == "papyan"
