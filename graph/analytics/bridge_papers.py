"""Bridge papers between two phenomena: one ranking for the report, the CLI and the app.

Two signals, each with the reason shown for every paper:

* **citation flow** (when the graph has citations between the two sides):
  the paper's betweenness restricted to shortest directed citation paths from
  papers about one phenomenon to papers about the other, with example paths;
* **shared concepts** (always; the only signal offline): a paper tagged with
  both phenomena (weighted by the tags' confidence), or tagged with one and
  sharing distinctive keywords and title terms with the other's papers, or
  joined by similarity edges (node attribute ``related``: recommendations,
  co-citation) to them.

Citation-flow bridges come first (they are evidence of knowledge moving), then
shared-concept ones, each group best first.

>>> import networkx as nx
>>> G = nx.DiGraph([("b1", "m"), ("m", "a1")])
>>> nx.set_node_attributes(G, {"a1": ["A"], "b1": ["B"], "m": []}, "phenomena")
>>> [(r["paper"], r["method"], r["score"]) for r in rank_bridges(G, "A", "B")]
[('m', 'citation flow', 1.0)]
"""
from __future__ import annotations

import math
import weakref
from collections import Counter

import networkx as nx

from graph.analytics.backend import resolve_backend, to_igraph
from graph.analytics.clusters import GENERIC, STOPWORDS, label_key  # the cluster labels' generic words, one list
from graph.analytics.clusters import _terms as title_terms  # one term extraction for clusters and bridges
from graph.analytics.text_similarity import DOMAIN_STOP, STOP
from graph.errors import AtlasError
from graph.words import plural

__all__ = ["rank_bridges", "concept_affinity", "side_signature", "no_bridge_message", "CONFIDENCE_WEIGHT", "METHODS",
           "SIGNATURE_LIFT"]

CONFIDENCE_WEIGHT = {"strong": 1.0, "medium": 0.7, "weak": 0.35}
METHODS = ("citation flow", "shared concepts")
# A paper only similar to a side (not tagged with it) counts at most this much,
# so papers tagged with both phenomena rank above look-alikes.
MAX_SIMILARITY = 0.5
# Below this share of its vocabulary a paper is not similar to a side at all.
MIN_SIMILARITY = 0.1
# A side's signature terms: on two or more of its papers and this many times more common there
# than in the whole graph.  Only they make a paper "share" something with a side, so a reason is
# never "shares 'two'", "'help'" or "'survey'".
SIGNATURE_LIFT = 3.0


def no_bridge_message(a: str, b: str) -> str:
    """What the CLI, the report and the app say when no paper bridges ``a`` and ``b``."""
    return (f"no paper bridges {a} and {b} in this graph: none is about both, no citation path joins their "
            f"papers and none shares the distinctive terms of the other's papers")


def _generic(term: str) -> bool:
    """A term made only of words every paper of the field uses (stop lists of text similarity and clusters)."""
    return all(w in STOP or w in DOMAIN_STOP or w in GENERIC or w in STOPWORDS or len(w) < 3
               for w in term.replace("-", " ").split())


def _tags(G: nx.DiGraph, v) -> dict[str, str]:
    """``{phenomenon: confidence}`` of every tag of ``v`` (weak ones too)."""
    data = G.nodes[v]
    out = dict(data.get("phenomenon_confidence") or {})
    for p in data.get("phenomena") or ():
        out.setdefault(p, "medium")
    return out


def _sides(G: nx.DiGraph, a: str, b: str) -> tuple[set, set]:
    sides = [{v for v, phens in G.nodes(data="phenomena") if p in (phens or ())} for p in (a, b)]
    known = {p for _, phens in G.nodes(data="phenomena") for p in (phens or ())}
    missing = [p for p, side in zip((a, b), sides) if not side]
    if missing:
        raise AtlasError(f"no papers about {', '.join(missing)}: check the phenomenon key "
                         f"(known: {', '.join(sorted(known)[:8])}{'…' if len(known) > 8 else ''})")
    if a == b:
        raise AtlasError("a bridge joins two different phenomena: give two keys")
    return sides[0], sides[1]


def _terms(G: nx.DiGraph, v) -> set[str]:
    return {label_key(t) for t in title_terms(G.nodes[v], use_abstract=True)}


_TERMS: "weakref.WeakKeyDictionary[nx.Graph, dict]" = weakref.WeakKeyDictionary()


def _all_terms(G: nx.DiGraph) -> dict:
    """``{paper: terms}`` of every paper (computed once while ``G`` lives: every pair reads them)."""
    cached = _TERMS.get(G)
    if cached is None or len(cached) != len(G):
        cached = _TERMS[G] = {v: _terms(G, v) for v in G}
    return cached


def side_signature(terms: dict, side: set, *, lift: float = SIGNATURE_LIFT) -> set[str]:
    """The terms that characterise ``side``: on 2 of its papers and a tenth of them (whichever is more),
    ``lift`` times more common there than overall, and not generic (see :func:`_generic`).
    ``terms``: ``{paper: set of terms}``.  (Two neural-collapse papers on transfer learning do not
    make "transfer learning" a neural-collapse term.)"""
    df = Counter(t for ts in terms.values() for t in ts)
    n, size = max(1, len(terms)), max(1, len(side))
    counts = Counter(t for v in side for t in terms.get(v, ()))
    least = max(2, math.ceil(0.1 * size))
    return {t for t, k in counts.items() if k >= least and (k / size) >= lift * df[t] / n and not _generic(t)}


def concept_affinity(G: nx.DiGraph, side: set, *, exclude: set = frozenset()) -> dict:
    """``{paper: (score in [0, 1], shared terms)}``: how much of a paper's distinctive vocabulary
    (title terms and keywords, rarer ones weighing more) is made of the ``side``'s signature terms
    (:func:`side_signature`).

    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([(1, {"title": "Complexity of grokking"}), (2, {"title": "Grokking and complexity"}),
    ...                   (3, {"title": "Grokking complexity, again"}), (4, {"title": "Zebras"}),
    ...                   (5, {"title": "Two networks help: a survey"}), (6, {"title": "Lions"}),
    ...                   (7, {"title": "Tigers"}), (8, {"title": "Owls"}), (9, {"title": "Bears"})])
    >>> {v: (round(s, 2), terms) for v, (s, terms) in concept_affinity(G, {2, 3}).items()}
    {1: (1.0, ['complexity', 'grokking'])}
    """
    terms = _all_terms(G)
    df = Counter(t for ts in terms.values() for t in ts)
    n = max(1, len(G))
    signature = side_signature(terms, side)
    out = {}
    for v, ts in terms.items():
        if v in side or v in exclude or not ts:
            continue
        idf = {t: math.log(1 + n / df[t]) for t in ts if not _generic(t)}
        shared = sorted((t for t in idf if t in signature), key=lambda t: (-idf[t], -len(t), t))
        # "double" adds nothing to "double descent" in a reason
        shared = [t for t in shared if not any(t != u and set(t.split()) < set(u.split()) for u in shared)] \
            + [t for t in shared if any(t != u and set(t.split()) < set(u.split()) for u in shared)]
        if shared:
            out[v] = (sum(idf[t] for t in shared) / sum(idf.values()), shared)
    return out


def rank_bridges(G: nx.DiGraph, phenomenon_a: str, phenomenon_b: str, top: int = 10, *,
                 paths: int = 3, backend: str = "auto", names: dict | None = None) -> list[dict]:
    """Bridge papers between two phenomena, best first.

    Each row: ``paper``, ``title``, ``year``, ``method`` (one of :data:`METHODS`),
    ``score``, ``reasons`` (readable strings), ``paths`` (example citation
    paths, citing paper first), ``a_to_b`` / ``b_to_a`` (citation-flow parts:
    paths from B-papers back to A-papers carry A into B), ``linked``
    (the papers on the other side it connects to) and ``pull`` (``(to A, to B)``: how strongly it belongs to
    each side — its tag weight or resemblance per side, or for citation flow its own tag plus the share of
    its paths' ends on that side; a drawing places it nearer the side that pulls harder).  ``names`` (``{key: display name}``)
    words the reasons.
    """
    A, B = _sides(G, phenomenon_a, phenomenon_b)
    name = (names or {}).get
    a, b = name(phenomenon_a) or phenomenon_a, name(phenomenon_b) or phenomenon_b
    rows = _citation_rows(G, A, B, a, b, paths, backend)
    taken = {r["paper"] for r in rows}
    concept = [] if len(rows) >= top else [
        r for r in _concept_rows(G, A, B, phenomenon_a, phenomenon_b, (a, b)) if r["paper"] not in taken]
    out = rows[:top] + concept[:max(0, top - len(rows[:top]))]
    for r in out:
        r.setdefault("title", G.nodes[r["paper"]].get("title"))
        r.setdefault("year", G.nodes[r["paper"]].get("year"))
    return out


def _citation_rows(G, A, B, a, b, limit, backend) -> list[dict]:
    if not any(u in A or u in B or v in A or v in B for u, v in G.edges()):
        return []
    b_into_a = _subset_betweenness(G, B, A, backend)
    a_into_b = _subset_betweenness(G, A, B, backend)
    rows = []
    for v in G:
        score = b_into_a[v] + a_into_b[v]
        if score > 0:
            rows.append({"paper": v, "method": METHODS[0], "score": float(score), "a_to_b": float(b_into_a[v]),
                         "b_to_a": float(a_into_b[v])})
    rows.sort(key=lambda r: (-r["score"], str(r["paper"])))
    for row in rows:
        found = _example_paths(G, row["paper"], B, A, limit) + _example_paths(G, row["paper"], A, B, limit)
        row["paths"] = found[:limit]
        row["linked"] = sorted({p[0] for p in found} | {p[-1] for p in found}, key=str)
        ends = row["linked"] or [row["paper"]]
        row["pull"] = tuple(round((1.0 if row["paper"] in side else 0.0) + sum(u in side for u in ends) / len(ends), 4)
                            for side in (A, B))
        row["reasons"] = [f"on {row['score']:g} shortest citation paths between {a} and {b} papers"
                          + (f" ({row['a_to_b']:g} carry {a} into {b}, {row['b_to_a']:g} {b} into {a})"
                             if row["a_to_b"] and row["b_to_a"] else "")]
    return rows


def _concept_rows(G, A, B, a, b, shown) -> list[dict]:
    # A side's vocabulary comes from its own papers, not those about both (else every
    # double-descent paper "shares 'double descent'" with grokking through one joint paper).
    tagged = {p: {v for v in G if p in _tags(G, v)} for p in (a, b)}  # weak tags too
    near = {a: concept_affinity(G, A - tagged[b]), b: concept_affinity(G, B - tagged[a])}
    terms = _all_terms(G)
    rows = []
    for v in G:
        tags = _tags(G, v)
        parts, reasons, linked = [], [], set()
        for p, side, label in ((a, A, shown[0]), (b, B, shown[1])):
            if p in tags:
                parts.append(CONFIDENCE_WEIGHT.get(tags[p], 0.5))
                reasons.append(f"about {label} ({tags[p]} tag)")
            elif (v in near[p] and near[p][v][0] >= MIN_SIMILARITY) or side & set(G.nodes[v].get("related") or ()):
                similar = sorted(side & set(G.nodes[v].get("related") or ()), key=str)
                score, shared = near[p].get(v, (0.0, []))
                score = score if score >= MIN_SIMILARITY else 0.0
                parts.append(MAX_SIMILARITY * max(score, min(1.0, len(similar) / 3)))
                if similar:
                    reasons.append(f"similar to {plural(len(similar), f'{label} paper')}")
                    linked |= set(similar)
                if score:
                    reasons.append(f"shares {', '.join(repr(t) for t in shared[:3])} with {label} papers")
                for u in side if score else ():
                    if set(shared[:3]) & terms[u]:
                        linked.add(u)
            else:
                break
        # a look-alike of both sides but about neither is the citation flow's job, not this signal's
        if len(parts) == 2 and (a in tags or b in tags):
            rows.append({"paper": v, "method": METHODS[1], "score": round(parts[0] * parts[1], 4),
                         "pull": (round(parts[0], 4), round(parts[1], 4)),
                         "reasons": reasons, "paths": [], "a_to_b": 0.0, "b_to_a": 0.0,
                         "linked": sorted(linked, key=str)[:10]})
    rows.sort(key=lambda r: (-r["score"], str(r["paper"])))
    return rows


def _subset_betweenness(G: nx.DiGraph, sources: set, targets: set, backend: str) -> dict:
    """Raw counts (no normalisation) of shortest sources->targets paths through each node."""
    if resolve_backend(backend, len(G)) == "networkx":
        return nx.betweenness_centrality_subset(G, sources=list(sources), targets=list(targets), normalized=False)
    H, nodes = to_igraph(G)
    index = {v: i for i, v in enumerate(nodes)}
    raw = H.betweenness(directed=True, sources=[index[v] for v in sources], targets=[index[v] for v in targets])
    return dict(zip(nodes, raw))


def _example_paths(G: nx.DiGraph, v, sources: set, targets: set, limit: int) -> list[list]:
    """Shortest paths source -> … -> v -> … -> target, nearest ends first."""
    into = nx.single_source_shortest_path(G.reverse(copy=False), v)
    out_of = nx.single_source_shortest_path(G, v)
    starts = sorted((s for s in into if s in sources and s != v), key=lambda s: (len(into[s]), str(s)))
    ends = sorted((t for t in out_of if t in targets and t != v), key=lambda t: (len(out_of[t]), str(t)))
    found = []
    for s in starts[:limit]:
        for t in ends[:limit]:
            if s != t:
                found.append(list(reversed(into[s])) + out_of[t][1:])
            if len(found) >= limit:
                return found
    return found
