"""Running Cypher from the console: the CLI's ``phenomena query`` and the app's Cypher page call :func:`run_query`.

The input is checked before anything is opened; a saved query's names are checked
against the graph ("did you mean …?"); a read runs on the store's bounded,
plan-checked console path (on the embedded store in a child process); an empty
result says why when the edges the query needs are missing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from app.pipeline.stores import open_store
from app.settings import Settings
from graph.store.base import GraphStore, QueryResult
from graph.store.guard import check_console_input
from queries import SavedQuery
from queries.checks import check_names, why_empty

__all__ = ["run_query", "query_store", "QueryRun"]


@dataclass
class QueryRun:
    """A console query's result, and why it is empty (None when it has rows or nothing explains it)."""

    result: QueryResult
    why_empty: str | None = None


def run_query(settings: Settings, text: str, params: dict[str, Any] | None = None, *,
              saved: SavedQuery | None = None, needs: Sequence[str] | None = None, write: bool = False,
              limit: int = 1000, timeout_s: float = 30.0) -> QueryRun:
    """Run ``text`` with typed ``params``; read-only unless ``write``.

    ``saved``: the saved query ``text`` comes from (its names are checked first, and its
    ``needs`` explain an empty result); ``needs``: what explains an empty result of free text
    (see :func:`queries.checks.needs_of`).  Errors arrive as one-line
    :class:`~graph.errors.AtlasError`\\ s.
    """
    params = params or {}
    check_console_input(text, params, limit, timeout_s)  # before opening anything
    with open_store(settings, write=write) as store:
        return query_store(store, text, params, saved=saved, needs=needs, write=write, limit=limit,
                           timeout_s=timeout_s)


def query_store(store: GraphStore, text: str, params: dict[str, Any] | None = None, *,
                saved: SavedQuery | None = None, needs: Sequence[str] | None = None, write: bool = False,
                limit: int = 1000, timeout_s: float = 30.0) -> QueryRun:
    """:func:`run_query` on an open ``store`` (what it does once the input passed its checks)."""
    params = params or {}
    if needs is None and saved is not None:
        needs = saved.needs
    if saved is not None:
        check_names(saved, params, store)  # a misspelt name: one line with suggestions
    if write:
        result = store.query(text, params, write=True, limit=limit, timeout_s=timeout_s)
    else:  # bounded, plan-checked, and on the embedded store run in a child process
        result = store.query_console(text, params, limit=limit, timeout_s=timeout_s)
    return QueryRun(result, why_empty(needs, store) if needs is not None and not result.rows else None)
