"""The property graph schema that both stores create.

Users write Cypher against these names (see README, "Graph schema"), so they
are part of the interface: add, never rename.
"""
from __future__ import annotations

from dataclasses import fields
from typing import get_type_hints

from graph.model import records

# Property types in a store-neutral vocabulary.
STRING, INT, BOOL, STRING_LIST = "STRING", "INT64", "BOOLEAN", "STRING[]"
FLOAT = "DOUBLE"


def _property_types(record_type) -> dict[str, str]:
    hints = get_type_hints(record_type)
    out = {}
    for f in fields(record_type):
        hint = str(hints[f.name])
        if "list" in hint or "tuple" in hint:
            out[f.name] = STRING_LIST
        elif "bool" in hint:
            out[f.name] = BOOL
        elif "float" in hint:
            out[f.name] = FLOAT
        elif "int" in hint:
            out[f.name] = INT
        else:
            out[f.name] = STRING
    return out


NODE_LABELS: dict[str, dict[str, str]] = {
    label: _property_types(t) for label, t in records.NODE_TYPES.items()
}

# Relationship type -> (from label, to label, {property: type}); edge records
# carry ``source`` and ``target`` node keys, which are not stored as properties.
REL_TYPES: dict[str, tuple[str, str, dict[str, str]]] = {}
for _rel, _t in records.EDGE_TYPES.items():
    _props = {k: v for k, v in _property_types(_t).items() if k not in ("source", "target")}
    _ends = {
        "CITES": ("Paper", "Paper"), "WROTE": ("Author", "Paper"), "HAS_KEYWORD": ("Paper", "Keyword"),
        "ABOUT": ("Paper", "Phenomenon"), "PUBLISHED_IN": ("Paper", "Venue"), "RELATED_TO": ("Paper", "Paper"),
        "BROADER": ("Phenomenon", "Phenomenon"), "LISTED_IN": ("Paper", "Section"),
    }[_rel]
    REL_TYPES[_rel] = (*_ends, _props)

# Build metadata lives in the store too, as one node per build key.
META_LABEL = "AtlasMeta"
META_PROPERTIES = {"id": STRING, "value": STRING}
