"""Unknown names get suggestions and a non-zero exit; empty results say why (CLI and pages).

Real LadybugDB fixture stores: the full fixture, and the same graph without its
citations (what an offline build gives).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.safe_text import shown_text
from tests.support.app_pages import APP
from tests.support.cli import run_cli


def _query(home: Path, *args: str):
    return run_cli("query", *args, env={"PHENOMENA_HOME": str(home), "PHENOMENA_STORE": "embedded"})


@pytest.mark.parametrize("param, suggestion", [
    ("phenomenon=grokkin", "did you mean grokking?"),
    ("phenomenon=Double Descnt", "did you mean double-descent"),
])
def test_misspelt_phenomenon_is_one_line_with_a_suggestion(full, param, suggestion):
    result = _query(full, "--name", "papers-about", "--param", param)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: unknown phenomenon") and suggestion in lines[0]


def test_paper_without_its_prefix_suggests_the_key(full):
    result = _query(full, "--name", "co-cited", "--param", "paper=2201.02177")
    assert result.returncode == 1
    assert "unknown paper '2201.02177': did you mean arxiv:2201.02177?" in result.stderr


def test_unknown_keyword_and_names_that_exist_pass(full):
    bad = _query(full, "--name", "keyword-papers", "--param", "keyword=grokkking")
    assert bad.returncode == 1 and "unknown keyword" in bad.stderr and "Grokking" in bad.stderr
    good = _query(full, "--name", "papers-about", "--param", "phenomenon=Grokking", "--format", "json")
    assert good.returncode == 0 and "2201.02177" in good.stdout


def test_citation_query_on_an_offline_graph_says_how_to_add_citations(offline):
    result = _query(offline, "--name", "co-cited", "--param", "paper=arxiv:2201.02177")
    assert result.returncode == 0  # an empty answer is an answer, explained
    assert "no citations yet" in result.stderr and "phenomena build" in result.stderr
    assert "phenomena grow --paper" in result.stderr


def test_empty_answer_with_everything_present_says_nothing_matched(full):
    result = _query(full, "--name", "papers-linking", "--param", "a=grokking", "--param", "b=simplicity bias")
    assert result.returncode == 0 and "nothing in the graph matches" in result.stderr


def _app(home: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("PHENOMENA_HOME", str(home))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    return AppTest.from_file(APP, default_timeout=60).run()


def test_cypher_page_explains_an_empty_saved_query(offline, monkeypatch):
    at = _app(offline, monkeypatch)
    at.switch_page("views/cypher.py").run()
    at.selectbox(key="cypher_choice").set_value("co-cited").run()
    at.button[0].click().run()
    assert any(m.value == "**0 rows**" for m in at.markdown)
    assert any("no citations yet" in i.value and "phenomena build" in i.value for i in at.info)


def test_cypher_page_suggests_a_name(full, monkeypatch):
    at = _app(full, monkeypatch)
    at.switch_page("views/cypher.py").run()
    at.selectbox(key="cypher_choice").set_value("papers-about").run()
    at.text_input(key="saved_param:papers-about:phenomenon").input("grokkin").run()
    at.button[0].click().run()
    assert [shown_text(e.value) for e in at.error] == ["unknown phenomenon 'grokkin': did you mean grokking? "
                                           "(parameter phenomenon of papers-about)"]


def test_phenomena_map_without_citations_explains_instead_of_an_empty_chart(offline, monkeypatch):
    at = _app(offline, monkeypatch)
    at.switch_page("views/phenomena.py").run()
    charts = len(at.get("vega_lite_chart"))
    at.radio(key="phen_measure").set_value("citations").run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == charts - 1  # no empty heat map with a NaN legend
    assert any("No citations between papers" in i.value for i in at.info)


@pytest.mark.parametrize("page, param, value, message", [
    ("views/graph.py", "phenomenon", "phen:grokkin", "unknown phenomenon 'phen:grokkin': did you mean phen:grokking?"),
    ("views/paper.py", "paper", "2201.02177", "unknown paper '2201.02177': did you mean arxiv:2201.02177?"),
])
def test_pages_suggest_names_for_unknown_url_parameters(full, monkeypatch, page, param, value, message):
    monkeypatch.setenv("PHENOMENA_HOME", str(full))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params[param] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert any(shown_text(w.value).startswith(message) for w in at.warning), [w.value for w in at.warning]
