"""Bulk reads from Neo4j in pages: keyset paging on ``id``, one read transaction per page.

``SKIP``/``LIMIT`` would walk past every skipped row again; a page here starts where
the last one ended (``WHERE n.id > $after … ORDER BY n.id LIMIT $page``), which the
unique ``id`` index serves in order.  Each page is its own read transaction, so on
a cluster or Aura (``neo4j+s://``) every page goes to a reader and no transaction
stays open for the whole graph; within a page rows arrive ``fetch_size`` at a time
and become Arrow columns (:meth:`graph.store.neo4j_store.Neo4jStore.query_columns`).

Edges are paged by their start node: a page is the edges of the next ``page``
start nodes (``OPTIONAL MATCH``, so a node without edges still moves the key on).

>>> node_page_query("Keyword", ["id", "name"])
'MATCH (n:Keyword) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $page RETURN n.id AS id, n.name AS name'
"""
from __future__ import annotations

from graph import schema
from graph.store.base import Progress

__all__ = ["node_page_query", "edge_page_query", "read_node_pages", "read_edge_pages"]


def node_page_query(label: str, props: list[str]) -> str:
    cols = ", ".join(f"n.{p} AS {p}" for p in props)
    return f"MATCH (n:{label}) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $page RETURN {cols}"


def edge_page_query(rel: str, props: list[str]) -> str:
    start, end, _ = schema.REL_TYPES[rel]
    cols = "".join(f", r.{p} AS {p}" for p in props)
    return (f"MATCH (a:{start}) WHERE a.id > $after WITH a ORDER BY a.id LIMIT $page "
            f"OPTIONAL MATCH (a)-[r:{rel}]->(b:{end}) RETURN a.id AS source, b.id AS target{cols}")


def read_node_pages(store, label: str, props: list[str], *, page: int, progress: Progress | None = None):
    """Columns ``props`` (``id`` first, added when missing) of every ``label`` node, page by page."""
    import pyarrow as pa
    import pyarrow.compute as pc

    props = ["id", *[p for p in props if p != "id"]]
    text, after, tables = node_page_query(label, props), "", []
    while True:
        table = store.query_columns(text, {"after": after, "page": page}, batch_size=page)
        if table.num_rows:
            tables.append(table)
            if progress:
                progress(table.num_rows)
        if table.num_rows < page:
            break
        after = pc.max(table.column("id")).as_py()
    return pa.concat_tables(tables, promote_options="default") if tables else _empty(props)


def read_edge_pages(store, rel: str, props: list[str], *, page: int, progress: Progress | None = None):
    """``source``, ``target`` and ``props`` of every ``rel`` edge, a page of start nodes at a time."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text, after, tables = edge_page_query(rel, list(props)), "", []
    while True:
        table = store.query_columns(text, {"after": after, "page": page}, batch_size=page)
        starts = pc.count_distinct(table.column("source")).as_py() if table.num_rows else 0
        if starts:
            after = pc.max(table.column("source")).as_py()
            table = table.filter(pc.is_valid(table.column("target")))  # start nodes without such an edge
        if table.num_rows:
            tables.append(table)
            if progress:
                progress(table.num_rows)
        if starts < page:
            break
    return pa.concat_tables(tables, promote_options="default") if tables else _empty(["source", "target", *props])


def _empty(columns: list[str]):
    import pyarrow as pa

    return pa.table({c: pa.array([], pa.null()) for c in columns})
