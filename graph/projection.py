"""The projection analytics need, streamed from a store in columns.

``build_citation_graph(records_from_store(store))`` reads every property of
every node and edge as Python records: at two-hop scale (500k papers, 5M
citations) that is minutes and gigabytes.  :func:`load_citation_graph` gives
the same graph from a handful of column reads: paper attributes once, and the
edges as two id columns (no edge properties), pulled in batches
(:meth:`GraphStore.query_columns`) on LadybugDB and on Neo4j alike.  The
graph carries its edges as arrays too (:func:`graph.columnar.edge_arrays`).
"""
from __future__ import annotations

import networkx as nx

from graph.columnar import citation_arrays
from graph.networks import PAPER_ATTRIBUTES
from graph.store.base import COLUMN_BATCH, Progress

__all__ = ["load_citation_graph", "PROJECTION_QUERIES"]

PROJECTION_QUERIES = {
    "papers": "MATCH (p:Paper) RETURN p.id AS id, " + ", ".join(f"p.{a} AS {a}" for a in PAPER_ATTRIBUTES),
    "cites": "MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.id AS a, b.id AS b",
    "about": "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon) RETURN p.id AS paper, f.id AS id, f.name AS name",
    "keywords": "MATCH (p:Paper)-[:HAS_KEYWORD]->(k:Keyword) RETURN p.id AS paper, k.id AS id, k.name AS name",
    "authors": "MATCH (a:Author)-[w:WROTE]->(p:Paper) RETURN p.id AS paper, w.position AS position, "
               "a.id AS id, a.name AS name",
}


def load_citation_graph(store, *, batch_size: int = COLUMN_BATCH, progress: Progress | None = None) -> nx.DiGraph:
    """The citation graph of :func:`graph.networks.build_citation_graph`, read by columns.

    Same nodes, attributes and edges as building it from
    :func:`graph.networks.records_from_store` (the tests compare the two on
    both engines); ``progress`` is called with the rows of each batch pulled.
    """
    def read(name):
        return store.query_columns(PROJECTION_QUERIES[name], batch_size=batch_size, progress=progress)

    papers = read("papers")
    ids = papers.column("id").to_pylist()
    attrs = {a: papers.column(a).to_pylist() for a in PAPER_ATTRIBUTES}
    del papers
    attrs["keywords"] = [list(k) if k else [] for k in attrs["keywords"]]
    G = nx.DiGraph()
    G.add_nodes_from((v, {**{a: attrs[a][i] for a in PAPER_ATTRIBUTES}, "phenomena": [], "phenomenon_names": [],
                          "authors": []}) for i, v in enumerate(ids))
    del attrs
    for a in ("in_catalog",):  # a store null means "not set": the record default
        for v, flag in G.nodes(data=a):
            if flag is None:
                G.nodes[v][a] = False
    cites = read("cites")
    arrays = citation_arrays(ids, cites.column("a"), cites.column("b"))
    del cites
    nodes = arrays.ids
    G.add_nodes_from(nodes[len(ids):])  # none in a consistent store: CITES joins two papers
    G.add_edges_from(zip(map(nodes.__getitem__, arrays.src.tolist()), map(nodes.__getitem__, arrays.dst.tolist())))
    G.graph["citation_arrays"] = arrays
    about = read("about").to_pydict()
    for paper, phen, name in sorted(zip(about["paper"], about["id"], about["name"])):
        G.nodes[paper]["phenomena"].append(phen)
        G.nodes[paper]["phenomenon_names"].append(name if name is not None else phen)
    kws = read("keywords").to_pydict()
    for paper, _, name in sorted(zip(kws["paper"], kws["id"], kws["name"])):
        have = G.nodes[paper]["keywords"]
        if name.casefold() not in {k.casefold() for k in have}:
            have.append(name)
    wrote = read("authors").to_pydict()
    for paper, _, _, name in sorted(zip(wrote["paper"], [p or 0 for p in wrote["position"]], wrote["id"],
                                        wrote["name"])):
        G.nodes[paper]["authors"].append(name)
    return G
