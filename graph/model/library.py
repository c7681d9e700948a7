""""My library": the papers a user imported from Zotero or Mendeley, and what the library is missing.

Papers read by ``phenomena import FILE`` from a reference manager's export carry
``in_library`` (and a ``library:FILE`` source).  :func:`library_gaps` ranks the
papers outside the library by how strongly the graph ties them to it:

- **cited by mine**: library papers that cite it;
- **co-cited**: papers that cite it together with a library paper;
- **shared references**: references it shares with library papers;
- **cites mine**: library papers it cites;
- **same phenomena / keywords**: phenomena and keywords it shares with the library.

An offline graph (no citations) ranks by the last two alone; with citations
the citation evidence dominates (see :data:`LIBRARY_WEIGHTS`).

>>> import networkx as nx
>>> G = nx.DiGraph([("mine1", "x"), ("mine2", "x"), ("c", "mine1"), ("c", "z")])
>>> for v in G: G.nodes[v].update(in_library=v.startswith("mine"), title=v)
>>> for row in library_gaps(G): print(row["id"], row["score"], row["reasons"])
x 4.0 cited by 2 of mine
z 1.0 co-cited with mine by 1 paper
c 0.5 cites 1 of mine
"""
from __future__ import annotations

from collections import Counter

import networkx as nx

from graph.errors import AtlasError
from graph.model.identity import paper_links
from graph.safe_text import md_code, md_link, md_text
from graph.words import plural

__all__ = ["LIBRARY_WEIGHTS", "library_papers", "library_gaps", "render_library_gaps_markdown"]

# One library paper citing the candidate counts this much, one co-citing paper this much, …
LIBRARY_WEIGHTS = {"cited_by_mine": 2.0, "cocited": 1.0, "coupled": 0.5, "cites_mine": 0.5,
                   "phenomena": 0.5, "keywords": 0.25}


def library_papers(G: nx.Graph) -> set:
    """The papers of ``G`` marked ``in_library``."""
    return {v for v, mine in G.nodes(data="in_library") if mine}


def _terms(data: dict, name: str) -> set[str]:
    if name == "phenomena":
        return set(data.get("phenomenon_names") or data.get("phenomena") or ())
    return {k.casefold() for k in data.get("keywords") or ()}


def library_gaps(G: nx.DiGraph, library: set | None = None, *, top: int = 50,
                 weights: dict[str, float] | None = None) -> list[dict]:
    """Papers outside ``library`` (default: those marked ``in_library``) most tied to it, best first.

    Each row: ``id``, ``title``, ``year``, ``score``, the counts ``cited_by_mine``,
    ``cocited``, ``coupled``, ``cites_mine``, the shared ``phenomena`` and
    ``keywords``, and ``reasons`` (the evidence in words).  Ties break by
    citation count, then key.  An empty library is an error that says what to do.
    """
    mine = set(library_papers(G) if library is None else library) & set(G)
    if not mine:
        raise AtlasError("no papers of your library are in the graph: import a Zotero or Mendeley export "
                         "first, e.g. `phenomena import my-library.bib`")
    w = {**LIBRARY_WEIGHTS, **(weights or {})}
    directed = G.is_directed()
    cited_by_mine, cites_mine, cocited, coupled = Counter(), Counter(), Counter(), Counter()
    for m in mine:
        refs = set(G.successors(m)) if directed else set()
        cited_by_mine.update(refs)
        citers = set(G.predecessors(m)) if directed else set()
        cites_mine.update(citers)
        for citer in citers:  # papers cited together with m
            cocited.update(set(G.successors(citer)) - {m})
        for ref in refs:  # papers sharing a reference with m
            coupled.update(set(G.predecessors(ref)) - {m})
    shared = {name: set().union(*(_terms(G.nodes[m], name) for m in mine)) for name in ("phenomena", "keywords")}
    rows = []
    for v, data in G.nodes(data=True):
        if v in mine:
            continue
        phen = sorted(_terms(data, "phenomena") & shared["phenomena"])
        kws = sorted(_terms(data, "keywords") & shared["keywords"])
        counts = {"cited_by_mine": cited_by_mine[v], "cocited": cocited[v], "coupled": coupled[v],
                  "cites_mine": cites_mine[v], "phenomena": len(phen), "keywords": len(kws)}
        score = sum(w[k] * n for k, n in counts.items())
        if score <= 0:
            continue
        reasons = []
        if counts["cited_by_mine"]:
            reasons.append(f"cited by {counts['cited_by_mine']} of mine")
        if counts["cocited"]:
            reasons.append(f"co-cited with mine by {plural(counts['cocited'], 'paper')}")
        if counts["coupled"]:
            reasons.append(f"{plural(counts['coupled'], 'shared reference')} with mine")
        if counts["cites_mine"]:
            reasons.append(f"cites {counts['cites_mine']} of mine")
        if phen:
            reasons.append("same phenomena: " + ", ".join(phen))
        if kws:
            reasons.append("shared keywords: " + ", ".join(kws))
        rows.append({"id": v, "title": data.get("title") or str(v), "year": data.get("year"),
                     "score": float(score), **{k: counts[k] for k in ("cited_by_mine", "cocited", "coupled",
                                                                      "cites_mine")},
                     "phenomena": phen, "keywords": kws, "reasons": "; ".join(reasons),
                     "link": paper_links(data, v).get("link")})
    rows.sort(key=lambda r: (-r["score"], -(G.nodes[r["id"]].get("citation_count") or 0), str(r["id"])))
    return rows[:top]


def render_library_gaps_markdown(G: nx.DiGraph, rows: list[dict]) -> str:
    """The missing-from-my-library list as Markdown, each paper a link with its reasons."""
    lines = ["# What my library is missing", "",
             f"{len(library_papers(G))} papers in your library; papers most tied to it that it lacks, "
             "strongest first.", ""]
    for i, row in enumerate(rows, 1):
        lines.append(f"{i}. {md_link(row['title'], row['link'])} ({row['year'] or 'n.d.'}) {md_code(row['id'])} "
                     f"— score {row['score']:.2f}: {md_text(row['reasons'])}")
    return "\n".join(lines) + "\n"
