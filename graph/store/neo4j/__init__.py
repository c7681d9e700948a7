"""The Neo4j store: the same graph and Cypher as the embedded store, on a server.

- ``store``: :class:`Neo4jStore` (injected driver, read transactions, plan checks).
- ``batched``: large writes in transactions of a batch each, resumable.
- ``pages``: bulk reads in keyset pages.
- ``values``: driver values (nodes, paths, temporal) as plain Python.
- ``server``: the local server started by ``neo4j-launcher/`` (no Docker).
"""
