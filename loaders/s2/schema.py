"""The shapes of Semantic Scholar answers, checked (pydantic) before any of their values is used.

An answer is outside text: a list where a string belongs, an object where a
number belongs or a 7 MB abstract must not reach the merge, the tagger or the
store.  Every paper, reference, citation, search hit and recommendation goes
through :func:`clean_paper` / :func:`clean_edge`: what fits comes back as a plain
dict (long texts cut at :data:`TEXT_LIMITS`, unknown fields dropped), what does not
raises :class:`UnexpectedValue`, whose message names the field and the paper:

>>> clean_paper({"paperId": "ab12", "title": ["not", "a", "string"]}, "ARXIV:2201.02177")
Traceback (most recent call last):
...
loaders.s2.schema.UnexpectedValue: Semantic Scholar sent an unexpected value for title in paper ARXIV:2201.02177; skipped
>>> clean_paper({"paperId": "ab12", "year": "2022", "abstract": "x" * 50_000}, "ab12")["abstract"][-2:]
'x…'
"""
from __future__ import annotations

from typing import Annotated, Any, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from graph.errors import SourceError

__all__ = ["UnexpectedValue", "clean_paper", "clean_edge", "clean_page", "TEXT_LIMITS"]

# Longest text kept per field (characters); longer values are cut, never refused.
TEXT_LIMITS = {"title": 1_000, "abstract": 20_000, "tldr": 2_000, "venue": 500, "name": 300}
ID_LENGTH = 200  # S2 ids are 40 hex digits; external ids are short: a longer one is not an id


class UnexpectedValue(SourceError):
    """An answer whose value does not fit the API's documented type; the item is skipped."""


def _cut(limit: int):
    def cut(value: str | None) -> str | None:
        if value is None or len(value) <= limit:
            return value
        return value[: limit - 1] + "…"
    return AfterValidator(cut)


Id = Annotated[str, Field(max_length=ID_LENGTH)]
Title = Annotated[str, _cut(TEXT_LIMITS["title"])]
Abstract = Annotated[str, _cut(TEXT_LIMITS["abstract"])]
Venue = Annotated[str, _cut(TEXT_LIMITS["venue"])]
Name = Annotated[str, _cut(TEXT_LIMITS["name"])]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=False, populate_by_name=True)


class ExternalIds(_Model):
    ArXiv: Optional[Id] = None
    DOI: Optional[Id] = None
    CorpusId: Optional[int] = None


class AuthorItem(_Model):
    authorId: Optional[Id] = None
    name: Optional[Name] = None


class Tldr(_Model):
    model: Optional[Id] = None
    text: Optional[Annotated[str, _cut(TEXT_LIMITS["tldr"])]] = None


class Embedding(_Model):
    """``embedding.specter_v2``: the model's name and its vector (768 floats for SPECTER v2)."""
    model: Optional[Id] = None
    vector: Optional[Annotated[list[float], Field(max_length=4096)]] = None


class PaperRef(_Model):
    """A paper as nested lists and neighbour pages carry it."""
    paperId: Optional[Id] = None
    externalIds: Optional[ExternalIds] = None
    title: Optional[Title] = None
    year: Optional[int] = None
    venue: Optional[Venue] = None
    abstract: Optional[Abstract] = None
    referenceCount: Optional[int] = None
    citationCount: Optional[int] = None


class PaperItem(PaperRef):
    """A paper as the batch, paper, search, match and recommendation endpoints answer it."""
    influentialCitationCount: Optional[int] = None
    fieldsOfStudy: Optional[list[Annotated[str, Field(max_length=ID_LENGTH)]]] = None
    authors: Optional[list[AuthorItem]] = None
    tldr: Optional[Tldr] = None
    references: Optional[list[Optional[PaperRef]]] = None
    citations: Optional[list[Optional[PaperRef]]] = None
    matchScore: Optional[float] = None
    embedding: Optional[Embedding] = None


class EdgeItem(_Model):
    """One row of a ``/references`` or ``/citations`` page."""
    isInfluential: Optional[bool] = None
    intents: Optional[list[Annotated[str, Field(max_length=ID_LENGTH)]]] = None
    citedPaper: Optional[PaperRef] = None
    citingPaper: Optional[PaperRef] = None


class Page(_Model):
    """A paged answer; its rows are checked one by one (a bad row skips that row only)."""
    offset: Optional[int] = None
    next: Optional[int] = None
    total: Optional[int] = None
    token: Optional[Id] = None
    data: Optional[list[Any]] = None
    recommendedPapers: Optional[list[Any]] = None


def _field(error: ValidationError) -> str:
    """The dotted place of the first wrong value: ``authors.0.name``."""
    first = error.errors()[0]
    return ".".join(str(part) for part in first["loc"]) or "the answer"


def _describe(item: Any, label: str | None) -> str:
    if label:
        return str(label)[:80]
    paper_id = item.get("paperId") if isinstance(item, dict) else None
    return paper_id[:80] if isinstance(paper_id, str) else "(no id)"


def _clean(model: type[_Model], item: Any, label: str | None, what: str) -> dict:
    if not isinstance(item, dict):
        raise UnexpectedValue(f"Semantic Scholar sent an unexpected value for {what} in paper "
                              f"{_describe(item, label)}; skipped")
    try:
        return model.model_validate(item).model_dump(exclude_unset=True)
    except ValidationError as err:
        raise UnexpectedValue(f"Semantic Scholar sent an unexpected value for {_field(err)} in paper "
                              f"{_describe(item, label)}; skipped") from None
    except RecursionError:  # pragma: no cover - JSON that deep is refused when it is parsed
        raise UnexpectedValue(f"Semantic Scholar sent a value nested too deep in paper "
                              f"{_describe(item, label)}; skipped") from None


def clean_paper(item: Any, label: str | None = None) -> dict:
    """``item`` (a paper object) checked and trimmed; :class:`UnexpectedValue` when a field has a wrong type.

    ``label`` names the paper in the message (the id asked for), else its ``paperId``.
    """
    return _clean(PaperItem, item, label, "the paper")


def clean_edge(item: Any, label: str | None = None) -> dict:
    """One ``/references`` or ``/citations`` row checked and trimmed (see :func:`clean_paper`)."""
    return _clean(EdgeItem, item, label, "a citation")


def clean_page(page: Any, label: str | None = None) -> dict:
    """A paged answer's frame (``offset``, ``next``, ``data`` list, ...) checked; rows are left to the caller."""
    return _clean(Page, page, label, "the page")
