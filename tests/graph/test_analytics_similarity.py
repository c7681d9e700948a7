"""Co-citation, coupling, co-occurrence and related papers on a hand-checked graph."""
import networkx as nx
import pytest

from graph.analytics.similarity import compute_cocitation, compute_cooccurrence, compute_coupling, related_papers
from graph.errors import AtlasError


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
    # b: co-cited by 2 papers (2/(2+2) = 0.5) + shared "grokking" + the same keyword in its text; c: co-cited by y.
    assert ranked[0].paper == "b"
    assert ranked[0].reason.startswith("co-cited by 2 papers; shared: grokking; similar text")
    assert ranked[1] == ("c", round(1 / 3, 4), "co-cited by 1 paper", "co-citation")
    # x cites a (direct: 1/(1+2)) and shares no reference with a (a cites nothing).
    assert ("x", round(1 / 3, 4), "cites it", "citation") in ranked
    assert related_papers(G, "x")[0][:2] == ("y", 0.5)  # 2 shared references: 2/(2+2)


def test_related_origin_is_the_strongest_signal_not_the_words():
    G = hand_graph()
    by_paper = {r.paper: r for r in related_papers(G, "x", top=10)}
    assert by_paper["y"].origin == "coupling" and by_paper["z"].origin == "citation"
    # linked only by a citation: filed as a citation
    assert related_papers(nx.DiGraph([("p", "q")]), "p") == [("q", round(1 / 3, 4), "cited by it", "citation")]


def topic_graph():
    G = nx.DiGraph()
    G.add_node("seed", title="Grokking in modular arithmetic", authors=["Ann", "Bo"])
    G.add_node("topic", title="Grokking beyond modular arithmetic", authors=["Cy"])
    G.add_node("coauthor", title="Grokking beyond modular arithmetic", authors=["Ann", "Bo"])
    G.add_node("friends", title="Protein folding with transformers", authors=["Ann", "Bo"])
    G.add_node("generic", title="Convergence of two-layer neural networks: a survey", authors=["Dee"])
    G.add_node("generic2", title="Convergence of deep neural networks: help from two layers", authors=["Eve"])
    return G


def test_shared_authors_add_to_topic_but_never_outrank_it_alone():
    ranked = related_papers(topic_graph(), "seed", top=10)
    order = [r.paper for r in ranked]
    assert order == ["coauthor", "topic", "friends"]  # the co-authors' unrelated paper comes last
    by_paper = {r.paper: r for r in ranked}
    assert by_paper["coauthor"].score == pytest.approx(by_paper["topic"].score * 1.2, abs=1e-3)  # 2 shared authors
    assert by_paper["friends"].score == 0.0 and by_paper["friends"].origin == "shared-authors"
    assert "shared authors (2): Ann, Bo" in by_paper["friends"].reason


def test_generic_words_relate_nothing():
    # "convergence", "two", "neural", "networks", "deep", "help", "survey": no weight at all
    ranked = related_papers(topic_graph(), "generic", top=10)
    assert ranked == []
    from graph.analytics.text_similarity import text_scores
    assert text_scores(topic_graph(), "generic") == {}


def test_related_papers_unknown_paper():
    with pytest.raises(AtlasError, match="not in the graph"):
        related_papers(hand_graph(), "nope")
