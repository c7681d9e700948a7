"""Records as NetworkX graphs, and records read back from a store.

Analytics work on NetworkX graphs built from :class:`graph.records.GraphRecords`;
:func:`records_from_store` rebuilds those records from either store with
portable Cypher, so every analysis runs the same on LadybugDB and Neo4j.

>>> from graph.records import GraphRecords, Paper, Cites
>>> r = GraphRecords()
>>> r.papers = {k: Paper(id=k, title=k.upper()) for k in ("a", "b")}
>>> r.add_edge(Cites("a", "b"))
>>> G = build_citation_graph(r)
>>> list(G.edges()), G.nodes["b"]["title"]
([('a', 'b')], 'B')
"""
from __future__ import annotations

from dataclasses import MISSING, fields

import networkx as nx

from graph import records as rec
from graph import schema
from graph.errors import QueryError, StoreError, one_line
from graph.records import GraphRecords

__all__ = ["build_citation_graph", "build_knowledge_graph", "records_from_store", "PAPER_ATTRIBUTES",
           "DEFAULT_CONFIDENCE", "ALL_CONFIDENCE"]

# Tag confidences the views use unless asked for all (see loaders.tagging).
DEFAULT_CONFIDENCE = ("strong", "medium")
ALL_CONFIDENCE = ("strong", "medium", "weak")

# Paper attributes carried onto citation-graph nodes (lists stay lists here;
# exporters flatten them).
PAPER_ATTRIBUTES = (
    "title", "year", "in_catalog", "keywords", "abstract", "venue", "arxiv_id", "doi", "url",
    "citation_count", "section",
)


def build_citation_graph(records: GraphRecords, confidence=DEFAULT_CONFIDENCE) -> nx.DiGraph:
    """Directed citation graph: an edge ``u -> v`` when paper ``u`` cites ``v``.

    Nodes are paper keys with the attributes of :data:`PAPER_ATTRIBUTES`, plus
    ``phenomena`` (sorted phenomenon keys from ABOUT edges whose confidence is
    in ``confidence``: strong and medium by default, :data:`ALL_CONFIDENCE`
    for every tag), ``phenomenon_confidence`` (``{phenomenon: confidence}``
    for every tag), ``phenomenon_names``, ``authors`` (names in author order) and
    ``related`` (papers joined to it by a RELATED_TO edge, either way).  Keywords are the paper's own
    keywords plus the names of its HAS_KEYWORD nodes, without duplicates.
    Papers named only by a CITES edge still become nodes (``title`` = key).
    The graph attribute ``phenomenon_links`` lists the BROADER links as
    ``(narrower, broader, kind)``.
    """
    G = nx.DiGraph(phenomenon_links=sorted((b.source, b.target, b.kind) for b in records.broader.values()))
    G.add_nodes_from((key, {**{a: getattr(paper, a) for a in PAPER_ATTRIBUTES}, "keywords": list(paper.keywords)})
                     for key, paper in records.papers.items())
    # A self-citation says nothing about flow between papers.
    G.add_edges_from(pair for pair in records.cites if pair[0] != pair[1])  # adds missing ends too
    G.add_nodes_from(a for a, b in records.cites if a == b)
    for key, data in G.nodes(data=True):
        if "title" not in data:  # named only by a CITES edge
            data.update(title=key, year=None, in_catalog=False, keywords=[])
        data["phenomena"], data["phenomenon_names"], data["authors"] = [], [], []
        data["phenomenon_confidence"], data["related"] = {}, []
    for (paper, phen), about in sorted(records.about.items()):
        if paper in G:
            G.nodes[paper]["phenomenon_confidence"][phen] = about.confidence
            if about.confidence not in confidence:
                continue
            G.nodes[paper]["phenomena"].append(phen)
            name = records.phenomena[phen].name if phen in records.phenomena else phen
            G.nodes[paper]["phenomenon_names"].append(name)
    for (a, b) in sorted(records.related_to):  # similarity edges (recommendations, co-citation, …), both ways
        if a in G and b in G and a != b:
            G.nodes[a]["related"].append(b)
            G.nodes[b]["related"].append(a)
    for (paper, kw) in sorted(records.has_keyword):
        if paper in G:
            name = records.keywords[kw].name if kw in records.keywords else kw
            if name.casefold() not in {k.casefold() for k in G.nodes[paper]["keywords"]}:
                G.nodes[paper]["keywords"].append(name)
    for wrote in sorted(records.wrote.values(), key=lambda w: (w.target, w.position)):
        if wrote.target in G:
            author = records.authors.get(wrote.source)
            G.nodes[wrote.target]["authors"].append(author.name if author else wrote.source)
    return G


def build_knowledge_graph(records: GraphRecords) -> nx.MultiDiGraph:
    """Every node and edge type in one graph.

    Node attribute ``label`` is the node label (Paper, Author, …); edge keys
    are relationship types (CITES, WROTE, …) and edges carry their properties.

    >>> from graph.records import GraphRecords, Paper, Keyword, HasKeyword
    >>> r = GraphRecords(papers={"p": Paper(id="p", title="P")}, keywords={"kw:x": Keyword("kw:x", "x")})
    >>> r.add_edge(HasKeyword("p", "kw:x"))
    >>> K = build_knowledge_graph(r)
    >>> K.nodes["kw:x"]["label"], list(K.edges(keys=True))
    ('Keyword', [('p', 'kw:x', 'HAS_KEYWORD')])
    """
    K = nx.MultiDiGraph()
    for label, items in records.nodes().items():
        for item in items:
            K.add_node(item.id, label=label, **{k: v for k, v in rec.to_row(item).items() if k != "id"})
    for rel, items in records.edges().items():
        for edge in items:
            props = {k: v for k, v in rec.to_row(edge).items() if k not in ("source", "target")}
            K.add_edge(edge.source, edge.target, key=rel, **props)
    return K


def records_from_store(store) -> GraphRecords:
    """Read every node and edge back from a store as :class:`GraphRecords`.

    Properties are returned one column each (``RETURN n.id AS id, …``), not as
    node objects, because the two engines return nodes differently.
    """
    out = GraphRecords()
    buckets = {"Paper": out.papers, "Author": out.authors, "Venue": out.venues,
               "Keyword": out.keywords, "Phenomenon": out.phenomena}
    for label, props in schema.NODE_LABELS.items():
        record_type = rec.NODE_TYPES[label]
        cols = ", ".join(f"n.{p} AS {p}" for p in props)
        try:
            result = store.query(f"MATCH (n:{label}) RETURN {cols}")
        except QueryError as err:
            if "property" not in str(err).lower():
                raise
            raise StoreError(f"the graph lacks properties of today's schema ({one_line(err, limit=160)}): run "
                             "`phenomena analyze` (or `phenomena build`) once to upgrade it") from err
        for row in result.records():
            item = record_type(**_clean(record_type, row))
            buckets[label][item.id] = item
    for rel, (start, end, props) in schema.REL_TYPES.items():
        record_type = rec.EDGE_TYPES[rel]
        cols = "".join(f", r.{p} AS {p}" for p in props)
        result = store.query(f"MATCH (a:{start})-[r:{rel}]->(b:{end}) RETURN a.id AS source, b.id AS target{cols}")
        for row in result.records():
            out.add_edge(record_type(**_clean(record_type, row)))
    return out


def _clean(record_type, row: dict) -> dict:
    """Store values back to record field types: nulls -> the field default, lists -> tuples where declared."""
    out = {}
    declared = {f.name: f for f in fields(record_type)}
    for key, value in row.items():
        f = declared[key]
        if value is None and f.default_factory is not MISSING:
            value = f.default_factory()
        elif value is None and f.default is not MISSING:
            value = f.default  # a property the store never set (e.g. an older graph)
        if isinstance(value, list) and "tuple" in str(f.type):
            value = tuple(value)
        out[key] = value
    return out
