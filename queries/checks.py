"""Checks around a saved query: names that match nothing, and why a result is empty.

A parameter typed ``phenomenon``, ``paper``, ``author`` or ``keyword`` in a query's
header names a node; :func:`check_names` looks each up the way the queries do
(phenomena by id, name or synonym; papers by key; authors and keywords by key or
name, any case) and raises a one-line :class:`~graph.errors.QueryError` with
suggestions when one matches nothing.  :func:`why_empty` says why a query returned
no rows: the edges it needs (``// needs: CITES``) are missing from the graph, or
nothing matches.
"""
from __future__ import annotations

import re
from typing import Any

from graph.errors import QueryError
from graph.suggest import unknown_name

__all__ = ["NODE_TYPES", "check_names", "why_empty", "needs_of"]

NODE_TYPES = {"phenomenon": "Phenomenon", "paper": "Paper", "author": "Author", "keyword": "Keyword"}

_LOOKUP = {  # kind -> query returning, per node, its key and the names that find it
    "phenomenon": "MATCH (n:Phenomenon) RETURN n.id AS id, n.name AS name, n.synonyms AS synonyms",
    "paper": "MATCH (n:Paper) RETURN n.id AS id, NULL AS name, NULL AS synonyms",
    "author": "MATCH (n:Author) RETURN n.id AS id, n.name AS name, NULL AS synonyms",
    "keyword": "MATCH (n:Keyword) RETURN n.id AS id, n.name AS name, NULL AS synonyms",
}

_HOW_TO_ADD = {
    "CITES": "the graph has no citations yet: they come from Semantic Scholar. Run `phenomena build` online "
             "(set S2_API_KEY in .env to go faster), or `phenomena grow --paper 2201.02177` around one paper",
    "ABOUT": "no paper is linked to a phenomenon yet: run `phenomena build`",
    "WROTE": "the graph has no authors yet: run `phenomena build` (authors come from the catalog and "
             "Semantic Scholar)",
    "HAS_KEYWORD": "the graph has no keywords yet: run `phenomena build`",
}


def _matches(kind: str, wanted: str, row: dict[str, Any]) -> bool:
    low = wanted.lower()
    if row["id"] == wanted:
        return True
    if kind == "phenomenon":
        return (row["id"].endswith(":" + wanted) or (row["name"] or "").lower() == low
                or any(str(s).lower() == low for s in row["synonyms"] or ()))
    return kind != "paper" and (row["name"] or "").lower() == low


def _names(kind: str, rows: list[dict[str, Any]]) -> list[str]:
    """What to suggest: short keys first (``grokking`` for ``phen:grokking``), then names."""
    keys = [r["id"].split(":", 1)[1] if kind == "phenomenon" and ":" in r["id"] else r["id"] for r in rows]
    return keys + [r["name"] for r in rows if r["name"]]


def check_names(query, params: dict[str, Any], store) -> None:
    """Raise QueryError (with suggestions) when a node-typed parameter names no node of the graph."""
    cache: dict[str, list[dict[str, Any]]] = {}
    for p in query.params:
        if p.type not in NODE_TYPES or params.get(p.name) in (None, ""):
            continue
        wanted = str(params[p.name])
        if p.type not in cache:
            cache[p.type] = store.query(_LOOKUP[p.type]).records()
        if not any(_matches(p.type, wanted, row) for row in cache[p.type]):
            raise QueryError(unknown_name(p.type, wanted, _names(p.type, cache[p.type]))
                             + f" (parameter {p.name} of {query.name})")


_REL = re.compile(r"\[\s*\w*\s*:\s*([A-Z_|:]+)")


def needs_of(text: str) -> tuple[str, ...]:
    """Relationship types a Cypher text matches on (for free queries, which have no header).

    >>> needs_of("MATCH (a:Paper)-[:CITES]->(b)<-[r:ABOUT|CITES]-(c) RETURN a")
    ('ABOUT', 'CITES')
    """
    return tuple(sorted({t for group in _REL.findall(text) for t in re.split(r"[|:]", group) if t}))


def why_empty(needs, store) -> str:
    """Why a query that needs relationship types ``needs`` returned no rows, in one line.

    A type missing from the graph (with how to add it), else "nothing matches".
    """
    if needs:
        counts = store.counts()
        for rel in needs:
            if not counts.get(rel):
                return f"No rows: {_HOW_TO_ADD.get(rel, f'the graph has no {rel} edges yet')}."
    return "No rows: nothing in the graph matches (check the parameters)."
