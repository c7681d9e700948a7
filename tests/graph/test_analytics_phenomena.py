"""Phenomenon analytics: the map, bridges between two phenomena, timelines."""
import networkx as nx
import pytest

from graph.analytics.bridge_papers import rank_bridges as bridge_papers
from graph.analytics.phenomena import phenomenon_map, phenomenon_papers, phenomenon_timeline
from graph.errors import AtlasError


def two_phenomena():
    """Six papers about A and six about B, each citing earlier papers of its own
    phenomenon; ``m`` (about neither) is cited by every B paper and cites a0..a2:
    the true bridge.  Decoys: ``w`` (one B paper -> w -> a3), ``r`` (a4 -> r -> b0,
    the other direction), ``hub`` (cited by every A paper, cites nothing)."""
    G = nx.DiGraph()
    for side in "ab":
        for i in range(6):
            G.add_node(f"{side}{i}", phenomena=["A" if side == "a" else "B"], year=2015 + i, title=f"{side}{i}")
            G.add_edges_from((f"{side}{i}", f"{side}{j}") for j in range(max(0, i - 2), i))
    for node in ("m", "w", "r", "hub"):
        G.add_node(node, phenomena=[], title=node)
    G.add_edges_from((f"b{i}", "m") for i in range(6))
    G.add_edges_from(("m", f"a{j}") for j in range(3))
    G.add_edges_from([("b0", "w"), ("w", "a3"), ("a4", "r"), ("r", "b0"), ("b5", "a5")])
    G.add_edges_from((f"a{i}", "hub") for i in range(6))
    return G


def test_true_bridge_ranks_first_with_paths():
    ranked = bridge_papers(two_phenomena(), "A", "B", top=5)
    best = ranked[0]
    assert best["paper"] == "m"
    assert best["a_to_b"] > 0 and best["b_to_a"] == 0
    assert ranked[0]["score"] > 2 * ranked[1]["score"]
    for path in best["paths"]:
        assert path[0].startswith("b") and "m" in path and path[-1].startswith("a")
        assert all(two_phenomena().has_edge(u, v) for u, v in zip(path, path[1:]))
    by_paper = {row["paper"]: row for row in ranked}
    assert by_paper["r"]["b_to_a"] > 0 and by_paper["r"]["a_to_b"] == 0  # flow from B into A
    assert "hub" not in by_paper  # cited by A only: carries nothing between A and B


def test_bridge_is_symmetric_in_the_two_phenomena():
    G = two_phenomena()
    ab = [(r["paper"], r["score"]) for r in bridge_papers(G, "A", "B")]
    ba = [(r["paper"], r["score"]) for r in bridge_papers(G, "B", "A")]
    assert ab == ba


def test_bridge_backends_agree():
    G = nx.gnm_random_graph(400, 2400, seed=9, directed=True)
    nx.set_node_attributes(G, {v: (["A"] if v % 7 == 0 else ["B"] if v % 11 == 0 else []) for v in G}, "phenomena")
    slow = bridge_papers(G, "A", "B", top=20, backend="networkx")
    fast = bridge_papers(G, "A", "B", top=20, backend="igraph")
    assert [r["paper"] for r in fast] == [r["paper"] for r in slow]
    assert [r["score"] for r in fast] == pytest.approx([r["score"] for r in slow])
    assert fast[0]["paths"] == slow[0]["paths"]


def test_bridge_unknown_phenomenon():
    with pytest.raises(AtlasError, match="no papers about C"):
        bridge_papers(two_phenomena(), "A", "C")


def test_phenomenon_map_by_hand():
    G = nx.DiGraph([("p", "q"), ("p", "s"), ("s", "q"), ("t", "p")])
    nx.set_node_attributes(G, {"p": ["A"], "q": ["A", "B"], "s": ["B"], "t": ["C"]}, "phenomena")
    # A->B edges: p->q (q is B), p->s; B->A: s->q (q is A); q is shared by A and B.
    # C->A: t->p.  Co-cited: p's references (q, s) and s's (q) cover A and B; t's (p) only A.
    assert phenomenon_map(G) == [
        {"a": "A", "b": "B", "shared_papers": 1, "a_cites_b": 2, "b_cites_a": 1, "cocitations": 2},
        {"a": "A", "b": "C", "shared_papers": 0, "a_cites_b": 0, "b_cites_a": 1, "cocitations": 0},
    ]
    assert phenomenon_papers(G) == {"A": {"p", "q"}, "B": {"q", "s"}, "C": {"t"}}


def test_timeline_first_paper_per_year_and_spread():
    G = two_phenomena()
    clusters = {f"a{i}": (0 if i < 4 else 1) for i in range(6)}
    t = phenomenon_timeline(G, "A", clusters)
    assert (t["first_paper"], t["first_year"], t["papers"]) == ("a0", 2015, 6)
    assert t["papers_per_year"] == {2015 + i: 1 for i in range(6)}
    assert t["home_cluster"] == 0 and t["spread_year"] == 2019
    assert t["cluster_first_year"] == {0: 2015, 1: 2019}
    assert "spread_year" not in phenomenon_timeline(G, "A")


def _offline():
    """No citations: the shared-concept signal alone, answers known by hand."""
    G = nx.DiGraph()
    nodes = {
        "both": (["A", "B"], {"A": "strong", "B": "strong"}, "Unifying alpha and beta", []),
        "both_weak": (["A"], {"A": "strong", "B": "weak"}, "Alpha with a beta keyword", []),
        "a_like_b": (["A"], {"A": "strong"}, "Alpha complexity dynamics", []),
        "a_rec": (["A"], {"A": "medium"}, "Alpha zebra", []),
        "a_generic": (["A"], {"A": "strong"}, "Alpha: two networks help, a survey", []),
        "b1": (["B"], {"B": "strong"}, "Beta complexity measures: two networks help, a survey", []),
        "b2": (["B"], {"B": "strong"}, "Beta simplicity and complexity: two networks help, a survey", []),
        "neither": ([], {}, "Complexity of everything", []),
        **{f"other{i}": ([], {}, f"Gamma topic {i}", []) for i in range(6)},  # the rest of the field
    }
    for v, (phens, conf, title, kws) in nodes.items():
        G.add_node(v, phenomena=phens, phenomenon_confidence=conf, title=title, keywords=kws, related=[])
    G.nodes["a_rec"]["related"], G.nodes["b2"]["related"] = ["b2"], ["a_rec"]  # a similarity edge
    return G


def test_offline_bridges_rank_co_tags_then_look_alikes_with_reasons():
    rows = bridge_papers(_offline(), "A", "B", names={"A": "Alpha", "B": "Beta"})
    order = [r["paper"] for r in rows]
    assert order[:2] == ["both", "both_weak"]
    assert rows[0]["score"] == 1.0 and rows[0]["reasons"] == ["about Alpha (strong tag)", "about Beta (strong tag)"]
    assert rows[1]["reasons"][1] == "about Beta (weak tag)"
    assert {"a_like_b", "a_rec"} <= set(order) and "neither" not in order  # about neither: not this signal
    assert "a_generic" not in order  # "two", "networks", "help", "survey" are no bridge
    like = next(r for r in rows if r["paper"] == "a_like_b")
    assert "shares 'complexity'" in like["reasons"][1] and "b1" in like["linked"]
    rec = next(r for r in rows if r["paper"] == "a_rec")
    assert rec["reasons"][1] == "similar to 1 Beta paper" and rec["linked"] == ["b2"]
    assert all(r["method"] == "shared concepts" and r["paths"] == [] for r in rows)
