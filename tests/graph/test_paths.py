"""Paths between papers and phenomena on graphs whose shortest paths are known by hand."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analytics.paths import CITATIONS, CONCEPTS, SHARED_PAPER, find_paths, no_path_message
from graph.errors import AtlasError
from graph.model.graph_model import GraphModel
from graph.model.records import About, Author, Cites, GraphRecords, HasKeyword, Keyword, Paper, Phenomenon, Wrote


def _graph(papers, cites=(), about=(), keywords=(), wrote=(), phenomena=("f", "g", "h")) -> GraphModel:
    r = GraphRecords(papers={k: Paper(id=k, title=f"Title {k}", year=2020) for k in papers},
                     phenomena={f: Phenomenon(f, f.upper()) for f in phenomena})
    for a, b in cites:
        r.add_edge(Cites(a, b))
    for p, f in about:
        r.add_edge(About(p, f, confidence="strong"))
    for p, kw in keywords:
        r.keywords.setdefault(kw, Keyword(kw, kw))
        r.add_edge(HasKeyword(p, kw))
    for author, p in wrote:
        r.authors.setdefault(author, Author(author, author.split(":")[-1].title()))
        r.add_edge(Wrote(author, p, position=0))
    return GraphModel.from_records(r)


def test_a_longer_citation_path_comes_before_a_shorter_shared_keyword():
    # a -> b -> c -> d by citations (3 steps); a and d also share the keyword "k" (2 steps)
    g = _graph("abcdxyz", cites=[("a", "b"), ("b", "c"), ("d", "c")], keywords=[("a", "kw:k"), ("d", "kw:k")])
    found = find_paths(g, "a", "d", k=1)
    assert found.via == CITATIONS and found.tiers == [CITATIONS]
    assert [s.reason for s in found.paths[0]] == ["Title a cites Title b", "Title b cites Title c",
                                                  "Title c is cited by Title d"]
    assert [s.citing for s in found.paths[0]] == ["a", "b", "d"]
    more = find_paths(g, "a", "d", k=2)  # the citations give one path: the keyword fills the second place
    assert more.tiers == [CITATIONS, CONCEPTS]
    assert [s.reason for s in more.paths[1]] == ["Title a carries the keyword kw:k", "Title d carries the keyword kw:k"]


def test_without_citations_shared_concepts_connect_and_rarer_ones_come_first():
    papers = [f"p{i}" for i in range(12)]
    broad = [(p, "kw:broad") for p in papers]  # on every paper
    g = _graph(papers, keywords=broad + [("p0", "kw:rare"), ("p1", "kw:rare")],
               wrote=[("author:yu xie", "p0"), ("author:yu xie", "p5")])
    found = find_paths(g, "p0", "p1", k=2)
    assert found.via == CONCEPTS
    assert [s.target for s in found.paths[0]] == ["kw:rare", "p1"]  # two papers share it: telling
    assert [s.target for s in found.paths[1]] == ["kw:broad", "p1"]
    author = find_paths(g, "p0", "p5", k=1)
    assert [s.reason for s in author.paths[0]] == ["Xie 2020 is written by Yu Xie",
                                                   "Xie 2020 is written by Yu Xie"]  # "FirstAuthor Year" labels


def test_two_phenomena_through_a_paper_about_both_then_citations():
    g = _graph("abc", cites=[("b", "c")], about=[("a", "f"), ("a", "g"), ("b", "f"), ("c", "g")])
    found = find_paths(g, "f", "g", k=3)
    assert found.via == SHARED_PAPER
    assert [[s.target for s in p] for p in found.paths] == [["a", "g"], ["b", "c", "g"]]
    assert found.tiers == [CITATIONS, CITATIONS]  # a third path would need shared concepts: there is none
    assert found.nodes == ["f", "a", "g", "b", "c"]


def test_a_keyword_naming_a_phenomenon_is_not_a_second_path():
    g = _graph("ab", about=[("a", "f"), ("b", "f")], keywords=[("a", "kw:f"), ("b", "kw:f")])
    g.keywords["kw:f"].name = "F"  # the keyword says what the phenomenon says
    found = find_paths(g, "a", "b", k=3)
    assert [[s.target for s in p] for p in found.paths] == [["f", "b"]]


def test_no_path_and_bad_ends():
    g = _graph("abc", cites=[("a", "b")])
    found = find_paths(g, "a", "c")
    assert found.paths == [] and found.via is None
    assert no_path_message("A", "C").count("\n") == 0 and no_path_message("A", "C").startswith("No path between A and C")
    with pytest.raises(AtlasError, match="not in the graph"):
        find_paths(g, "a", "zzz")
    with pytest.raises(AtlasError, match="two different"):
        find_paths(g, "a", "a")


def test_related_links_join_papers_with_their_reason():
    g = _graph("ab")
    found = find_paths(g, "a", "b", related=[("a", "b", 0.4, "text: grokking")])
    assert [s.reason for s in found.paths[0]] == ["Title a is related to Title b (text: grokking)"]


def test_random_citation_graphs_paths_are_shortest_and_made_of_edges():
    rng = random.Random(5)
    papers = [f"p{i}" for i in range(80)]
    cites = {(f"p{i}", f"p{rng.randrange(i)}") for i in range(1, 80) for _ in range(2)}
    g = _graph(papers, cites=sorted(cites))
    U = nx.Graph(list(cites))
    for a, b in [("p79", "p3"), ("p40", "p41"), ("p10", "p70")]:
        found = find_paths(g, a, b, k=3)
        assert found.via == CITATIONS
        lengths = [len(p) for p in found.paths]
        assert lengths[0] == nx.shortest_path_length(U, a, b) and lengths == sorted(lengths)
        for path in found.paths:
            assert path[0].source == a and path[-1].target == b
            assert all(s.citing in (s.source, s.target) and (s.source, s.target) in U.edges for s in path)
        assert len({tuple(s.target for s in p) for p in found.paths}) == len(found.paths)  # no repeats
