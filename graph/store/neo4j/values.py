"""Neo4j driver values as plain Python (nodes and relationships as property dicts, temporal values as
ISO strings): the one conversion the store's results and the paged bulk reads share.
"""
from __future__ import annotations

from typing import Any

from neo4j.graph import Node, Path, Relationship

__all__ = ["to_plain"]


def to_plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relationships become property dicts,
    paths lists of node dicts, temporal values ISO strings.

    >>> to_plain([1, {"a": None}])
    [1, {'a': None}]
    """
    if isinstance(value, (Node, Relationship)):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return [to_plain(n) for n in value.nodes]
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Time, Duration
        return value.iso_format()
    return value
