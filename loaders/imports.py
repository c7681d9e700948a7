"""Bring your own reading list: the public entry points of :mod:`loaders.library`, under the names the
app and the CLI call (``load_import_file``, ``parse_identifier``).

Each loader returns the records it could read and the problems it found, one
per line of the file, never a crash.  Duplicates (a preprint and its
published version, NIPS vs NeurIPS, casing) merge later by identifier and
normalised title (:mod:`graph.model.merge`).
"""
from __future__ import annotations

from loaders.library.awesome_list import load_awesome_list
from loaders.library.bibtex import load_bibtex
from loaders.library.csl import load_csl_json
from loaders.library.dispatch import MAX_IMPORT_BYTES, load_import_file, load_import_text, read_import, read_import_text
from loaders.library.ids import load_id_list, parse_identifier
from loaders.library.parsed_cache import load_import_cached, prune_parsed
from loaders.library.ris import load_ris
from loaders.library.types import ImportLoad, ImportProblem, mark_library

__all__ = ["ImportLoad", "ImportProblem", "MAX_IMPORT_BYTES", "load_awesome_list", "load_bibtex", "load_csl_json",
           "load_id_list", "load_import_cached", "load_import_file", "load_import_text", "load_ris", "mark_library",
           "parse_identifier", "prune_parsed", "read_import", "read_import_text"]
