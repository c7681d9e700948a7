"""What a read may touch, decided from the engine's own plan of the query.

Before a console query runs, the engine plans it (``EXPLAIN``) and the plan's
operators are checked:

* LadybugDB: exactly one statement (several give several plans); every
  physical operator must be a known read operator and every table function
  one of a short list (no ``COPY``, ``EXPORT``, ``LOAD FROM`` file readers,
  ``ATTACH``, extensions, settings).
* Neo4j: no ``LoadCSV``, no procedure outside :data:`ALLOWED_PROCEDURES`, no
  write, schema or administration operator.

A user can only add names to the plan text (through literals), never hide an
operator, so reading names out of the plan cannot be tricked into a pass.

>>> plan_refusal_ladybug(["RESULT_COLLECTOR", "COPY_TO"], [])
'refused: the query writes a file (COPY_TO); this console only reads the graph'
>>> plan_refusal_neo4j([("ProduceResults", ""), ("LoadCSV", "")])
'refused: the query reads a file or URL (LoadCSV); this console only reads the graph'
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Any, Hashable, Iterable

from graph.store.guard import ALLOWED_PROCEDURES

__all__ = ["PassedPlans", "ladybug_plan_operators", "plan_refusal_ladybug", "neo4j_plan_operators",
           "plan_refusal_neo4j", "LADYBUG_READ_OPERATORS", "LADYBUG_TABLE_FUNCTIONS"]

# Physical operators of LadybugDB plans that only read the graph (collected from the
# saved queries and the console's typical reads).  Anything else is refused.
LADYBUG_READ_OPERATORS = frozenset({
    "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "COUNT_REL_TABLE", "CROSS_PRODUCT", "DUMMY_SINK",
    "EMPTY_RESULT", "FILTER", "FLATTEN", "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INDEX_LOOKUP", "INTERSECT",
    "INTERSECT_BUILD", "LIMIT", "MULTIPLICITY_REDUCER", "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN",
    "PARTITIONER", "PATH_PROPERTY_PROBE", "PRIMARY_KEY_SCAN_NODE_TABLE", "PROJECTION", "QUERY_PRIMARY_KEY_LOOKUP",
    "RECURSIVE_EXTEND",
    "RESULT_COLLECTOR", "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP", "TABLE_FUNCTION_CALL",
    "TOP_K", "TOP_K_SCAN", "UNION_ALL_SCAN", "UNWIND",
})
# Table functions a read may call: the engine's internal scan, and schema listings.
LADYBUG_TABLE_FUNCTIONS = frozenset({"READ_FTABLE", "SHOW_TABLES", "TABLE_INFO"})

_FILE_OPERATORS = ("COPY", "EXPORT", "IMPORT", "ATTACH", "DETACH", "EXTENSION", "INSTALL", "LOAD")


def ladybug_plan_operators(plan_text: str) -> tuple[list[str], list[str]]:
    """Operator names and table-function names in the text of a LadybugDB ``EXPLAIN``."""
    operators = re.findall(r"\b([A-Z][A-Z0-9_]*)\[\d+\]", plan_text)
    functions = re.findall(r"Function: ([A-Za-z0-9_]+)", plan_text)
    return operators, [f.upper() for f in functions]


def plan_refusal_ladybug(operators: Iterable[str], functions: Iterable[str]) -> str | None:
    """The refusal message for a LadybugDB plan, or ``None`` when it only reads the graph."""
    for op in operators:
        if op in LADYBUG_READ_OPERATORS:
            continue
        if any(word in op for word in _FILE_OPERATORS):
            return f"refused: the query writes a file ({op}); this console only reads the graph" \
                if op.startswith(("COPY_TO", "EXPORT")) else \
                f"refused: the query reaches outside the graph ({op}); this console only reads the graph"
        return f"refused: the query runs {op}, which this console does not allow (only reads of the graph)"
    for fn in functions:
        if fn not in LADYBUG_TABLE_FUNCTIONS:
            if fn.startswith("READ_"):
                return f"refused: the query reads a file ({fn}); this console only reads the graph"
            return f"refused: function {fn} is not allowed in this console"
    return None


def neo4j_plan_operators(plan: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(operator type, details) for every operator of a Neo4j ``EXPLAIN`` plan, depth first."""
    out, stack = [], [plan] if plan else []
    while stack:
        node = stack.pop()
        op = str(node.get("operatorType", "")).split("@")[0]
        details = str((node.get("args") or node.get("arguments") or {}).get("Details", ""))
        out.append((op, details))
        stack.extend(node.get("children") or [])
    return out


_NEO4J_DENIED = ("Create", "Delete", "DetachDelete", "Merge", "Set", "Remove", "Foreach", "Transaction",
                 "Show", "Terminate", "System", "Administration", "Assert", "Drop", "Alter", "Grant", "Deny",
                 "Revoke", "Load", "Periodic", "Log", "Ensure", "Alias", "Database", "User", "Role", "Privilege")


def plan_refusal_neo4j(operators: Iterable[tuple[str, str]]) -> str | None:
    """The refusal message for a Neo4j plan, or ``None`` when it only reads the graph."""
    for op, details in operators:
        if op in ("LoadCSV",) or op.startswith("Load"):
            return f"refused: the query reads a file or URL ({op}); this console only reads the graph"
        if op in ("ProcedureCall", "ProcedureCallRowProducer", "EagerProcedureCall") or "Procedure" in op:
            name = details.split("(")[0].strip().lower()
            if name not in ALLOWED_PROCEDURES:
                return f"refused: procedure {name or '?'} is not allowed in this console"
            continue
        if op.startswith(_NEO4J_DENIED):
            return f"refused: the query runs {op}, which this console does not allow (only reads of the graph)"
    return None


class PassedPlans:
    """Queries whose plan passed the read check (bounded; the least recently used leave first).

    A verdict depends on the query text alone: parameters carry values, never clauses,
    procedure names or the labels of a write, so every operator a plan can hold is fixed
    by the text.  Keys hold the exact text (nothing normalised: a changed character is
    checked again) and where it ran (server, database); only passes are kept, and the read
    transaction stays the backstop.  It saves a planning round trip per repeated read.

    >>> passed = PassedPlans(size=1)
    >>> passed.add(("bolt://a", "neo4j", "RETURN 1")); passed.passed(("bolt://a", "neo4j", "RETURN 1"))
    True
    >>> passed.add(("bolt://a", "neo4j", "RETURN 2")); passed.passed(("bolt://a", "neo4j", "RETURN 1"))
    False
    """

    def __init__(self, size: int = 512):
        self.size = size
        self._keys: OrderedDict[Hashable, None] = OrderedDict()
        self._lock = threading.Lock()

    def passed(self, key: Hashable) -> bool:
        with self._lock:
            if key in self._keys:
                self._keys.move_to_end(key)
                return True
            return False

    def add(self, key: Hashable) -> None:
        with self._lock:
            self._keys[key] = None
            while len(self._keys) > self.size:
                self._keys.popitem(last=False)
