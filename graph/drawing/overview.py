"""The overview of a large graph: clusters or phenomena as super-nodes, and a drill-down into one.

Above :data:`OVERVIEW_MIN_PAPERS` papers a drawing of every paper is neither
fast nor readable, so the Graph page starts from groups: each cluster (from
``phenomena analyze``) or phenomenon is one super-node sized by its papers,
and super-nodes are linked by the citations between their papers.  Nothing
is capped silently: groups beyond ``max_nodes`` fold into one explicit
"smaller clusters" node, papers in no group are counted, and a drill-down
says how many of the group's papers it shows.

:func:`compute_overview` is a pure function of group sizes and citation
counts between groups; :func:`load_overview` and :func:`load_drill_down` get
those from a store with aggregating Cypher (the engine counts; only one row
per pair of groups comes back), the same on LadybugDB and Neo4j.

>>> ov = compute_overview({0: 30, 1: 20, 2: 1, 3: 1}, {(0, 1): 7, (1, 0): 2, (0, 0): 50, (2, 0): 1, (3, 2): 4},
...                       {0: "grokking", 1: "double descent"}, kind="cluster", max_nodes=2, papers=53, ungrouped=1)
>>> [(n.key, n.label, n.papers, n.internal_citations) for n in ov.nodes]
[(0, 'cluster 0: grokking', 30, 50), (1, 'cluster 1: double descent', 20, 0), ('other', '2 smaller clusters', 2, 4)]
>>> [(e.source, e.target, e.citations) for e in ov.edges]
[(0, 1, 9), (0, 'other', 1)]
>>> ov.summary()
'53 papers in 4 clusters, drawn as 3 groups (2 smaller clusters folded into one node); 1 paper in no cluster'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.errors import ConfigError
from graph.words import noun

__all__ = ["OVERVIEW_MIN_PAPERS", "MAX_GROUPS", "KINDS", "SuperNode", "SuperEdge", "Overview", "DrillDown",
           "compute_overview", "strongest_links", "load_overview", "load_drill_down", "group_label"]

# From this many papers the Graph page starts from the overview.
OVERVIEW_MIN_PAPERS = 3000
# Groups drawn one by one; beyond them the smallest fold into one node.  A few hundred labelled
# circles still read (small ones show their label when zoomed in), and folding the many
# mid-sized clusters of a 500k graph would hide most of its papers in one circle.
MAX_GROUPS = 250
KINDS = ("cluster", "phenomenon")
OTHER = "other"

# Portable Cypher: the engine aggregates; values only as parameters.
_QUERIES = {
    "cluster": {
        "sizes": "MATCH (p:Paper) RETURN p.cluster AS g, count(*) AS n",
        "labels": "MATCH (p:Paper) WHERE p.cluster IS NOT NULL AND p.cluster_label IS NOT NULL "
                  "RETURN p.cluster AS g, min(p.cluster_label) AS label",
        "links": "MATCH (a:Paper)-[:CITES]->(b:Paper) WHERE a.cluster IS NOT NULL AND b.cluster IS NOT NULL "
                 "RETURN a.cluster AS a, b.cluster AS b, count(*) AS n",
        "members": "MATCH (p:Paper) WHERE p.cluster = $key",
    },
    "phenomenon": {
        "sizes": "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon) RETURN f.id AS g, count(DISTINCT p) AS n",
        "labels": "MATCH (f:Phenomenon) RETURN f.id AS g, f.name AS label",
        "links": "MATCH (f:Phenomenon)<-[:ABOUT]-(a:Paper)-[:CITES]->(b:Paper)-[:ABOUT]->(g:Phenomenon) "
                 "RETURN f.id AS a, g.id AS b, count(*) AS n",
        "members": "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon) WHERE f.id = $key",
    },
}


@dataclass(frozen=True)
class SuperNode:
    key: Any          # cluster number, phenomenon id, or OTHER
    kind: str         # cluster | phenomenon
    label: str
    papers: int
    internal_citations: int = 0


@dataclass(frozen=True)
class SuperEdge:
    source: Any
    target: Any
    citations: int    # both directions


@dataclass
class Overview:
    kind: str
    nodes: list[SuperNode]
    edges: list[SuperEdge]
    papers: int                  # papers in the graph
    groups: int                  # groups before folding
    folded: int = 0              # groups folded into the OTHER node
    ungrouped: int | None = None  # papers in no group (None when a paper may be in several groups)

    def summary(self) -> str:
        """One line saying what the drawing shows and what it folds: nothing is left out unsaid."""
        text = f"{self.papers:,} papers in {self.groups:,} {_kind_noun(self.kind, self.groups)}, " \
               f"drawn as {len(self.nodes)} groups"
        if self.folded:
            text += f" ({self.folded:,} smaller {_kind_noun(self.kind, self.folded)} folded into one node)"
        if self.ungrouped:
            text += f"; {self.ungrouped:,} {noun(self.ungrouped, 'paper')} in no {self.kind}"
        return text


@dataclass
class DrillDown:
    """The papers of one group, best first, and the citations among those shown."""

    kind: str
    key: Any
    label: str
    total: int                                  # papers in the group
    papers: list[dict] = field(default_factory=list)  # id, title, year, pagerank, citations
    cites: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.label}: showing {len(self.papers):,} of {self.total:,} papers"
        if len(self.papers) < self.total:
            text += " (the most cited within the graph first; ask for more to draw more)"
        return text


def _kind_noun(kind: str, n: int) -> str:
    return noun(n, kind, "phenomena" if kind == "phenomenon" else None)


def group_label(kind: str, key: Any, label: str | None) -> str:
    """``'cluster 3: grokking, modular'`` or the phenomenon's name."""
    if kind == "cluster":
        return f"cluster {key}: {label}" if label else f"cluster {key}"
    return label or str(key)


def compute_overview(sizes: dict, links: dict, labels: dict | None = None, *, kind: str = "cluster",
                     max_nodes: int = MAX_GROUPS, papers: int | None = None, ungrouped: int | None = None) -> Overview:
    """Super-nodes and weighted super-edges from group sizes and citation counts.

    ``sizes``: ``{group: papers}``; ``links``: ``{(citing group, cited group): citations}``
    (a pair within one group counts as that group's internal citations).
    The ``max_nodes`` largest groups are drawn; the rest become one node
    :data:`OTHER` whose size and links are the sums of theirs.  ``papers`` is
    the size of the whole graph (default: the sum of ``sizes``).
    """
    if kind not in KINDS:
        raise ConfigError(f"unknown overview kind {kind!r}: use one of {', '.join(KINDS)}")
    labels = labels or {}
    ranked = sorted((g for g in sizes if sizes[g] > 0), key=lambda g: (-sizes[g], str(g)))
    shown, rest = ranked[:max_nodes], ranked[max_nodes:]
    if len(rest) == 1:  # folding one group into "1 smaller" hides its name for nothing
        shown, rest = ranked, []
    node_of = {g: g for g in shown} | {g: OTHER for g in rest}
    internal: dict = {}
    weights: dict = {}
    for (a, b), n in links.items():
        if a not in node_of or b not in node_of:
            continue
        u, v = node_of[a], node_of[b]
        if u == v:
            internal[u] = internal.get(u, 0) + n
            continue
        pair = (u, v) if _order(u) <= _order(v) else (v, u)
        weights[pair] = weights.get(pair, 0) + n
    nodes = [SuperNode(g, kind, group_label(kind, g, labels.get(g)), sizes[g], internal.get(g, 0)) for g in shown]
    if rest:
        nodes.append(SuperNode(OTHER, kind, f"{len(rest):,} smaller {_kind_noun(kind, len(rest))}",
                               sum(sizes[g] for g in rest), internal.get(OTHER, 0)))
    order = {n.key: i for i, n in enumerate(nodes)}
    edges = sorted((SuperEdge(u, v, n) for (u, v), n in weights.items()),
                   key=lambda e: (order[e.source], order[e.target]))
    edges = [SuperEdge(e.source, e.target, e.citations) if order[e.source] <= order[e.target]
             else SuperEdge(e.target, e.source, e.citations) for e in edges]
    total = papers if papers is not None else sum(sizes.values())
    return Overview(kind, nodes, edges, total, len(ranked), len(rest), ungrouped)


def strongest_links(overview: Overview, per_node: int = 3) -> list[SuperEdge]:
    """The links worth drawing: each group's ``per_node`` strongest, by association strength.

    A big group cites every other group a little, so raw counts would give it all the
    strongest links; association strength ``citations / (papers_a * papers_b)`` (as VOSviewer
    normalises) ranks a link by how much more the two groups cite each other than their sizes
    predict.  A link is kept when it is among the strongest of either end.  Order is kept.

    >>> nodes = [SuperNode(g, "cluster", str(g), n) for g, n in ((0, 100), (1, 10), (2, 10), (3, 10))]
    >>> edges = [SuperEdge(0, 1, 20), SuperEdge(0, 2, 20), SuperEdge(0, 3, 20), SuperEdge(1, 2, 9)]
    >>> [(e.source, e.target) for e in strongest_links(Overview("cluster", nodes, edges, 130, 4), per_node=1)]
    [(0, 1), (0, 3), (1, 2)]
    """
    papers = {n.key: max(n.papers, 1) for n in overview.nodes}
    strength = {i: e.citations / (papers[e.source] * papers[e.target]) for i, e in enumerate(overview.edges)}
    best: dict = {}
    for i, e in enumerate(overview.edges):
        for end in (e.source, e.target):
            best.setdefault(end, []).append(i)
    keep: set[int] = set()
    for ids in best.values():
        keep.update(sorted(ids, key=lambda i: (-strength[i], i))[:per_node])
    return [e for i, e in enumerate(overview.edges) if i in keep]


def _order(key) -> tuple:
    return (key == OTHER, str(type(key)), key if key != OTHER else 0)


def load_overview(store, kind: str = "cluster", *, max_nodes: int = MAX_GROUPS) -> Overview:
    """:func:`compute_overview` over a store: three aggregating read queries.

    ``kind='cluster'`` needs ``phenomena analyze`` to have run (papers carry
    ``cluster``); without it every paper is counted as in no cluster.
    """
    if kind not in KINDS:
        raise ConfigError(f"unknown overview kind {kind!r}: use one of {', '.join(KINDS)}")
    q = _QUERIES[kind]
    total = store.query("MATCH (p:Paper) RETURN count(p) AS n").rows[0][0]
    sizes = {g: n for g, n in store.query(q["sizes"]).rows if g is not None}
    labels = {g: label for g, label in store.query(q["labels"]).rows}
    links = {(a, b): n for a, b, n in store.query(q["links"]).rows}
    ungrouped = total - sum(sizes.values()) if kind == "cluster" else None
    if kind == "phenomenon":
        ungrouped = total - store.query("MATCH (p:Paper) WHERE EXISTS { MATCH (p)-[:ABOUT]->(:Phenomenon) } "
                                        "RETURN count(p) AS n").rows[0][0]
    return compute_overview(sizes, links, labels, kind=kind, max_nodes=max_nodes, papers=total,
                            ungrouped=ungrouped)


def load_drill_down(store, kind: str, key: Any, *, top: int = 300) -> DrillDown:
    """The ``top`` papers of one cluster or phenomenon (by citations within the graph, then
    PageRank) and the citations among them; ``total`` says how many the group has."""
    if kind not in KINDS:
        raise ConfigError(f"unknown overview kind {kind!r}: use one of {', '.join(KINDS)}")
    if kind == "cluster":
        try:
            key = int(key)
        except (TypeError, ValueError) as err:
            raise ConfigError(f"cluster {key!r} is not a cluster number: use one from the overview") from err
    match = _QUERIES[kind]["members"]
    total = store.query(f"{match} RETURN count(DISTINCT p) AS n", {"key": key}).rows[0][0]
    if kind == "cluster":
        found = store.query("MATCH (p:Paper) WHERE p.cluster = $key RETURN min(p.cluster_label) AS l",
                            {"key": key}).rows
    else:
        found = store.query("MATCH (f:Phenomenon) WHERE f.id = $key RETURN f.name AS l", {"key": key}).rows
    if not total and not found:
        raise ConfigError(f"no {kind} {key!r} in this graph: choose one from the overview")
    label = group_label(kind, key, found[0][0] if found else None)
    rows = store.query(
        f"{match} OPTIONAL MATCH (p)<-[c:CITES]-(:Paper) "
        "WITH p, count(c) AS citations "
        "RETURN p.id AS id, p.title AS title, p.year AS year, p.pagerank AS pagerank, citations "
        "ORDER BY citations DESC, p.pagerank DESC, p.id LIMIT $top", {"key": key, "top": int(top)}).records()
    ids = [r["id"] for r in rows]
    cites = [tuple(r) for r in store.query(
        "MATCH (a:Paper)-[:CITES]->(b:Paper) WHERE a.id IN $ids AND b.id IN $ids AND a.id <> b.id "
        "RETURN a.id, b.id", {"ids": ids}).rows] if ids else []
    return DrillDown(kind, key, label, total, rows, cites)
