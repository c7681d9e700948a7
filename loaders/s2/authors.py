"""Merge catalog author names into Semantic Scholar authors.

Catalog authors are keyed by name (``author:<slug>``), so "E. Duflo" and
"Esther Duflo" are two nodes and two different people called "Wei Hu" are
one.  S2 authors are keyed ``author:s2:<authorId>``.  On every paper both
sources list, each catalog name is aligned with the S2 author of compatible
name (same surname, same first initial; same position preferred), giving a
per-paper alias.  Re-pointing the ``Wrote`` edges through these aliases makes
name variants merge and homonyms split; catalog author nodes left without
edges are dropped.

>>> names_compatible("E. Duflo", "Esther Duflo"), names_compatible("A. Power", "B. Power")
(True, False)
"""
from __future__ import annotations

from collections import defaultdict

from graph.model.identity import fold
from graph.model.records import GraphRecords, Wrote

__all__ = ["names_compatible", "author_aliases", "apply_author_aliases"]


def _parts(name: str) -> tuple[str, str]:
    tokens = fold(name).split()
    if not tokens:
        return "", ""
    return tokens[-1], (tokens[0][0] if len(tokens) > 1 else "")


def names_compatible(a: str, b: str) -> bool:
    """Same surname and, when both give one, the same first initial."""
    sa, ia = _parts(a)
    sb, ib = _parts(b)
    return bool(sa) and sa == sb and (not ia or not ib or ia == ib)


def author_aliases(catalog: GraphRecords, s2: GraphRecords) -> dict[tuple[str, str], str]:
    """``{(paper id, catalog author key): S2 author key}`` for papers both sources list."""
    def by_paper(records: GraphRecords) -> dict[str, list[Wrote]]:
        out: dict[str, list[Wrote]] = defaultdict(list)
        for edge in records.wrote.values():
            out[edge.target].append(edge)
        return out

    catalog_wrote, s2_wrote = by_paper(catalog), by_paper(s2)
    aliases: dict[tuple[str, str], str] = {}
    for paper_id, s2_edges in s2_wrote.items():
        taken: set[str] = set()
        for edge in sorted(catalog_wrote.get(paper_id, ()), key=lambda e: e.position):
            if edge.source.startswith("author:s2:") or edge.source not in catalog.authors:
                continue
            name = catalog.authors[edge.source].name
            options = [e for e in s2_edges if e.source not in taken and e.source in s2.authors
                       and names_compatible(name, s2.authors[e.source].name)]
            if not options:
                continue
            best = min(options, key=lambda e: abs(e.position - edge.position))
            taken.add(best.source)
            aliases[(paper_id, edge.source)] = best.source
    return aliases


def apply_author_aliases(records: GraphRecords, aliases: dict[tuple[str, str], str]) -> GraphRecords:
    """Re-point ``Wrote`` edges through ``aliases`` (in place) and drop orphaned catalog authors."""
    moved: set[str] = set()
    for (source, target), edge in list(records.wrote.items()):
        new = aliases.get((target, source))
        if new is None:
            continue
        del records.wrote[(source, target)]
        records.wrote.setdefault((new, target), Wrote(source=new, target=target, position=edge.position, origin=edge.origin))
        moved.add(source)
    still_used = {edge.source for edge in records.wrote.values()}
    for key in moved - still_used:
        records.authors.pop(key, None)
    return records
