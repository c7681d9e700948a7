"""A build must not silently shrink the graph: the checks a build runs before it writes.

A catalog that is empty, truncated or not the catalog at all parses to few
entries; written with ``prune`` it would replace the graph.  These checks stop
such a build with one line unless the user forces it.

>>> check_build_shrink(602, 590, catalog_entries=575)
>>> check_build_shrink(602, 196, catalog_entries=180, origin="cat.md")
Traceback (most recent call last):
...
graph.errors.ConfigError: this build would shrink the graph from 602 to 196 papers (67% fewer) with the catalog from cat.md: nothing was changed; check that catalog, or run again with --force to accept it
"""
from __future__ import annotations

from graph.errors import ConfigError

__all__ = ["check_build_shrink", "MAX_DROP", "MIN_CATALOG_ENTRIES"]

MAX_DROP = 0.2  # a build may drop at most this fraction of the papers without --force
MIN_CATALOG_ENTRIES = 10  # fewer entries than this: the catalog parsed to almost nothing


def check_build_shrink(papers_before: int, papers_after: int, *, catalog_entries: int, origin: str = "the catalog",
                       force: bool = False, max_drop: float = MAX_DROP,
                       min_entries: int = MIN_CATALOG_ENTRIES) -> None:
    """Raise :class:`ConfigError` when the new graph loses more than ``max_drop`` of the papers,
    or the catalog gave fewer than ``min_entries`` entries; ``force`` accepts both."""
    if force:
        return
    if catalog_entries < min_entries:
        raise ConfigError(f"the catalog from {origin} parsed to {catalog_entries} entries (at least {min_entries} "
                          "expected): nothing was changed; check that it is the catalog README, "
                          "or run again with --force to accept it")
    if papers_before and papers_after < papers_before * (1 - max_drop):
        drop = 1 - papers_after / papers_before
        raise ConfigError(f"this build would shrink the graph from {papers_before} to {papers_after} papers "
                          f"({drop:.0%} fewer) with the catalog from {origin}: nothing was changed; check that "
                          "catalog, or run again with --force to accept it")
