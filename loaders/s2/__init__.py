"""Semantic Scholar adapter: the only code that talks to the S2 API.

Usage from a build::

    from graph.errors import SourceUnreachable
    from loaders.s2 import fetch_citation_graph, merge_citations, open_client
    try:
        with open_client(settings, refresh=refresh, offline=offline) as client:
            got = fetch_citation_graph(client, list(records.papers.values()), neighbourhood_cap=cap)
        merge_citations(records, got)          # records: the build's GraphRecords
    except SourceUnreachable as err:           # one line; build without citations
        print(err)
"""
from loaders.s2.authors import apply_author_aliases, author_aliases
from loaders.s2.client import DEFAULT_API_URL, S2Client, S2NotFound
from loaders.s2.fetch import CitationFetch, fetch_citation_graph, fetch_edges, s2_author_key
from loaders.s2.merge import merge_citations
from loaders.s2.resolve import S2Fetch, fetch_papers, lookup_ids, title_similarity


def open_client(settings, *, refresh: bool = False, offline: bool = False, **options) -> S2Client:
    """The client a build uses, from :class:`app.settings.Settings`.

    Cache under ``settings.cache_dir / "s2"``; ``offline=True`` answers from that
    cache only; ``options`` go to :class:`S2Client` (``timeout``, ``max_retries``).
    """
    return S2Client(
        settings.s2_api_url, api_key=settings.s2_api_key or None,
        requests_per_second=settings.s2_requests_per_second, cache_dir=settings.cache_dir / "s2",
        ttl_days=settings.s2_cache_ttl_days, refresh=refresh, offline=offline, **options,
    )


__all__ = [
    "open_client", "S2Client", "S2NotFound", "DEFAULT_API_URL", "S2Fetch", "fetch_papers", "lookup_ids",
    "title_similarity", "CitationFetch", "fetch_citation_graph", "fetch_edges", "s2_author_key",
    "author_aliases", "apply_author_aliases", "merge_citations",
]
