"""Neo4j 5 Cypher that the embedded engine does not parse, rewritten to its portable form.

Neo4j 5 allows a predicate inside a node or relationship pattern
(``MATCH (p:Paper WHERE p.year > 2020)``); LadybugDB only knows the clause form
(``MATCH (p:Paper) WHERE p.year > 2020``).  :func:`portable_cypher` moves every such
predicate of a top-level ``MATCH`` into that clause's ``WHERE`` (joined with ``AND``),
which means the same on both engines.  Text it does not understand is returned as it is:
the engine then reports its own error, and :data:`INLINE_WHERE_HINT` says what to write.

The scan reads strings, backtick names and comments as Cypher does, so a ``WHERE``
inside a string literal is never touched.

>>> portable_cypher("MATCH (p:Paper WHERE p.year > 2020) RETURN p.title")
'MATCH (p:Paper) WHERE (p.year > 2020) RETURN p.title'
>>> portable_cypher("MATCH (a WHERE a.x = 1)-[r:CITES WHERE r.w > 0]->(b) WHERE b.y = 'WHERE' RETURN a")
"MATCH (a)-[r:CITES]->(b) WHERE (a.x = 1) AND (r.w > 0) AND (b.y = 'WHERE') RETURN a"
>>> portable_cypher("MATCH (p) RETURN p")  # nothing to do
'MATCH (p) RETURN p'
"""
from __future__ import annotations

import re

from graph.errors import QueryError

__all__ = ["portable_cypher", "has_inline_where", "without_explain", "explained_error", "INLINE_WHERE_HINT"]

INLINE_WHERE_HINT = ("a WHERE inside a pattern is Neo4j 5 syntax; the portable form is "
                     "MATCH (p:Paper) WHERE p.year > 2020")

# Keywords that start a clause (at bracket depth 0) and so end a MATCH clause's pattern or WHERE.
_CLAUSES = {"MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "CALL", "ORDER", "SKIP", "LIMIT",
            "UNION", "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "FOREACH", "YIELD", "USING"}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _tokens(text: str):
    """(position, word, depth) for every bare word, and ('(' / ')' ...) brackets with their depth.

    Strings, backtick names and comments are skipped.  Yields ``(pos, token, depth_before)``.
    """
    i, n, depth = 0, len(text), 0
    while i < n:
        c = text[i]
        if c in "'\"":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif c == "`":
            j = text.find("`", i + 1)
            i = n if j < 0 else j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "([{":
            yield i, c, depth
            depth += 1
            i += 1
        elif c in ")]}":
            depth -= 1
            yield i, c, depth
            i += 1
        else:
            m = _WORD.match(text, i)
            if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_$")):
                yield i, m.group(0), depth
                i = m.end()
            else:
                i += 1


def has_inline_where(text: str) -> bool:
    """Whether a ``WHERE`` stands inside a pattern's brackets (Neo4j 5 syntax).

    >>> has_inline_where("MATCH (p:Paper WHERE p.year > 2020) RETURN p"), has_inline_where("MATCH (p) WHERE p.x RETURN p")
    (True, False)
    """
    return any(tok.upper() == "WHERE" and depth > 0 for _, tok, depth in _tokens(text))


def portable_cypher(text: str) -> str:
    """``text`` with the pattern predicates of its top-level MATCH clauses moved into their WHERE."""
    if not has_inline_where(text):
        return text
    toks = list(_tokens(text))
    # Clause boundaries at depth 0.
    clauses = [(k, pos, tok.upper()) for k, (pos, tok, depth) in enumerate(toks)
               if depth == 0 and tok.upper() in _CLAUSES]
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied right to left
    for ci, (k, pos, word) in enumerate(clauses):
        if word != "MATCH":
            continue
        end = clauses[ci + 1][1] if ci + 1 < len(clauses) else len(text)
        own_where = clauses[ci + 1] if ci + 1 < len(clauses) and clauses[ci + 1][2] == "WHERE" else None
        pattern_end = own_where[1] if own_where else end
        predicates, last_close = [], None
        # Pattern elements: '(' or '[' opened at depth 0 inside this clause's pattern.
        j = k + 1
        while j < len(toks) and toks[j][0] < pattern_end:
            p, tok, depth = toks[j]
            if tok in "([" and depth == 0:
                close = next((m for m in range(j + 1, len(toks)) if toks[m][2] == 0 and toks[m][1] in ")]"), None)
                if close is None:
                    return text
                last_close = toks[close][0] + 1
                where = next((m for m in range(j + 1, close) if toks[m][2] == 1 and toks[m][1].upper() == "WHERE"),
                             None)
                if where is not None:
                    w_pos, c_pos = toks[where][0], toks[close][0]
                    predicate = text[w_pos + len("WHERE"):c_pos].strip()
                    if not predicate:
                        return text
                    predicates.append(predicate)
                    edits.append((w_pos, c_pos, ""))
                    # drop the space before WHERE too
                    start = w_pos
                    while start > p + 1 and text[start - 1].isspace():
                        start -= 1
                    edits[-1] = (start, c_pos, "")
                j = close + 1
                continue
            j += 1
        if not predicates:
            continue
        joined = " AND ".join(f"({p})" for p in predicates)
        if own_where:
            w_pos = own_where[1]
            existing_end = clauses[ci + 2][1] if ci + 2 < len(clauses) else len(text)
            existing = text[w_pos + len("WHERE"):existing_end]
            tail = existing[len(existing.rstrip()):]
            edits.append((w_pos, existing_end, f"WHERE {joined} AND ({existing.strip()}){tail}"))
        else:
            edits.append((last_close, last_close, f" WHERE {joined}"))
    for start, stop, new in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + new + text[stop:]
    return text


def without_explain(message: str, text: str) -> str:
    """The engine's message about ``EXPLAIN text`` as if it were about ``text`` alone.

    The read path plans a query with ``EXPLAIN`` first; the user never typed that prefix.

    >>> without_explain('Parser exception: bad (line: 1, offset: 23) "EXPLAIN MATCH (p WHERE x) RETURN p"',
    ...                 "MATCH (p WHERE x) RETURN p")  # doctest: +NORMALIZE_WHITESPACE
    'Parser exception: bad (line: 1, offset: 15) "MATCH (p WHERE x) RETURN p"; a WHERE inside a pattern is
     Neo4j 5 syntax; the portable form is MATCH (p:Paper) WHERE p.year > 2020'
    """
    prefix = len("EXPLAIN ")
    message = message.replace("EXPLAIN " + text, text).replace('"EXPLAIN ', '"').replace("'EXPLAIN ", "'")
    message = re.sub(r"\(line: 1, offset: (\d+)\)",
                     lambda m: f"(line: 1, offset: {max(0, int(m.group(1)) - prefix)})", message)
    message = re.sub(r"line 1, column (\d+) \(offset: (\d+)\)",
                     lambda m: f"line 1, column {max(1, int(m.group(1)) - prefix)} (offset: {max(0, int(m.group(2)) - prefix)})",
                     message)
    message = re.sub(r"\s*\^+\s*$", "", message)
    if has_inline_where(text) and INLINE_WHERE_HINT not in message:
        message += "; " + INLINE_WHERE_HINT
    return message


def explained_error(err: QueryError, text: str) -> QueryError:
    """``err`` again, with its message freed of the ``EXPLAIN`` prefix (same class)."""
    return type(err)(without_explain(str(err), text))
