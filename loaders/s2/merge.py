"""Merge a Semantic Scholar fragment into a build's records, idempotently.

A paper already in the build keeps its key and catalog fields; S2 fills what
is empty.  Neighbourhood papers are added.  S2 authors replace the catalog's
name variants on the papers both list (see :mod:`loaders.s2.authors`).  A
``CITES`` edge with S2 attributes replaces a bare one.  Merging the same
fragment twice changes nothing.
"""
from __future__ import annotations

import dataclasses

from graph.model.merge import merge_paper
from graph.model.records import GraphRecords, Paper
from loaders.s2.authors import apply_author_aliases, author_aliases
from loaders.s2.fetch import CitationFetch

__all__ = ["merge_citations"]

def _fill(old: Paper, new: Paper) -> Paper:
    """What S2 adds to a paper of the build (the project's one merge rule), with fresher counts."""
    merged = merge_paper(dataclasses.replace(old), new)
    for name in ("citation_count", "influential_citation_count"):  # counts move with time: S2's wins
        if getattr(new, name) is not None:
            setattr(merged, name, getattr(new, name))
    return merged


def merge_citations(build: GraphRecords, fetched: CitationFetch | GraphRecords) -> GraphRecords:
    """Merge ``fetched`` (a :class:`CitationFetch` or its ``records``) into ``build`` in place.

    >>> from graph.model.records import Cites
    >>> build = GraphRecords(papers={"arxiv:1": Paper(id="arxiv:1", title="A", in_catalog=True)})
    >>> frag = GraphRecords(papers={"arxiv:1": Paper(id="arxiv:1", title="A", s2_id="ab", sources=["s2"]),
    ...                             "s2:cd": Paper(id="s2:cd", title="B", s2_id="cd", sources=["s2"])})
    >>> frag.add_edge(Cites("arxiv:1", "s2:cd"))
    >>> merged = merge_citations(build, frag)
    >>> merged.papers["arxiv:1"].s2_id, merged.papers["arxiv:1"].in_catalog, merged.counts()["CITES"]
    ('ab', True, 1)
    """
    fragment = fetched.records if isinstance(fetched, CitationFetch) else fetched
    for key, paper in fragment.papers.items():
        old = build.papers.get(key)
        build.papers[key] = paper if old is None else _fill(old, paper)
    aliases = author_aliases(build, fragment)
    for key, author in fragment.authors.items():
        build.authors.setdefault(key, author)
    for edge in fragment.wrote.values():
        build.add_edge(edge)
    apply_author_aliases(build, aliases)
    for pair, edge in fragment.cites.items():
        old = build.cites.get(pair)
        if old is None or (old.is_influential is None and not old.intents):
            build.cites[pair] = edge
    return build
