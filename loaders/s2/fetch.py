"""Citation graph from Semantic Scholar, as records ready to merge into a build.

Two kinds of calls, both cached per request so a killed build resumes:

1. the batch call of :func:`loaders.s2.resolve.fetch_papers` gives metadata,
   authors and ``references.paperId`` of every catalog paper: every citation
   edge *among* catalog papers, in ``ceil(n / 500)`` requests;
2. optionally (``neighbourhood_cap > 0``) the paged ``/references`` and
   ``/citations`` of each resolved paper add the 1-hop neighbourhood (papers
   marked ``in_catalog=False``) and the edge attributes ``isInfluential`` and
   ``intents``; at most ``neighbourhood_cap`` edges per paper and direction,
   1000 per page, and never past offset 10,000 (such papers are reported as
   truncated);
3. optionally (``hops=2``) the references and citations of every 1-hop paper,
   in batch calls with nested fields (:mod:`loaders.s2.hops`).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from tqdm.auto import tqdm

from graph.errors import SourceError, SourceUnreachable
from graph.model.identity import author_key, normalize_arxiv_id, normalize_doi, paper_key
from graph.model.records import Author, Cites, GraphRecords, Paper, Wrote
from loaders.s2.client import S2Client
from loaders.s2.resolve import PAPER_FIELDS, fetch_papers
from loaders.s2.schema import UnexpectedValue, clean_edge, clean_page

__all__ = ["CitationFetch", "fetch_citation_graph", "fetch_edges", "s2_author_key",
           "NEIGHBOUR_FIELDS", "PAGE_LIMIT", "OFFSET_WALL"]

# referenceCount + citationCount size the second hop's batches (loaders.s2.hops)
NEIGHBOUR_FIELDS = "paperId,externalIds,title,year,venue,referenceCount,citationCount,isInfluential,intents"
PAGE_LIMIT = 1000
OFFSET_WALL = 9999  # the API wants offset + limit below 10,000
DIRECTIONS = {"references": ("citedPaper", "referenceCount"), "citations": ("citingPaper", "citationCount")}


@dataclass
class CitationFetch:
    """What one Semantic Scholar load produced; ``records`` merges into the build."""

    records: GraphRecords
    resolved: list[str] = field(default_factory=list)  # input paper ids found in S2
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (paper id, reason)
    errors: list[str] = field(default_factory=list)  # failed calls (their work is retried next run)
    truncated: list[tuple[str, str]] = field(default_factory=list)  # (paper id, direction) past 10,000
    skipped: list[str] = field(default_factory=list)  # answer items with a wrong type, one line each
    same_paper: list[tuple[str, str]] = field(default_factory=list)  # (paper id, earlier id): one S2 paper
    requests_made: int = 0
    cache_hits: int = 0
    hops: int = 0  # 0: catalog edges only, 1: 1-hop neighbourhood, 2: two hops
    hop2: dict = field(default_factory=dict)  # the second hop's plan and answers (loaders.s2.hops)

    def summary(self) -> dict:
        """Plain data to save with the graph and show after a build."""
        return {
            "resolved": len(self.resolved), "unresolved": [list(u) for u in self.unresolved],
            "errors": list(self.errors), "truncated": [list(t) for t in self.truncated],
            "skipped": list(self.skipped),
            "same_paper": [list(p) for p in self.same_paper],
            "requests_made": self.requests_made, "cache_hits": self.cache_hits,
            "hops": self.hops, "hop2": dict(self.hop2),
            "counts": self.records.counts(),
        }


def s2_author_key(author: dict) -> str | None:
    """``author:s2:<authorId>`` when S2 knows the person, else the name key.

    The S2 id is the identity: "E. Duflo" and "Esther Duflo" on two papers are
    one node when S2 gives both the same ``authorId``.

    >>> s2_author_key({"authorId": "2259683", "name": "E. Duflo"})
    'author:s2:2259683'
    >>> s2_author_key({"authorId": None, "name": "Alethea Power"})
    'author:alethea-power'
    """
    if author.get("authorId"):
        return f"author:s2:{author['authorId']}"
    if author.get("name"):
        return author_key(author["name"])
    return None


def _updated_paper(paper: Paper, item: dict) -> Paper:
    """The input paper with what S2 adds; its key and catalog fields stay as given."""
    ext = item.get("externalIds") or {}
    tldr = item.get("tldr") or {}
    sources = list(paper.sources) + ([] if "s2" in paper.sources else ["s2"])
    return dataclasses.replace(
        paper,
        s2_id=item.get("paperId") or paper.s2_id,
        arxiv_id=paper.arxiv_id or normalize_arxiv_id(ext.get("ArXiv")),
        doi=paper.doi or normalize_doi(ext.get("DOI")),
        year=paper.year or item.get("year"),
        venue=paper.venue or item.get("venue") or None,
        abstract=paper.abstract or item.get("abstract"),
        tldr=paper.tldr or tldr.get("text"),
        citation_count=item.get("citationCount", paper.citation_count),
        influential_citation_count=item.get("influentialCitationCount", paper.influential_citation_count),
        fields_of_study=list(item.get("fieldsOfStudy") or paper.fields_of_study),
        sources=sources,
    )


def _neighbour_paper(key: str, item: dict) -> Paper:
    ext = item.get("externalIds") or {}
    return Paper(
        id=key, title=item.get("title") or key, year=item.get("year"),
        arxiv_id=normalize_arxiv_id(ext.get("ArXiv")), doi=normalize_doi(ext.get("DOI")),
        s2_id=item.get("paperId"), venue=item.get("venue") or None,
        citation_count=item.get("citationCount"), in_catalog=False, sources=["s2"],
    )


def _check_page(page) -> str | None:
    if not isinstance(page, dict) or not isinstance(page.get("data"), list):
        return "a citations/references page is not {\"data\": [...]}"
    return None


def fetch_edges(client: S2Client, s2_id: str, direction: str, cap: int,
                skipped: list[str] | None = None) -> tuple[list[dict], bool]:
    """Up to ``cap`` edges of one paper (``direction`` is ``references`` or ``citations``).

    Returns (edge dicts, truncated): truncated is True when the API's offset
    limit stopped the paging before ``cap`` while more edges existed.  Every row is
    checked (:mod:`loaders.s2.schema`); a row with a wrong type is left out and its
    one-line reason appended to ``skipped``.  A page whose frame is wrong raises
    :class:`loaders.s2.schema.UnexpectedValue` (a :class:`SourceError`).
    """
    items: list[dict] = []
    offset = 0
    while True:
        limit = min(PAGE_LIMIT, cap - len(items), OFFSET_WALL - offset)
        if limit <= 0:
            break
        page = clean_page(client.get(f"/graph/v1/paper/{s2_id}/{direction}",
                                     {"fields": NEIGHBOUR_FIELDS, "offset": offset, "limit": limit},
                                     check=_check_page), s2_id)
        data = page.get("data") or []
        for row in data:
            try:
                items.append(clean_edge(row, s2_id))
            except UnexpectedValue as exc:
                if skipped is not None:
                    skipped.append(str(exc))
        if page.get("next") is None or not data:
            return items, False
        offset = int(page["next"])
    return items[:cap], len(items) < cap


def fetch_citation_graph(client: S2Client, papers: list[Paper], *, neighbourhood_cap: int = 0,
                         hops: int = 1, progress: bool = True, batch_size: int = 500,
                         response_bytes: int | None = None) -> CitationFetch:
    """Resolve ``papers`` and load their citation edges as a records fragment.

    ``records.papers`` holds the resolved input papers (same keys, S2 fields
    filled in) plus, with ``neighbourhood_cap > 0``, the neighbourhood papers
    (``in_catalog=False``, keyed by :func:`graph.model.identity.paper_key`).  Edges:
    ``Cites`` (origin ``s2``; ``is_influential``/``intents`` when paged
    endpoints were used) and ``Wrote`` from S2 authors.  ``hops=2`` (with
    ``neighbourhood_cap > 0``) adds the references and citations of every
    1-hop paper (:func:`loaders.s2.hops.fetch_second_hop`; ``response_bytes``
    is the API's answer-size cap it plans for).  Raises
    :class:`SourceUnreachable` when the API cannot be reached at all.
    """
    if hops not in (1, 2):
        raise ValueError(f"hops must be 1 or 2, not {hops!r}")
    start_requests, start_hits = client.requests_made, client.cache_hits
    fetched = fetch_papers(client, papers, PAPER_FIELDS, progress=progress, batch_size=batch_size)
    by_id = {}
    for paper in papers:
        by_id.setdefault(paper.id, paper)
    records = GraphRecords()
    s2_to_key: dict[str, str] = {}
    same_paper = []
    for pid, item in fetched.found.items():
        first = s2_to_key.setdefault(item["paperId"], pid)
        if first != pid:  # two input keys, one S2 paper: the caller decides how to merge
            same_paper.append((pid, first))

    for pid, item in fetched.found.items():
        records.papers[pid] = _updated_paper(by_id[pid], item)
        for position, author in enumerate(item.get("authors") or []):
            key = s2_author_key(author)
            if key is None:
                continue
            records.authors.setdefault(key, Author(id=key, name=author.get("name") or key,
                                                   s2_author_id=author.get("authorId")))
            records.add_edge(Wrote(source=key, target=pid, position=position, origin="s2"))
        for ref in item.get("references") or []:
            target = s2_to_key.get((ref or {}).get("paperId"))
            if target and target != pid:
                records.add_edge(Cites(source=pid, target=target, origin="s2"))

    result = CitationFetch(records=records, resolved=list(fetched.found),
                           unresolved=sorted(fetched.missing.items()), errors=list(fetched.errors),
                           same_paper=same_paper, skipped=list(fetched.skipped))
    if neighbourhood_cap > 0:
        result.hops = 1
        attach = Attach(records, by_id, s2_to_key)
        hop1 = _add_neighbourhood(client, fetched.found, attach, neighbourhood_cap, result, progress)
        if hops == 2:
            from loaders.s2.hops import RESPONSE_BYTES, fetch_second_hop

            result.hops = 2
            fetch_second_hop(client, hop1, attach, result, cap=neighbourhood_cap, progress=progress,
                             response_bytes=response_bytes or RESPONSE_BYTES)
    result.requests_made = client.requests_made - start_requests
    result.cache_hits = client.cache_hits - start_hits
    return result


class Attach:
    """Neighbour papers to graph keys, adding a node the first time one is seen."""

    def __init__(self, records: GraphRecords, by_id: dict[str, Paper], s2_to_key: dict[str, str]):
        self.records, self.by_id, self.s2_to_key = records, by_id, s2_to_key

    def __call__(self, item: dict) -> str | None:
        """The key of the paper ``item`` (``paperId``, ``externalIds``, ...), or None when S2 has no id for it."""
        s2_id = item.get("paperId")
        if not s2_id:  # a reference S2 could not resolve: no node to attach
            return None
        key = self.s2_to_key.get(s2_id)
        if key is not None:
            return key
        ext = item.get("externalIds") or {}
        key = paper_key(arxiv_id=ext.get("ArXiv"), doi=ext.get("DOI"), s2_id=s2_id)
        if key not in self.by_id and key not in self.records.papers:
            self.records.papers[key] = _neighbour_paper(key, item)
        self.s2_to_key[s2_id] = key
        return key


def _add_neighbourhood(client, found: dict[str, dict], attach: Attach, cap: int, result: CitationFetch,
                       progress: bool) -> dict[str, tuple[str, int | None, int | None]]:
    """Hop 1; returns the 1-hop papers: S2 id -> (key, referenceCount, citationCount)."""
    records = result.records
    hop1: dict[str, tuple[str, int | None, int | None]] = {}
    inputs = set(attach.s2_to_key)

    jobs = [(pid, direction) for pid in found for direction in DIRECTIONS]
    for pid, direction in tqdm(jobs, desc="Semantic Scholar hop 1", unit="list",
                               disable=None if progress else True, leave=False):  # None: off when not a terminal
        item = found[pid]
        inner, count_field = DIRECTIONS[direction]
        if item.get(count_field) == 0:  # nothing to page through: save the request
            continue
        try:
            edges, truncated = fetch_edges(client, item["paperId"], direction, cap, result.skipped)
        except SourceUnreachable:
            raise
        except SourceError as exc:
            result.errors.append(f"{direction} of {pid}: {exc}")
            continue
        if truncated:
            result.truncated.append((pid, direction))
        for edge in edges:
            neighbour = edge.get(inner) or {}
            other = attach(neighbour)
            if other is None or other == pid:
                continue
            if neighbour["paperId"] not in inputs and neighbour["paperId"] not in hop1:
                hop1[neighbour["paperId"]] = (other, neighbour.get("referenceCount"), neighbour.get("citationCount"))
            source, target = (pid, other) if direction == "references" else (other, pid)
            # paged edges carry attributes: they replace the bare batch edge
            records.cites[(source, target)] = Cites(
                source=source, target=target, is_influential=edge.get("isInfluential"),
                intents=tuple(edge.get("intents") or ()), origin="s2")
    return hop1
