"""Resolve catalog papers to Semantic Scholar records: (found, missing), never a silent drop.

Papers with an arXiv id or a DOI go through the batch endpoint (<= 500 ids a
call) and are mapped back **by position** (S2 may answer with a merged
``paperId``); an unknown id comes back as ``null``.  When the arXiv id is
unknown but a DOI exists, the DOI is tried in a second batch pass.  Papers
with neither are looked up by title (``/paper/search/match``) and accepted
only when the normalised titles agree (difflib ratio >= ``TITLE_THRESHOLD``):
the API's ``matchScore`` is a relevance score, not a similarity, so it alone
cannot tell a near-miss from a match.  Title-matched ids join the batch calls,
so their metadata costs no extra request.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

from tqdm.auto import tqdm

from graph.errors import SourceError, SourceUnreachable
from graph.identity import normalize_arxiv_id, normalize_doi, normalize_title
from graph.records import Paper
from loaders.s2.client import S2Client, S2NotFound

__all__ = ["S2Fetch", "fetch_papers", "lookup_ids", "title_similarity", "PAPER_FIELDS",
           "BATCH_SIZE", "TITLE_THRESHOLD"]

BATCH_PATH = "/graph/v1/paper/batch"
MATCH_PATH = "/graph/v1/paper/search/match"
BATCH_SIZE = 500
TITLE_THRESHOLD = 0.9
PAPER_FIELDS = (
    "paperId", "externalIds", "title", "year", "venue", "abstract", "citationCount",
    "influentialCitationCount", "referenceCount", "fieldsOfStudy", "authors", "tldr",
    "references.paperId",
)


@dataclass
class S2Fetch:
    """``found``: paper id -> S2 paper dict; ``missing``: paper id -> reason; ``errors``: failed calls."""

    found: dict[str, dict] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def lookup_ids(paper: Paper) -> list[str]:
    """The S2 ids to try for a paper, best first: ``ARXIV:`` (no version), then ``DOI:``.

    >>> lookup_ids(Paper(id="arxiv:2201.02177", title="Grokking", arxiv_id="2201.02177v2", doi="10.1/X"))
    ['ARXIV:2201.02177', 'DOI:10.1/x']
    """
    ids = []
    if arxiv := normalize_arxiv_id(paper.arxiv_id):
        ids.append(f"ARXIV:{arxiv}")
    if doi := normalize_doi(paper.doi):
        ids.append(f"DOI:{doi}")
    if paper.s2_id and not ids:
        ids.append(paper.s2_id)
    return ids


def title_similarity(a: str, b: str) -> float:
    """Similarity of two titles after normalisation, 0..1.

    >>> title_similarity("Grokking: Generalization Beyond Overfitting.", "grokking generalization beyond overfitting")
    1.0
    """
    return difflib.SequenceMatcher(None, normalize_title(a), normalize_title(b)).ratio()


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _match_title(client: S2Client, paper: Paper) -> tuple[str | None, str | None]:
    """(S2 paperId, None) when the best title match is close enough, else (None, reason)."""
    try:
        answer = client.get(MATCH_PATH, {"query": paper.title, "fields": "paperId,title"})
    except S2NotFound:
        return None, "no title match in Semantic Scholar"
    data = answer.get("data") if isinstance(answer, dict) else None
    if not data or not isinstance(data[0], dict) or not data[0].get("paperId"):
        return None, "no title match in Semantic Scholar"
    best = data[0]
    score = title_similarity(paper.title, best.get("title") or "")
    if score < TITLE_THRESHOLD:
        return None, f"closest title differs (similarity {score:.2f} < {TITLE_THRESHOLD}): {best.get('title')!r}"
    return best["paperId"], None


def _run_batches(client, queue: list[tuple[Paper, str]], fields: str, result: S2Fetch,
                 bar) -> list[tuple[Paper, str]]:
    """One pass of batch calls; returns the (paper, id) pairs that came back ``null``."""
    unknown = []
    for chunk in _chunks(queue, BATCH_SIZE):
        ids = [s2_id for _, s2_id in chunk]
        try:
            answer = client.post(BATCH_PATH, {"fields": fields}, {"ids": ids})
            if not isinstance(answer, list) or len(answer) != len(ids):
                raise SourceError(f"batch answer is not a list of {len(ids)} entries")
        except SourceUnreachable:
            raise
        except SourceError as exc:
            result.errors.append(f"batch of {len(ids)} ids starting {ids[0]}: {exc}")
            for paper, _ in chunk:
                result.missing[paper.id] = f"request failed: {exc}"
            bar.update(len(chunk))
            continue
        for (paper, s2_id), item in zip(chunk, answer):  # by position, not by returned paperId
            if isinstance(item, dict) and item.get("paperId"):
                result.found[paper.id] = item
                result.missing.pop(paper.id, None)
            else:
                unknown.append((paper, s2_id))
        bar.update(len(chunk))
    return unknown


def fetch_papers(client: S2Client, papers: list[Paper], fields: Iterable[str] = PAPER_FIELDS,
                 progress: bool | None = None) -> S2Fetch:
    """Resolve ``papers`` to S2 records with the fewest calls.

    Returns :class:`S2Fetch`; every input paper is in exactly one of ``found``
    and ``missing``.  :class:`SourceUnreachable` propagates (offline); any
    other failure of one call is recorded in ``errors`` and its papers in
    ``missing``, and the rest go on.
    """
    fields = ",".join(fields)
    result = S2Fetch()
    first: list[tuple[Paper, str]] = []
    second: dict[str, str] = {}
    titled: list[Paper] = []
    seen: set[str] = set()
    for paper in papers:
        if paper.id in seen:
            continue
        seen.add(paper.id)
        ids = lookup_ids(paper)
        if ids:
            first.append((paper, ids[0]))
            if len(ids) > 1:
                second[paper.id] = ids[1]
        elif paper.title:
            titled.append(paper)
        else:
            result.missing[paper.id] = "no arXiv id, DOI or title to look up"

    with tqdm(total=len(titled) + len(first), desc="Semantic Scholar papers", unit="paper",
              disable=progress is False, leave=False) as bar:
        for paper in titled:
            try:
                s2_id, reason = _match_title(client, paper)
            except SourceUnreachable:
                raise
            except SourceError as exc:
                result.errors.append(f"title match for {paper.id}: {exc}")
                s2_id, reason = None, f"request failed: {exc}"
            if s2_id:
                first.append((paper, s2_id))
                bar.total += 1
            else:
                result.missing[paper.id] = reason
            bar.update(1)

        unknown = _run_batches(client, first, fields, result, bar)
        retry = [(paper, second[paper.id]) for paper, _ in unknown if paper.id in second]
        for paper, s2_id in unknown:
            if paper.id not in second:
                result.missing[paper.id] = f"not found in Semantic Scholar ({s2_id})"
        if retry:
            tried = dict((paper.id, s2_id) for paper, s2_id in unknown)
            bar.total += len(retry)
            for paper, s2_id in _run_batches(client, retry, fields, result, bar):
                result.missing[paper.id] = f"not found in Semantic Scholar ({tried[paper.id]}, {s2_id})"
    return result
