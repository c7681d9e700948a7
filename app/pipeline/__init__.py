"""Where the loaders and the stores meet: the work the CLI and the app ask for, done once.

- :func:`run_build` (:mod:`.build`) with :class:`BuildOptions`: every source -> records -> checks -> one write.
- :func:`grow` (:mod:`.grow`): keep a request to grow around a concept or paper, then rebuild.
- :func:`run_import` (:mod:`.importing`): copy and record the user's library file, then rebuild.
- :func:`run_query` (:mod:`.query`): console Cypher, checked, bounded, read-only unless asked.
- :mod:`.sources`: the user's imports and grow requests (the manifest); :mod:`.stores`: opening the
  configured store; :mod:`.analytics`: ``analyze``, ``export`` and ``bridges``.

The front ends (``app/cli``, ``app/web``) parse their input, call these, and show the result.
"""
from app.pipeline.build import BuildOptions, BuildOutcome, run_build
from app.pipeline.grow import GrowOutcome, grow
from app.pipeline.importing import run_import
from app.pipeline.query import QueryRun, query_store, run_query

__all__ = ["BuildOptions", "BuildOutcome", "run_build", "GrowOutcome", "grow", "run_import", "QueryRun", "run_query", "query_store"]
