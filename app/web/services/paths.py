"""The Paths page's data: which node a name means, and the shortest connecting paths between two."""
from __future__ import annotations

from graph.analytics.paths import DEFAULT_PATHS, PathsFound, find_paths
from graph.analytics.seed_map import find_paper
from graph.drawing.layers import similar_edges
from graph.errors import AtlasError, ConfigError
from graph.model.graph_model import GraphModel

__all__ = ["resolve_end", "paths_between"]


def resolve_end(graph: GraphModel, ref: str) -> str:
    """The node ``ref`` names: a phenomenon (key, name or synonym), else a paper (key, arXiv id, DOI or
    exact title).  Raises ConfigError with one line when it names neither."""
    # here, not at the top: app.pipeline.analytics brings the exporters, which the first page must not load
    from app.pipeline.analytics import phenomenon_key

    try:
        return phenomenon_key(graph, ref)
    except ConfigError:
        pass
    key = find_paper(graph.citation_graph(), ref)
    if key is None:
        raise ConfigError(f"{ref!r} is neither a phenomenon nor a paper of the graph: give a phenomenon name "
                          "(e.g. grokking), a paper key (arxiv:2201.02177), an arXiv id, a DOI or an exact title")
    return key


def paths_between(graph: GraphModel, a: str, b: str, *, k: int = DEFAULT_PATHS) -> PathsFound:
    """Up to ``k`` shortest paths between ``a`` and ``b`` (names or keys): citations first, then shared
    concepts and related papers (stored ones and the offline similarity links)."""
    ka, kb = resolve_end(graph, a), resolve_end(graph, b)
    if ka == kb:
        raise AtlasError(f"{a!r} and {b!r} name the same node: choose two different ones")
    return find_paths(graph, ka, kb, k=k, related=similar_edges(graph))
