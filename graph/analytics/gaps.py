"""Catalog gaps: papers the catalog's papers cite heavily but the catalog lacks.

>>> import networkx as nx
>>> G = nx.DiGraph([("c1", "x"), ("c2", "x"), ("c1", "y")])
>>> nx.set_node_attributes(G, {"c1": True, "c2": True, "x": False, "y": False}, "in_catalog")
>>> [(g["id"], g["catalog_citations"]) for g in find_catalog_gaps(G, min_citations=1)]
[('x', 2), ('y', 1)]
"""
from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np

from graph.analytics.centrality import catalog_flags
from graph.model.columnar import edge_arrays
from graph.model.identity import paper_links

__all__ = ["find_catalog_gaps", "render_gap_entry", "render_gaps_markdown", "gaps_note", "NEEDS_CITATIONS"]

# What every front end says when the graph has no citations (an offline build): one line, with the fix.
NEEDS_CITATIONS = ("catalog gaps need citations and this graph has none: run `phenomena build` online to fetch "
                   "them from Semantic Scholar (add `--neighbourhood 1000` to bring in the papers the catalog cites)")


def gaps_note(G: nx.DiGraph, gaps: list[dict], *, min_citations: int = 2) -> str | None:
    """Why there are no gap suggestions, in one line (None when there are some).

    >>> gaps_note(nx.DiGraph(), [])[:44]
    'catalog gaps need citations and this graph h'
    >>> gaps_note(nx.DiGraph([("a", "b")]), [])
    'no paper outside the catalog is cited by 2 or more catalog papers in this graph'
    """
    if gaps:
        return None
    if G.number_of_edges() == 0:
        return NEEDS_CITATIONS
    return f"no paper outside the catalog is cited by {min_citations} or more catalog papers in this graph"


def find_catalog_gaps(G: nx.DiGraph, *, top: int = 50, min_citations: int = 2) -> list[dict]:
    """Papers outside the catalog, ranked by how many catalog papers cite them.

    Ties break by the global citation count (node attribute ``citation_count``),
    then by key.  Each row: ``id``, ``title``, ``year``, ``catalog_citations``,
    ``citation_count``, ``cited_by`` (the citing catalog papers, sorted) and
    ``suggested_keywords`` (the keywords most common among those citing papers,
    used when the paper has none of its own).
    """

    arrays = edge_arrays(G)
    flags = catalog_flags(G)
    from_catalog = flags[arrays.src]
    counts = np.bincount(arrays.dst[from_catalog], minlength=len(arrays.ids))  # as catalog_citation_counts
    wanted = (counts >= min_citations) & ~flags
    edges = from_catalog & wanted[arrays.dst]  # catalog papers citing a candidate: the few edges walked below
    citers_of: dict[int, list] = {}
    for u, v in zip(arrays.src[edges].tolist(), arrays.dst[edges].tolist()):
        citers_of.setdefault(v, []).append(arrays.ids[u])
    if top is not None and len(citers_of) > top:  # rows only for papers that can make the top: ties kept
        cut = np.sort(counts[list(citers_of)])[-top]
        citers_of = {i: citing for i, citing in citers_of.items() if counts[i] >= cut}
    rows = []
    for i, citing in citers_of.items():
        v = arrays.ids[i]
        data = G.nodes[v]
        citers = sorted(citing, key=str)
        kw = Counter(k for u in citers for k in G.nodes[u].get("keywords") or ())
        rows.append({
            "id": v, "title": data.get("title") or str(v), "year": data.get("year"),
            "catalog_citations": len(citers), "citation_count": data.get("citation_count"),
            "cited_by": citers,
            "suggested_keywords": [k for k, _ in sorted(kw.items(), key=lambda kv: (-kv[1], kv[0]))[:3]],
        })
    rows.sort(key=lambda r: (-r["catalog_citations"], -(r["citation_count"] or 0), str(r["id"])))
    return rows[:top]


def _link(data: dict, key: str) -> str | None:
    return paper_links(data, key).get("link")


def render_gap_entry(G: nx.DiGraph, gap: dict) -> str:
    """One entry in the catalog's own format::

        - Title. [[paper]](https://arxiv.org/abs/ID)
          - Authors. *Venue*
          - Key Word: One; Two.

    >>> G = nx.DiGraph()
    >>> G.add_node("arxiv:2201.02177", title="Grokking", authors=["Alethea Power"], venue="ICLR 2022", keywords=["Grokking"])
    >>> print(render_gap_entry(G, {"id": "arxiv:2201.02177"}))
    - Grokking. [[paper]](https://arxiv.org/abs/2201.02177)
      - Alethea Power. *ICLR 2022*
      - Key Word: Grokking.
    """
    key = gap["id"]
    data = G.nodes[key]
    title = (data.get("title") or str(key)).rstrip(". ")
    link = _link(data, key)
    lines = [f"- {title}. [[paper]]({link})" if link else f"- {title}."]
    authors = ", ".join(data.get("authors") or ())
    venue = data.get("venue")
    if authors or venue:
        author_part = f"{authors}." if authors else ""
        lines.append("  - " + " ".join(p for p in (author_part, f"*{venue}*" if venue else "") if p))
    keywords = list(data.get("keywords") or ()) or list(gap.get("suggested_keywords") or ())
    if keywords:
        lines.append(f"  - Key Word: {'; '.join(keywords)}.")
    return "\n".join(lines)


def render_gaps_markdown(G: nx.DiGraph, gaps: list[dict]) -> str:
    """All suggestions as Markdown, ready to paste into the catalog, with why each is suggested."""
    parts = ["# Catalog gap suggestions", "",
             "Papers cited by several catalog papers but not in the catalog, most cited first.", ""]
    note = gaps_note(G, gaps)
    if note:
        parts += [note[0].upper() + note[1:] + ".", ""]
    for gap in gaps:
        parts.append(render_gap_entry(G, gap))
        parts.append(f"  <!-- cited by {gap['catalog_citations']} catalog papers -->")
        parts.append("")
    return "\n".join(parts)
