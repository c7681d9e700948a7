"""Graph stores: the embedded default (LadybugDB) and Neo4j, one interface.

- ``base``: what every store offers (:class:`GraphStore`) and the write logic they share.
- ``cypher``: portable batched-write Cypher generated from the schema; ``diff``: write only what changed.
- ``plan`` and ``guard``: the read-only console (the engine's plan decides; the guard words refusals).
- ``shrink``: the checks a build runs before it writes; ``processes``: is a process still running.
- ``embedded/`` and ``neo4j/``: the two engines.
"""
from graph.store.base import GraphStore, QueryResult

__all__ = ["GraphStore", "QueryResult"]
