"""The analytics room: pure functions of the graph model returning plain data.

- ``analyze``: every analytic in one pass and the write-back of its scores.
- ``centrality``, ``clusters``, ``similarity``, ``bridge_papers`` (papers that bridge two
  phenomena, not networkx's bridge edges), ``bursts``, ``gaps``, ``phenomena`` (map, timelines),
  ``concepts`` (keyword and co-author maps), ``search`` (ranked paper search).
- ``networks``: records as NetworkX graphs; ``paper_arrays`` and ``backend``: the array/igraph path
  for large graphs.
"""
