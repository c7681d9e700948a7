"""What the graph's side panel shows, and what selecting and expanding nodes do: plain data.

A node of a drawing is a paper, or (in the multi-layer drawing) a phenomenon,
keyword or author; :func:`node_detail` reads what the panel shows for the latter
from the graph model (papers: :func:`app.web.services.paper.paper_detail`).
:func:`expand_view` adds a node's neighbours to a view, :func:`selection_bibtex`
turns selected papers into BibTeX (the exporter's own renderer).

>>> from app.web.services.papers import GraphModel, Paper, select_view
>>> g = GraphModel.of([Paper(k, k.upper()) for k in "abcd"], cites=[("a", "b"), ("c", "a"), ("d", "c")])
>>> view = select_view(g, only={"a"})
>>> [n.id for n in expand_view(g, view, ["a"]).nodes]
['a', 'c', 'b']
>>> print(selection_bibtex(g, ["a", "b"]).count("@misc"))
2
>>> parse_ids("arxiv:1,  arxiv:2,,")
['arxiv:1', 'arxiv:2']
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from app.web.services.papers import primary_phenomenon

__all__ = ["NodeDetail", "node_detail", "neighbours_of", "expand_view", "selection_bibtex", "parse_ids",
           "EXPAND_LIMIT"]

EXPAND_LIMIT = 50  # neighbours added by one "expand"; the most connected first


@dataclass
class NodeDetail:
    """A phenomenon, keyword or author: its name, description, papers and neighbouring nodes."""

    id: str
    kind: str  # Phenomenon, Keyword, Author
    name: str
    description: str | None = None
    papers: list[dict[str, Any]] = field(default_factory=list)  # id, title, year (most cited first)
    neighbours: list[dict[str, Any]] = field(default_factory=list)  # id, name, shared (papers in common)
    order: str = "most cited first"  # how ``papers`` is sorted ("newest first" when no paper has a count)
    count: int = 0  # all its papers (``papers`` holds the first ``limit``)


_PAPER_END = {"Phenomenon": ("ABOUT", "target"), "Keyword": ("HAS_KEYWORD", "target"),
              "Author": ("WROTE", "source"), "Venue": ("PUBLISHED_IN", "target")}


def node_detail(graph, node_id: str, limit: int = 25) -> NodeDetail | None:
    """A phenomenon, keyword, author or venue of the graph model with its papers (most cited first) and
    the nodes of its kind that share papers with it; None for a paper or an unknown key.

    >>> from app.web.services.papers import GraphModel, Paper
    >>> g = GraphModel.of([Paper("a", "A", citation_count=5), Paper("b", "B")], {"f": "F", "h": "H"},
    ...                   {"a": ["f", "h"], "b": ["f"]})
    >>> d = node_detail(g, "f")
    >>> d.kind, [p["id"] for p in d.papers], d.neighbours
    ('Phenomenon', ['a', 'b'], [{'id': 'h', 'name': 'H', 'shared': 1}])
    """
    if node_id not in graph.index or graph.label(node_id) not in _PAPER_END:
        return None
    kind = graph.label(node_id)
    rel, end = _PAPER_END[kind]
    e, i = graph.edges[rel], graph.index[node_id]
    here, there = (e.source, e.target) if end == "source" else (e.target, e.source)  # node end, paper end
    if kind == "Phenomenon":  # the same papers every other count of a phenomenon uses (graph.about)
        keys = sorted(p for p, fs in graph.about.items() if node_id in fs)
        shared: dict[str, int] = {}
        for p in keys:
            for f in graph.about[p]:
                if f != node_id:
                    shared[f] = shared.get(f, 0) + 1
        pairs = list(shared.items())
    else:
        papers = np.unique(there[here == i])
        others, counts = np.unique(here[np.isin(there, papers) & (here != i)], return_counts=True)
        keys = [graph.ids[k] for k in papers.tolist()]
        pairs = [(graph.ids[k], int(n)) for k, n in zip(others.tolist(), counts.tolist())]
    cited = [graph.papers[k] for k in keys]
    counted = any(p.citation_count for p in cited)  # offline builds have none: never "most cited first" then
    cited.sort(key=(lambda p: (-(p.citation_count or 0), p.id)) if counted else (lambda p: (-(p.year or 0), p.id)))
    neighbours = sorted(({"id": k, "name": graph.name(k), "shared": n} for k, n in pairs),
                        key=lambda r: (-r["shared"], r["name"]))
    item = graph.nodes(kind)[node_id]
    return NodeDetail(node_id, kind, graph.name(node_id), getattr(item, "description", None),
                      [{"id": p.id, "title": p.title or p.id, "year": p.year, "citations": p.citation_count}
                       for p in cited[:limit]], neighbours[:20], "most cited first" if counted else "newest first",
                      len(cited))


def neighbours_of(graph, node_id: str, limit: int = EXPAND_LIMIT) -> list[str]:
    """Papers next to ``node_id``, most connected first: citing or cited papers of a paper, the
    papers of a phenomenon, keyword or author (any node kind of the graph model)."""
    if node_id not in graph.index:
        return []
    kind = graph.label(node_id)
    if kind == "Paper":
        found = {b for a, b in graph.cites if a == node_id} | {a for a, b in graph.cites if b == node_id}
    else:
        rel = {"Phenomenon": "ABOUT", "Keyword": "HAS_KEYWORD", "Author": "WROTE", "Venue": "PUBLISHED_IN"}[kind]
        found = {t if rel == "WROTE" else s for s, t in graph.edge_pairs(rel)
                 if (s if rel == "WROTE" else t) == node_id}
    found.discard(node_id)
    degree = graph.degrees
    return sorted(found, key=lambda pid: (-degree.get(pid, 0), pid))[:max(limit, 0)]


def expand_view(graph, view, node_ids: list[str], limit: int = EXPAND_LIMIT):
    """``view`` plus up to ``limit`` neighbours of each of ``node_ids`` (nodes and their links)."""
    drawn = {n.id for n in view.nodes}
    added: list[str] = []
    for node_id in node_ids:  # the most connected neighbours not drawn yet, up to ``limit`` each
        fresh = [pid for pid in neighbours_of(graph, node_id, len(graph.papers))
                 if pid not in drawn and pid in graph.papers][:max(limit, 0)]
        drawn.update(fresh)
        added.extend(fresh)
    if not added:
        return view
    primary = primary_phenomenon(graph)
    colour_of = {**view.colour_of, **{pid: primary[pid] for pid in added}}
    nodes = view.nodes + [graph.papers[pid] for pid in added]
    edges = [(a, b) for a, b in graph.cites if a in drawn and b in drawn]
    return replace(view, nodes=nodes, edges=edges, colour_of=colour_of)


def selection_bibtex(graph, paper_ids: list[str]) -> str:
    """BibTeX for the selected papers: the exporter's renderer over the model's citation graph."""
    # Here, not at the top: the exporters (and their name parser) load only when a selection is downloaded.
    from graph.export.registry import render_bibtex

    return render_bibtex(graph.citation_graph(), [pid for pid in paper_ids if pid in graph.papers])


def parse_ids(text: str | None) -> list[str]:
    """Node keys from a URL parameter (comma-separated), in order, without blanks or repeats."""
    out: list[str] = []
    for part in (text or "").split(","):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out
