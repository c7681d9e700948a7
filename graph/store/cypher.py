"""Portable Cypher for batched writes, generated from :mod:`graph.schema`.

The same text runs on Neo4j and LadybugDB: ``UNWIND $rows`` then ``MERGE`` on
the key only, then ``SET`` the other properties.  Only labels, types and
property names (all from the schema, never from user input) are formatted in.
"""
from __future__ import annotations

from graph import schema


def node_upsert(label: str) -> str:
    props = [p for p in schema.NODE_LABELS[label] if p != "id"]
    sets = ", ".join(f"n.{p} = row.{p}" for p in props)
    text = f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}})"
    return f"{text} SET {sets}" if sets else text


def edge_upsert(rel: str) -> str:
    start, end, props = schema.REL_TYPES[rel]
    text = (
        f"UNWIND $rows AS row MATCH (a:{start} {{id: row.source}}) MATCH (b:{end} {{id: row.target}}) "
        f"MERGE (a)-[r:{rel}]->(b)"
    )
    sets = ", ".join(f"r.{p} = row.{p}" for p in props)
    return f"{text} SET {sets}" if sets else text


def meta_upsert() -> str:
    return f"UNWIND $rows AS row MERGE (n:{schema.META_LABEL} {{id: row.id}}) SET n.value = row.value"


def batches(rows: list, size: int):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]
