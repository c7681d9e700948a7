"""A console read that returns at its timeout, whatever the query does on the server.

Neo4j checks a transaction's timeout between rows, not inside one expression: a
``reduce()`` that builds a string, or a 10,000-term expression, ignores
``begin_transaction(timeout=...)`` and the CLI would wait for it.  So the read runs
in a worker thread; when it is not back ``GRACE_S`` after its timeout, the
transaction (found by the metadata tag it carries) is terminated server-side and
the caller gets a one-line :class:`QueryError` at once.

>>> run_with_deadline(lambda: 42, 1.0, lambda: None)
42
"""
from __future__ import annotations

import threading
import uuid
from typing import Callable, TypeVar

from graph.errors import QueryError

__all__ = ["run_with_deadline", "console_tag", "terminate_tagged", "GRACE_S", "TAG_KEY"]

T = TypeVar("T")
GRACE_S = 1.5  # the server's own timeout usually answers first; this is for queries that ignore it
TERMINATE_WAIT_S = 1.0
TAG_KEY = "atlas_console"


def console_tag() -> dict:
    """Transaction metadata that lets :func:`terminate_tagged` find this one transaction."""
    return {TAG_KEY: uuid.uuid4().hex}


def terminate_tagged(driver, database: str, tag: dict) -> None:
    """Ask the server to terminate the transaction carrying ``tag`` (best effort, never raises)."""
    try:
        with driver.session(database=database) as session:
            ids = [r["id"] for r in session.run(
                "SHOW TRANSACTIONS YIELD transactionId AS id, metaData "
                "WHERE metaData[$key] = $value RETURN id", key=TAG_KEY, value=tag[TAG_KEY])]
            if ids:
                session.run("TERMINATE TRANSACTIONS $ids", ids=ids).consume()
    except Exception:  # noqa: BLE001 - the timeout message is what the user needs; this is cleanup
        pass


def run_with_deadline(work: Callable[[], T], timeout_s: float | None, on_expiry: Callable[[], None]) -> T:
    """``work()``, or a one-line :class:`QueryError` ``GRACE_S`` after ``timeout_s`` (``on_expiry`` runs first)."""
    if timeout_s is None:
        return work()
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as err:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = err

    worker = threading.Thread(target=target, name="atlas-console-read", daemon=True)
    worker.start()
    worker.join(timeout_s + GRACE_S)
    if worker.is_alive():
        # the server marked it timed out already (usually); say so again, but never wait long for a busy server
        cleanup = threading.Thread(target=on_expiry, name="atlas-console-terminate", daemon=True)
        cleanup.start()
        cleanup.join(TERMINATE_WAIT_S)
        raise QueryError(f"query timed out after {timeout_s:g} s and was stopped: add a LIMIT, narrow the MATCH "
                         "or build less in one expression")
    if "error" in box:
        raise box["error"]
    return box["value"]
