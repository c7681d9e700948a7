"""The whole knowledge graph in the formats network tools read: GraphML, GEXF, CSV, VOSviewer JSON.

:func:`export_graph` gives every node with ``label`` (its kind: Paper, Phenomenon,
Keyword, Author, Venue) and ``name``, every edge with ``type`` (ABOUT, CITES,
HAS_KEYWORD, PUBLISHED_IN, RELATED_TO, WROTE, BROADER) and ``weight``.  Paper
``keywords`` are the merged Keyword names (variants folded as in the Keyword nodes).
The files are written by :mod:`graph.export.column_writers` as Gephi, Cytoscape,
yEd and Neo4j read them: there a node's ``label`` is its display name (title or
name) and ``kind`` its kind, so any export can be filtered by kind and relation.

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A"), Paper("b", "B")], {"f": "F"}, {"a": ["f"]}, [("a", "b")])
>>> H = export_graph(m)
>>> sorted(H.nodes(data="label")), sorted((u, v, d["type"]) for u, v, d in H.edges(data=True))
([('a', 'Paper'), ('b', 'Paper'), ('f', 'Phenomenon')], [('a', 'b', 'CITES'), ('a', 'f', 'ABOUT')])
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from graph.analytics.concepts import co_occurrence_map
from graph.export.column_writers import write_csv_columns, write_gexf_columns, write_graphml_columns
from graph.export.network_columns import kept_nodes, model_columns, multigraph_columns
from graph.export.network_stream import flat
from graph.model.graph_model import GraphModel
from graph.model.records import Paper

__all__ = ["GRAPH_FORMATS", "export_graph", "model_of_citation_graph",
           "write_graphml", "write_gexf", "write_csv", "write_vosviewer",
           "write_graph_formats", "write_column_formats"]

GRAPH_FORMATS = ("graphml", "gexf", "csv", "vosviewer")


def export_graph(model: GraphModel, *, papers: set[str] | None = None, scores: dict | None = None,
                 similar: list[tuple] | None = None) -> nx.MultiDiGraph:
    """Every node and edge kind as a flat-attribute ``MultiDiGraph`` (lists joined by "; ", None dropped).

    ``papers`` limits it to those papers and the nodes linked to them; ``scores``
    (``{paper: {measure: value}}``) adds analytics to papers; ``similar``
    (``(u, v, score, reason)``) adds RELATED_TO edges of origin ``text similarity``.
    """
    K = model.knowledge_graph()
    keep = set(K) if papers is None else ({p for p in papers if p in K}
                                          | {n for p in papers if p in K for n in nx.all_neighbors(K, p)
                                             if K.nodes[n]["label"] != "Paper"})
    H = nx.MultiDiGraph()
    kws = model.paper_keywords
    for v in K:
        if v not in keep:
            continue
        data = dict(K.nodes[v])
        if data["label"] == "Paper":
            data["keywords"] = kws.get(v, data.get("keywords"))
            data.update((scores or {}).get(v, {}))
        H.add_node(v, **{k: flat(x) for k, x in data.items() if x is not None and x != [] and x != ()})
    for u, v, key, data in K.edges(keys=True, data=True):
        if u in keep and v in keep:
            H.add_edge(u, v, key=key, **{k: flat(x) for k, x in data.items() if x is not None})
    for u, v, score, reason in similar or ():
        if u in keep and v in keep:
            H.add_edge(u, v, key="RELATED_TO:text", type="RELATED_TO", weight=float(score),
                       origin="text similarity", score=float(score), reason=reason)
    return H


def model_of_citation_graph(G: nx.DiGraph) -> GraphModel:
    """A model of a bare citation graph (papers, their ``phenomena``, citations), for analytics given one."""
    papers = [Paper(v, title=d.get("title") or str(v), year=d.get("year"), in_catalog=bool(d.get("in_catalog")))
              for v, d in G.nodes(data=True)]
    names = {}
    for _, d in G.nodes(data=True):
        names.update(zip(d.get("phenomena") or (), d.get("phenomenon_names") or d.get("phenomena") or ()))
    return GraphModel.of(papers, names, {v: list(d.get("phenomena") or ()) for v, d in G.nodes(data=True)},
                         list(G.edges()))


def _prepare(path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_graphml(H: nx.MultiDiGraph, path) -> Path:
    """GraphML of :func:`export_graph`'s multigraph (Gephi, Cytoscape, yEd, Neo4j APOC, igraph, NetworkX):
    :func:`graph.export.column_writers.write_graphml_columns`, the writer of the columnar exports."""
    return write_graphml_columns(*multigraph_columns(H), _prepare(path))


def write_gexf(H: nx.MultiDiGraph, path) -> Path:
    """GEXF 1.2 for Gephi: node label = display name, ``kind`` = node kind; edge ``type``, ``weight``
    and Gephi edge kind (:func:`graph.export.column_writers.write_gexf_columns`)."""
    return write_gexf_columns(*multigraph_columns(H), _prepare(path))


def write_csv(H: nx.MultiDiGraph, out_dir, *, prefix: str = "") -> list[Path]:
    """``nodes.csv`` and ``edges.csv`` in Gephi's spreadsheet convention
    (:func:`graph.export.column_writers.write_csv_columns`)."""
    return write_csv_columns(*multigraph_columns(H), out_dir, prefix=prefix)


def write_vosviewer(model: GraphModel, path, *, seed: int | None = 42) -> Path:
    """VOSviewer JSON: the keyword co-occurrence map (items with clusters and weights, links with strengths).

    Cluster names go in ``network.clusters`` (``[{"cluster": 1, "label": "Grokking"}]``), where
    VOSviewer Online reads them for its legend and the hovered item's "Cluster:" line; items are
    numbered clusters from 1.  No HTML ``description``: VOSviewer renders it as markup.
    """
    K = co_occurrence_map(model, "Keyword", seed=seed)
    ids = {v: i + 1 for i, v in enumerate(K)}
    items = [{"id": ids[v], "label": d["name"], "cluster": d.get("cluster", 0) + 1,
              "weights": {"Occurrences": d["papers"], "Links": K.degree(v),
                          "Total link strength": K.degree(v, weight="weight")}} for v, d in K.nodes(data=True)]
    names = {d.get("cluster", 0) + 1: d.get("cluster_label") for _, d in K.nodes(data=True)}
    clusters = [{"cluster": c, "label": names[c] or f"Cluster {c}"} for c in sorted(names)]
    links = [{"source_id": ids[u], "target_id": ids[v], "strength": d["weight"]} for u, v, d in K.edges(data=True)]
    doc = {"config": {"terminology": {"item": "keyword", "items": "keywords", "link": "co-occurrence link",
                                      "links": "co-occurrence links", "link_strength": "papers with both",
                                      "cluster": "topic", "clusters": "topics"}},
           "network": {"clusters": clusters, "items": items, "links": links}}
    path = _prepare(path)
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def write_graph_formats(model: GraphModel, out_dir, formats, *, papers: set[str] | None = None,
                        scores: dict | None = None, similar: list[tuple] | None = None) -> list[Path]:
    """The chosen :data:`GRAPH_FORMATS` in ``out_dir``: ``knowledge.graphml``, ``knowledge.gexf``,
    ``nodes.csv`` + ``edges.csv``, ``vosviewer.json``.

    GraphML, GEXF and CSV are written from the model's columns (:mod:`graph.export.network_columns`,
    :mod:`graph.export.column_writers`: the files :func:`export_graph` and :func:`write_graphml` etc.
    give, without the multigraph or an object per row), so they fit in memory at two-hop scale.
    """
    out_dir = Path(out_dir)
    written: list[Path] = []
    if any(f in formats for f in ("graphml", "gexf", "csv")):
        nodes, edges = model_columns(model, keep=kept_nodes(model, papers), scores=scores, similar=similar)
        written += write_column_formats(nodes, edges, out_dir, formats)
    if "vosviewer" in formats:
        written.append(write_vosviewer(model, out_dir / "vosviewer.json"))
    return written


def write_column_formats(nodes, edges, out_dir, formats) -> list[Path]:
    """``knowledge.graphml``, ``knowledge.gexf``, ``nodes.csv`` + ``edges.csv`` (those of ``formats``) in
    ``out_dir`` from the ``(nodes, edges)`` tables of :mod:`graph.export.network_columns` or
    :mod:`graph.export.store_columns`."""
    out_dir = Path(out_dir)
    written: list[Path] = []
    if "graphml" in formats:
        written.append(write_graphml_columns(nodes, edges, out_dir / "knowledge.graphml"))
    if "gexf" in formats:
        written.append(write_gexf_columns(nodes, edges, out_dir / "knowledge.gexf"))
    if "csv" in formats:
        written += write_csv_columns(nodes, edges, out_dir)
    return written
