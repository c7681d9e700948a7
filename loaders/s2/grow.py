"""Grow the graph beyond the catalog: around a concept, or around one paper.

* :func:`grow_concept` searches Semantic Scholar for a concept and its
  synonyms, and keeps a hit only when its title or abstract really discusses
  the concept (a search hit alone is not enough); the rest are reported as
  rejected with the reason.
* :func:`grow_paper` adds a paper, its references and citations, and its
  related papers (Semantic Scholar recommendations), each edge recording
  where it came from.

Both return records to merge and cache every answer, so a second run makes
no request and adds nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.errors import SourceError
from graph.model.identity import fold, normalize_arxiv_id, normalize_doi, paper_key, slug
from graph.model.records import About, Cites, GraphRecords, Paper, Phenomenon, RelatedTo
from graph.model import vocabulary
from loaders.s2.client import S2Client, S2NotFound
from loaders.s2.fetch import fetch_edges
from loaders.s2.schema import UnexpectedValue, clean_page, clean_paper

__all__ = ["GrowResult", "grow_concept", "grow_paper", "concept_phenomenon"]

SEARCH_FIELDS = "paperId,externalIds,title,year,venue,abstract,citationCount"
SEARCH_PAGE = 100


@dataclass
class GrowResult:
    records: GraphRecords
    added: list[str] = field(default_factory=list)              # paper keys
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (title, reason)
    requests_made: int = 0
    skipped: list[str] = field(default_factory=list)  # answer items with a wrong type, one line each

    def summary(self) -> str:
        text = f"{len(self.added)} papers added, {len(self.rejected)} rejected"
        return text + (f", {len(self.skipped)} skipped ({self.skipped[0]})" if self.skipped else "")


def _papers_in(items, label: str, skipped: list[str]) -> list[dict]:
    """The entries of a search or recommendation list that fit the schema; the rest are skipped in one line each."""
    out = []
    for item in items or []:
        try:
            out.append(clean_paper(item))
        except UnexpectedValue as exc:
            skipped.append(str(exc).replace("in paper (no id)", f"in a result for {label}"))
    return out


def _paper_from(item: dict, source: str) -> Paper | None:
    ext = item.get("externalIds") or {}
    arxiv, doi = normalize_arxiv_id(ext.get("ArXiv")), normalize_doi(ext.get("DOI"))
    if not (arxiv or doi or item.get("paperId")):
        return None
    return Paper(
        id=paper_key(arxiv_id=arxiv, doi=doi, s2_id=item.get("paperId")), title=(item.get("title") or "").rstrip("."),
        year=item.get("year"), arxiv_id=arxiv, doi=doi, s2_id=item.get("paperId"), venue=item.get("venue") or None,
        abstract=item.get("abstract"), citation_count=item.get("citationCount"), in_catalog=False,
        url=f"https://arxiv.org/abs/{arxiv}" if arxiv else None, sources=[source],
    )


def concept_phenomenon(concept: str) -> Phenomenon:
    """The vocabulary's phenomenon for ``concept``, else a new one named by it.

    >>> concept_phenomenon("Simplicity Bias").id
    'simplicity-bias'
    """
    text = concept.strip()
    found = vocabulary.match_phenomena(text)
    by_id = {p.id: p for p in vocabulary.load_vocabulary()}
    exact = [pid for pid in found if fold(by_id[pid].name) == fold(text) or
             any(fold(s) == fold(text) for s in by_id[pid].synonyms)]
    if exact or len(found) == 1:
        return by_id[(exact or sorted(found))[0]]
    return Phenomenon(id=slug(text), name=text, synonyms=[text])


def _discusses(phenomenon: Phenomenon, title: str, abstract: str | None) -> str | None:
    """'title' or 'abstract' when that text names the phenomenon, else None."""
    for via, text in (("title", title), ("abstract", abstract)):
        if not text:
            continue
        if phenomenon.id in vocabulary.match_phenomena(text):
            return via
        names = [phenomenon.name, *phenomenon.synonyms]
        if any(re.search(rf"\b{re.escape(fold(n))}s?\b", fold(text)) for n in names if n):
            return via
    return None


def grow_concept(client: S2Client, concept: str, *, limit: int = 100) -> GrowResult:
    """Search for ``concept`` (and its synonyms); keep the hits whose text discusses it."""
    phenomenon = concept_phenomenon(concept)
    start = client.requests_made
    result = GrowResult(GraphRecords())
    result.records.phenomena[phenomenon.id] = phenomenon
    queries = list(dict.fromkeys([concept, phenomenon.name, *phenomenon.synonyms[:3]]))
    seen: set[str] = set()
    source = f"search:{concept}"
    for query in queries:
        offset = 0
        while offset < limit:
            page = clean_page(client.get("/graph/v1/paper/search", {
                "query": query, "fields": SEARCH_FIELDS, "offset": offset, "limit": min(SEARCH_PAGE, limit - offset)}),
                f"search {query!r}")
            items = _papers_in(page.get("data"), f"search {query!r}", result.skipped)  # no hits: no "data"
            for item in items:
                paper = _paper_from(item, source)
                if paper is None or paper.id in seen:
                    continue
                seen.add(paper.id)
                via = _discusses(phenomenon, paper.title, paper.abstract)
                if via is None:
                    why = "title and abstract" if paper.abstract else "title (no abstract known)"
                    result.rejected.append((paper.title, f"search hit only: the {why} do not mention {concept!r}"))
                    continue
                result.records.papers[paper.id] = paper
                # a title naming it is strong evidence, an abstract medium (as loaders.tagging grades them)
                result.records.add_edge(About(paper.id, phenomenon.id, via, source,
                                              "strong" if via == "title" else "medium"))
                result.added.append(paper.id)
            if not page.get("data") or page.get("next") is None:
                break
            offset = int(page["next"])
    result.requests_made = client.requests_made - start
    return result


def _lookup_id(paper_ref: str) -> str:
    """``2410.02348`` -> ``ARXIV:2410.02348``; DOIs and S2 ids as the API wants them."""
    ref = paper_ref.strip()
    if arxiv := normalize_arxiv_id(ref):
        return f"ARXIV:{arxiv}"
    if ref.lower().startswith(("doi:", "10.", "https://doi.org/")):
        return f"DOI:{normalize_doi(ref)}"
    return ref


def grow_paper(client: S2Client, paper_ref: str, *, limit: int = 100) -> GrowResult:
    """The paper, up to ``limit`` references, citations and recommended papers."""
    from loaders.s2.resolve import PAPER_FIELDS

    start = client.requests_made
    result = GrowResult(GraphRecords())
    try:
        item = client.get(f"/graph/v1/paper/{_lookup_id(paper_ref)}", {"fields": ",".join(PAPER_FIELDS)})
    except S2NotFound:
        raise SourceError(f"Semantic Scholar does not know {paper_ref!r}: check the arXiv id or DOI") from None
    item = clean_paper(item, paper_ref)  # a wrong type: one line (UnexpectedValue), nothing grown
    centre = _paper_from(item, f"grow:{paper_ref}")
    if centre is None or not item.get("paperId"):
        raise SourceError(f"Semantic Scholar sent no paperId for {paper_ref!r}; skipped")
    result.records.papers[centre.id] = centre
    result.added.append(centre.id)
    s2_id = item["paperId"]
    for direction in ("references", "citations"):
        edges, _ = fetch_edges(client, s2_id, direction, limit, result.skipped)
        inner = "citedPaper" if direction == "references" else "citingPaper"
        for edge in edges:
            other = _paper_from(edge.get(inner) or {}, f"grow:{paper_ref}")
            if other is None:
                continue
            result.records.papers.setdefault(other.id, other)
            result.added.append(other.id)
            a, b = (centre.id, other.id) if direction == "references" else (other.id, centre.id)
            result.records.add_edge(Cites(a, b, edge.get("isInfluential"), tuple(edge.get("intents") or ()), "s2"))
    page = clean_page(client.get(f"/recommendations/v1/papers/forpaper/{s2_id}",
                                 {"fields": SEARCH_FIELDS, "limit": limit}), s2_id)
    for rank, rec in enumerate(_papers_in(page.get("recommendedPapers"), f"recommendations for {paper_ref}",
                                          result.skipped)):
        other = _paper_from(rec, f"recommendation:{paper_ref}")
        if other is None:
            continue
        result.records.papers.setdefault(other.id, other)
        result.added.append(other.id)
        result.records.add_edge(RelatedTo(centre.id, other.id, "s2-recommendations", round(1 - rank / max(limit, 1), 4)))
    result.added = list(dict.fromkeys(result.added))
    result.requests_made = client.requests_made - start
    return result
