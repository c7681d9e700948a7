"""Edges read as rows of their end nodes' keys: the embedded store's engine offsets give what the
portable key lookup gives, for every relationship type, properties and all (issue 27, point 3)."""
import numpy as np
import pyarrow as pa
import pytest

from graph.model import schema
from graph.store.base import GraphStore
from graph.store.embedded.store import EmbeddedStore
from tests.support.fixture_graph import write_fixture_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("edge-positions") / "atlas.lbug"
    write_fixture_store(path)
    with EmbeddedStore(path) as s:
        yield s


def _rows(source, target, table, start_keys, end_keys) -> list:
    """Each edge as (start key, end key, props...), sorted: the engine's row order is not part of the answer."""
    props = [table.column(name).to_pylist() for name in table.column_names]
    return sorted(zip(start_keys.take(pa.array(source)).to_pylist(), end_keys.take(pa.array(target)).to_pylist(),
                      *props), key=repr)


@pytest.mark.parametrize("rel", sorted(schema.REL_TYPES))
def test_offsets_and_key_lookup_give_the_same_edges(store, rel):
    start, end, props = schema.REL_TYPES[rel]
    # the caller's key order (reversed, to show the rows follow the caller's keys, not the engine's)
    start_keys = store.read_nodes(start, ["id"]).column("id").combine_chunks().sort(order="descending")
    end_keys = store.read_nodes(end, ["id"]).column("id").combine_chunks().sort(order="descending")
    fast = store.read_edge_positions(rel, list(props), start_keys, end_keys)
    portable = GraphStore.read_edge_positions(store, rel, list(props), start_keys, end_keys)
    assert fast[0].dtype == np.int32 and fast[2].column_names == list(props)
    assert _rows(*fast, start_keys, end_keys) == _rows(*portable, start_keys, end_keys)
    assert len(fast[0]) == store.query(f"MATCH ()-[r:{rel}]->() RETURN count(r)").rows[0][0]


def test_an_end_that_is_not_among_the_keys_is_named(store):
    keys = store.read_nodes("Paper", ["id"]).column("id").combine_chunks().sort()
    cited = store.query("MATCH (:Paper)-[:CITES]->(b:Paper) RETURN b.id ORDER BY b.id LIMIT 1").rows[0][0]
    fewer = keys.filter(pa.compute.not_equal(keys, cited))
    with pytest.raises(KeyError, match=cited):
        store.read_edge_positions("CITES", [], keys, fewer)
    with pytest.raises(KeyError, match=cited):
        GraphStore.read_edge_positions(store, "CITES", [], keys, fewer)
