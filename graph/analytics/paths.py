"""Paths between two papers or two phenomena (Inciteful's and CitNetExplorer's path view), each step with its reason.

Citations come first: the shortest paths through citations alone (either direction; a
phenomenon joins its papers by ABOUT).  When citations give fewer paths than asked for (or none),
shared concepts are used too: papers about the same phenomenon, carrying the same keyword or written by
the same author, and related papers (stored ``RELATED_TO`` or offline similarity links).  A
step through a concept costs more the more papers share it (a keyword on two papers says more
than one on sixty), so the paths found are the most telling, not only the fewest steps.

>>> from graph.model.records import GraphRecords, Paper, Phenomenon, About, Cites
>>> r = GraphRecords(papers={k: Paper(id=k, title=k.upper(), year=2020) for k in "abc"},
...                  phenomena={"f": Phenomenon("f", "F")})
>>> r.add_edge(Cites("a", "b")); r.add_edge(Cites("c", "b")); r.add_edge(About("c", "f"))
>>> from graph.model.graph_model import GraphModel
>>> found = find_paths(GraphModel.from_records(r), "a", "f")
>>> found.via, [[s.reason for s in p] for p in found.paths]
('citations', [['A cites B', 'B is cited by C', 'C is about F']])
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from itertools import islice

import networkx as nx

from graph.errors import AtlasError
from graph.model.graph_model import GraphModel
from graph.words import author_year

__all__ = ["Step", "PathsFound", "find_paths", "no_path_message", "path_through", "DEFAULT_PATHS", "CITATIONS", "SHARED_PAPER",
           "CONCEPTS"]

DEFAULT_PATHS = 3
CITATIONS, SHARED_PAPER, CONCEPTS = "citations", "a paper about both", "citations and shared concepts"
RELATED_COST = 1.5  # a related-papers link: a little weaker than a citation


@dataclass(frozen=True)
class Step:
    """One step of a path: from ``source`` to ``target`` by an edge of ``kind`` (CITES, ABOUT, …)."""

    source: str
    target: str
    kind: str
    reason: str  # e.g. "Power 2022 cites Nanda 2023" (names, not keys)
    citing: str | None = None  # a CITES step: the citing end (the arrow starts there)


@dataclass
class PathsFound:
    """The paths found (each a list of steps), which links they use (``via``), and their ends."""

    a: str
    b: str
    paths: list[list[Step]] = field(default_factory=list)
    via: str | None = None  # the first path's: CITATIONS, SHARED_PAPER (two phenomena), CONCEPTS; None: no path
    tiers: list[str] = field(default_factory=list)  # each path's: CITATIONS or CONCEPTS

    @property
    def nodes(self) -> list[str]:
        """Every node on some path, in order of first appearance."""
        out = [self.a]
        for path in self.paths:
            out += [s.target for s in path]
        return list(dict.fromkeys(out))


def no_path_message(a_name: str, b_name: str) -> str:
    """The one line said when nothing connects two nodes."""
    return (f"No path between {a_name} and {b_name}: no citations, shared phenomena, keywords, authors or "
            f"related papers connect them, even through other papers.")


def path_through(path: list[Step], tier: str) -> str:
    """What a path goes through, in words: "citations", "a paper about both" or "shared concepts and related papers".

    >>> path_through([Step("f", "p", "ABOUT", ""), Step("p", "g", "ABOUT", "")], CITATIONS)
    'a paper about both'
    """
    if tier != CITATIONS:
        return "shared concepts and related papers"
    return "citations" if any(s.kind == "CITES" for s in path) else "a paper about both"


def find_paths(graph: GraphModel, a: str, b: str, *, k: int = DEFAULT_PATHS,
               related: list[tuple] = ()) -> PathsFound:
    """Up to ``k`` shortest paths between nodes ``a`` and ``b`` (papers or phenomena; keywords and authors too).

    First through citations alone (a phenomenon end joins its papers by ABOUT); when that finds
    fewer than ``k``, the next shortest through citations, shared phenomena, keywords and authors, and
    related papers (stored RELATED_TO plus ``related``: ``(u, v, score, reason)`` similarity links).
    Raises AtlasError when an end is not in the graph or both ends are the same.
    """
    for end in (a, b):
        if end not in graph.index:
            raise AtlasError(f"{end!r} is not in the graph: give a paper key (e.g. arxiv:2201.02177) or a phenomenon")
    if a == b:
        raise AtlasError("choose two different papers or phenomena")
    if k < 1:
        raise AtlasError("ask for at least one path")
    found = PathsFound(a, b)
    seen: set[tuple[str, ...]] = set()
    for tier, H in ((CITATIONS, _citation_steps(graph, a, b)), (CONCEPTS, _all_steps(graph, tuple(related)))):
        if len(found.paths) >= k or a not in H or b not in H or not nx.has_path(H, a, b):
            continue
        for nodes in islice(nx.shortest_simple_paths(H, a, b, weight="cost"), k + len(seen)):
            if tuple(nodes) in seen or len(found.paths) >= k:
                continue  # the concepts tier finds the citation paths again
            seen.add(tuple(nodes))
            found.paths.append([_step(graph, H, u, v) for u, v in zip(nodes, nodes[1:])])
            found.tiers.append(tier)
    if found.paths:
        cited = any(s.kind == "CITES" for s in found.paths[0])
        found.via = SHARED_PAPER if found.tiers[0] == CITATIONS and not cited else found.tiers[0]
    return found


def _citation_steps(graph: GraphModel, a: str, b: str) -> nx.Graph:
    """Papers linked by citations (cost 1); phenomenon ends joined to their papers by ABOUT."""
    H = nx.Graph()
    H.add_edges_from(((u, v, {"kind": "CITES", "cost": 1.0}) for u, v in graph.cites))
    for end in (a, b):
        if end in graph.phenomena:
            H.add_edges_from((p, end, {"kind": "ABOUT", "cost": 1.0}) for p, fs in graph.about.items() if end in fs)
    return H


_STEPS: "weakref.WeakKeyDictionary[GraphModel, dict]" = weakref.WeakKeyDictionary()


def _all_steps(graph: GraphModel, related: tuple) -> nx.Graph:
    """Citations, related papers and shared concepts in one weighted graph (built once per graph and links)."""
    cache = _STEPS.setdefault(graph, {})
    key = len(related), hash(related[:50])
    if key in cache:
        return cache[key]
    H = nx.Graph()
    for u, v, _score, reason in related:
        H.add_edge(u, v, kind="RELATED_TO", cost=RELATED_COST, note=reason)
    for u, v, props in graph.edge_rows("RELATED_TO"):
        if u != v:
            H.add_edge(u, v, kind="RELATED_TO", cost=RELATED_COST, note=props.get("origin") or "")
    H.add_edges_from(((u, v, {"kind": "CITES", "cost": 1.0}) for u, v in graph.cites))
    papers = len(graph.papers) or 1
    # a keyword naming a phenomenon repeats the ABOUT step ("Grokking" the keyword and the phenomenon)
    named = {n.casefold() for f in graph.phenomena.values() for n in [f.name or "", *f.synonyms]}
    members: dict[tuple[str, str], list[str]] = {}
    for paper, phens in graph.about.items():
        for f in phens:
            members.setdefault(("ABOUT", f), []).append(paper)
    for rel in ("HAS_KEYWORD", "WROTE"):
        for s, t in graph.edge_pairs(rel):
            paper, concept = (t, s) if rel == "WROTE" else (s, t)
            if paper in graph.papers and not (rel == "HAS_KEYWORD" and graph.name(concept).casefold() in named):
                members.setdefault((rel, concept), []).append(paper)
    for (rel, concept), ps in members.items():
        if len(ps) < 2:
            continue  # a concept of one paper joins nothing
        cost = 1.0 + math.log(len(ps)) / math.log(papers + 1)  # half of a step through the concept
        H.add_edges_from((p, concept, {"kind": rel, "cost": cost}) for p in ps)
    cache[key] = H
    return H


def _name(graph: GraphModel, key: str) -> str:
    """A short name: "FirstAuthor Year" for a paper (its title without authors), the name of anything else."""
    if key in graph.papers:
        authors = graph.paper_authors.get(key)
        p = graph.papers[key]
        return author_year(graph.name(authors[0]) if authors else None, p.year) or p.title or key
    return graph.name(key)


def _step(graph: GraphModel, H: nx.Graph, u: str, v: str) -> Step:
    data = H.edges[u, v]
    kind, nu, nv = data["kind"], _name(graph, u), _name(graph, v)
    if kind == "CITES":
        forward = (u, v) in _cite_set(graph)
        reason = f"{nu} cites {nv}" if forward else f"{nu} is cited by {nv}"
        return Step(u, v, kind, reason, citing=u if forward else v)
    elif kind == "RELATED_TO":
        reason = f"{nu} is related to {nv}" + (f" ({data['note']})" if data.get("note") else "")
    else:
        paper, concept = (u, v) if u in graph.papers else (v, u)
        np_, nc = _name(graph, paper), graph.name(concept)
        verb = {"ABOUT": "is about", "HAS_KEYWORD": "carries the keyword", "WROTE": "is written by"}[kind]
        reason = f"{np_} {verb} {nc}"
    return Step(u, v, kind, reason)


_CITE_SETS: "weakref.WeakKeyDictionary[GraphModel, set]" = weakref.WeakKeyDictionary()


def _cite_set(graph: GraphModel) -> set:
    if graph not in _CITE_SETS:
        _CITE_SETS[graph] = set(graph.cites)
    return _CITE_SETS[graph]
