"""The graph: one typed record model, its stores, its analytics, drawings and exports.

Rooms, lowest first (a room imports only from rooms above it in this list):

- ``graph.errors``, ``graph.redact``, ``graph.files``, ``graph.suggest``, ``graph.safe_text``,
  ``graph.terminal``, ``graph.words``: shared basics (one-line exceptions, credential redaction,
  all-or-nothing file sets, "did you mean", outside text as Markdown/HTML text and checked links,
  terminal-safe output, plurals).
- :mod:`graph.model`: records, identity, schema, vocabulary and venue rules, the in-memory
  :class:`~graph.model.graph_model.GraphModel` and its columnar form.
- :mod:`graph.store`: the embedded default store and Neo4j behind one interface.
- :mod:`graph.analytics`: centrality, clusters, similarity, bridge papers, bursts, gaps, search.
- :mod:`graph.drawing`: what a drawing shows and where: layers, layout, overview.
- :mod:`graph.export`: every export format, by name, through one registry.

``graph`` never imports from ``loaders`` or ``app``.
"""
