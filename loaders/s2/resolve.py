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
from graph.model.identity import normalize_arxiv_id, normalize_doi, normalize_title
from graph.model.records import Paper
from loaders.links import doi_from_url  # the one reader of DOIs in publisher URLs
from loaders.s2.client import S2Client, S2NotFound
from loaders.s2.schema import UnexpectedValue, clean_paper

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
    """``found``: paper id -> S2 paper dict; ``missing``: paper id -> reason; ``errors``: failed calls;
    ``skipped``: one line per answer item with a wrong type (the item is left out, the run goes on)."""

    found: dict[str, dict] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


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


def _match_shape(answer) -> str | None:
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
        return "title match answer is not {\"data\": [...]}"
    return None


def _match_title(client: S2Client, paper: Paper) -> tuple[str | None, str | None]:
    """(S2 paperId, None) when the best title match is close enough, else (None, reason)."""
    try:
        answer = client.get(MATCH_PATH, {"query": paper.title, "fields": "paperId,title"}, check=_match_shape)
    except S2NotFound:
        return None, "no title match in Semantic Scholar"
    data = answer["data"]
    if not data or data[0] is None:
        return None, "no title match in Semantic Scholar"
    best = clean_paper(data[0], paper.id)  # UnexpectedValue: the caller skips this paper
    if not best.get("paperId"):
        return None, "no title match in Semantic Scholar"
    score = title_similarity(paper.title, best.get("title") or "")
    if score < TITLE_THRESHOLD:
        return None, f"closest title differs (similarity {score:.2f} < {TITLE_THRESHOLD}): {best.get('title')!r}"
    return best["paperId"], None


def _list_of(n: int):
    """A shape check for a batch answer: a list of ``n`` entries (``null`` included)."""
    def check(answer) -> str | None:
        if not isinstance(answer, list) or len(answer) != n:
            return f"batch answer is not a list of {n} entries"
        return None
    return check


def _run_batches(client, queue: list[tuple[Paper, str]], fields: str, result: S2Fetch,
                 bar, batch_size: int = BATCH_SIZE) -> dict[int, dict | None]:
    """Batch calls over ``queue``; position in ``queue`` -> S2 record (``None``: unknown id).

    Positions of a failed call are absent; its papers get the failure as reason.
    """
    answers: dict[int, dict | None] = {}
    for start in range(0, len(queue), batch_size):
        chunk = queue[start:start + batch_size]
        ids = [s2_id for _, s2_id in chunk]
        try:
            answer = client.post(BATCH_PATH, {"fields": fields}, {"ids": ids}, check=_list_of(len(ids)))
        except SourceUnreachable:
            raise
        except SourceError as exc:
            result.errors.append(f"batch of {len(ids)} ids from {ids[0]}: {exc}")
            for paper, _ in chunk:
                result.missing.setdefault(paper.id, f"request failed: {exc}")
        else:
            for offset, item in enumerate(answer):  # by position, not by returned paperId
                answers[start + offset] = _checked(item, chunk[offset], result)
        bar.update(len(chunk))
    return answers


def _checked(item, asked: tuple[Paper, str], result: S2Fetch) -> dict | None:
    """A batch entry checked against the schema; ``None`` for ``null`` and for a skipped entry."""
    if item is None:
        return None
    paper, s2_id = asked
    try:
        item = clean_paper(item, s2_id)
    except UnexpectedValue as exc:
        result.skipped.append(str(exc))
        result.missing[paper.id] = str(exc)
        return None
    return item if item.get("paperId") else None


def _match_titles(client: S2Client, papers: list[Paper], result: S2Fetch, bar) -> list[tuple[Paper, str]]:
    """Title-match ``papers``; the matched go on as (paper, S2 paperId), the rest get their reason."""
    matched = []
    for paper in papers:
        try:
            s2_id, reason = _match_title(client, paper)
        except UnexpectedValue as exc:
            result.skipped.append(str(exc))
            s2_id, reason = None, str(exc)
        except SourceUnreachable:
            raise
        except SourceError as exc:
            result.errors.append(f"title match for {paper.id}: {exc}")
            s2_id, reason = None, f"request failed: {exc}"
        if s2_id:
            matched.append((paper, s2_id))
            bar.total += 1
        else:
            result.missing[paper.id] = reason
        bar.update(1)
    return matched


def _collect(queue: list[tuple[Paper, str]], answers: dict[int, dict | None], result: S2Fetch) -> dict[str, list[str]]:
    """Record found papers (first known id wins); returns paper id -> ids S2 did not know."""
    unknown: dict[str, list[str]] = {}
    for position, (paper, s2_id) in enumerate(queue):
        if position not in answers or paper.id in result.found:
            continue
        item = answers[position]
        if item is None:
            unknown.setdefault(paper.id, []).append(s2_id)
        else:
            result.found[paper.id] = item
            result.missing.pop(paper.id, None)
    return {pid: ids for pid, ids in unknown.items() if pid not in result.found}


def fetch_papers(client: S2Client, papers: list[Paper], fields: Iterable[str] = PAPER_FIELDS,
                 progress: bool | None = None, batch_size: int = BATCH_SIZE) -> S2Fetch:
    """Resolve ``papers`` to S2 records with the fewest calls.

    Every id of every paper (arXiv, then DOI) goes into the same batch calls;
    the first id S2 knows wins.  Papers with neither are matched by title
    first, and their S2 ids join the same batch calls.  A DOI read from the
    paper's URL (nature, pnas, science, biorxiv, doi.org links) stands in for
    a missing DOI; when S2 does not know it, the title is tried after all.

    Returns :class:`S2Fetch`; every input paper ends in exactly one of
    ``found`` and ``missing``.  :class:`SourceUnreachable` propagates
    (offline); any other failure of one call is recorded in ``errors`` and its
    papers in ``missing``, and the rest go on.  ``batch_size`` (<= 500) can be
    lowered when the API's ~10 MB answer cap bites.
    """
    if not 1 <= batch_size <= BATCH_SIZE:
        raise ValueError(f"batch_size must be between 1 and {BATCH_SIZE}")
    fields = ",".join(fields)
    result = S2Fetch()
    queue: list[tuple[Paper, str]] = []
    titled: list[Paper] = []
    from_url: dict[str, Paper] = {}
    seen: set[str] = set()
    for paper in papers:
        if paper.id in seen:
            continue
        seen.add(paper.id)
        ids = lookup_ids(paper)
        if not ids and paper.url and (doi := doi_from_url(paper.url)):
            ids = [f"DOI:{doi}"]
            from_url[paper.id] = paper
        if ids:
            queue.extend((paper, s2_id) for s2_id in ids)
        elif paper.title:
            titled.append(paper)
        else:
            result.missing[paper.id] = "no arXiv id, DOI or title to look up"

    with tqdm(total=len(titled) + len(queue), desc="Semantic Scholar ids", unit="id",
              disable=None if progress else True, leave=False) as bar:  # None: off when not a terminal
        queue += _match_titles(client, titled, result, bar)
        unknown = _collect(queue, _run_batches(client, queue, fields, result, bar, batch_size), result)
        # a DOI guessed from a URL may be one S2 lacks: the title gets its chance
        retry = [from_url[pid] for pid in unknown if pid in from_url and from_url[pid].title]
        if retry:
            bar.total += len(retry)
            second = _match_titles(client, retry, result, bar)
            for paper in retry:
                unknown.pop(paper.id)
            unknown.update(_collect(second, _run_batches(client, second, fields, result, bar, batch_size), result))
        for paper_id, ids in unknown.items():
            result.missing.setdefault(paper_id, f"not found in Semantic Scholar ({', '.join(ids)})")
    return result
