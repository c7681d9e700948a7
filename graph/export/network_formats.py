"""The whole knowledge graph in the formats network tools read: GraphML, GEXF, CSV, VOSviewer JSON.

Every node has ``label`` (its kind: Paper, Phenomenon, Keyword, Author, Venue)
and ``name``; every edge has ``type`` (ABOUT, CITES, HAS_KEYWORD, PUBLISHED_IN,
RELATED_TO, WROTE) and ``weight``, so Gephi, Cytoscape or igraph can filter by
kind.  Paper ``keywords`` are the merged Keyword names (variants folded as in
the Keyword nodes).  In GEXF the node label is the display name (what Gephi
shows) and the kind is the attribute ``kind``.

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A"), Paper("b", "B")], {"f": "F"}, {"a": ["f"]}, [("a", "b")])
>>> H = export_graph(m)
>>> sorted(H.nodes(data="label")), sorted((u, v, d["type"]) for u, v, d in H.edges(data=True))
([('a', 'Paper'), ('b', 'Paper'), ('f', 'Phenomenon')], [('a', 'b', 'CITES'), ('a', 'f', 'ABOUT')])
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from graph.analytics.concepts import co_occurrence_map
from graph.export.network_stream import (
    edge_attributes,
    flat,
    kept_nodes,
    knowledge_edges,
    knowledge_nodes,
    stream_csv,
    stream_graphml,
)
from graph.model.graph_model import GraphModel
from graph.model.records import Paper

__all__ = ["GRAPH_FORMATS", "export_graph", "model_of_citation_graph",
           "write_graphml", "write_gexf", "write_csv", "write_vosviewer",
           "write_graph_formats"]

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
    """GraphML (Gephi, yEd, Cytoscape, igraph)."""
    path = _prepare(path)
    nx.write_graphml(H, path)
    return path


def write_gexf(H: nx.MultiDiGraph, path) -> Path:
    """GEXF 1.2 for Gephi: label = display name, ``kind`` = node kind, edge ``type`` and ``weight``."""
    path = _prepare(path)
    G = nx.MultiDiGraph()
    for v, d in H.nodes(data=True):
        G.add_node(v, **{**{k: x for k, x in d.items() if k not in ("label", "name")},
                         "kind": d.get("label"), "label": d.get("name") or str(v)})
    for u, v, k, d in H.edges(keys=True, data=True):
        G.add_edge(u, v, key=k, **{("relation" if a == "type" else a): x for a, x in d.items()}, id=f"{u}|{k}|{v}")
    nx.write_gexf(G, path)
    return path


def write_csv(H: nx.MultiDiGraph, out_dir, *, prefix: str = "") -> list[Path]:
    """``nodes.csv`` (``id``, ``label``, ``name``, then every attribute) and ``edges.csv``
    (``source``, ``target``, ``type``, ``weight``, then every attribute)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    node_cols = ["label", "name"] + sorted({k for _, d in H.nodes(data=True) for k in d} - {"label", "name"})
    edge_cols = ["type", "weight"] + sorted({k for *_, d in H.edges(data=True) for k in d} - {"type", "weight"})
    nodes_path, edges_path = out_dir / f"{prefix}nodes.csv", out_dir / f"{prefix}edges.csv"
    with nodes_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", *node_cols])
        w.writerows([v, *(d.get(c, "") for c in node_cols)] for v, d in H.nodes(data=True))
    with edges_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", *edge_cols])
        w.writerows([u, v, *(d.get(c, "") for c in edge_cols)] for u, v, d in H.edges(data=True))
    return [nodes_path, edges_path]


def write_vosviewer(model: GraphModel, path, *, seed: int | None = 42) -> Path:
    """VOSviewer JSON: the keyword co-occurrence map (items with clusters and weights, links with strengths)."""
    K = co_occurrence_map(model, "Keyword", seed=seed)
    ids = {v: i + 1 for i, v in enumerate(K)}
    items = [{"id": ids[v], "label": d["name"], "cluster": d.get("cluster", 0) + 1,
              "weights": {"Occurrences": d["papers"], "Links": K.degree(v),
                          "Total link strength": K.degree(v, weight="weight")},
              "description": f"cluster: {d.get('cluster_label', '')}"} for v, d in K.nodes(data=True)]
    links = [{"source_id": ids[u], "target_id": ids[v], "strength": d["weight"]} for u, v, d in K.edges(data=True)]
    doc = {"config": {"terminology": {"item": "keyword", "items": "keywords", "link": "co-occurrence link",
                                      "links": "co-occurrence links", "link_strength": "papers with both"}},
           "network": {"items": items, "links": links}}
    path = _prepare(path)
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def write_graph_formats(model: GraphModel, out_dir, formats, *, papers: set[str] | None = None,
                        scores: dict | None = None, similar: list[tuple] | None = None) -> list[Path]:
    """The chosen :data:`GRAPH_FORMATS` in ``out_dir``: ``knowledge.graphml``, ``knowledge.gexf``,
    ``nodes.csv`` + ``edges.csv``, ``vosviewer.json``.

    GraphML and CSV are streamed from the model (:mod:`graph.export.network_stream`: the files
    :func:`export_graph` and the NetworkX writers give, without the multigraph), so they fit
    in memory at two-hop scale; GEXF still goes through :func:`export_graph`.
    """
    out_dir = Path(out_dir)
    keep = kept_nodes(model, papers)
    nodes = lambda: knowledge_nodes(model, keep=keep, scores=scores)  # noqa: E731
    edges = lambda: knowledge_edges(model, keep=keep, similar=similar)  # noqa: E731
    total = None if papers is not None else \
        len(model.ids) + sum(len(e) for e in model.edges.values()) + len(similar or ())  # for the progress bars
    written: list[Path] = []
    if "graphml" in formats:
        written.append(stream_graphml(nodes(), edges(), out_dir / "knowledge.graphml", total=total))
    if "gexf" in formats:
        written.append(write_gexf(export_graph(model, papers=papers, scores=scores, similar=similar),
                                  out_dir / "knowledge.gexf"))
    if "csv" in formats:
        written += stream_csv(nodes, edges, out_dir, total=total,
                              edge_names=None if papers is not None else edge_attributes(model, similar))
    if "vosviewer" in formats:
        written.append(write_vosviewer(model, out_dir / "vosviewer.json"))
    return written
