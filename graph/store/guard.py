"""Lexical checks in front of the read-only query path: bounds, and friendly refusals.

What a read may touch is decided by the engines (see :mod:`graph.store.plan`:
the plan of every console query is inspected before it runs, and reads run in
read-only transactions).  This module only

* bounds a query before any engine parses it (:func:`check_query_bounds`:
  size, bracket nesting, ``CASE`` nesting, operator count; deep nesting and
  10,000-term expressions crash or stall the engines' parsers and planners; and
  values that grow without bound, :mod:`graph.store.growth`), and
* phrases a clear refusal for the common cases (:func:`check_read_query`).

Identifiers are read as Cypher reads them: inside backticks a doubled
backtick stands for one and a backslash is an ordinary character; inside
string literals a backslash escapes the next character.

>>> check_read_query("MATCH (p:Paper) WHERE p.title CONTAINS 'create' RETURN p.id")
>>> check_read_query("MATCH (p) /* x */ DETACH DELETE p")
Traceback (most recent call last):
...
graph.errors.ReadOnlyViolation: refused: DELETE changes the graph; this console is read-only (use `phenomena query --write 'CYPHER'` in a terminal)
>>> check_read_query("RETURN 1 AS `x\\\\`; COPY (MATCH (p) RETURN p) TO 'x.csv'; RETURN 2 AS `y`")
Traceback (most recent call last):
...
graph.errors.ReadOnlyViolation: refused: one statement at a time in this console
"""
from __future__ import annotations

import re
import unicodedata

from graph.errors import QueryError, ReadOnlyViolation
from graph.store.growth import check_growth

__all__ = ["check_read_query", "check_query_bounds", "code_only", "MAX_QUERY_CHARS", "MAX_NESTING",
           "MAX_CASE_NESTING", "MAX_OPERATORS"]

MAX_QUERY_CHARS = 20_000
MAX_NESTING = 32  # ( [ { inside each other; LadybugDB's parser overflows its stack near 3,000
MAX_CASE_NESTING = 8  # CASE inside CASE: LadybugDB's parse time doubles per level (20 levels: 3 s)
# Operators in one query (+ - * / % ^ =~ comparisons, AND/OR/XOR/NOT): a 10,000-term 1+1+… is a
# 10,000-deep expression tree that crashes LadybugDB's engine and keeps Neo4j's planner busy; the
# saved queries use under 60.
MAX_OPERATORS = 1_000
_OPERATOR = re.compile(r"<>|<=|>=|=~|[-+*/%^=<>]|\b(?:AND|OR|XOR|NOT)\b", re.I)

_WRITE_WORDS = ("CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DROP", "ALTER", "RENAME", "DETACH",
                "FOREACH", "GRANT", "DENY", "REVOKE", "TERMINATE")
_OUTSIDE_WORDS = ("LOAD", "COPY", "EXPORT", "IMPORT", "ATTACH", "DETACH", "INSTALL", "USE", "PERIODIC",
                  "TRANSACTIONS", "CHECKPOINT")
_PROCEDURE = re.compile(r"\bCALL\s+(?!\{)([A-Za-z_][\w.]*)", re.I)
# Procedures a console may call (lower case), on either engine.
ALLOWED_PROCEDURES = ("db.labels", "db.relationshiptypes", "db.propertykeys", "show_tables",
                      "table_info", "db.schema.visualization")


def code_only(text: str) -> str:
    """``text`` with string literals, quoted names and comments replaced by placeholders.

    >>> code_only("RETURN 'a;b' AS `c``;d`, 1 // x;")
    "RETURN '' AS `x`, 1 "
    >>> code_only("RETURN 1 AS `x\\\\`; COPY")
    'RETURN 1 AS `x`; COPY'
    """
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
        elif ch == "`":  # a quoted name: `` is one backtick, a backslash is just a character
            j = i + 1
            while j < n:
                if text[j] == "`":
                    if text.startswith("``", j):
                        j += 2
                        continue
                    break
                j += 1
            out.append("`x`")
            i = j + 1
        elif ch in "'\"":  # a string literal: backslash escapes the next character
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            out.append("''")
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def check_query_bounds(text: str) -> str:
    """Refuse a query too long or too deeply nested for an engine to parse safely.

    Returns the query's code (literals, names and comments blanked) for further checks.

    >>> check_query_bounds("RETURN " + "(" * 40 + "1" + ")" * 40)
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyViolation: refused: brackets nested 40 deep (the limit is 32); flatten the query
    """
    if len(text) > MAX_QUERY_CHARS:
        raise ReadOnlyViolation(f"refused: the query is longer than {MAX_QUERY_CHARS} characters; shorten it")
    code = code_only(text)
    depth = deepest = case = deepest_case = 0
    for token in re.finditer(r"[(\[{]|[)\]}]|\b(?:CASE|END)\b", code, re.I):
        word = token.group().upper()
        if word in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif word in ")]}":
            depth -= 1
        elif word == "CASE":
            case += 1
            deepest_case = max(deepest_case, case)
        else:
            case -= 1
    if deepest > MAX_NESTING:
        raise ReadOnlyViolation(f"refused: brackets nested {deepest} deep (the limit is {MAX_NESTING}); "
                                "flatten the query")
    if deepest_case > MAX_CASE_NESTING:
        raise ReadOnlyViolation(f"refused: CASE nested {deepest_case} deep (the limit is {MAX_CASE_NESTING}); "
                                "flatten the query")
    operators = sum(1 for _ in _OPERATOR.finditer(code))
    if operators > MAX_OPERATORS:
        raise ReadOnlyViolation(f"refused: {operators} operators in one query (the limit is {MAX_OPERATORS}); "
                                "use list functions such as reduce() or sum() over a list instead")
    check_growth(code)  # one value that grows past any memory cap (string doubling, huge ranges)
    return code


def check_read_query(text: str) -> None:
    """Raise :class:`ReadOnlyViolation` with a friendly message for what is plainly not a single read.

    This is not the safety boundary (the engine's plan is): it only words the common refusals.
    """
    folded = unicodedata.normalize("NFKC", text)
    code = check_query_bounds(folded)
    if any(unicodedata.category(ch) == "Cf" for ch in folded):
        raise ReadOnlyViolation("refused: the query contains invisible formatting characters; retype it")
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
        if name not in ALLOWED_PROCEDURES:
            raise ReadOnlyViolation(f"refused: procedure {match.group(1)} is not allowed in this console")
    if re.search(r"\bCALL\s+`", code, re.I):
        raise ReadOnlyViolation("refused: call procedures by their plain name in this console (no backticks)")


MAX_ROWS = 1_000_000
MAX_TIMEOUT_S = 3600


def check_console_input(text: str, params: dict | None, limit: int | None, timeout_s: float | None) -> None:
    """One-line errors for an empty query, a bad row limit or timeout, and a ``$name`` without a value.

    >>> check_console_input("RETURN $x AS x", {}, 10, 5)
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: the query uses $x but no value was given: add --param x=VALUE
    """
    if not text.strip():
        raise QueryError("the query is empty: type Cypher such as MATCH (p:Paper) RETURN p.title LIMIT 10")
    if limit is not None and not 0 < limit <= MAX_ROWS:
        raise QueryError(f"the row limit must be between 1 and {MAX_ROWS:,} (got {limit}): fix --limit")
    if timeout_s is not None and not 0 < timeout_s <= MAX_TIMEOUT_S:
        raise QueryError(f"the timeout must be between 0 and {MAX_TIMEOUT_S} seconds (got {timeout_s:g}): "
                         "fix --timeout")
    for name, value in (params or {}).items():
        if isinstance(value, int) and not isinstance(value, bool) and not -2**63 <= value < 2**63:
            raise QueryError(f"the value of ${name} is out of range for a 64-bit integer: fix --param {name}")
    given = set(params or {})
    for name in re.findall(r"\$([A-Za-z_]\w*)", code_only(text)):
        if name not in given:
            raise QueryError(f"the query uses ${name} but no value was given: add --param {name}=VALUE")


def cap_rows(text: str, rows: int) -> str:
    """``text`` with ``LIMIT rows`` appended when its final RETURN has no LIMIT of its own.

    An engine that builds the whole result before the first row is read (LadybugDB)
    then stops producing rows at the cap instead of filling memory.  Queries whose
    last RETURN sits inside a subquery, or that already limit it, are left as they are.

    >>> cap_rows("UNWIND range(1, 1000000000) AS x RETURN x // all of them", 11)
    'UNWIND range(1, 1000000000) AS x RETURN x // all of them\\nLIMIT 11'
    >>> cap_rows("MATCH (p) RETURN p LIMIT 5;", 11)
    'MATCH (p) RETURN p LIMIT 5;'
    """
    code = code_only(text).rstrip()
    if code.endswith(";") and not text.rstrip().endswith(";"):
        return text  # a ";" followed by a comment: appending would start a second statement
    code = code.rstrip(";")
    returns = list(re.finditer(r"\bRETURN\b", code, re.I))
    last = returns[-1] if returns else None
    if last is None:
        return text
    tail = code[last.end():]
    if re.search(r"\bLIMIT\b", tail, re.I) or _unbalanced_closers(tail):
        return text
    return text.rstrip().rstrip(";") + f"\nLIMIT {int(rows)}"


def _unbalanced_closers(tail: str) -> str:
    """The closing brackets in ``tail`` that close something opened before it ("" if none)."""
    depth, out = 0, []
    for ch in tail:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                out.append(ch)
            else:
                depth -= 1
    return "".join(out)
