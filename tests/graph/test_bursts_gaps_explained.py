"""Bursts and gaps that explain themselves: a thin series says so, offline gaps say citations are needed."""
from __future__ import annotations

import networkx as nx

from graph.analytics.bursts import MIN_YEAR_PAPERS, describe_bursts
from graph.analytics.gaps import NEEDS_CITATIONS, gaps_note, render_gaps_markdown
from graph.analytics.phenomena import phenomenon_timeline
from tests.support.catalog_build import catalog_model


def test_thin_series_says_too_few_papers_not_none():
    assert describe_bursts([], {2022: 4, 2023: 6}).startswith("too few papers per year to tell (at most 6")
    assert describe_bursts([], {2020: MIN_YEAR_PAPERS, 2021: 9}).startswith("none (")
    assert describe_bursts([{"start": 2020, "end": 2020, "weight": 1.0}], {2020: 1}) == "2020"


def test_catalog_timelines_explain_missing_bursts(capsys):
    G = catalog_model().citation_graph()
    notes = {p: phenomenon_timeline(G, p)["burst_note"]
             for p in ("grokking", "neural-collapse", "neural-tangent-kernel", "double-descent",
                       "lottery-ticket-hypothesis")}
    with capsys.disabled():
        print("\n[bursts] " + "; ".join(f"{p}: {n}" for p, n in notes.items()))
    assert notes["grokking"].startswith("too few papers per year")  # 13 papers, at most 6 a year
    assert notes["lottery-ticket-hypothesis"][:4].isdigit()  # the LTH wave is a burst
    assert all(n != "none" for n in notes.values())


def test_offline_gaps_say_citations_are_needed_and_how():
    G = nx.DiGraph()
    G.add_node("arxiv:2201.02177", title="Grokking", in_catalog=True)
    assert gaps_note(G, []) == NEEDS_CITATIONS
    assert "`phenomena build` online" in NEEDS_CITATIONS and "--neighbourhood" in NEEDS_CITATIONS
    md = render_gaps_markdown(G, [])
    assert NEEDS_CITATIONS[1:] in md and len([line for line in md.splitlines() if "citations" in line]) == 1
    G.add_edge("arxiv:2201.02177", "arxiv:1912.02292")
    assert gaps_note(G, []).startswith("no paper outside the catalog")
