"""The embedded store's COPY FROM bulk path (empty graph) against its MERGE path."""
from __future__ import annotations

import pyarrow as pa
import pytest

from graph.errors import QueryError
from graph.model import schema
from graph.model.columnar import records_from_tables, tables_from_records
from graph.model.records import Cites, GraphRecords, Venue, Wrote
from graph.store.embedded.store import EmbeddedStore
from tests.support.query_fixture import fixture_records
from tests.support.store_rows import ZERO, edge_rows, expected_rows, node_rows


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


def test_write_tables_equals_write_records(tmp_path):
    """The columnar entry (tables in the COPY layout) writes the graph the records path writes."""
    records = fixture_records()
    tables = tables_from_records(records)
    assert records_from_tables(tables) == records  # one conversion each way, lossless
    with EmbeddedStore(tmp_path / "t.lbug", read_only=False) as by_tables, \
            EmbeddedStore(tmp_path / "r.lbug", read_only=False) as by_records:
        seen = []
        by_tables.write_tables(tables, {"k": 1}, progress=seen.append)
        by_records.write(records, {"k": 1})
        assert sum(seen) == sum(records.counts().values())
        assert by_tables.fingerprint() == by_records.fingerprint()
        assert by_tables.counts() == records.counts()


def test_write_tables_keeps_last_row_per_key_and_drops_dangling_edges(tmp_path):
    """As MERGE + SET would: a repeated key keeps its last row; an edge to no node is dropped."""
    tables = {"Paper": pa.table({"id": ["a", "b", "a"], "title": ["old", "B", "new"], "year": [1, 2, 3]}),
              "CITES": pa.table({"from": ["a", "a", "b", "b"], "to": ["b", "b", "a", "zz"],
                                 "origin": ["x", "y", "z", "w"]})}
    with EmbeddedStore(tmp_path / "g.lbug", read_only=False) as store:
        store.write_tables(tables)
        papers = store.query("MATCH (p:Paper) RETURN p.id, p.title, p.year, p.in_catalog ORDER BY p.id").rows
        cites = store.query("MATCH (a)-[r:CITES]->(b) RETURN a.id, b.id, r.origin ORDER BY a.id").rows
    assert papers == [["a", "new", 3, None], ["b", "B", 2, None]]  # missing columns are null, as unset
    assert cites == [["a", "b", "y"], ["b", "a", "z"]]


def test_write_tables_refuses_a_column_of_the_wrong_type(tmp_path):
    with EmbeddedStore(tmp_path / "g.lbug", read_only=False) as store:
        store.write(fixture_records())
        before = store.fingerprint()
        with pytest.raises(QueryError, match="Paper.*schema type"):
            store.write_tables({"Paper": pa.table({"id": ["a"], "title": ["A"], "year": ["not a year"]})})
        assert store.fingerprint() == before  # nothing half-written
