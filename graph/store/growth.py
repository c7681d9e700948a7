"""Refuse the query shapes whose one value grows without bound, before any engine runs them.

A timeout stops a query between rows; one expression that builds a string or a list of
billions of elements fills the server's heap within a second, long before any timeout,
and a heap that runs out fails every transaction on the server at that moment, not only
the console's.  Neither engine counts such a value against the memory cap of a transaction.
So three shapes are refused on both engines (the console's bound, next to the size and
nesting bounds of :mod:`graph.store.guard`):

* a ``reduce()`` whose step combines its accumulator with itself (``s + s`` doubles it
  every step: 40 steps are a terabyte);
* ``replace()`` nested in ``replace()`` more than :data:`MAX_REPLACE_NESTING` deep (each
  level can multiply the length);
* a ``range()`` with literal bounds of more than :data:`MAX_RANGE` elements used as a value
  (``UNWIND range(…)`` streams rows, which a timeout does stop, so it stays allowed).

Everything else that runs long is stopped by the timeout: on Neo4j the launcher stops a
terminated query's thread (see ``neo4j-launcher/``); on the embedded store the console's
child process is killed.

>>> check_growth("RETURN reduce(s = 0, x IN [1, 2, 3] | s + x) AS total")
>>> check_growth("RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n")
Traceback (most recent call last):
...
graph.errors.ReadOnlyViolation: refused: reduce() adds its accumulator s to itself, which doubles it every step; collect the values and combine them once instead
>>> check_growth("UNWIND range(1, 1000000000) AS x RETURN x LIMIT 3")
>>> check_growth("RETURN size([x IN range(1, 2000000000) WHERE x % 7 = 0]) AS n")
Traceback (most recent call last):
...
graph.errors.ReadOnlyViolation: refused: range(1, 2000000000) makes a list of 2,000,000,000 values in one expression (the limit is 10,000,000); UNWIND it to stream rows instead
"""
from __future__ import annotations

import re

from graph.errors import ReadOnlyViolation

__all__ = ["check_growth", "MAX_REPLACE_NESTING", "MAX_RANGE"]

MAX_REPLACE_NESTING = 3
MAX_RANGE = 10_000_000

_REDUCE = re.compile(r"\breduce\s*\(\s*([A-Za-z_]\w*)\s*=", re.I)
_RANGE = re.compile(r"(\bUNWIND\s+)?\brange\s*\(\s*(-?\d+)\s*,\s*(-?\d+)\s*(?:,\s*(-?\d+)\s*)?\)", re.I)
_REPLACE = re.compile(r"\breplace\s*\(", re.I)


def _closing(code: str, start: int) -> int:
    """The index of the bracket that closes the one opened just before ``start`` (``len(code)`` if none)."""
    depth = 1
    for i in range(start, len(code)):
        if code[i] in "([{":
            depth += 1
        elif code[i] in ")]}":
            depth -= 1
            if depth == 0:
                return i
    return len(code)


def _top_level_bar(code: str, start: int, end: int) -> int:
    """The first ``|`` between ``start`` and ``end`` outside nested brackets (-1 if none)."""
    depth = 0
    for i in range(start, end):
        if code[i] in "([{":
            depth += 1
        elif code[i] in ")]}":
            depth -= 1
        elif code[i] == "|" and depth == 0:
            return i
    return -1


def _check_reduce(code: str) -> None:
    for match in _REDUCE.finditer(code):
        name, end = match.group(1), _closing(code, code.index("(", match.start()) + 1)
        bar = _top_level_bar(code, match.end(), end)
        if bar < 0:
            continue
        step = code[bar + 1:end]
        uses = len(re.findall(rf"(?<![\w.$]){re.escape(name)}(?!\w)", step))
        if uses >= 2 and re.search(r"\+|\breplace\s*\(", step, re.I):
            raise ReadOnlyViolation(f"refused: reduce() adds its accumulator {name} to itself, which doubles it "
                                    "every step; collect the values and combine them once instead")


def _check_replace(code: str) -> None:
    deepest, stack = 0, []  # the depth of brackets at which each open replace( began
    depth = 0
    for token in re.finditer(r"\breplace\s*\(|[(\[{]|[)\]}]", code, re.I):
        if token.group().lower().startswith("replace"):
            depth += 1
            stack.append(depth)
            deepest = max(deepest, len(stack))
        elif token.group() in "([{":
            depth += 1
        else:
            if stack and stack[-1] == depth:
                stack.pop()
            depth -= 1
    if deepest > MAX_REPLACE_NESTING:
        raise ReadOnlyViolation(f"refused: replace() nested {deepest} deep can multiply a string's length at "
                                f"every level (the limit is {MAX_REPLACE_NESTING}); replace in fewer steps")


def _check_range(code: str) -> None:
    for match in _RANGE.finditer(code):
        if match.group(1):  # UNWIND range(...): rows, stopped by the timeout
            continue
        low, high, step = int(match.group(2)), int(match.group(3)), int(match.group(4) or 1)
        count = 0 if step == 0 else max(0, (high - low) // step + 1)
        if count > MAX_RANGE:
            raise ReadOnlyViolation(
                f"refused: range({low}, {high}{'' if match.group(4) is None else f', {step}'}) makes a list of "
                f"{count:,} values in one expression (the limit is {MAX_RANGE:,}); UNWIND it to stream rows instead")


def check_growth(code: str) -> None:
    """Refuse a query (its code, literals blanked: :func:`graph.store.guard.code_only`) whose one value
    can outgrow the server's memory; see the module's text for the three shapes."""
    _check_reduce(code)
    _check_replace(code)
    _check_range(code)
