"""Reading the one graph model from a store: once per build, cached by the build's id.

:func:`load_graph_model` is how the app, the CLI, the exports and the analytics get a
:class:`graph.model.graph_model.GraphModel` of the embedded store or Neo4j (batched column reads).
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import MISSING, fields
from typing import Any

from graph.errors import QueryError, StoreError, one_line
from graph.model import records as rec
from graph.model import schema
from graph.model.columnar import NodeColumns
from graph.model.graph_model import GraphModel, string_array
from graph.store.base import COLUMN_BATCH

__all__ = ["load_graph_model", "load_analytics_model", "model_key", "clear_model_cache",
           "ANALYTICS_PAPER_PROPERTIES", "ARRAY_PATH_UNREAD"]


# -- reading a store, once per build ---------------------------------------

_CACHE: OrderedDict[str, GraphModel] = OrderedDict()
_CACHE_SIZE = 2
_LOCK = threading.Lock()


def model_key(store) -> str | None:
    """The build's id: where the store is, plus a hash of its ``build`` and ``analytics`` metadata.

    Every ``phenomena build`` and ``phenomena analyze`` writes new metadata, so the
    key changes with the graph.  None for a graph without build metadata (not cached).
    """
    meta = {name: store.get_meta(name) for name in ("build", "analytics")}
    if meta["build"] is None:
        return None
    where = getattr(store, "path", None) or f"{getattr(store, '_uri', '')}/{getattr(store, 'database', '')}"
    digest = hashlib.sha256(json.dumps(meta, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return f"{type(store).__name__}:{where}:{digest}"


def clear_model_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def load_graph_model(store, *, key: str | None = None, cache: bool = True) -> GraphModel:
    """The store's graph as a :class:`GraphModel`, read once per build (``key``, default :func:`model_key`).

    One portable query per node label and edge type.  Pass ``cache=False`` to
    force a fresh read (e.g. right after writing without new metadata).
    """
    store.check_complete()  # a half-written graph (a stopped batched Neo4j write) is refused, one line
    if cache and key is None:
        key = model_key(store)
    if cache and key is not None:
        with _LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
                return _CACHE[key]
    model = GraphModel(*_read_store(store), version=key)
    if cache and key is not None:
        with _LOCK:
            _CACHE[key] = model
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return model


# What compute_analytics reads of a paper (graph.analytics.analyze: centrality, clusters and their
# labels, phenomena, gaps); abstracts only where cluster labels use them (small graphs).
ANALYTICS_PAPER_PROPERTIES = ("id", "title", "year", "in_catalog", "keywords", "citation_count")


# What the analytics' array path (graph.analytics.paper_arrays, igraph) never reads: authors, their
# authorships and RELATED_TO links (its papers carry no ``authors`` or ``related`` attribute).
ARRAY_PATH_UNREAD = ("Author", "WROTE", "RELATED_TO")


def load_analytics_model(store, *, batch_size: int = COLUMN_BATCH, array_path: bool = False) -> GraphModel:
    """The projection the analytics need, read in batches of ``batch_size`` (not cached).

    Papers carry only :data:`ANALYTICS_PAPER_PROPERTIES` (and ``abstract`` when the graph is
    small enough for cluster labels to read abstracts); papers and authors stay Arrow columns
    (:class:`graph.model.columnar.NodeColumns`: no record per row); citations are key pairs.
    The other node and edge kinds are small and read whole.  ``array_path``: the model is for the
    analytics' array path (:func:`graph.analytics.paper_arrays.paper_arrays`), so what it never reads
    (:data:`ARRAY_PATH_UNREAD`) is left out: the model has no authors.  On Neo4j every batch is a keyset
    page in a read transaction of its own (:mod:`graph.store.neo4j.pages`).
    """
    # the analytics room sits above the model: its label threshold is read on use, not at import
    from graph.analytics.clusters import LABEL_ABSTRACT_MAX_NODES

    store.check_complete()
    papers = store.query("MATCH (p:Paper) RETURN count(p) AS n").rows[0][0]
    props = ANALYTICS_PAPER_PROPERTIES + (("abstract",) if papers <= LABEL_ABSTRACT_MAX_NODES else ())
    return GraphModel(*_read_store(store, {"Paper": props}, {"CITES": ()}, batch_size,
                                   columnar=("Paper", "Author"), skip=ARRAY_PATH_UNREAD if array_path else ()))


def _read_store(store, node_props: dict[str, tuple] | None = None, edge_props: dict[str, tuple] | None = None,
                batch_size: int = COLUMN_BATCH, columnar: tuple[str, ...] = (),
                skip: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """Nodes (typed records) and edges (key columns and property columns) of every label and type.

    ``node_props`` / ``edge_props``: the properties to read of some labels and types (default: all);
    labels in ``columnar`` stay columns (:class:`NodeColumns`) instead of records; labels and types in
    ``skip`` are not read (none of them, as if the graph had none).
    """
    node_props, edge_props = node_props or {}, edge_props or {}
    nodes: dict[str, dict[str, Any]] = {}
    for label, all_props in schema.NODE_LABELS.items():
        if label in skip:
            continue
        record_type = rec.NODE_TYPES[label]
        props = list(node_props.get(label, all_props))
        # columns pulled in batches (LadybugDB: Arrow; Neo4j: keyset pages), no row objects kept; sorted by
        # key, since the engine's scan order varies between runs and Louvain's result depends on node order
        try:
            table = store.read_nodes(label, props, batch_size=batch_size).sort_by("id")
        except QueryError as err:
            if "property" not in str(err).lower():
                raise
            raise StoreError(f"the graph lacks properties of today's schema ({one_line(err, limit=160)}): "
                             "run `phenomena analyze` (or `phenomena build`) once to upgrade it") from err
        if label in columnar:
            nodes[label] = NodeColumns(record_type, table)
        else:
            nodes[label] = {item.id: item for item in _records(record_type, table.to_pydict())}
    edges: dict[str, tuple] = {}
    for rel, (_, _, all_props) in schema.REL_TYPES.items():
        if rel in skip:
            continue
        props = list(edge_props.get(rel, all_props))
        start, end, _ = schema.REL_TYPES[rel]
        # the ends as rows of their kind's keys, in the model's order (GraphModel adds each kind's start)
        source, target, table = store.read_edge_positions(rel, props, _keys(nodes[start]), _keys(nodes[end]),
                                                          batch_size=batch_size)
        edges[rel] = (source, target, EdgeColumns(rec.EDGE_TYPES[rel], {p: table.column(p) for p in props}))
    return nodes, edges


def _keys(bucket):
    """A kind's keys as an Arrow array, in the order GraphModel lists them."""
    return bucket.key_array() if hasattr(bucket, "key_array") else string_array(list(bucket))


class EdgeColumns(Mapping):
    """Edge property columns kept as Arrow until first read, then Python lists (:func:`_column`):
    the analytics never read the 5M citations' properties, exports and the app do."""

    lazy = True  # GraphModel keeps the mapping as it is

    def __init__(self, record_type, columns: dict):
        self._type, self._arrow, self._lists = record_type, columns, {}

    def __getitem__(self, name: str) -> list:
        if name not in self._lists:
            self._lists[name] = _column(self._type, name, self._arrow[name].to_pylist())
        return self._lists[name]

    def __iter__(self):
        return iter(self._arrow)

    def __len__(self) -> int:
        return len(self._arrow)

    def arrow(self, name: str):
        """The column as Arrow (no Python object per row), store nulls as the field's default when it is
        a plain value; list columns keep their nulls (an empty list in the records)."""
        import pyarrow.compute as pc

        f = next(f for f in fields(self._type) if f.name == name)
        column = self._arrow[name]
        if f.default is MISSING or f.default is None or not column.null_count:
            return column
        return pc.fill_null(column, f.default)


def _records(record_type, columns: dict[str, list]) -> list:
    """Records from property columns, store nulls replaced by the field defaults (as
    :func:`graph.model.graph_model._clean` does per row, here one column at a time)."""
    declared = [f.name for f in fields(record_type)]
    names = list(columns)
    cleaned = [_column(record_type, name, values) for name, values in columns.items()]
    if names == declared[:len(names)]:  # the schema's order: positional arguments, the cheapest call
        return [record_type(*row) for row in zip(*cleaned)]
    return [record_type(**dict(zip(names, row))) for row in zip(*cleaned)]


def _column(record_type, name: str, values) -> list:
    """One edge property column with store nulls replaced by the record field's default."""
    f = next(f for f in fields(record_type) if f.name == name)
    tuple_typed = "tuple" in str(f.type)
    if f.default_factory is not MISSING:  # a fresh default per row: records must not share a mutable list
        factory = f.default_factory
        return [factory() if v is None else tuple(v) if tuple_typed and isinstance(v, list) else v for v in values]
    default = None if f.default is MISSING else f.default
    if not tuple_typed:
        return [default if v is None else v for v in values]
    return [default if v is None else tuple(v) if isinstance(v, list) else v for v in values]
