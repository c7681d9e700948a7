"""Portable Cypher for batched writes, generated from :mod:`graph.model.schema`.

The same text runs on Neo4j and LadybugDB: ``UNWIND $rows`` then ``MERGE`` on
the key only, then ``SET`` the other properties.  Only labels, types and
property names (all from the schema, never from user input) are formatted in.
"""
from __future__ import annotations

from typing import Callable

from graph.model import schema

# (row expression, property type) -> expression; an engine that cannot infer
# types from a batch of nulls (LadybugDB) casts explicitly.
Cast = Callable[[str, str], str]


def _plain(expr: str, _type: str) -> str:
    return expr


def node_upsert(label: str, cast: Cast = _plain) -> str:
    types = schema.NODE_LABELS[label]
    sets = ", ".join(f"n.{p} = {cast(f'row.{p}', t)}" for p, t in types.items() if p != "id")
    text = f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}})"
    return f"{text} SET {sets}" if sets else text


def edge_upsert(rel: str, cast: Cast = _plain) -> str:
    start, end, props = schema.REL_TYPES[rel]
    text = (
        f"UNWIND $rows AS row MATCH (a:{start} {{id: row.source}}) MATCH (b:{end} {{id: row.target}}) "
        f"MERGE (a)-[r:{rel}]->(b)"
    )
    sets = ", ".join(f"r.{p} = {cast(f'row.{p}', t)}" for p, t in props.items())
    return f"{text} SET {sets}" if sets else text


def meta_upsert() -> str:
    return f"UNWIND $rows AS row MERGE (n:{schema.META_LABEL} {{id: row.id}}) SET n.value = row.value"


def batches(rows: list, size: int):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def node_create(label: str) -> str:
    """:func:`node_upsert` with CREATE: only for keys known not to be stored (the constraint refuses others)."""
    return node_upsert(label).replace("MERGE (n:", "CREATE (n:", 1)


def edge_create(rel: str) -> str:
    """:func:`edge_upsert` with CREATE: only between nodes this write created (no edge of theirs exists)."""
    return edge_upsert(rel).replace("MERGE (a)-", "CREATE (a)-", 1)
