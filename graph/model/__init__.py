"""The model room: what a graph *is*, independent of where it is stored.

- ``records``: the typed records (Paper, Author, Phenomenon, edges) every loader produces.
- ``identity``: keys that make one node per thing (arXiv ids, DOIs, normalised titles and names).
- ``schema``: the property-graph schema both stores create.
- ``vocabulary``, ``venues``: the phenomenon vocabulary (``data/phenomena.json``) and venue rules.
- ``merge``: records from several sources into one graph.
- ``graph_model``: the one in-memory :class:`GraphModel` every reader uses; ``read`` loads it from a store.
- ``columnar``: the same graph as Arrow tables and numpy arrays for large graphs.
- ``library``: "My library", the papers a user imported.
"""
