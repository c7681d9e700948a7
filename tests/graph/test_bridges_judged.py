"""Bridges on the catalog build: specific reasons only, and pairs without a real bridge say so."""
from __future__ import annotations

import re

import pytest

from graph.analytics.bridge_papers import _generic, no_bridge_message, rank_bridges
from tests.support.catalog_build import catalog_model

# Judged by hand: no catalog paper is about neural collapse and double descent, or about the information
# bottleneck and double descent, nor carries the two sides' own ideas together.  A listed bridge
# must be one of these (none), so the right answer is an explicit "no paper bridges …".
JUDGED_BRIDGES = {("neural-collapse", "double-descent"): set(),
                  ("information-bottleneck", "double-descent"): set()}
# Pairs with real bridges in the catalog: the first must stay on top.
KNOWN_BRIDGES = {("grokking", "double-descent"): "arxiv:2303.06173",  # Unifying Grokking and Double Descent
                 ("lottery-ticket-hypothesis", "neural-tangent-kernel"): "arxiv:2006.08228"}  # Neural Tangent Transfer


@pytest.fixture(scope="module")
def model():
    return catalog_model()


@pytest.mark.parametrize("pair", sorted(JUDGED_BRIDGES))
def test_pairs_without_a_real_bridge_are_relevant_or_explicitly_empty(model, pair, capsys):
    rows = rank_bridges(model.citation_graph(), *pair, top=5, names=model.phenomenon_names)
    with capsys.disabled():
        shown = "; ".join(f"{r['title'][:50]} ({'; '.join(r['reasons'])})" for r in rows) or no_bridge_message(*pair)
        print(f"\n[bridges] {pair[0]} × {pair[1]}: {shown}")
    assert {r["paper"] for r in rows} <= JUDGED_BRIDGES[pair]
    if not rows:
        assert no_bridge_message("Neural Collapse", "Double Descent").startswith(
            "no paper bridges Neural Collapse and Double Descent in this graph")


@pytest.mark.parametrize("pair", sorted(KNOWN_BRIDGES))
def test_real_bridges_stay_on_top(model, pair, capsys):
    rows = rank_bridges(model.citation_graph(), *pair, top=5, names=model.phenomenon_names)
    with capsys.disabled():
        print(f"\n[bridges] {pair[0]} × {pair[1]}: " + "; ".join(r["title"][:45] for r in rows))
    assert rows[0]["paper"] == KNOWN_BRIDGES[pair]


def test_every_shared_term_in_a_reason_is_specific(model):
    G = model.citation_graph()
    sizes = {}
    for _, phens in G.nodes(data="phenomena"):
        for p in phens or ():
            sizes[p] = sizes.get(p, 0) + 1
    keys = sorted(sorted(sizes, key=lambda p: -sizes[p])[:10])  # the ten largest: 45 pairs
    seen = 0
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            for row in rank_bridges(G, a, b, top=10):
                for reason in row["reasons"]:
                    for term in re.findall(r"'([^']+)'", reason):
                        seen += 1
                        assert not _generic(term) and term not in {"two", "help", "survey", "theory"}, (a, b, reason)
    assert seen  # some reasons do share terms: the check ran on something
