"""The analytics room: pure functions of the graph model returning plain data.

- ``analyze``: every analytic in one pass and the write-back of its scores.
- ``centrality``, ``clusters``, ``similarity`` (with ``text_similarity`` and ``author_weights``), ``bridge_papers`` (papers that bridge two
  phenomena, not networkx's bridge edges), ``bursts``, ``gaps``, ``phenomena`` (map, timelines),
  ``concepts`` (the phenomenon map; keyword and co-author maps: one ``co_occurrence_map``), ``search`` (ranked paper search).
- ``networks``: records as NetworkX graphs; ``paper_arrays`` and ``backend``: the array/igraph path
  for large graphs.
"""
