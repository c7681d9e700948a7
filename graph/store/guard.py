"""A lexical guard in front of the read-only query path.

The engines enforce read-only themselves (a READ ONLY transaction on
LadybugDB, read access mode on Neo4j); this guard adds what they allow in a
read but a console must not: touching files or the network (``LOAD CSV``,
``COPY``, ``EXPORT``), procedures that administer the server (``CALL dbms.*``,
``apoc.*``), extensions, and several statements at once.  It also gives a
clear message before the engine's own refusal.

>>> check_read_query("MATCH (p:Paper) WHERE p.title CONTAINS 'create' RETURN p.id")
>>> check_read_query("MATCH (p) /* x */ DETACH DELETE p")
Traceback (most recent call last):
...
graph.errors.ReadOnlyViolation: refused: DELETE changes the graph; this console is read-only (use `phenomena query --write 'CYPHER'` in a terminal)
"""
from __future__ import annotations

import re
import unicodedata

from graph.errors import ReadOnlyViolation

MAX_QUERY_CHARS = 20_000

_WRITE_WORDS = ("CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DROP", "ALTER", "RENAME", "DETACH",
                "FOREACH", "GRANT", "DENY", "REVOKE", "TERMINATE")
_OUTSIDE_WORDS = ("LOAD", "COPY", "EXPORT", "IMPORT", "ATTACH", "DETACH", "INSTALL", "USE", "PERIODIC",
                  "TRANSACTIONS", "CHECKPOINT")
_PROCEDURE = re.compile(r"\bCALL\s+(?!\{)([A-Za-z_][\w.]*)", re.I)
_ALLOWED_PROCEDURES = ("db.labels", "db.relationshiptypes", "db.propertykeys", "show_tables",
                       "table_info", "db.schema.visualization")


def _strip_literals_and_comments(text: str) -> str:
    """Replace string literals, quoted names and comments by blanks."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif ch in "'\"`":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            out.append(" '' " if ch != "`" else " `x` ")
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def check_read_query(text: str) -> None:
    """Raise :class:`ReadOnlyViolation` when ``text`` is not a single plain read."""
    if len(text) > MAX_QUERY_CHARS:
        raise ReadOnlyViolation(f"refused: the query is longer than {MAX_QUERY_CHARS} characters; shorten it")
    folded = unicodedata.normalize("NFKC", text)
    if any(unicodedata.category(ch) == "Cf" for ch in folded):
        raise ReadOnlyViolation("refused: the query contains invisible formatting characters; retype it")
    code = _strip_literals_and_comments(folded)
    if ";" in code.rstrip().rstrip(";"):
        raise ReadOnlyViolation("refused: one statement at a time in this console")
    words = set(re.findall(r"[A-Za-z_]+", code.upper()))
    for word in _WRITE_WORDS:
        if word in words:
            raise ReadOnlyViolation(
                f"refused: {word} changes the graph; this console is read-only "
                "(use `phenomena query --write 'CYPHER'` in a terminal)")
    for word in _OUTSIDE_WORDS:
        if word in words:
            raise ReadOnlyViolation(f"refused: {word} reaches outside the graph; this console only reads the graph")
    for match in _PROCEDURE.finditer(code):
        name = match.group(1).lower()
        if name not in _ALLOWED_PROCEDURES:
            raise ReadOnlyViolation(f"refused: procedure {match.group(1)} is not allowed in this console")
