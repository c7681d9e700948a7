"""The analytics' bulk path: the citation graph as arrays, built from the model's edge arrays.

At two-hop scale (500k papers, 5M citations) a NetworkX ``DiGraph`` costs a
minute to build and gigabytes to hold.  :func:`paper_arrays` reads the same
graph straight from :class:`graph.model.graph_model.GraphModel`'s ``int32`` CITES arrays:
:class:`PaperArrays` carries the edges as :class:`graph.model.columnar.CitationArrays`
and the papers' attributes as a read-only mapping built per paper on demand.

It offers the part of the DiGraph interface the analytics read (``len``,
iteration, ``nodes[v]``, ``graph["citation_arrays"]``, ``number_of_edges``), so
centrality, clusters, labels, the phenomenon map and gaps run on either; the
NetworkX graph stays the reference for small graphs and tests
(:func:`graph.analytics.analyze.compute_analytics` picks the path).  Node order, edge set
and edge order equal :meth:`GraphModel.citation_graph`'s, so both give the same
numbers for the same seed.

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A", year=2020), Paper("b", "B")], {"f": "F"}, {"a": ["f"]},
...                   [("a", "b"), ("a", "b"), ("b", "b")])
>>> g = paper_arrays(m)
>>> len(g), g.number_of_edges(), g.nodes["a"]["phenomena"], g.nodes["a"]["year"]
(2, 1, ['f'], 2020)
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from graph.model.columnar import CitationArrays
from graph.model.graph_model import DEFAULT_CONFIDENCE, PAPER_ATTRIBUTES, GraphModel

__all__ = ["PaperArrays", "PaperNodes", "paper_arrays", "node_attribute", "node_texts"]


class PaperNodes(Mapping):
    """``{paper: attributes}`` as :meth:`GraphModel.citation_graph` sets them on its nodes
    (without ``authors``, ``related`` and the phenomenon names, which no analytic reads)."""

    def __init__(self, model: GraphModel, about: dict[str, list[str]]):
        self._papers, self._about, self._keywords = model.papers, about, model.paper_keywords

    def __getitem__(self, key: str) -> dict[str, Any]:
        papers = self._papers
        if hasattr(papers, "column"):  # graph.model.columnar.NodeColumns: read the columns, build no record
            i = papers.position(key)
            values = {a: papers.column(a)[i] for a in PAPER_ATTRIBUTES}
        else:
            p = papers[key]
            values = {a: getattr(p, a) for a in PAPER_ATTRIBUTES}
        return {**values, "keywords": self._keywords[key], "phenomena": list(self._about.get(key, ()))}

    def __iter__(self):
        return iter(self._papers)

    def __len__(self) -> int:
        return len(self._papers)


class PaperArrays:
    """A citation graph as arrays (see the module docstring); ``ids[i]`` is paper ``i``."""

    def __init__(self, citations: CitationArrays, nodes: PaperNodes, in_catalog: np.ndarray,
                 about: dict[str, list[str]]):
        self.citations, self.nodes, self.in_catalog, self.about = citations, nodes, in_catalog, about
        self.graph = {"citation_arrays": citations}  # where graph.model.columnar.edge_arrays finds the edges

    @property
    def ids(self) -> list:
        return self.citations.ids

    def __len__(self) -> int:
        return len(self.citations.ids)

    def __iter__(self):
        return iter(self.citations.ids)

    def __contains__(self, key) -> bool:
        return key in self.nodes

    def attribute(self, name: str):
        """``(paper, value)`` of one attribute, read from the records without building each node's attributes."""
        if name == "phenomena":
            return ((key, self.about.get(key)) for key in self.ids)
        if name == "keywords":
            return iter(self.nodes._keywords.items())
        papers = self.nodes._papers
        if hasattr(papers, "column"):  # graph.model.columnar.NodeColumns: one column, no records
            return zip(papers, papers.column(name))
        return ((key, getattr(p, name)) for key, p in papers.items())

    def number_of_nodes(self) -> int:
        return len(self)

    def number_of_edges(self) -> int:
        return len(self.citations.src)

    def is_directed(self) -> bool:
        return True


def paper_arrays(model: GraphModel, confidence=DEFAULT_CONFIDENCE) -> PaperArrays:
    """The citation graph of ``model`` as :class:`PaperArrays`: self-citations left out, a repeated
    pair kept once, edges ordered as the NetworkX graph iterates them (by citing paper, then first seen)."""
    n = len(model.papers)
    ids = model.ids[:n]  # papers come first in the model's node order (graph.model.graph_model.NODE_KINDS)
    cites = model.edges["CITES"]
    src, dst = cites.source.astype(np.int64), cites.target.astype(np.int64)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    _, first = np.unique(src * max(n, 1) + dst, return_index=True)
    first.sort()  # first occurrence of each pair, in reading order
    order = first[np.argsort(src[first], kind="stable")]
    arrays = CitationArrays(ids, src[order].astype(np.int32), dst[order].astype(np.int32))
    flags = model.papers.column("in_catalog") if hasattr(model.papers, "column") \
        else (p.in_catalog for p in model.papers.values())
    in_catalog = np.fromiter(map(bool, flags), dtype=bool, count=n)
    about = model.about_with(confidence)
    return PaperArrays(arrays, PaperNodes(model, about), in_catalog, about)


def node_attribute(G, name: str):
    """``(node, value)`` of attribute ``name`` for every node of a NetworkX graph or :class:`PaperArrays`
    (None where a node lacks it)."""
    if isinstance(G, PaperArrays):
        return G.attribute(name)
    return G.nodes(data=name)


def node_texts(G, use_abstract: bool):
    """``paper -> {title, keywords, abstract}`` (what cluster labels read), one attribute column each."""
    titles, keywords = dict(node_attribute(G, "title")), dict(node_attribute(G, "keywords"))
    abstracts = dict(node_attribute(G, "abstract")) if use_abstract else {}
    return lambda v: {"title": titles[v], "keywords": keywords[v], "abstract": abstracts.get(v)}
