"""Co-citation, coupling, co-occurrence and related papers on a hand-checked graph."""
import networkx as nx
import pytest

from graph.errors import AtlasError
from graph.analytics.similarity import compute_cocitation, compute_cooccurrence, compute_coupling, related_papers


def hand_graph():
    # x cites a, b; y cites a, b, c; z cites c and x.
    return nx.DiGraph([("x", "a"), ("x", "b"), ("y", "a"), ("y", "b"), ("y", "c"), ("z", "c"), ("z", "x")])


def as_sets(pairs):
    return {frozenset(p): n for p, n in pairs.items()}


def test_cocitation_by_hand():
    # a&b cited together by x and y; a&c, b&c by y; c&x by z.
    assert as_sets(compute_cocitation(hand_graph())) == {
        frozenset("ab"): 2, frozenset("ac"): 1, frozenset("bc"): 1, frozenset("cx"): 1}


def test_coupling_by_hand():
    # x and y share a, b; y and z share c; x and z share nothing.
    assert as_sets(compute_coupling(hand_graph())) == {frozenset("xy"): 2, frozenset("yz"): 1}


def test_min_count_and_hub_cutoff():
    assert as_sets(compute_cocitation(hand_graph(), min_count=2)) == {frozenset("ab"): 2}
    # a and b are each cited by 2 papers, c by 2, x by 1: with max_citers=1 only x counts, which nobody shares.
    assert compute_coupling(hand_graph(), max_citers=1) == {}
    # y has 3 references: leaving it out drops its pairs
    assert as_sets(compute_cocitation(hand_graph(), max_refs=2)) == {frozenset("ab"): 1, frozenset("cx"): 1}


def test_cooccurrence_counts_papers_not_mentions():
    G = nx.DiGraph()
    G.add_node(1, keywords=["grokking", "double descent", "grokking"])
    G.add_node(2, keywords=["grokking", "double descent", "ntk"])
    G.add_node(3, keywords=["ntk"])
    assert compute_cooccurrence(G) == {("double descent", "grokking"): 2, ("double descent", "ntk"): 1,
                                       ("grokking", "ntk"): 1}
    assert compute_cooccurrence(G, min_count=2) == {("double descent", "grokking"): 2}


def test_related_papers_blend_and_reasons():
    G = hand_graph()
    nx.set_node_attributes(G, {"a": ["Grokking"], "b": ["grokking", "NTK"], "c": ["NTK"]}, "keywords")
    ranked = related_papers(G, "a", top=5)
    # b: co-cited by 2 papers (2.0) + shared "grokking" (0.5); c: co-cited by y (1.0).
    assert ranked[0] == ("b", 2.5, "co-cited by 2 papers; shared: grokking", "co-citation")
    assert ranked[1] == ("c", 1.0, "co-cited by 1 paper", "co-citation")
    # x cites a (1.0 direct) and shares no reference with a (a cites nothing).
    assert ("x", 1.0, "cites it", "citation") in ranked
    assert related_papers(G, "x")[0][:2] == ("y", 2.0)  # 2 shared references


def test_related_origin_is_the_strongest_signal_not_the_words():
    G = hand_graph()
    nx.set_node_attributes(G, {"x": ["a", "b", "c"], "y": ["a", "b", "c"], "z": ["a", "b"]}, "keywords")
    by_paper = {r.paper: r for r in related_papers(G, "x", top=10)}
    # y: 2 shared references (2.0) outweigh 3 shared concepts (1.5): coupling
    assert (by_paper["y"].score, by_paper["y"].origin) == (3.5, "coupling")
    # z cites x (1.0) and shares 2 concepts (1.0): a tie goes to the citation, the first signal
    assert (by_paper["z"].score, by_paper["z"].origin) == (2.0, "citation")
    # two shared authors (4.0) outweigh one co-citing paper (1.0)
    G = nx.DiGraph([("z", "p"), ("z", "q")])
    nx.set_node_attributes(G, {"p": ["Ann", "Bo"], "q": ["Ann", "Bo", "Cy"]}, "authors")
    assert related_papers(G, "p")[0].origin == "shared-authors"
    # linked only by a citation: no longer filed as shared concepts
    assert related_papers(nx.DiGraph([("p", "q")]), "p") == [("q", 1.0, "cited by it", "citation")]


def test_related_papers_unknown_paper():
    with pytest.raises(AtlasError, match="not in the graph"):
        related_papers(hand_graph(), "nope")
