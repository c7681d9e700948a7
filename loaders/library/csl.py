"""CSL-JSON exports (Zotero's "Better CSL JSON", Mendeley, pandoc): items with a title become papers.

>>> looks_like_csl_json('[{"title": "Grokking", "type": "article"}]'), looks_like_csl_json("TY  - JOUR")
(True, False)
"""
from __future__ import annotations

import json
import re

from graph.errors import SourceError
from graph.model.identity import normalize_arxiv_id, normalize_doi
from graph.model.merge import PaperIndex
from graph.model.records import GraphRecords
from loaders.library.reference import ARXIV_NOTE, add_reference, find_year
from loaders.library.types import ImportLoad, ImportProblem
from loaders.links import arxiv_id_from_url

__all__ = ["load_csl_json", "looks_like_csl_json"]


def looks_like_csl_json(text: str) -> bool:
    """True for a JSON list of objects (or one object) with a ``title`` or ``type``: CSL-JSON."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith(("[", "{")):
        return False
    try:
        data = json.loads(stripped)
    except (ValueError, RecursionError):  # too deep to read is still meant as JSON: refused by the loader
        return stripped.startswith("[{") or stripped.startswith("{") or stripped.startswith("[[")
    items = data if isinstance(data, list) else [data]
    return any(isinstance(i, dict) and ("title" in i or "type" in i) for i in items)


def load_csl_json(text: str, source: str = "import") -> ImportLoad:
    """CSL-JSON items (Zotero's "Better CSL JSON", Mendeley, pandoc) with a title become papers."""
    load = ImportLoad("csl-json", GraphRecords())
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError as err:
        load.problems.append(ImportProblem(getattr(err, "lineno", 1), f"not valid JSON: {err.msg}"))
        return load
    except RecursionError:
        raise SourceError(f"{source.split(':', 1)[-1]}: CSL-JSON nested too deep to read: nothing was imported; "
                          "export the library again") from None
    # Here, not at the top: the schema's pydantic models cost ~0.5 s to import, paid only by a CSL-JSON import.
    from loaders.csl_schema import check_csl_items

    items = check_csl_items(data, source.split(":", 1)[-1])  # a wrong type refuses the file, in one line
    index = PaperIndex()
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or not str(item.get("title") or "").strip():
            load.problems.append(ImportProblem(number, "CSL item has no title (counting items from 1)"))
            continue
        url = item.get("URL")
        number_field = str(item.get("number") or "")
        arxiv = (arxiv_id_from_url(url) if url else None) or (
            normalize_arxiv_id(m.group(1)) if (m := ARXIV_NOTE.search(number_field + " " + str(item.get("note") or "")))
            else None)
        issued = (item.get("issued") or {}).get("date-parts") or [[None]]
        year = find_year(issued[0][0] if issued and issued[0] else None) or find_year((item.get("issued") or {}).get("raw"))
        keywords = item.get("keyword") or ""
        keywords = keywords if isinstance(keywords, list) else re.split(r"\s*[,;]\s*", keywords)
        add_reference(load, index, title=" ".join(str(item["title"]).split()).rstrip("."), authors=list(item.get("author") or []),
             year=year, venue=item.get("container-title") or item.get("event-title"),
             doi=normalize_doi(item.get("DOI")), arxiv=arxiv, url=url, keywords=keywords,
             abstract=item.get("abstract"), source=source)
    return load
