"""Records as NetworkX graphs, and records read back from a store.

Both graphs are views of the one in-memory model, :class:`graph.model.graph_model.GraphModel`:
:func:`build_citation_graph` and :func:`build_knowledge_graph` accept records or
a model; :func:`records_from_store` reads a store through
:func:`graph.model.read.load_graph_model`, so every analysis runs the same on
LadybugDB and Neo4j.

>>> from graph.model.records import GraphRecords, Paper, Cites
>>> r = GraphRecords()
>>> r.papers = {k: Paper(id=k, title=k.upper()) for k in ("a", "b")}
>>> r.add_edge(Cites("a", "b"))
>>> G = build_citation_graph(r)
>>> list(G.edges()), G.nodes["b"]["title"]
([('a', 'b')], 'B')
"""
from __future__ import annotations

import networkx as nx

from graph.model.graph_model import ALL_CONFIDENCE, DEFAULT_CONFIDENCE, PAPER_ATTRIBUTES, GraphModel
from graph.model.read import load_graph_model
from graph.model.records import GraphRecords

__all__ = ["build_citation_graph", "build_knowledge_graph", "records_from_store", "PAPER_ATTRIBUTES",
           "DEFAULT_CONFIDENCE", "ALL_CONFIDENCE"]


def _model(source: GraphRecords | GraphModel) -> GraphModel:
    return source if isinstance(source, GraphModel) else GraphModel.from_records(source)


def build_citation_graph(source: GraphRecords | GraphModel, confidence=DEFAULT_CONFIDENCE) -> nx.DiGraph:
    """Directed citation graph: an edge ``u -> v`` when paper ``u`` cites ``v``.

    Nodes are paper keys with the attributes of :data:`PAPER_ATTRIBUTES`, plus
    ``phenomena`` (sorted phenomenon keys from ABOUT edges whose confidence is in
    ``confidence``: strong and medium by default, :data:`ALL_CONFIDENCE` for every
    tag), ``phenomenon_confidence`` (``{phenomenon: confidence}`` of every tag),
    ``phenomenon_names``, ``authors`` (names in author order) and ``related``
    (papers joined by a RELATED_TO edge).  Keywords are the paper's own
    keywords plus the names of its HAS_KEYWORD nodes, without duplicates.
    The graph attribute ``phenomenon_links`` lists the BROADER links as
    ``(narrower, broader, kind)``.
    Given a model, its cached graph is returned: copy it before changing it.
    """
    return _model(source).citation_graph(confidence)


def build_knowledge_graph(source: GraphRecords | GraphModel) -> nx.MultiDiGraph:
    """Every node and edge type in one graph (see :meth:`GraphModel.knowledge_graph`).

    Node attribute ``label`` is the node label (Paper, Author, …); edge keys
    are relationship types (CITES, WROTE, …) and edges carry their properties.

    >>> from graph.model.records import GraphRecords, Paper, Keyword, HasKeyword
    >>> r = GraphRecords(papers={"p": Paper(id="p", title="P")}, keywords={"kw:x": Keyword("kw:x", "x")})
    >>> r.add_edge(HasKeyword("p", "kw:x"))
    >>> K = build_knowledge_graph(r)
    >>> K.nodes["kw:x"]["label"], list(K.edges(keys=True))
    ('Keyword', [('p', 'kw:x', 'HAS_KEYWORD')])
    """
    return _model(source).knowledge_graph()


def records_from_store(store) -> GraphRecords:
    """Every node and edge of a store as :class:`GraphRecords` (read through the model)."""
    return load_graph_model(store).to_records()
