"""The shape of a CSL-JSON import (Zotero, Mendeley, pandoc), checked (pydantic) before any value is used.

A file someone sent may put a list where a title is, an object where a year is,
or nest 10,000 lists: such a file is refused whole, in one line that names the
item and the field, and nothing of it is imported.  Long texts are cut.

>>> check_csl_items([{"title": "Grokking", "author": [{"family": "Power", "given": "Alethea"}]}])[0]["title"]
'Grokking'
>>> check_csl_items([{"title": "ok"}, {"title": ["a", "list"]}], "lib.json")
Traceback (most recent call last):
...
graph.errors.SourceError: lib.json: CSL-JSON item 2 has an unexpected value for title: nothing was imported; fix the item or export the library again
"""
from __future__ import annotations

from typing import Annotated, Any, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from graph.errors import SourceError

__all__ = ["check_csl_items", "CSL_TEXT_LIMITS"]

CSL_TEXT_LIMITS = {"title": 1_000, "abstract": 20_000, "short": 500, "name": 300}


def _cut(limit: int):
    return AfterValidator(lambda value: value if value is None or len(value) <= limit else value[: limit - 1] + "…")


Short = Annotated[str, _cut(CSL_TEXT_LIMITS["short"])]
Number = Union[int, float, Short]  # CSL numbers are often strings ("12", "3-4")


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class CslName(_Model):
    family: Optional[Annotated[str, _cut(CSL_TEXT_LIMITS["name"])]] = None
    given: Optional[Annotated[str, _cut(CSL_TEXT_LIMITS["name"])]] = None
    literal: Optional[Annotated[str, _cut(CSL_TEXT_LIMITS["name"])]] = None


class CslDate(_Model):
    date_parts: Optional[list[list[Optional[Number]]]] = Field(None, alias="date-parts")
    raw: Optional[Short] = None
    literal: Optional[Short] = None


class CslItem(_Model):
    type: Optional[Short] = None
    title: Optional[Annotated[str, _cut(CSL_TEXT_LIMITS["title"])]] = None
    author: Optional[list[Union[CslName, Annotated[str, _cut(CSL_TEXT_LIMITS["name"])]]]] = None
    issued: Optional[CslDate] = None
    container_title: Optional[Short] = Field(None, alias="container-title")
    event_title: Optional[Short] = Field(None, alias="event-title")
    DOI: Optional[Short] = None
    URL: Optional[Annotated[str, Field(max_length=4_000)]] = None
    number: Optional[Number] = None
    note: Optional[Annotated[str, _cut(CSL_TEXT_LIMITS["abstract"])]] = None
    keyword: Optional[Union[Short, list[Short]]] = None
    abstract: Optional[Annotated[str, _cut(CSL_TEXT_LIMITS["abstract"])]] = None


_ITEM = TypeAdapter(CslItem)


def _place(error: ValidationError) -> str:
    """The dotted place of the first wrong value (union branches left out): ``author.0.family``."""
    loc = [str(part) for part in error.errors()[0]["loc"]]
    branch_names = {"CslName", "str", "int", "float", "list[str]", "constrained-str", "function-after[<lambda>(), str]"}
    return ".".join(part for part in loc if part not in branch_names and not part.startswith(("function-", "list[")))


def check_csl_items(data: Any, name: str = "the file") -> list[dict]:
    """The items of a parsed CSL-JSON file (a list, or one object) as checked plain dicts (CSL keys kept).

    Raises :class:`SourceError` naming the item (counting from 1) and the field of the first wrong value.
    """
    items = data if isinstance(data, list) else [data]
    out = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise SourceError(f"{name}: CSL-JSON item {number} is not an object: nothing was imported; "
                              "fix the item or export the library again")
        try:
            checked = _ITEM.validate_python(item)
        except ValidationError as err:
            raise SourceError(f"{name}: CSL-JSON item {number} has an unexpected value for {_place(err)}: "
                              "nothing was imported; fix the item or export the library again") from None
        out.append(checked.model_dump(by_alias=True, exclude_none=True))
    return out
