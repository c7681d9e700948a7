"""What the explorer app shows, as plain data: no Streamlit, no UI (one module per concern).

Every ``load_*`` function takes an open :class:`~graph.store.base.GraphStore`
(injected, read-only) and returns dataclasses, dicts and lists; the ``select_*``
and ``search_*`` functions are pure functions of what was loaded.  Pages read
widgets, call these (as ``services.name``), and render.

Each name is imported from its module when first asked for (PEP 562), not with the package: the
Graph page, a cold server's first page, then never loads what only other pages need (the clusters'
text similarity and scipy, the library's reference-manager readers, the exporters).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # every name, for readers and type checkers
    from app.web.services.clusters import *  # noqa: F401,F403
    from app.web.services.console import *  # noqa: F401,F403
    from app.web.services.grow import *  # noqa: F401,F403
    from app.web.services.library import *  # noqa: F401,F403
    from app.web.services.maps import *  # noqa: F401,F403
    from app.web.services.overview import *  # noqa: F401,F403
    from app.web.services.paper import *  # noqa: F401,F403
    from app.web.services.papers import *  # noqa: F401,F403
    from app.web.services.paths import *  # noqa: F401,F403
    from app.web.services.phenomena import *  # noqa: F401,F403
    from app.web.services.seedmap import *  # noqa: F401,F403
    from app.web.services.selection import *  # noqa: F401,F403
    from app.web.services.timeline import *  # noqa: F401,F403

# module -> the names it exports (its ``__all__``; tests/app/test_services_names.py keeps the two equal)
MODULES: dict[str, tuple[str, ...]] = {
    "clusters": ("cluster_summaries", "catalog_gaps", "export_formats", "export_files"),
    "console": ("needs_of", "query_parameters", "list_saved_queries", "load_saved_query", "saved_query_params", "paper_ids_in", "table_rows"),
    "grow": ("run_grow",),
    "library": ("LibraryReport", "load_library", "StartLists", "load_start_lists", "UploadPreview", "preview_upload", "record_upload", "import_upload", "find_uploaded", "new_upload_folder", "MAX_IMPORT_BYTES"),
    "maps": ("user_thesaurus_path", "map_thesaurus", "term_map", "occurrence_counts", "default_threshold"),
    "overview": ("store_version", "GraphSummary", "load_summary", "find_phenomena"),
    "paper": ("PaperDetail", "load_paper", "paper_detail", "related_papers", "read_specter"),
    "papers": ("GraphModel", "GraphView", "load_paper_graph", "select_view", "search_papers", "neighbourhood", "list_papers", "source_kind", "source_kinds", "graph_clusters", "measures", "knowledge_degrees", "primary_phenomenon", "DEFAULT_TOP_N", "NO_PHENOMENON"),
    "paths": ("resolve_end", "paths_between"),
    "phenomena": ("phenomenon_timeline", "phenomenon_map", "bridge_papers", "phenomenon_links", "timeline_rows", "no_bridge_message", "similar_links", "has_weak_tags"),
    "seedmap": ("seed_map", "seed_map_rows", "outside_rows", "resolve_paper", "paper_summary"),
    "selection": ("NodeDetail", "node_detail", "neighbours_of", "expand_view", "selection_bibtex", "parse_ids", "EXPAND_LIMIT"),
    "timeline": ("TimeAxisView", "TIME_MEASURES", "time_measures", "time_axis", "MAX_LANES", "DEFAULT_PAPERS"),
}
_HOME = {name: module for module, names in MODULES.items() for name in names}
__all__ = list(_HOME)


def __getattr__(name: str):
    """``services.name``: the name from its module, imported on first use (a module's own name: the module)."""
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
