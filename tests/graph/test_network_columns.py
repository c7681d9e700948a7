"""The edge order and values of the columnar exports (graph/export/network_columns.py) are NetworkX's
multigraph's: edges by source node, a pair's edges together where the pair first came, a repeated edge
once where it first came with its last values; on random graphs with parallel kinds and repeats."""
import random

import pytest

from graph.export.network_columns import kept_nodes, model_columns, multigraph_columns
from graph.export.network_formats import export_graph
from graph.model.graph_model import GraphModel
from graph.model.records import Cites, GraphRecords, HasKeyword, Keyword, Paper, Phenomenon, RelatedTo


def random_model(seed: int, papers: int = 30) -> tuple[GraphModel, list[tuple]]:
    """Papers citing and related to each other (some pairs both), keywords, phenomena, and text-similarity
    edges with repeats (the same pair twice, other scores) and pairs a stored edge joins too."""
    rng = random.Random(seed)
    ids = [f"p{i}" for i in range(papers)]
    rng.shuffle(ids)  # the model's key order is not the order the records come in
    r = GraphRecords(papers={p: Paper(p, f"Title {p}", year=2000 + rng.randrange(20)) for p in ids},
                     phenomena={f"f{i}": Phenomenon(f"f{i}", f"Phenomenon {i}") for i in range(3)},
                     keywords={f"k{i}": Keyword(f"k{i}", f"Keyword {i}") for i in range(5)})
    pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(papers * 3)]
    for a, b in pairs[:papers * 2]:
        r.add_edge(Cites(a, b))
    for a, b in pairs[papers:]:  # a third of them cited too
        r.add_edge(RelatedTo(a, b, "co-citation", round(rng.random(), 3)))
    for p in ids:
        for k in rng.sample(sorted(r.keywords), 2):
            r.add_edge(HasKeyword(p, k))
    similar = [(a, b, round(rng.random(), 3), f"reason {i}") for i, (a, b) in enumerate(rng.sample(pairs, 20))]
    similar += [(a, b, 0.99, "again") for a, b, _, _ in similar[:5]]  # repeats: kept first, last values
    return GraphModel.from_records(r), similar


@pytest.mark.parametrize("seed", range(6))
def test_edge_table_is_the_multigraph_order_with_repeats_and_parallel_kinds(seed):
    model, similar = random_model(seed)
    nodes, edges = model_columns(model, similar=similar)
    want_nodes, want_edges = multigraph_columns(export_graph(model, similar=similar))
    assert edges.num_rows == want_edges.num_rows
    assert edges.select(want_edges.column_names).equals(want_edges)
    again = [r for r in edges.to_pylist() if r["key"] == "RELATED_TO:text" and r["reason"] == "again"]
    assert len(again) == len({(a, b) for a, b, _, r in similar if r == "again"})  # one edge each, last values


@pytest.mark.parametrize("seed", range(3))
def test_edge_table_of_a_selection_is_the_multigraph_order(seed):
    model, similar = random_model(seed)
    chosen = set(sorted(model.papers)[::3])
    _, edges = model_columns(model, keep=kept_nodes(model, chosen), similar=similar)
    _, want = multigraph_columns(export_graph(model, papers=chosen, similar=similar))
    assert edges.num_rows and edges.select(want.column_names).equals(want)
