"""The Maps page's term maps: the thesaurus they use and the maps themselves (:mod:`graph.drawing.term_map`).

The thesaurus is the shipped default and the user's file in ``PHENOMENA_HOME``
(:data:`graph.analytics.thesaurus.THESAURUS_NAME`); a user file that cannot be used is set aside
with its one-line reason, and the map is drawn with the default alone.
"""
from __future__ import annotations

from pathlib import Path

from graph.analytics.concepts import concept_occurrences
from graph.analytics.thesaurus import THESAURUS_NAME, Thesaurus, ThesaurusError, load_thesaurus
from graph.drawing.term_map import TermMap, build_term_map, default_threshold
from graph.model.graph_model import GraphModel

__all__ = ["user_thesaurus_path", "map_thesaurus", "term_map", "occurrence_counts", "default_threshold"]


def user_thesaurus_path(home: Path) -> Path:
    """Where the user's thesaurus is read from: ``PHENOMENA_HOME/thesaurus_terms.txt``."""
    return Path(home) / THESAURUS_NAME


def map_thesaurus(home: Path) -> tuple[Thesaurus, str | None]:
    """The default thesaurus and the user's; when the user's cannot be used, the default alone and why."""
    try:
        return load_thesaurus(user_thesaurus_path(home)), None
    except ThesaurusError as err:
        return load_thesaurus(None), str(err)


def occurrence_counts(graph: GraphModel, kind: str, thesaurus: Thesaurus | None) -> list[int]:
    """How many papers carry each term of ``kind`` (after the thesaurus), most first: the slider's range."""
    return [len(papers) for _, papers in concept_occurrences(graph, kind, thesaurus=thesaurus).values()]


def term_map(graph: GraphModel, kind: str, min_occurrences: int, thesaurus: Thesaurus | None) -> TermMap:
    """The keyword (``Keyword``) or co-authorship (``Author``) map of terms in ``min_occurrences``+ papers."""
    return build_term_map(graph, kind, min_occurrences=min_occurrences, thesaurus=thesaurus)
