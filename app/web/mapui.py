"""Streamlit glue of the Seed map and Paths pages: their results cached per graph version (see :mod:`app.web.ui`)."""
from __future__ import annotations

import streamlit as st

from app.web import services, ui
from graph.analytics.paths import PathsFound
from graph.analytics.seed_map import SeedMap

__all__ = ["seed_map", "paths", "resolve_paper"]


@st.cache_resource(ttl=ui.CACHE_TTL_S, show_spinner=False, max_entries=2)
def _vectors(version_key: str) -> dict:
    """SPECTER v2 vectors beside the graph (one object per version, so the text index is built once)."""
    return services.read_specter(ui.settings().home)


@st.cache_data(ttl=ui.CACHE_TTL_S, show_spinner="Finding similar papers…", max_entries=32)
def _seed_map(version_key: str, seeds: tuple[str, ...], size: int) -> SeedMap:
    graph = ui.paper_graph()
    return services.seed_map(graph, list(seeds), size=size, embeddings=_vectors(version_key) or None)


def seed_map(seeds: list[str], size: int) -> SeedMap:
    """The seed map of ``seeds`` (keys); a bad request stops the page with one line."""
    return ui.guarded(_seed_map, ui.version(), tuple(seeds), int(size))


@st.cache_data(ttl=ui.CACHE_TTL_S, show_spinner="Looking for paths…", max_entries=32)
def _paths(version_key: str, a: str, b: str, k: int) -> PathsFound:
    return services.paths_between(ui.paper_graph(), a, b, k=k)


def paths(a: str, b: str, k: int) -> PathsFound:
    """Up to ``k`` shortest paths between ``a`` and ``b``; a bad request stops the page with one line."""
    return ui.guarded(_paths, ui.version(), a, b, int(k))


def resolve_paper(ref: str) -> str | None:
    """The key of the paper ``ref`` names (key, arXiv id, DOI, URL or exact title), None when absent."""
    return services.resolve_paper(ui.paper_graph(), ref)
