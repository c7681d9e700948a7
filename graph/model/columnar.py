"""Columnar graph data: pyarrow tables and numpy arrays for graphs too big for a record per row.

The record model (:mod:`graph.model.records`) stays the interface for small graphs
and tests; at two-hop scale (500k papers, 5M citations) the bulk path carries
columns instead: the store's COPY layout (one pyarrow table per node label and
relationship type: :func:`tables_from_records`, written by
:meth:`graph.store.embedded.store.EmbeddedStore.write_tables`) on the way in, and
:class:`CitationArrays` (paper keys plus int32 edge arrays) on the way to
analytics.  :func:`tables_from_records` and :func:`records_from_tables` are the
one conversion each way between records and that layout.

>>> import pyarrow as pa
>>> tables = {"Paper": pa.table({"id": ["a", "b"], "title": ["A", "B"]}),
...           "CITES": pa.table({"from": ["a"], "to": ["b"]})}
>>> r = records_from_tables(tables)
>>> r.papers["b"].title, list(r.cites)
('B', [('a', 'b')])
>>> back = tables_from_records(r)
>>> back["CITES"].column_names, back["Paper"].column("title").to_pylist()
(['from', 'to', 'is_influential', 'intents', 'origin'], ['A', 'B'])
>>> arrays = citation_arrays(["a", "b", "c"], ["a", "c"], ["b", "b"])
>>> arrays.src.tolist(), arrays.dst.tolist(), arrays.in_degree().tolist()
([0, 2], [1, 1], [0, 2, 0])
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from operator import attrgetter

import numpy as np

from graph.errors import QueryError, one_line
from graph.model import records as rec
from graph.model import schema

__all__ = ["CitationArrays", "citation_arrays", "edge_arrays", "records_from_tables", "tables_from_records",
           "table_schema", "bulk_tables", "TABLE_BUCKETS", "NodeColumns"]

# Table name -> attribute of GraphRecords that holds its records.
TABLE_BUCKETS = {"Paper": "papers", "Author": "authors", "Venue": "venues", "Keyword": "keywords",
                 "Phenomenon": "phenomena", "CITES": "cites", "WROTE": "wrote", "HAS_KEYWORD": "has_keyword",
                 "ABOUT": "about", "PUBLISHED_IN": "published_in", "RELATED_TO": "related_to",
                 "BROADER": "broader", "Section": "sections", "LISTED_IN": "listed_in"}


def table_schema(name: str):
    """The pyarrow schema of table ``name`` in the COPY layout: a node label's properties in
    schema order, or a relationship type's ``from``, ``to`` and then its properties."""
    import pyarrow as pa

    types = {"STRING": pa.string(), "INT64": pa.int64(), "BOOLEAN": pa.bool_(),
             "STRING[]": pa.list_(pa.string()), "DOUBLE": pa.float64()}
    if name in schema.NODE_LABELS:
        props = schema.NODE_LABELS[name]
    else:
        props = {"from": "STRING", "to": "STRING", **schema.REL_TYPES[name][2]}
    return pa.schema([(p, types[t]) for p, t in props.items()])


def tables_from_records(records: rec.GraphRecords) -> dict:
    """Every node label and relationship type of ``records`` as a pyarrow table in the COPY layout.

    One column at a time straight from the records (no per-row dicts); rows in
    the records' order, duplicates and dangling edges left to the writer.
    A value that does not fit its column raises :class:`graph.errors.QueryError`.
    """
    import pyarrow as pa

    out = {}
    for name, items in {**records.nodes(), **records.edges()}.items():
        target = table_schema(name)
        try:
            out[name] = pa.table([pa.array(list(map(attrgetter(_FIELD.get(f.name, f.name)), items)), type=f.type)
                                  for f in target], schema=target)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as err:
            raise QueryError(f"cannot write {name} rows to the embedded store ({one_line(err)}): "
                             "a value does not fit the schema type") from err
    return out


_FIELD = {"from": "source", "to": "target"}  # COPY layout column -> edge record field


def records_from_tables(tables: dict) -> rec.GraphRecords:
    """GraphRecords from tables in the store's COPY layout (missing columns take the field default).

    Columns are converted one at a time (``to_pylist``), never as per-row dicts.
    """
    out = rec.GraphRecords()
    for name, table in tables.items():
        if name not in TABLE_BUCKETS:
            continue
        bucket = getattr(out, TABLE_BUCKETS[name])
        if name in schema.NODE_LABELS:
            record_type, rename = rec.NODE_TYPES[name], {}
        else:
            record_type, rename = rec.EDGE_TYPES[name], {"from": "source", "to": "target"}
        declared = {f.name: f for f in fields(record_type)}
        columns = {}
        for col in table.column_names:
            field_name = rename.get(col, col)
            if field_name not in declared:
                continue
            values = table.column(col).to_pylist()
            f = declared[field_name]
            if "tuple" in str(f.type):
                values = [tuple(v) if v is not None else () for v in values]
            elif "list" in str(f.type):
                values = [v if v is not None else [] for v in values]
            columns[field_name] = values
        names = list(columns)
        if not names:
            continue
        if names == list(declared)[:len(names)]:  # the layout's order: positional arguments, the cheapest call
            items = list(map(record_type, *columns.values()))
        else:
            items = [record_type(**dict(zip(names, row))) for row in zip(*columns.values())]
        if name in schema.NODE_LABELS:
            bucket.update(zip(map(attrgetter("id"), items), items))
        else:
            bucket.update(zip(zip(map(attrgetter("source"), items), map(attrgetter("target"), items)), items))
    return out


def bulk_tables(data: rec.GraphRecords | dict) -> dict[str, tuple]:
    """Table name -> (pyarrow table ready for ``COPY``, rows it stands for), from records or tables.

    ``data`` is :class:`GraphRecords` (converted by :func:`graph.model.columnar.tables_from_records`)
    or tables in that COPY layout (e.g. read from Parquet).  As the MERGE path would: one
    row per node key and per edge ``(from, to)`` (the last wins), and edges whose ends are
    not among the nodes dropped.  Missing tables or columns are empty or null; a column
    that does not fit its schema type raises :class:`QueryError`.  Vectorised (Arrow and
    numpy): no Python object per row.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    given = tables_from_records(data) if isinstance(data, rec.GraphRecords) else data
    out, keys = {}, {}
    for name in [*schema.NODE_LABELS, *schema.REL_TYPES]:
        table = _conform(name, given.get(name), table_schema(name))
        rows = table.num_rows
        if name in schema.NODE_LABELS:
            table = _last_per_key(table, table.column("id"), None)
            keys[name] = table.column("id").combine_chunks()
        else:
            start, end, _ = schema.REL_TYPES[name]
            src = pc.index_in(table.column("from"), value_set=keys[start])
            dst = pc.index_in(table.column("to"), value_set=keys[end])
            known = pc.and_(pc.is_valid(src), pc.is_valid(dst))
            if not pc.all(known).as_py():
                table, src, dst = table.filter(known), src.filter(known), dst.filter(known)
            pair = (pc.cast(src, pa.int64()).to_numpy(zero_copy_only=False) * max(1, len(keys[end]))
                    + pc.cast(dst, pa.int64()).to_numpy(zero_copy_only=False)) if table.num_rows else None
            table = _last_per_key(table, None, pair)
        out[name] = (table, rows)
    return out


def _conform(name: str, table, target):
    """``table`` with exactly the columns of ``target`` in its order and types (missing ones null)."""
    import pyarrow as pa

    if table is None:
        return target.empty_table()
    try:
        return pa.table([table.column(f.name).cast(f.type) if f.name in table.column_names
                         else pa.nulls(table.num_rows, f.type) for f in target], schema=target)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as err:
        raise QueryError(f"cannot write {name} rows to the embedded store ({one_line(err)}): "
                         "a value does not fit the schema type") from err


def _last_per_key(table, key_column, int_keys):
    """The rows of ``table`` keeping the last row of each key (a string column or int64 numpy keys)."""
    import numpy as np
    import pyarrow.compute as pc

    n = table.num_rows
    if n < 2:
        return table
    if key_column is not None:
        if pc.count_distinct(key_column).as_py() == n:
            return table  # the common case: every key once
        codes = pc.index_in(key_column, value_set=pc.unique(key_column)).to_numpy(zero_copy_only=False)
        int_keys = np.asarray(codes, dtype=np.int64)
    _, first_from_end = np.unique(int_keys[::-1], return_index=True)
    if len(first_from_end) == n:
        return table
    return table.take(np.sort(n - 1 - first_from_end))


class NodeColumns(Mapping):
    """``{key: record}`` of one node label kept as Arrow columns: no record per row is built unless
    one is asked for (``nodes[key]``, ``values()``); bulk readers take :meth:`column` instead.

    The analytics projection of 500k papers is read this way (:func:`graph.model.read.load_analytics_model`).

    >>> import pyarrow as pa
    >>> papers = NodeColumns(rec.Paper, pa.table({"id": ["a", "b"], "title": ["A", None], "year": [2020, None]}))
    >>> list(papers), papers.column("year"), papers["b"].title, papers["b"].keywords, papers.column("in_catalog")
    (['a', 'b'], [2020, None], None, [], [False, False])
    """

    def __init__(self, record_type, table):
        self._type, self._table = record_type, table
        self._keys = table.column("id").to_pylist()
        self._row: dict[str, int] | None = None
        self._lists: dict[str, list] = {}

    def column(self, name: str) -> list:
        """The values of property ``name`` in key order, store nulls (and a property not read) as the
        record field's default, as a record would hold them (a Python list, cached)."""
        if name not in self._lists:
            f = next(f for f in fields(self._type) if f.name == name)
            values = self._table.column(name).to_pylist() if name in self._table.column_names \
                else [None] * len(self._keys)
            tuple_typed = "tuple" in str(f.type)
            if f.default_factory is not MISSING:  # a fresh default per row: rows must not share a list
                values = [f.default_factory() if v is None else v for v in values]
            elif f.default is not MISSING and f.default is not None:
                values = [f.default if v is None else v for v in values]
            if tuple_typed:
                values = [tuple(v) if isinstance(v, list) else v for v in values]
            self._lists[name] = values
        return self._lists[name]

    def key_array(self):
        """The keys as one Arrow string array (in key order), without a Python string per row."""
        import pyarrow as pa

        keys = self._table.column("id")
        # not combine_chunks(): it imports pandas (see graph.model.graph_model.key_positions)
        keys = pa.concat_arrays(keys.chunks) if keys.num_chunks else pa.nulls(0, pa.string())
        return keys.cast(pa.string())

    def has(self, name: str) -> bool:
        """True when property ``name`` was read (else :meth:`column` gives its default)."""
        return name in self._table.column_names

    def position(self, key: str) -> int:
        """The row of ``key`` (KeyError when it is no node of this label)."""
        if self._row is None:
            self._row = {k: i for i, k in enumerate(self._keys)}
        return self._row[key]

    def __getitem__(self, key: str):
        i = self.position(key)
        return self._type(**{name: self.column(name)[i] for name in self._table.column_names})

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key) -> bool:
        try:
            self.position(key)
        except KeyError:
            return False
        return True


@dataclass
class CitationArrays:
    """A citation graph as arrays: paper ``i`` is ``ids[i]``; edge ``e`` is ``src[e] -> dst[e]`` (cites)."""

    ids: list
    src: np.ndarray  # int32
    dst: np.ndarray  # int32

    def __len__(self) -> int:
        return len(self.ids)

    def in_degree(self) -> np.ndarray:
        return np.bincount(self.dst, minlength=len(self.ids))

    def matrix(self):
        """The adjacency matrix ``A[i, j] = 1`` when ``i`` cites ``j`` (scipy CSR, float64)."""
        import scipy.sparse as sp

        n = len(self.ids)
        return sp.csr_array((np.ones(len(self.src)), (self.src, self.dst)), shape=(n, n))


def citation_arrays(ids: list, sources, targets) -> CitationArrays:
    """Index ``sources -> targets`` (paper keys) against ``ids``; keys not in ``ids`` are appended.

    Self-citations are dropped (they say nothing about flow between papers)
    and duplicate pairs are kept once.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = list(ids)
    known = pa.array(ids, type=pa.string())
    src_keys, dst_keys = pa.array(sources, type=pa.string()), pa.array(targets, type=pa.string())
    extra = pc.unique(pa.concat_arrays([src_keys, dst_keys]).filter(
        pc.invert(pc.is_in(pa.concat_arrays([src_keys, dst_keys]), value_set=known))))
    if len(extra):
        ids += extra.to_pylist()
        known = pa.concat_arrays([known, extra])
    src = pc.index_in(src_keys, value_set=known).to_numpy(zero_copy_only=False).astype(np.int32)
    dst = pc.index_in(dst_keys, value_set=known).to_numpy(zero_copy_only=False).astype(np.int32)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    if len(src):
        pairs = np.unique(src.astype(np.int64) * len(ids) + dst)
        src, dst = (pairs // len(ids)).astype(np.int32), (pairs % len(ids)).astype(np.int32)
    return CitationArrays(ids, src, dst)


def edge_arrays(G) -> CitationArrays:
    """The citation edges of the DiGraph ``G`` as arrays, in ``list(G)`` node order.

    They are computed once per graph and kept in ``G.graph["citation_arrays"]``,
    so PageRank, betweenness, clusters, catalog counts and the phenomenon map do
    not each walk millions of edges in Python; the cache is used while node and
    edge counts still match (analytics never change the graph).

    >>> import networkx as nx
    >>> edge_arrays(nx.DiGraph([("a", "b"), ("c", "b")])).dst.tolist()
    [1, 1]
    """
    cached = G.graph.get("citation_arrays")
    if cached is not None and len(cached.ids) == len(G) and len(cached.src) == G.number_of_edges():
        return cached
    ids = list(G)
    index = {v: i for i, v in enumerate(ids)}
    m = G.number_of_edges()
    src = np.fromiter((index[u] for u, _ in G.edges()), dtype=np.int32, count=m)
    dst = np.fromiter((index[v] for _, v in G.edges()), dtype=np.int32, count=m)
    arrays = G.graph["citation_arrays"] = CitationArrays(ids, src, dst)  # one walk over the edges per graph
    return arrays
