"""Bulk reads from Neo4j in pages: keyset paging on ``id``, one read transaction per page.

``SKIP``/``LIMIT`` would walk past every skipped row again; a page here starts where
the last one ended (``WHERE n.id > $after … ORDER BY n.id LIMIT $page``), which the
unique ``id`` index serves in order.  Each page is its own read transaction, so on
a cluster or Aura (``neo4j+s://``) every page goes to a reader and no transaction
stays open for the whole graph.  A page comes back as records of :data:`CHUNK` rows
each (the driver's cost is per record), and becomes Arrow columns before the next.

Edges are paged by their start node: a page is the edges of the next ``page``
start nodes (``OPTIONAL MATCH``, so a node without edges still moves the key on).

>>> node_page_query("Keyword", ["id", "name"])[:76]
'MATCH (n:Keyword) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $page WITH '
"""
from __future__ import annotations

from graph.model import schema
from graph.store.base import Progress
from graph.store.neo4j.values import to_plain

__all__ = ["node_page_query", "edge_page_query", "read_node_pages", "read_edge_pages", "read_rows", "CHUNK"]


CHUNK = 5_000  # rows per result record: one record per row costs the driver several times the row
EDGES_PER_START = 10  # an edge page covers batch_size / 10 start nodes (about batch_size edges)
_CHUNKED = " WITH collect([{}]) AS rows UNWIND range(0, size(rows) - 1, $chunk) AS i RETURN rows[i..i + $chunk] AS rows"


def node_page_query(label: str, props: list[str]) -> str:
    cols = ", ".join(f"n.{p}" for p in props)
    return f"MATCH (n:{label}) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $page" + _CHUNKED.format(cols)


def edge_page_query(rel: str, props: list[str]) -> str:
    start, end, _ = schema.REL_TYPES[rel]
    cols = ", ".join(["a.id", "b.id", *(f"r.{p}" for p in props)])
    return (f"MATCH (a:{start}) WHERE a.id > $after WITH a ORDER BY a.id LIMIT $page "
            f"OPTIONAL MATCH (a)-[r:{rel}]->(b:{end})" + _CHUNKED.format(cols))


def read_rows(store, text: str, params: dict) -> list[list]:
    """The rows of a chunked page query, in one read transaction (a reader, on a cluster)."""
    import neo4j

    def work(tx: neo4j.ManagedTransaction) -> list[list]:
        rows: list[list] = []
        for record in tx.run(text, {**params, "chunk": CHUNK}):
            rows.extend(record[0])
        return rows

    with store._errors(), store.driver.session(database=store.database,
                                               default_access_mode=neo4j.READ_ACCESS) as session:
        return session.execute_read(work)


def read_node_pages(store, label: str, props: list[str], *, page: int, progress: Progress | None = None):
    """Columns ``props`` (``id`` first, added when missing) of every ``label`` node, page by page."""
    props = ["id", *[p for p in props if p != "id"]]
    text, after, chunks = node_page_query(label, props), "", []
    while True:
        rows = read_rows(store, text, {"after": after, "page": page})
        if rows:
            chunks.append(_table(props, rows))
            after = max(row[0] for row in rows)
            if progress:
                progress(len(rows))
        if len(rows) < page:
            return _concat(props, chunks)


def read_edge_pages(store, rel: str, props: list[str], *, page: int, progress: Progress | None = None):
    """``source``, ``target`` and ``props`` of every ``rel`` edge, the edges of ``page / 10`` start nodes
    per page (start nodes without such an edge are read as one row with no target, and dropped)."""
    starts_per_page = max(1, page // EDGES_PER_START)
    columns = ["source", "target", *props]
    text, after, chunks = edge_page_query(rel, list(props)), "", []
    while True:
        rows = read_rows(store, text, {"after": after, "page": starts_per_page})
        starts = {row[0] for row in rows}
        if starts:
            after = max(starts)
        edges = [row for row in rows if row[1] is not None]
        if edges:
            chunks.append(_table(columns, edges))
            if progress:
                progress(len(edges))
        if len(starts) < starts_per_page:
            return _concat(columns, chunks)


def _table(columns: list[str], rows: list[list]):
    import pyarrow as pa

    arrays = []
    for values in zip(*rows):
        try:
            arrays.append(pa.array(values))
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # driver types (temporal, spatial): plain values
            arrays.append(pa.array([to_plain(v) for v in values]))
    return pa.Table.from_arrays(arrays, names=columns)


def _concat(columns: list[str], chunks: list):
    import pyarrow as pa

    if not chunks:
        return pa.table({c: pa.array([], pa.null()) for c in columns})
    return pa.concat_tables(chunks, promote_options="default")
