"""The drawing room: what a drawing shows, as plain data (no HTML here).

- ``layers``: the nodes and links of a multi-layer view.
- ``layout``: positions (phenomena as hubs, papers around them).
- ``overview``: clusters or phenomena as super-nodes for a large graph.
"""
