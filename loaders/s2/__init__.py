"""Semantic Scholar adapter: the only code that talks to the S2 API.

Usage from a build (see :mod:`loaders.s2.build`)::

    load = load_citations(settings, records, refresh=refresh, offline=offline, neighbourhood_cap=cap)
    if load.message:
        typer.echo(load.message)        # e.g. offline: one line, the build goes on without citations
    meta["citations"] = load.meta()

or, step by step: ``open_client(settings)`` -> ``fetch_citation_graph(client, papers)``
-> ``merge_citations(records, fetched)``.
"""
from loaders.s2.authors import apply_author_aliases, author_aliases
from loaders.s2.build import CitationLoad, load_citations, open_client
from loaders.s2.client import DEFAULT_API_URL, S2Client, S2NotFound
from loaders.s2.embeddings import fetch_specter_vectors
from loaders.s2.fetch import CitationFetch, fetch_citation_graph, fetch_edges, s2_author_key
from loaders.s2.hops import fetch_second_hop, minimum_second_hop_requests, plan_second_hop
from loaders.s2.merge import merge_citations
from loaders.s2.resolve import S2Fetch, fetch_papers, lookup_ids, title_similarity

__all__ = [
    "load_citations", "CitationLoad", "open_client", "S2Client", "S2NotFound", "DEFAULT_API_URL",
    "S2Fetch", "fetch_papers", "lookup_ids", "title_similarity", "CitationFetch", "fetch_citation_graph", "fetch_edges", "s2_author_key",
    "author_aliases", "apply_author_aliases", "merge_citations",
    "fetch_second_hop", "plan_second_hop", "minimum_second_hop_requests", "fetch_specter_vectors",
]
