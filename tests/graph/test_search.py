"""Ranked paper search on the fixture graph: what a researcher types finds the paper they mean."""
from __future__ import annotations

import pytest

from app.web.services import search_papers
from graph.model.graph_model import GraphModel
from graph.analytics.search import SearchDoc, rank_papers
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
