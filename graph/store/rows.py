"""Edge ends as the engine's row numbers: placed by one array lookup, no key string read or matched.

LadybugDB numbers each node within its label's table (``offset(id(n))``, read as the column
:data:`graph.store.base.ROW_COLUMN` by ``read_node_rows``) and gives an edge's ends as those numbers
(``read_edge_rows``).  :func:`row_places` turns a label's row numbers into a lookup array, and
:func:`places_of` places a column of edge ends with it; the exports (``graph.export.store_columns``)
and the model read (``GraphStore.read_edge_positions``) both go this way.

>>> import pyarrow as pa
>>> where = row_places(pa.array([7, 2, 5]))
>>> places_of(pa.array([5, 7, 7]), where).tolist()
[2, 0, 0]
"""
from __future__ import annotations

import numpy as np

__all__ = ["row_places", "places_of", "int64_of"]


def int64_of(column, missing: int = -1) -> np.ndarray:
    """An integer Arrow column as int64 numpy (a null as ``missing``), read from its buffers: ``to_numpy``,
    ``fill_null`` with a Python value and ``DataType.to_pandas_dtype`` import pandas (~1 s of a cold first page).

    >>> import pyarrow as pa
    >>> int64_of(pa.chunked_array([pa.array([3, None, 5], pa.int32()), pa.array([7], pa.int32())])).tolist()
    [3, -1, 5, 7]
    """
    import pyarrow as pa

    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    parts = []
    for c in chunks:
        if not len(c):
            continue
        c = c if c.type == pa.int64() else c.cast(pa.int64())
        values = np.frombuffer(c.buffers()[1], dtype=np.int64, count=len(c), offset=c.offset * 8)
        if c.null_count:
            bits = np.unpackbits(np.frombuffer(c.buffers()[0], dtype=np.uint8), bitorder="little")
            values = np.where(bits[c.offset:c.offset + len(c)].astype(bool), values, missing)
        parts.append(values)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def row_places(rows, places: np.ndarray | None = None) -> np.ndarray:
    """``where[row]``: the place of the node with engine row number ``row`` (its index in ``rows``, or
    ``places`` given per row; -1 for a row number not among ``rows`` or a place of -1)."""
    rows = int64_of(rows)
    where = np.full(int(rows.max(initial=-1)) + 1, -1, dtype=np.int64)
    where[rows] = np.arange(len(rows), dtype=np.int64) if places is None else places
    return where


def places_of(column, where: np.ndarray) -> np.ndarray:
    """The places (int64) of the row numbers in ``column`` (:func:`row_places`); KeyError for a row number
    that has no place (a node not read, or the store changed while read), naming its position in ``column``."""
    rows = int64_of(column)
    if not len(rows):
        return rows
    bad = (rows < 0) | (rows >= len(where))
    found = where[np.where(bad, 0, rows)]
    bad |= found < 0
    if bad.any():
        raise KeyError(int(np.flatnonzero(bad)[0]))
    return found
