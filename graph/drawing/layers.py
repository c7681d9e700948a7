"""What a multi-layer drawing shows, as plain data: papers, phenomena, keywords, authors and their links.

A :class:`Layered` graph is cut from the one :class:`~graph.model.graph_model.GraphModel`
for a chosen set of papers.  Node kinds are layers that can be switched off;
edge kinds are the model's (ABOUT, HAS_KEYWORD, WROTE, CITES, RELATED_TO).
RELATED_TO edges carry their origin: the stored ones (co-citation, coupling,
shared-concepts, s2-recommendations) and the offline similarity edges of
:func:`graph.analytics.similarity.compute_similar_papers` (origin ``text similarity``).

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A"), Paper("b", "B")], {"f": "F", "g": "G"}, {"a": ["f"], "b": ["f", "g"]})
>>> L = build_layered(m, ["a", "b"], layers=("Paper", "Phenomenon"))
>>> sorted(n["id"] for n in L.nodes), sorted((s, t) for s, t, kind, _, _ in L.edges)
(['a', 'b', 'f', 'g'], [('a', 'f'), ('b', 'f'), ('b', 'g')])
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from graph.model.graph_model import GraphModel
from graph.words import plural

__all__ = ["Layered", "LAYERS", "EDGE_KINDS", "DEFAULT_LAYERS", "build_layered", "similar_edges", "adopt_similar_edges",
           "SIMILAR_TOP", "layered_network"]

LAYERS = ("Paper", "Phenomenon", "Keyword", "Author")
EDGE_KINDS = ("ABOUT", "HAS_KEYWORD", "WROTE", "CITES", "RELATED_TO")
DEFAULT_LAYERS = ("Paper", "Phenomenon")


@dataclass
class Layered:
    """Nodes (dicts: ``id``, ``kind``, ``name``, ``papers``: how many drawn papers it links) and
    edges ``(source, target, kind, weight, note)``; ``note`` is a RELATED_TO edge's origin and reason."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[tuple[str, str, str, float, str]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for n in self.nodes if n["kind"] == kind)

    def edge_counts(self) -> dict[str, int]:
        return dict(Counter(e[2] for e in self.edges))


SIMILAR_TOP = 3  # similar papers kept per paper


def similar_edges(model: GraphModel, *, top: int = SIMILAR_TOP) -> list[tuple]:
    """The model's offline similarity edges (computed once per model): ``(u, v, score, reason)``."""
    cached = model.__dict__.get("_similar_edges")
    if cached is None or cached[0] != top:
        # Imported here: the similarity brings scipy and the TF-IDF (with pandas, through pyarrow), which a
        # drawing whose links were kept by the build (app.pipeline.similar_links) never needs.
        from graph.analytics.similarity import compute_similar_papers

        cached = (top, compute_similar_papers(model.citation_graph(), top=top))
        model.__dict__["_similar_edges"] = cached
    return cached[1]


def adopt_similar_edges(model: GraphModel, links: list[tuple], *, top: int = SIMILAR_TOP) -> None:
    """Give ``model`` links computed before (by :func:`similar_edges` on the same build, with ``top``)."""
    model.__dict__["_similar_edges"] = (top, list(links))


def build_layered(model: GraphModel, papers: list[str], *, layers: tuple[str, ...] | list[str] = DEFAULT_LAYERS,
                  edge_kinds: tuple[str, ...] | list[str] = EDGE_KINDS, max_terms: int = 40,
                  similar: list[tuple] | None = None) -> Layered:
    """The drawing of ``papers`` with the chosen ``layers`` and ``edge_kinds``.

    Phenomena: those of the papers.  Keywords and authors: those shared by at
    least two of the papers, the ``max_terms`` most shared of each (a keyword
    that names a drawn phenomenon is left out: the hub says it).  With the Paper
    layer off, the other nodes are linked by the papers they share (kind
    ``SHARED_PAPERS``, weight = papers).  ``similar`` adds RELATED_TO edges
    (``(u, v, score, reason)``, e.g. :func:`similar_edges`) among the papers.
    """
    chosen = [p for p in papers if p in model.papers]
    keep = set(chosen)
    names = model.phenomenon_names
    members: dict[str, dict[str, list[str]]] = {"Phenomenon": {}, "Keyword": {}, "Author": {}}
    for p in chosen:
        for f in model.about.get(p, ()):
            members["Phenomenon"].setdefault(f, []).append(p)
    drawn_names = {names[f].casefold() for f in members["Phenomenon"]}
    for rel, kind in (("HAS_KEYWORD", "Keyword"), ("WROTE", "Author")):
        if kind not in layers:
            continue
        found: dict[str, list[str]] = {}
        for s, t in model.edge_pairs(rel):
            paper, term = (t, s) if rel == "WROTE" else (s, t)
            if paper in keep and not (kind == "Keyword" and model.name(term).casefold() in drawn_names):
                found.setdefault(term, []).append(paper)
        shared = sorted((k for k, ps in found.items() if len(ps) >= 2), key=lambda k: (-len(found[k]), k))
        members[kind] = {k: found[k] for k in shared[:max_terms]}
    out = Layered()
    if "Paper" in layers:
        out.nodes += [{"id": p, "kind": "Paper", "name": model.papers[p].title or p, "papers": 1} for p in chosen]
    for kind in ("Phenomenon", "Keyword", "Author"):
        if kind in layers:
            out.nodes += [{"id": k, "kind": kind, "name": model.name(k), "papers": len(ps)}
                          for k, ps in members[kind].items()]
    if "Paper" not in layers:
        out.edges = _shared_paper_edges({k: ps for kind in ("Phenomenon", "Keyword", "Author") if kind in layers
                                         for k, ps in members[kind].items()})
        return out
    edge_of = {"Phenomenon": "ABOUT", "Keyword": "HAS_KEYWORD", "Author": "WROTE"}
    for kind, rel in edge_of.items():
        if kind in layers and rel in edge_kinds:
            for term, ps in members[kind].items():
                out.edges += [(a, term, rel, 1.0, "") if rel != "WROTE" else (term, a, rel, 1.0, "") for a in ps]
    if "CITES" in edge_kinds:
        out.edges += [(a, b, "CITES", 1.0, "") for a, b in model.cites if a in keep and b in keep]
    if "RELATED_TO" in edge_kinds:
        seen = set()
        for a, b, props in model.edge_rows("RELATED_TO"):
            if a in keep and b in keep and a != b and (b, a) not in seen:
                seen.add((a, b))
                score = props.get("score")
                out.edges.append((a, b, "RELATED_TO", float(score) if score is not None else 1.0,
                                  props.get("origin") or ""))
        for a, b, score, reason in similar or ():
            if a in keep and b in keep and (a, b) not in seen and (b, a) not in seen:
                seen.add((a, b))
                out.edges.append((a, b, "RELATED_TO", float(score), f"text similarity: {reason}"))
    return out


def _shared_paper_edges(members: dict[str, list[str]]) -> list[tuple]:
    by_paper: dict[str, list[str]] = {}
    for term, ps in members.items():
        for p in ps:
            by_paper.setdefault(p, []).append(term)
    counts: Counter = Counter()
    for terms in by_paper.values():
        counts.update(combinations(sorted(terms), 2))
    return [(a, b, "SHARED_PAPERS", float(n), plural(n, "shared paper"))
            for (a, b), n in sorted(counts.items())]


def layered_network(G, kind: str, counts: str = "shared papers") -> Layered:
    """A concept graph of :mod:`graph.analytics.concepts` as a drawing: nodes of ``kind``, SHARED_PAPERS edges
    weighted by ``weight`` (which counts ``counts``)."""
    out = Layered([{"id": v, "kind": kind, "name": d.get("name", v), "papers": d.get("papers", 1)}
                   for v, d in G.nodes(data=True)])
    out.edges = [(a, b, "SHARED_PAPERS", float(d["weight"]), f"{d['weight']} {counts}")
                 for a, b, d in G.edges(data=True)]
    return out
