"""One call for ``phenomena build``: load citations into the build's records, or say why not.

The CLI does::

    load = load_citations(settings, records, refresh=refresh, offline=offline,
                          neighbourhood_cap=cap)
    if load.message:
        typer.echo(load.message)          # one line; the build goes on
    meta["citations"] = load.meta()       # saved with the graph, read by the app
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.errors import SourceUnreachable
from graph.model.records import GraphRecords
from loaders.s2.client import S2Client
from loaders.s2.fetch import CitationFetch, fetch_citation_graph
from loaders.s2.merge import merge_citations

__all__ = ["CitationLoad", "load_citations", "open_client"]

HOW_TO_ADD = "run `phenomena build` online (set S2_API_KEY for the 1-hop neighbourhood) to add citations"


@dataclass
class CitationLoad:
    fetch: CitationFetch | None  # None: nothing was loaded
    message: str | None = None  # one line for the user, when something is missing

    def meta(self) -> dict:
        """Plain data saved with the graph: what was loaded, what is missing and how to add it."""
        if self.fetch is None:
            return {"status": "missing", "message": self.message, "how_to_add": HOW_TO_ADD}
        status = "partial" if self.fetch.errors or self.fetch.skipped else "loaded"
        return {"status": status, "message": self.message, **self.fetch.summary()}


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


def load_citations(settings, records: GraphRecords, *, refresh: bool = False, offline: bool = False,
                   neighbourhood_cap: int = 0, hops: int = 1, progress: bool = True, **options) -> CitationLoad:
    """Fetch citations for every paper in ``records`` and merge them in place.

    ``hops=2`` also fetches the references and citations of the 1-hop papers
    (:mod:`loaders.s2.hops`).  Offline (or ``offline=True`` with answers missing from the cache) the
    records stay as they are and ``message`` says so in one line.
    """
    papers = list(records.papers.values())
    try:
        with open_client(settings, refresh=refresh, offline=offline, **options) as client:
            fetched = fetch_citation_graph(client, papers, neighbourhood_cap=neighbourhood_cap, hops=hops,
                                           progress=progress)
    except SourceUnreachable as err:
        return CitationLoad(None, str(err))
    merge_citations(records, fetched)
    lines = []
    if fetched.errors:
        lines.append(f"Semantic Scholar: {len(fetched.errors)} request(s) failed ({fetched.errors[0]}); "
                     "run `phenomena build` again to fetch the rest (finished requests are cached)")
    if fetched.skipped:  # wrong types in answers: those items are left out, the rest is built
        more = len(fetched.skipped) - 1
        lines.append(fetched.skipped[0] + (f" (and {more} more skipped items, listed in the build's metadata)"
                                           if more else ""))
    return CitationLoad(fetched, "\n".join(lines) or None)
