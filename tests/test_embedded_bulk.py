"""The embedded store's COPY FROM bulk path (empty graph) against its MERGE path."""
from __future__ import annotations

import pytest

from graph import schema
from graph.errors import QueryError
from graph.records import Cites, GraphRecords, Venue, Wrote
from graph.store.embedded import EmbeddedStore
from tests.query_fixture import fixture_records
from tests.test_neo4j_store import ZERO, edge_rows, expected_rows, node_rows


def subset(records: GraphRecords) -> GraphRecords:
    small = GraphRecords()
    small.phenomena = dict(records.phenomena)
    return small


def test_bulk_and_merge_paths_write_the_same_graph(tmp_path):
    records = fixture_records()
    with EmbeddedStore(tmp_path / "bulk.lbug", read_only=False) as bulk, \
            EmbeddedStore(tmp_path / "merge.lbug", read_only=False) as merge:
        bulk.write(records, {"k": [1, 2]})  # empty graph: COPY FROM
        merge.write(subset(records))  # not empty afterwards: the next write MERGEs
        merge.write(records, {"k": [1, 2]})
        expected = expected_rows(records)
        assert bulk.counts() == merge.counts() == records.counts()
        for label in schema.NODE_LABELS:
            assert node_rows(bulk, label) == node_rows(merge, label) == expected[label]
        for rel in schema.REL_TYPES:
            assert edge_rows(bulk, rel) == edge_rows(merge, rel) == expected[rel]
        assert bulk.get_meta("k") == merge.get_meta("k") == [1, 2]


def test_bulk_path_drops_dangling_edges_like_merge(tmp_path):
    records = fixture_records()
    records.add_edge(Cites("arxiv:2201.02177", "arxiv:0000.00000"))
    records.add_edge(Wrote("author:nobody", "arxiv:2201.02177"))
    seen = []
    with EmbeddedStore(tmp_path / "g.lbug", read_only=False) as store:
        store.write(records, progress=seen.append)
        counts = store.counts()
    assert counts["CITES"] == records.counts()["CITES"] - 1
    assert counts["WROTE"] == records.counts()["WROTE"] - 1
    assert sum(seen) == sum(records.counts().values())  # progress covers every row handed in


def test_failed_bulk_write_leaves_nothing(tmp_path):
    records = fixture_records()
    records.venues["venue:bad"] = Venue("venue:bad", {"not": "a string"})
    with EmbeddedStore(tmp_path / "g.lbug", read_only=False) as store:
        with pytest.raises(QueryError, match="Venue"):
            store.write(records)
        assert store.counts() == ZERO


def test_interrupted_bulk_write_leaves_nothing(tmp_path):
    def progress(n):
        if progress.calls == 2:
            raise KeyboardInterrupt
        progress.calls += 1
    progress.calls = 0

    with EmbeddedStore(tmp_path / "g.lbug", read_only=False) as store:
        with pytest.raises(KeyboardInterrupt):
            store.write(fixture_records(), progress=progress)
        assert store.counts() == ZERO
        store.write(fixture_records())  # and the graph is still usable
        assert store.counts() == fixture_records().counts()
