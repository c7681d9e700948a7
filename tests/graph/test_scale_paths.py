"""The bulk paths of issue 17 on real stores: columns pulled in batches, edge arrays, batched write-back, the overview."""
import math
import os

import pytest

from app.pipeline.analytics import analyze
from graph.analytics.analyze import compute_analytics, write_analytics
from graph.analytics.networks import build_citation_graph
from graph.drawing.overview import OTHER, compute_overview, load_drill_down, load_overview
from graph.errors import ConfigError
from graph.model.columnar import edge_arrays
from graph.model.read import load_graph_model
from graph.store.embedded.store import EmbeddedStore
from tests.support.analytics_data import DD, GROKKING, example_records

CI = os.environ.get("CI") == "true"


@pytest.fixture
def embedded(tmp_path):
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as s:
        s.write(example_records())
        yield s


@pytest.fixture(params=["embedded", "neo4j"])
def store(request, tmp_path):
    if request.param == "embedded":
        with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as s:
            s.write(example_records())
            yield s
    else:
        s = request.getfixturevalue("empty_neo4j_store")
        s.write(example_records())
        yield s


def _same_graph(G, H):
    assert list(G.nodes) == list(H.nodes) or set(G.nodes) == set(H.nodes)
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert set(G.edges) == set(H.edges)


CITES = "MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.id AS a, b.id AS b"


def load_citation_graph(store):
    return build_citation_graph(load_graph_model(store, cache=False))


def test_model_read_by_columns_equals_records_path(store):
    """The model read by batched column pulls gives the graph the records give, on both engines."""
    expected = build_citation_graph(example_records())
    G = load_citation_graph(store)
    _same_graph(G, expected)
    arrays = edge_arrays(G)
    assert edge_arrays(G) is arrays is G.graph["citation_arrays"]  # one walk over the edges, then reused
    assert sorted((arrays.ids[a], arrays.ids[b]) for a, b in zip(arrays.src, arrays.dst)) == sorted(expected.edges)


def test_projection_streams_in_batches(store):
    """The edges come in pulls of ``batch_size`` rows (Neo4j: one fetch per batch), nothing more."""
    pulls = []
    table = store.query_columns(CITES, batch_size=3, progress=pulls.append)
    n = len(example_records().cites)
    assert table.num_rows == n and table.column_names == ["a", "b"]
    assert sum(pulls) == n and max(pulls) <= 3 and len(pulls) == math.ceil(n / 3)


def test_analytics_from_the_store_match_records_path(store):
    """`analyze` on what the store gives back stores the same scores as the records compute."""
    expected = compute_analytics(example_records(), seed=3)
    got = analyze(store, seed=3)
    assert got.clusters == expected.clusters and got.scores == expected.scores
    rows = dict(store.query("MATCH (p:Paper) RETURN p.id, p.cluster").rows)
    assert rows == {v: s["cluster"] for v, s in expected.scores.items()}


def test_write_back_batches_every_row(store):
    """Scores go back in batches (LOAD FROM on LadybugDB, UNWIND on Neo4j): every row lands."""
    result = compute_analytics(load_citation_graph(store), seed=1)
    assert write_analytics(store, result, batch_size=2) == len(result.scores)
    stored = dict(store.query("MATCH (p:Paper) RETURN p.id, p.pagerank").rows)
    assert stored == pytest.approx({v: s["pagerank"] for v, s in result.scores.items()})
    labels = dict(store.query("MATCH (p:Paper) RETURN p.id, p.cluster_label").rows)
    assert labels == {v: s["cluster_label"] for v, s in result.scores.items()}


def test_set_properties_refuses_unknown_columns(embedded):
    import pyarrow as pa

    with pytest.raises(ValueError, match="unknown: \\['nonsense'\\]"):
        embedded.set_properties("Paper", pa.table({"id": ["x"], "nonsense": [1]}))
    with pytest.raises(ValueError, match="unknown node label"):
        embedded.set_properties("Paper) DETACH DELETE (n", pa.table({"id": ["x"]}))


def test_overview_of_a_store_counts_citations_between_groups(store):
    result = analyze(store, seed=3)
    G = result.graph
    ov = load_overview(store, "cluster")
    assert ov.papers == len(G) and ov.groups == len(result.clusters) and ov.ungrouped == 0
    assert sum(n.papers for n in ov.nodes) == len(G)
    index = {v: s["cluster"] for v, s in result.scores.items()}
    between = sum(1 for u, v in G.edges if index[u] != index[v])
    within = sum(1 for u, v in G.edges if index[u] == index[v])
    assert sum(e.citations for e in ov.edges) == between and sum(n.internal_citations for n in ov.nodes) == within
    phen = load_overview(store, "phenomenon")
    assert {n.key: n.papers for n in phen.nodes} == {GROKKING: 3, DD: 3} or \
        {n.key for n in phen.nodes} == {GROKKING, DD}
    by_hand = {(u, v) for u, v in G.edges if GROKKING in G.nodes[u]["phenomena"] and DD in G.nodes[v]["phenomena"]
               or DD in G.nodes[u]["phenomena"] and GROKKING in G.nodes[v]["phenomena"]}
    assert sum(e.citations for e in phen.edges) == len(by_hand)
    assert phen.ungrouped == sum(1 for v in G if not G.nodes[v]["phenomena"])


def test_drill_down_says_how_many_it_shows(store):
    analyze(store, seed=3)
    ov = load_overview(store, "cluster")
    big = ov.nodes[0]
    part = load_drill_down(store, "cluster", big.key, top=2)
    assert part.total == big.papers and len(part.papers) == min(2, big.papers)
    assert f"showing {len(part.papers)} of {big.papers}" in part.summary()
    ids = {p["id"] for p in part.papers}
    assert all(a in ids and b in ids for a, b in part.cites)
    whole = load_drill_down(store, "phenomenon", GROKKING)
    assert whole.total == len(whole.papers) and whole.label == "Grokking"
    with pytest.raises(ConfigError, match="no phenomenon"):
        load_drill_down(store, "phenomenon", "phen:nothing")


def test_overview_folds_small_groups_explicitly():
    sizes = {i: 100 - i for i in range(50)}
    links = {(i, (i + 1) % 50): 1 for i in range(50)}
    ov = compute_overview(sizes, links, kind="cluster", max_nodes=10)
    assert len(ov.nodes) == 11 and ov.nodes[-1].key == OTHER and ov.folded == 40
    assert sum(n.papers for n in ov.nodes) == sum(sizes.values())  # nothing dropped
    assert sum(e.citations for e in ov.edges) + sum(n.internal_citations for n in ov.nodes) == 50
    assert "40 smaller clusters folded" in ov.summary()
    with pytest.raises(ConfigError):
        compute_overview(sizes, links, kind="author")


def test_strongest_links_keep_a_backbone_that_reaches_every_linked_group():
    import random

    from graph.drawing.overview import strongest_links

    rng = random.Random(3)
    sizes = {i: rng.randint(50, 5000) for i in range(120)}
    links = {(a, b): rng.randint(1, 400) for a in sizes for b in sizes if a != b and rng.random() < 0.5}
    ov = compute_overview(sizes, links, kind="cluster")
    assert ov.folded == 0 and len(ov.nodes) == 120  # up to MAX_GROUPS groups, none folded
    kept = strongest_links(ov, per_node=3)
    ends = {k for e in kept for k in (e.source, e.target)}
    assert ends == {n.key for n in ov.nodes}  # every group keeps its strongest links
    assert len(kept) <= 3 * len(ov.nodes) < len(ov.edges)
    papers = {n.key: n.papers for n in ov.nodes}
    for node in ov.nodes:  # a group's best link by association strength is always drawn
        mine = [e for e in ov.edges if node.key in (e.source, e.target)]
        best = max(mine, key=lambda e: e.citations / (papers[e.source] * papers[e.target]))
        assert best in kept
