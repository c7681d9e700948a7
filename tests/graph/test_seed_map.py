"""The seed-paper map on small graphs whose answers are known by hand, and on the real catalog."""
from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graph.analytics.seed_map import LINKS_PER_PAPER, MIN_LINK, build_seed_map, find_paper, pair_scores
from graph.errors import AtlasError
from tests.support.catalog_build import catalog_model


def _paper(G, key, title, year=2020, keywords=(), phenomena=(), authors=(), citations=None, **extra):
    G.add_node(key, title=title, year=year, keywords=list(keywords), phenomena=list(phenomena),
               phenomenon_names=list(phenomena), authors=list(authors), citation_count=citations, **extra)


def _two_topics() -> nx.DiGraph:
    """Grokking papers g0..g5 and double-descent papers d0..d5 with no citations; m1 names both topics."""
    G = nx.DiGraph()
    for i in range(6):
        _paper(G, f"g{i}", f"Grokking modular arithmetic delayed generalization study {i}", keywords=["grokking"],
               authors=[f"A{i}"])
        _paper(G, f"d{i}", f"Double descent interpolation threshold risk curve {i}", keywords=["double descent"],
               authors=[f"B{i}"])
    _paper(G, "m1", "Grokking and double descent unified", keywords=["grokking", "double descent"])
    for i in range(30):  # unrelated papers, so the two topics' words are rare
        _paper(G, f"x{i}", f"Unrelated topic number {i} about pruning sparse lottery", keywords=[f"k{i}"])
    return G


def test_one_seed_maps_its_topic_first_labelled_by_reasons():
    m = build_seed_map(_two_topics(), ["g0"], size=6)
    assert m.seeds == ["g0"] and len(m.papers) == 6
    assert set(m.papers[:5]) == {"g1", "g2", "g3", "g4", "g5"}  # same topic first
    assert all(m.score[a] >= m.score[b] for a, b in zip(m.papers, m.papers[1:]))
    assert any("shared: grokking" in r for r in m.reasons["g1"])
    assert m.size_by == "knowledge links" and not m.has_citations  # no citation counts, no citations


def test_several_seeds_rank_the_paper_close_to_all_of_them_first():
    m = build_seed_map(_two_topics(), ["g0", "d0"], size=5)
    assert m.papers[0] == "m1"  # the mean over the seeds: close to both beats close to one
    assert any(r.startswith("to ") for r in m.reasons["m1"])  # reasons say which seed they are about


def test_links_keep_each_papers_strongest_pairs_and_the_layout_is_seeded():
    G = _two_topics()
    m = build_seed_map(G, ["g0"], size=10, seed=3)
    pairs = pair_scores(G, m.nodes)
    linked = {v for u, w, _ in m.links for v in (u, w)}
    assert linked == set(m.nodes)  # every paper is drawn with at least its best link
    for u, v, s in m.links:
        assert pairs[(u, v)] == s
    ranked = {v: sorted(((s, pair) for pair, s in pairs.items() if v in pair), key=lambda t: (-t[0], t[1]))
              for v in m.nodes}
    for u, v, s in m.links:  # chosen by one of its ends: among its strongest, and strong enough unless its best
        chosen = [ranked[end].index((s, (u, v))) for end in (u, v)]
        assert min(chosen) < LINKS_PER_PAPER
        assert s >= MIN_LINK or 0 in chosen
    assert len(m.links) < len(pairs)  # not every pair is drawn
    assert m.positions["g0"] == (0.0, 0.0)  # the seed at the centre
    again = build_seed_map(G, ["g0"], size=10, seed=3)
    other = build_seed_map(G, ["g0"], size=10, seed=4)
    assert again.positions == m.positions and other.positions != m.positions


def test_citations_give_cocitation_prior_and_derivative_works_and_sizes():
    # s is the seed; c1, c2 cite s and t (co-citation); s and t both cite r1, r2 (coupling);
    # z1, z2 cite s and t (z1 also u): t is co-cited by c1, c2, z1, z2.
    G = nx.DiGraph()
    for key in ("s", "t", "u", "c1", "c2", "r1", "r2", "z1", "z2", "far"):
        _paper(G, key, f"Paper {key}", citations=len(key) * 10)
    G.add_edges_from([("c1", "s"), ("c1", "t"), ("c2", "s"), ("c2", "t"), ("s", "r1"), ("s", "r2"),
                      ("t", "r1"), ("t", "r2"), ("u", "s"), ("z1", "s"), ("z1", "t"), ("z1", "u"),
                      ("z2", "s"), ("z2", "t")])
    m = build_seed_map(G, ["s"], size=2)
    assert m.papers[0] == "t"
    assert any("co-cited by 4 papers" in r for r in m.reasons["t"]) and any("2 shared references" in r
                                                                            for r in m.reasons["t"])
    members = set(m.nodes)
    assert m.nodes == ["s", "t", "u"] and m.cites == [("u", "s")]  # u cites the seed: the next best
    assert m.prior == [("r1", 2), ("r2", 2)]  # cited by two papers of the map
    assert m.derivative == [("z1", 3), ("c1", 2), ("c2", 2), ("z2", 2)]  # z1 cites all three
    assert m.size_by == "citations" and m.size_of["s"] == 10.0
    assert "far" not in members


def test_errors_are_one_line():
    G = _two_topics()
    with pytest.raises(AtlasError, match="not in the graph"):
        build_seed_map(G, ["nope"])
    with pytest.raises(AtlasError, match="1 to 100"):
        build_seed_map(G, ["g0"], size=0)
    with pytest.raises(AtlasError, match="at least one"):
        build_seed_map(G, [])


def test_find_paper_by_key_arxiv_id_doi_url_and_title():
    G = nx.DiGraph()
    _paper(G, "doi:10.1073/pnas.1903070116", "Reconciling modern machine learning practice", arxiv_id="1812.11118",
           doi="10.1073/pnas.1903070116")
    key = "doi:10.1073/pnas.1903070116"
    for ref in (key, "1812.11118", "arXiv:1812.11118v2", "https://arxiv.org/abs/1812.11118",
                "10.1073/PNAS.1903070116", "https://doi.org/10.1073/pnas.1903070116",
                "reconciling modern machine learning practice"):
        assert find_paper(G, ref) == key, ref
    assert find_paper(G, "2201.02177") is None and find_paper(G, "") is None


def test_random_graphs_keep_the_maps_invariants():
    rng = random.Random(11)
    words = ["grokking", "descent", "collapse", "lottery", "kernel", "bottleneck", "bias", "emergence"]
    G = nx.DiGraph()
    for i in range(120):
        _paper(G, f"p{i}", " ".join(rng.sample(words, 3)) + f" {i}", keywords=rng.sample(words, 2),
               year=2015 + i % 10)
    for i in range(120):
        for j in rng.sample(range(120), 3):
            if i != j:
                G.add_edge(f"p{i}", f"p{j}")
    m = build_seed_map(G, ["p0", "p1"], size=40)
    assert len(m.papers) == 40 and not set(m.papers) & {"p0", "p1"}
    assert len(set(m.positions)) == 42 and all(abs(x) <= 480 and abs(y) <= 480 for x, y in m.positions.values())
    points = list(m.positions.values())
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])
    assert closest >= 46  # no two papers drawn on top of each other (dots are up to 27 px across)
    assert all(u in m.nodes and v in m.nodes for u, v in m.cites)
    assert all(k not in m.nodes for k, _ in m.prior + m.derivative)


def test_seed_map_of_a_grokking_paper_on_the_catalog_is_mostly_grokking():
    model = catalog_model()
    G = model.citation_graph()
    seed = find_paper(G, "2201.02177")
    m = build_seed_map(G, [seed], size=40)
    about = {k for k, fs in model.about.items() if any("grokking" in f for f in fs)}
    top = m.papers[:10]
    print(f"\n{sum(k in about for k in top)} of the top 10 are about grokking")
    assert sum(k in about for k in top) >= 7
    assert m.size_by == "knowledge links"  # the offline catalog has no citation counts
