"""Portable Cypher for batched writes, generated from :mod:`graph.schema`.

The same text runs on Neo4j and LadybugDB: ``UNWIND $rows`` then ``MERGE`` on
the key only, then ``SET`` the other properties.  Only labels, types and
property names (all from the schema, never from user input) are formatted in.
"""
from __future__ import annotations

from graph import schema


def node_upsert(label: str, only: set[str] | None = None) -> str:
    """``only``: set just these properties (LadybugDB cannot type an all-null column of a batch)."""
    props = [p for p in schema.NODE_LABELS[label] if p != "id" and (only is None or p in only)]
    sets = ", ".join(f"n.{p} = row.{p}" for p in props)
    text = f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}})"
    return f"{text} SET {sets}" if sets else text


def edge_upsert(rel: str, only: set[str] | None = None) -> str:
    start, end, props = schema.REL_TYPES[rel]
    props = [p for p in props if only is None or p in only]
    text = (
        f"UNWIND $rows AS row MATCH (a:{start} {{id: row.source}}) MATCH (b:{end} {{id: row.target}}) "
        f"MERGE (a)-[r:{rel}]->(b)"
    )
    sets = ", ".join(f"r.{p} = row.{p}" for p in props)
    return f"{text} SET {sets}" if sets else text


def meta_upsert() -> str:
    return f"UNWIND $rows AS row MERGE (n:{schema.META_LABEL} {{id: row.id}}) SET n.value = row.value"


def set_properties(rows: list[dict]) -> set[str]:
    """Properties with a value in at least one row: the others are left out of the SET."""
    return {k for row in rows for k, v in row.items() if v is not None}


def batches(rows: list, size: int):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]
