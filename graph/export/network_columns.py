"""The knowledge graph as Arrow columns: what the GraphML, GEXF and CSV writers read.

:func:`model_columns` turns a :class:`GraphModel` into two tables, one column at a
time (no dict or string per row):

* nodes: ``id``, ``name`` (display name: title or name, else the key), ``kind``,
  then every attribute (lists joined by "; "; absent values null);
* edges: ``source``, ``target``, ``key`` (the multigraph key, Gephi's edge kind),
  ``type`` (the relation), ``weight``, then every attribute (empty lists as "").

Edges come in the order a NetworkX multigraph built kind by kind lists them (by
source node, then by the first edge between the pair, then kind); a repeated
``(source, target, kind)`` is one edge with its last values.  Attribute columns
are sorted by name, so :func:`multigraph_columns` (the same tables from
:func:`graph.export.network_formats.export_graph`'s multigraph, for small graphs)
gives the same files.  Python strings Arrow cannot hold (lone surrogates) become
U+FFFD here; every other rule of the text is the writers' (:mod:`graph.export.column_writers`).

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A"), Paper("b", "B")], {"f": "F"}, {"a": ["f"]}, [("a", "b")])
>>> nodes, edges = model_columns(m)
>>> nodes.column("name").to_pylist(), edges.column("key").to_pylist()
(['A', 'B', 'F'], ['ABOUT', 'CITES'])
"""
from __future__ import annotations

import re
from dataclasses import fields
from operator import attrgetter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph.model.graph_model import EDGE_KINDS, NODE_KINDS, GraphModel
from graph.model.records import NODE_TYPES

__all__ = ["model_columns", "multigraph_columns", "kept_nodes", "node_table_of_blocks", "edge_table_of",
           "arrow_values", "plain", "numpy_of", "SIMILAR_KEY"]

SIMILAR_KEY = "RELATED_TO:text"  # the multigraph key of the offline text-similarity edges
_SIMILAR = len(EDGE_KINDS)  # kind code of the text-similarity edges (after every stored kind)
_SURROGATE = re.compile("[\ud800-\udfff]")


def plain(column) -> pa.Array:
    """A column as one Arrow array (its chunks joined)."""
    if isinstance(column, pa.ChunkedArray):
        return pa.concat_arrays(column.chunks) if column.num_chunks else pa.nulls(0, column.type)
    return column


def numpy_of(arr) -> np.ndarray:
    """A numeric or boolean Arrow array without nulls as numpy, a view of its values buffer (no copy)."""
    arr = plain(arr)
    if pa.types.is_boolean(arr.type):
        arr = arr.cast(pa.int8())
        return numpy_of(arr).astype(bool)
    dtype = np.dtype(arr.type.to_pandas_dtype())
    if not len(arr):
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(arr.buffers()[1], dtype=dtype, count=len(arr), offset=arr.offset * dtype.itemsize)


def kept_nodes(model: GraphModel, papers: set[str] | None) -> np.ndarray | None:
    """Which model nodes an export with ``papers`` keeps (None: all): those papers and their
    non-paper neighbours over any edge kind."""
    if papers is None:
        return None
    keep = np.zeros(len(model.ids), dtype=bool)
    keep[[model.index[p] for p in papers if p in model.index]] = True
    chosen, is_paper = keep.copy(), model.kinds == NODE_KINDS.index("Paper")
    for e in model.edges.values():
        keep[e.target[chosen[e.source] & ~is_paper[e.target]]] = True
        keep[e.source[chosen[e.target] & ~is_paper[e.source]]] = True
    return keep


def arrow_values(values: list, *, empty_list=None) -> pa.Array:
    """One column of Python values as an Arrow array: numbers, booleans and text as they are, lists
    joined by "; " (an empty one as ``empty_list``), anything else as text; lone surrogates as U+FFFD."""
    if isinstance(values, pa.ChunkedArray):
        arr = plain(values)
    else:
        try:
            arr = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError, OverflowError):
            arr = pa.array([None if v is None else _text(v) for v in values], pa.string())  # mixed or unencodable
    if pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type):
        if not pa.types.is_string(arr.type.value_type):
            arr = arr.cast(pa.list_(pa.string()))
        joined = pc.binary_join(arr, "; ")
        empty = pc.fill_null(pc.equal(pc.list_value_length(arr), 0), empty_list is not None)  # a null list: empty
        return pc.if_else(empty, pa.scalar(empty_list, pa.string()), joined)
    if pa.types.is_null(arr.type):
        return arr
    if not (pa.types.is_string(arr.type) or pa.types.is_boolean(arr.type) or pa.types.is_integer(arr.type)
            or pa.types.is_floating(arr.type)):
        arr = pa.array([None if v is None else _text(v) for v in values], pa.string())
    return arr


def _text(value) -> str:
    """A value as text Arrow can hold (lists joined by "; ", lone surrogates as U+FFFD)."""
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    return _SURROGATE.sub("\ufffd", value if isinstance(value, str) else str(value))


def _strings(values: list) -> pa.Array:
    """Keys and names as an Arrow string array (lone surrogates as U+FFFD)."""
    try:
        return pa.array(values, pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
        return pa.array([None if v is None else _text(v) for v in values], pa.string())


def _table(head: dict, attrs: dict) -> pa.Table:
    """The head columns, then the attribute columns that hold a value, sorted by name."""
    kept = {k: v for k, v in attrs.items() if k not in head and v.null_count < len(v)}
    columns = {**head, **{k: kept[k] for k in sorted(kept)}}
    return pa.table(list(columns.values()), names=list(columns))


def _concat(parts: list[pa.Array]) -> pa.Array:
    """Arrays of one attribute from several kinds as one (nulls where a kind lacks it; mixed types as text)."""
    types = {p.type for p in parts if not pa.types.is_null(p.type)}
    if not types:
        return pa.concat_arrays(parts)
    if len(types) > 1:
        target = pa.float64() if all(pa.types.is_integer(t) or pa.types.is_floating(t) for t in types) \
            else pa.string()
    else:
        target = types.pop()
    return pa.concat_arrays([p.cast(target) for p in parts])


def model_columns(model: GraphModel, *, keep: np.ndarray | None = None, scores: dict | None = None,
                  similar: list[tuple] | None = None) -> tuple[pa.Table, pa.Table]:
    """``(nodes, edges)`` tables of the kept nodes (``keep``: a mask over ``model.ids``; None: all)
    and the edges between them; ``scores`` (``{paper: {measure: value}}``) add paper columns, ``similar``
    (``(u, v, score, reason)``) adds RELATED_TO edges of origin ``text similarity``."""
    return _node_table(model, keep, scores or {}), _edge_table(model, keep, similar or [])


def _node_table(model: GraphModel, keep, scores: dict) -> pa.Table:
    blocks = []
    start = 0
    for kind in NODE_KINDS:
        bucket = model.nodes(kind)
        keys, items = list(bucket), list(bucket.values())
        if keep is not None:
            mask = keep[start:start + len(keys)]
            keys = [k for k, m in zip(keys, mask.tolist()) if m]
            items = [bucket[k] for k in keys]
        start += len(bucket)
        count = len(keys)
        columns = {f.name: list(map(attrgetter(f.name), items)) for f in fields(NODE_TYPES[kind])}
        shown = _strings(columns.pop("title" if kind == "Paper" else "name"))
        if kind == "Paper":
            attrs_of = {"title": shown}
            kws = model.paper_keywords
            columns["keywords"] = [kws.get(k, []) for k in keys]
            measures = dict.fromkeys(m for k in keys for m in scores.get(k, ()))
            for m in measures:  # a score replaces the field of its name (a paper without it keeps the field)
                old = columns.get(m, [None] * count)
                columns[m] = [scores[k][m] if m in scores.get(k, ()) else o for k, o in zip(keys, old)]
        else:
            attrs_of = {}
        columns.pop("id")
        attrs_of.update({name: arrow_values(values) for name, values in columns.items()})
        blocks.append((kind, _strings(keys), shown, attrs_of))
    return node_table_of_blocks(blocks)


def node_table_of_blocks(blocks: list[tuple[str, pa.Array, pa.Array, dict]]) -> pa.Table:
    """The node table of ``(kind, keys, shown, attributes)`` blocks, one per node kind in
    :data:`NODE_KINDS` order: ``name`` is the shown text, else the key; an attribute a kind lacks is null."""
    ids, names, kinds, attrs = [], [], [], {}
    for kind, key_arr, shown, attrs_of in blocks:
        ids.append(key_arr)
        names.append(pc.if_else(pc.fill_null(pc.greater(pc.utf8_length(shown), 0), False), shown, key_arr))
        kinds.append(pa.nulls(len(key_arr), pa.string()).fill_null(kind))
        for name, arr in attrs_of.items():
            attrs.setdefault(name, []).append((len(ids) - 1, arr))
    lengths = [len(a) for a in ids]
    full = {}
    for name, parts in attrs.items():
        by_block = dict(parts)
        full[name] = _concat([by_block.get(b, pa.nulls(n)) for b, n in enumerate(lengths)])
    head = {"id": pa.concat_arrays(ids) if ids else pa.array([], pa.string()),
            "name": pa.concat_arrays(names) if names else pa.array([], pa.string()),
            "kind": pa.concat_arrays(kinds) if kinds else pa.array([], pa.string())}
    return _table(head, full)


def _edge_order(edges: dict, count: int, keep, similar_ends: tuple[np.ndarray, np.ndarray]):
    """``(src, dst, kind, at)`` index arrays of the edges to write, in multigraph order (``count``: the
    number of nodes; ``similar_ends``: the similarity edges' node indexes; ``at``: each edge's place in
    the kinds' edges laid end to end, those of :data:`EDGE_KINDS` then the similarity edges)."""
    parts = [(edges[rel].source, edges[rel].target) for rel in EDGE_KINDS] + [similar_ends]
    src = np.concatenate([p[0].astype(np.int64) for p in parts])
    dst = np.concatenate([p[1].astype(np.int64) for p in parts])
    kind = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p[0]) for p in parts])
    at = None  # None: each edge's place is its index
    if keep is not None:
        mask = keep[src] & keep[dst]
        at = np.flatnonzero(mask)
        src, dst, kind = src[mask], dst[mask], kind[mask]
    if not len(src):
        return src, dst, kind, src.copy()
    # Two sorts of whole int64 keys made unique (numpy's quicksort, SIMD: ~5x a lexsort of three keys);
    # the ends and kinds come back out of the sorted keys by arithmetic (fewer gathers of 7M values).
    # The copies of an edge, (pair, kind), lie side by side after the first; a pair's kinds follow each
    # other in kind order, which is their order of coming (the kinds are laid end to end in kind order).
    n, kinds = len(src), _SIMILAR + 1
    code = (src * count + dst) * kinds + kind
    del src, dst, kind
    by_code = np.argsort(code)
    code = code[by_code]
    starts = _run_starts(code)
    if len(starts) < n:  # the same edge twice: kept where it first came, with its last values
        seq, last = np.minimum.reduceat(by_code, starts), np.maximum.reduceat(by_code, starts)
        code = code[starts]
    else:
        seq = last = by_code
    pair, kind = np.divmod(code, kinds)
    src = pair // count
    pair_starts = _run_starts(pair)
    came = np.repeat(np.minimum.reduceat(seq, pair_starts), np.diff(np.append(pair_starts, len(pair))))
    if count * n * kinds < 2**62:
        key = (src * n + came) * kinds + kind
        order = np.argsort(key)
        key = key[order]
        src, kind = key // (n * kinds), key % kinds
    else:  # keys too wide for one int64
        order = np.lexsort((kind, came, src))
        src, kind = src[order], kind[order]
    last = last[order]
    return src, pair[order] % count, kind, last if at is None else at[last]


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in a sorted array."""
    head = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=head[1:])
    return np.flatnonzero(head)


def _edge_table(model: GraphModel, keep, similar: list[tuple]) -> pa.Table:
    return edge_table_of(_strings(model.ids), model.edges, keep, similar)


def edge_table_of(node_ids: pa.Array, edges: dict, keep, similar: list[tuple]) -> pa.Table:
    """The edge table of ``edges`` (``{relation: Edges}``, node indexes into ``node_ids``), the edges
    between kept nodes only (``keep``: a mask over the nodes, or None), plus the ``similar`` edges whose
    ends are nodes."""
    ends = [pc.index_in(_strings([s[i] for s in similar]), value_set=node_ids) if similar
            else pa.array([], pa.int32()) for i in (0, 1)]  # no similarity edges: no hash of the node keys
    found = numpy_of(pc.and_(pc.is_valid(ends[0]), pc.is_valid(ends[1])))
    similar = [s for s, ok in zip(similar, found.tolist()) if ok]
    similar_ends = tuple(numpy_of(pc.fill_null(e, -1)).astype(np.int64)[found] for e in ends)
    src, dst, kind, at = _edge_order(edges, len(node_ids), keep, similar_ends)
    sizes = [len(edges[rel]) for rel in EDGE_KINDS] + [len(similar)]
    names = [*EDGE_KINDS, "RELATED_TO"]
    keys = [*EDGE_KINDS, SIMILAR_KEY]
    kind_arr = pa.array(kind.astype(np.int32))
    columns: dict[str, list] = {}
    for k, rel in enumerate(EDGE_KINDS):
        props = edges[rel].props
        arrow = getattr(props, "arrow", None)  # a store read keeps the columns as Arrow: used as they are
        for name in props:
            values = arrow(name) if arrow is not None else list(props[name])
            columns.setdefault(name, {})[k] = arrow_values(values, empty_list="")
    if similar:
        scores = pa.array([float(s[2]) for s in similar], pa.float64())
        columns.setdefault("origin", {})[_SIMILAR] = pa.nulls(len(similar), pa.string()).fill_null("text similarity")
        columns.setdefault("score", {})[_SIMILAR] = scores
        columns.setdefault("reason", {})[_SIMILAR] = _strings([s[3] for s in similar])
    attrs = {name: _gather(by_kind, sizes, kind, at) for name, by_kind in columns.items()}
    weight = np.ones(len(at))
    if "score" in attrs and len(at):  # RELATED_TO edges weigh their score
        related = (kind == EDGE_KINDS.index("RELATED_TO")) | (kind == _SIMILAR)
        score = numpy_of(pc.fill_null(attrs["score"].cast(pa.float64()), np.nan))
        use = related & ~np.isnan(score)
        weight[use] = score[use]
    head = {"source": node_ids.take(src), "target": node_ids.take(dst),
            "key": pa.array(keys, pa.string()).take(kind_arr), "type": pa.array(names, pa.string()).take(kind_arr),
            "weight": pa.array(weight, pa.float64())}
    return _table(head, attrs)


def _gather(by_kind: dict[int, pa.Array], sizes: list[int], kind: np.ndarray, at: np.ndarray) -> pa.Array:
    """One attribute of the written edges (kind ``kind``, place ``at`` in the kinds laid end to end) from
    the kinds that have it (``by_kind``), null for the others: one take, no column of nulls per kind."""
    have = sorted(by_kind)
    values = _concat([by_kind[k] for k in have] + [pa.nulls(1)])  # the last value: the null of the others
    start = np.concatenate([[0], np.cumsum(sizes)])[:-1]
    shift = np.full(len(sizes), -1, dtype=np.int64)  # place in ``values`` = at + shift[kind]
    shift[have] = np.concatenate([[0], np.cumsum([len(by_kind[k]) for k in have])])[:-1] - start[have]
    has = np.zeros(len(sizes), dtype=bool)
    has[have] = True
    index = np.where(has[kind], at + shift[kind], len(values) - 1)
    return values.take(pa.array(index))


def multigraph_columns(H) -> tuple[pa.Table, pa.Table]:
    """The tables of :func:`model_columns` from a multigraph with flat attributes (node ``label`` = kind,
    ``name``; edge ``type``, ``weight``): the small-graph path, written by the same writers."""
    nodes = list(H.nodes(data=True))
    names = dict.fromkeys(k for _, d in nodes for k in d if k not in ("label", "name"))
    keys = [v for v, _ in nodes]
    head = {"id": _strings(keys),
            "name": _strings([str(d.get("name") or v) for v, d in nodes]),
            "kind": _strings([str(d.get("label") or "") for _, d in nodes])}
    node_table = _table(head, {n: arrow_values([d.get(n) for _, d in nodes]) for n in names})
    edges = list(H.edges(keys=True, data=True))
    names = dict.fromkeys(k for *_, d in edges for k in d if k not in ("type", "weight"))
    head = {"source": _strings([u for u, *_ in edges]), "target": _strings([v for _, v, *_ in edges]),
            "key": _strings([k for _, _, k, _ in edges]), "type": _strings([d.get("type", "") for *_, d in edges]),
            "weight": pa.array([float(d.get("weight", 1.0)) for *_, d in edges], pa.float64())}
    return node_table, _table(head, {n: arrow_values([d.get(n) for *_, d in edges], empty_list="") for n in names})
