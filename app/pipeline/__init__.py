"""Where the loaders and the stores meet: the work the CLI and the app ask for, done once.

- :func:`run_build` (:mod:`.build`) with :class:`BuildOptions`: every source -> records -> checks -> one write.
- :func:`grow` (:mod:`.grow`): keep a request to grow around a concept or paper, then rebuild.
- :func:`run_import` (:mod:`.importing`): copy and record the user's library file, then rebuild.
- :func:`run_query` (:mod:`.query`): console Cypher, checked, bounded, read-only unless asked.
- :mod:`.sources`: the user's imports and grow requests (the manifest); :mod:`.stores`: opening the
  configured store; :mod:`.analytics`: ``analyze``, ``export`` and ``bridges``.

The front ends (``app/cli``, ``app/web``) parse their input, call these, and show the result.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names below, for readers and type checkers; imported on first use (``__getattr__``)
    from app.pipeline.build import BuildOptions, BuildOutcome, run_build
    from app.pipeline.grow import GrowOutcome, grow
    from app.pipeline.importing import run_import
    from app.pipeline.query import QueryRun, query_store, run_query

__all__ = ["BuildOptions", "BuildOutcome", "run_build", "GrowOutcome", "grow", "run_import", "QueryRun", "run_query", "query_store"]

# Each name's module.  Imported when first asked for, not with the package: the build brings every loader,
# Semantic Scholar's client and every analytics step (~1.5 s), which the app's first page never needs.
_HOME = {"BuildOptions": "build", "BuildOutcome": "build", "run_build": "build", "GrowOutcome": "grow",
         "grow": "grow", "run_import": "importing", "QueryRun": "query", "run_query": "query", "query_store": "query"}


def __getattr__(name: str):
    """``app.pipeline.run_build`` and friends, imported from their module on first use (PEP 562)."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value
