"""The Cypher page: saved queries as forms, the read-only console, results as tables and paper ids."""
from __future__ import annotations

import re
from typing import Any

from graph.errors import AtlasError
from graph.store.base import QueryResult
from queries import SavedQuery, coerce_params, list_queries, load_query
from queries.checks import needs_of

__all__ = ["needs_of", "query_parameters", "list_saved_queries", "load_saved_query", "saved_query_params",
           "paper_ids_in", "table_rows"]


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def query_parameters(text: str) -> list[str]:
    """Named ``$parameters`` of a query, in order of first use (string literals ignored).

    >>> query_parameters("MATCH (p:Paper) WHERE p.year >= $since AND p.title <> '$x' RETURN p LIMIT $n")
    ['since', 'n']
    """
    seen: list[str] = []
    for name in _PARAM.findall(_STRING_LITERAL.sub("''", text)):
        if name not in seen:
            seen.append(name)
    return seen


def list_saved_queries() -> list[tuple[str, str]]:
    """(name, title) of the saved queries in ``queries/``."""
    out = []
    for name in list_queries():
        try:
            out.append((name, load_query(name).title or name))
        except AtlasError as err:  # a broken file is listed with its one-line problem
            out.append((name, f"{name} (cannot load: {err})"))
    return out


def load_saved_query(name: str, engine: str) -> SavedQuery:
    """The saved query ``name`` for ``engine`` ("embedded" or "neo4j"): ``.title``, ``.description``,
    ``.params`` (each ``.name``, ``.type``, ``.default``, ``.required``) and ``.text_for(engine)``."""
    return load_query(name, engine)


def saved_query_params(query: SavedQuery, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed parameter values from form input (strings allowed), defaults filled in."""
    return coerce_params(query, {k: v for k, v in raw.items() if v not in (None, "")})


def _cell(value: Any) -> Any:
    """A value fit for a table cell: nodes as their key or name, lists joined."""
    if isinstance(value, dict):
        label = value.get("_LABEL") or value.get("_label")
        if "id" in value and value.get("id") is not None:
            return f"({label}) {value['id']}" if label else str(value["id"])
        shown = {k: v for k, v in value.items() if not str(k).startswith("_") and v is not None}
        return f"[{label}] {shown}" if label else str(shown)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_cell(v)) for v in value)
    return value


def paper_ids_in(result: QueryResult, known: set[str] | dict) -> list[str]:
    """Papers a query result mentions, by node or by key, in order of first appearance.

    >>> paper_ids_in(QueryResult(["paper", "n"], [["arxiv:1", 3], [{"_LABEL": "Paper", "id": "arxiv:2"}, 1]]),
    ...              {"arxiv:1", "arxiv:2"})
    ['arxiv:1', 'arxiv:2']
    """
    seen: dict[str, None] = {}

    def visit(value: Any) -> None:
        if isinstance(value, str) and value in known:
            seen.setdefault(value)
        elif isinstance(value, dict):
            if (value.get("_LABEL") or value.get("_label")) == "Paper" and value.get("id") in known:
                seen.setdefault(value["id"])
            for key in ("_nodes", "nodes"):  # paths
                for node in value.get(key) or ():
                    visit(node)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)

    for row in result.rows:
        for cell in row:
            visit(cell)
    return list(seen)


def table_rows(result: QueryResult) -> list[dict[str, Any]]:
    """Rows as dicts of display values (nodes and relationships flattened to text)."""
    return [{col: _cell(v) for col, v in zip(result.columns, row)} for row in result.rows]


