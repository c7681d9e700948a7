"""Semantic Scholar adapter: the only code that talks to the S2 API.

Usage from a build::

    from loaders.s2 import S2Client, fetch_citation_graph
    with S2Client(settings.s2_api_url, api_key=settings.s2_api_key or None,
                  requests_per_second=settings.s2_requests_per_second,
                  cache_dir=settings.cache_dir / "s2", ttl_days=settings.s2_cache_ttl_days,
                  refresh=refresh) as client:
        got = fetch_citation_graph(client, papers, neighbourhood_cap=0)
"""
from loaders.s2.authors import apply_author_aliases, author_aliases
from loaders.s2.client import DEFAULT_API_URL, S2Client, S2NotFound
from loaders.s2.fetch import CitationFetch, fetch_citation_graph, fetch_edges, s2_author_key
from loaders.s2.resolve import S2Fetch, fetch_papers, lookup_ids, title_similarity

__all__ = [
    "S2Client", "S2NotFound", "DEFAULT_API_URL", "S2Fetch", "fetch_papers", "lookup_ids",
    "title_similarity", "CitationFetch", "fetch_citation_graph", "fetch_edges", "s2_author_key",
    "author_aliases", "apply_author_aliases",
]
