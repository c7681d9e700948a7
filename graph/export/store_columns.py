"""The network exports' tables read straight from a store: no graph model, no object per node or edge.

:func:`store_columns` gives the ``(nodes, edges)`` tables
:func:`graph.export.network_columns.model_columns` builds from
:func:`graph.model.read.load_graph_model`'s model with the scores ``phenomena analyze`` stored
(:func:`graph.export.registry.stored_scores`), from the store's own columns
(``read_nodes``/``read_edges``: Arrow batches on LadybugDB, keyset pages on Neo4j).  Every step
is an Arrow kernel or a numpy array operation over whole columns:

* node keys sorted as the model sorts them, store nulls as the record fields' defaults;
* a paper's ``keywords``: its own as written, then its Keyword nodes' names (key order) that
  are not there yet, compared case-folded (:attr:`GraphModel.paper_keywords`'s rule);
* ``citations``: distinct citing papers in the graph (self-citations left out);
* edge ends as node indexes (the engine's row numbers mapped to places where it has them, else the
  keys matched), then the model path's order and de-duplication
  (:func:`graph.export.network_columns.edge_table_of`).

The tests compare the files both paths write, byte for byte.
"""
from __future__ import annotations

from dataclasses import MISSING, fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph.export.network_columns import arrow_values, edge_table_of, node_table_of_blocks, numpy_of, plain
from graph.model import records as rec
from graph.model import schema
from graph.model.graph_model import EDGE_KINDS, NODE_KINDS, Edges
from graph.model.read import EdgeColumns
from graph.store.base import ROW_COLUMN
from graph.store.rows import places_of, row_places

__all__ = ["store_columns", "read_node_tables", "is_analysed", "fold_case"]


def read_node_tables(store) -> dict[str, pa.Table]:
    """Every node kind of the model (:data:`NODE_KINDS`) as the store holds it, every property, sorted by
    key; with the engine's row numbers (:data:`ROW_COLUMN`) where it has them."""
    tables = {}
    for kind in NODE_KINDS:
        props = list(schema.NODE_LABELS[kind])
        table = store.read_node_rows(kind, props)
        tables[kind] = (table if table is not None else store.read_nodes(kind, props)).sort_by("id")
    return tables


def is_analysed(tables: dict[str, pa.Table]) -> bool:
    """True when every paper has its stored analysis (a cluster), as ``stored_scores`` asks."""
    papers = tables["Paper"]
    return bool(papers.num_rows) and not papers.column("cluster").null_count


def store_columns(store, *, similar: list[tuple] | None = None,
                  tables: dict[str, pa.Table] | None = None) -> tuple[pa.Table, pa.Table] | None:
    """``(nodes, edges)`` of the whole graph with its stored scores, or None when some paper has no
    stored analysis (never analysed, or rebuilt since: the caller computes one).

    ``similar`` (``(u, v, score, reason)``) adds RELATED_TO edges of origin ``text similarity``;
    ``tables`` are :func:`read_node_tables` already read (they are read here otherwise).
    """
    store.check_complete()  # a half-written graph is refused, one line (as the model read does)
    tables = tables if tables is not None else read_node_tables(store)
    if not is_analysed(tables):
        return None
    papers = tables["Paper"]
    keys = {kind: plain(table.column("id")) for kind, table in tables.items()}
    starts = dict(zip(NODE_KINDS, np.cumsum([0] + [len(keys[k]) for k in NODE_KINDS]).tolist()))
    at_row = {kind: _row_positions(table) for kind, table in tables.items()}
    edges = {}
    for rel in EDGE_KINDS:
        start, end, props = schema.REL_TYPES[rel]
        rows = at_row[start] is not None and at_row[end] is not None
        table = store.read_edge_rows(rel, list(props)) if rows else None
        if table is not None:  # the ends as row numbers: an array lookup, no key read or matched
            source = _rows_positions(table.column(0), at_row[start]) + starts[start]
            target = _rows_positions(table.column(1), at_row[end]) + starts[end]
        else:
            table = store.read_edges(rel, list(props))
            source = _positions(table.column(0), keys[start]) + starts[start]
            target = _positions(table.column(1), keys[end]) + starts[end]
        edges[rel] = Edges(source, target, EdgeColumns(rec.EDGE_TYPES[rel],
                                                       {p: table.column(2 + i) for i, p in enumerate(props)}))
    blocks = []
    for kind in NODE_KINDS:
        extra = {}
        if kind == "Paper":
            extra["keywords"] = _paper_keywords(papers, tables["Keyword"], edges["HAS_KEYWORD"], starts["Keyword"])
            extra["citations"] = pa.array(_citations(edges["CITES"], len(keys["Paper"])), pa.int64())
        blocks.append(_block(kind, tables[kind], keys[kind], extra))
    node_ids = pa.concat_arrays([keys[k] for k in NODE_KINDS])
    return node_table_of_blocks(blocks), edge_table_of(node_ids, edges, None, similar or [])


def _positions(column, keys: pa.Array) -> np.ndarray:
    """Each key's row in ``keys``; a key that is no node raises KeyError (as the model read does)."""
    found = pc.index_in(plain(column).cast(pa.string()), value_set=keys)
    if found.null_count:
        raise KeyError(plain(column).filter(pc.is_null(found))[0].as_py())
    return numpy_of(found).astype(np.int64)


def _row_positions(table: pa.Table) -> np.ndarray | None:
    """Each engine row number's place in ``table`` (:func:`graph.store.rows.row_places`), or None when the
    table has no row numbers."""
    return row_places(table.column(ROW_COLUMN)) if ROW_COLUMN in table.column_names else None


def _rows_positions(column, where: np.ndarray) -> np.ndarray:
    """The places of row numbers; a row that is no node read raises KeyError."""
    try:
        return places_of(column, where)
    except KeyError:
        raise KeyError("an edge end that is no node of the tables read (the store changed while read)") from None


def _block(kind: str, table: pa.Table, keys: pa.Array, extra: dict) -> tuple:
    """``(kind, keys, shown, attributes)`` of one node kind, as the model path builds it from records:
    store nulls as the field default, lists joined (:func:`graph.export.network_columns.arrow_values`),
    a column without any value as Arrow's null type (as a list of ``None`` is typed)."""
    shown_field = "title" if kind == "Paper" else "name"
    attrs = {}
    shown = None
    for f in fields(rec.NODE_TYPES[kind]):
        if f.name == "id":
            continue
        column = extra.get(f.name)
        if column is None:
            column = plain(table.column(f.name))
            if column.null_count and f.default is not MISSING and f.default is not None:
                column = pc.fill_null(column, f.default)
        if f.name == shown_field:
            shown = column
            if kind != "Paper":  # a Paper's title is an attribute too; other kinds' name is only the label
                continue
        attrs[f.name] = _typed(arrow_values(column))
    for name, column in extra.items():
        attrs.setdefault(name, column)
    return kind, keys, shown, attrs


def _typed(arr: pa.Array) -> pa.Array:
    """An all-null column as Arrow's null type: what the model path's list of ``None`` becomes."""
    return pa.nulls(len(arr)) if len(arr) and arr.null_count == len(arr) else arr


def _citations(cites: Edges, papers: int) -> np.ndarray:
    """Each paper's distinct citing papers (self-citations left out): ``stored_scores``' ``citations``."""
    if not papers:
        return np.zeros(0, dtype=np.int64)
    src, dst = cites.source.astype(np.int64), cites.target.astype(np.int64)
    pairs = np.sort((src * papers + dst)[src != dst])  # a sort, not np.unique: numpy's sort is ~40x faster here
    distinct = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] if len(pairs) else pairs
    return np.bincount(distinct % papers, minlength=papers)


def fold_case(arr: pa.Array) -> pa.Array:
    """``str.casefold`` of every string: Arrow's lower case where the text is ASCII (the same thing),
    Python's casefold for the few others (``ß`` folds to ``ss``).

    >>> fold_case(pa.array(["Grokking", "STRASSE", "Straße", None])).to_pylist()
    ['grokking', 'strasse', 'strasse', None]
    """
    lower = pc.utf8_lower(arr)
    other = pc.invert(pc.fill_null(pc.string_is_ascii(arr), True))
    if not pc.any(other).as_py():
        return lower
    where = np.flatnonzero(numpy_of(other))
    folded = pa.array([s.casefold() for s in arr.take(pa.array(where)).to_pylist()], pa.string())
    mask = np.zeros(len(arr), dtype=bool)
    mask[where] = True
    return pc.replace_with_mask(lower, pa.array(mask), folded)


def _paper_keywords(papers: pa.Table, keywords: pa.Table, has_keyword: Edges, keyword_start: int) -> pa.Array:
    """Each paper's own keywords, then the names (else keys) of its Keyword nodes in key order that
    are not among them yet, compared case-folded: a list column, one row per paper."""
    own = plain(papers.column("keywords"))
    if not pa.types.is_list(own.type):
        own = own.cast(pa.list_(pa.string()))
    own_paper = numpy_of(pc.list_parent_indices(own)).astype(np.int64)
    own_values = pc.list_flatten(own)
    kw_names = plain(keywords.column("name"))
    kw_shown = pc.if_else(pc.fill_null(pc.greater(pc.utf8_length(kw_names), 0), False), kw_names,
                          plain(keywords.column("id")))
    by, to = has_keyword.source.astype(np.int64), has_keyword.target.astype(np.int64)
    order = np.argsort(by * (int(to.max(initial=0)) + 1) + to, kind="stable")  # by paper, then keyword key
    edge_paper = by[order]
    edge_kw = pa.array(to[order] - keyword_start)
    # one row per (paper, name): own first (kept, duplicates and all), then the edges' names
    paper = np.concatenate([own_paper, edge_paper])
    source = np.concatenate([np.zeros(len(own_paper), np.int8), np.ones(len(edge_paper), np.int8)])
    own_values = own_values.cast(pa.string())
    values = pa.concat_arrays([own_values, kw_shown.take(edge_kw)])
    folded = pa.concat_arrays([fold_case(own_values), fold_case(kw_shown).take(edge_kw)])  # each name folded once
    codes = pc.dictionary_encode(folded).indices
    code = numpy_of(pc.fill_null(codes, -1)).astype(np.int64) + 1
    rank = np.argsort(paper * 2 + source, kind="stable")  # paper, own before added, as given
    paper, source, code = paper[rank], source[rank], code[rank]
    _, first = np.unique(paper * (int(code.max(initial=0)) + 1) + code, return_index=True)
    keep = source == 0
    keep[first] = True  # an added name is kept where it first comes in its paper (own names come first)
    kept = rank[keep]
    counts = np.bincount(paper[keep], minlength=papers.num_rows)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), values.take(pa.array(kept)))
