"""Graph stores: the embedded default (LadybugDB) and Neo4j, one interface."""
from graph.store.base import GraphStore, QueryResult

__all__ = ["GraphStore", "QueryResult"]
