"""The second hop of the citation neighbourhood, in batch calls sized to the API's limits.

Hop 1 (:mod:`loaders.s2.fetch`) pages ``/references`` and ``/citations`` of the catalog
papers, because only those pages carry the edge attributes (``isInfluential``,
``intents``).  Hop 2 needs the references and citations of every 1-hop paper (~50k for
the catalog); paging them would cost two requests per paper.  Instead one
``POST /graph/v1/paper/batch`` with nested ``references.…`` and ``citations.…`` fields
(paperId, externalIds, title, year: enough to make a node) answers for up to 500 papers
at once.  Two limits shape the batches:

* at most :data:`MAX_IDS` (500) ids per call;
* the whole answer is capped at about 10 MB, so the sum of the papers' list lengths
  (``referenceCount + citationCount`` from the hop-1 answers, each capped at the
  9,999 a batch returns) stays within :func:`edge_budget` (:data:`BYTES_PER_EDGE` per
  nested item, from real answers, with 5% headroom: ~34k items).

Papers are dealt heaviest first to the least-filled batch (:func:`plan_second_hop`), ties
by S2 id, and each batch's ids are sorted: the same hop-1 answers always give the same batches, so after a kill a
re-run finds every answered batch in the cache and asks the server only the rest.
A batch that still fails (e.g. an answer over the cap) is split in two and retried.
A list longer than 9,999 cannot be read in full by any endpoint (the paged ones stop at
offset 10,000 too): such papers are reported in ``truncated``.

Fewest requests (:func:`minimum_second_hop_requests`): every 1-hop paper with a
non-empty list must be named in some call (``ceil(n / 500)``) and every byte of the
answers must come back under the cap (``ceil(bytes / 10 MB)``); the larger bound wins.
"""
from __future__ import annotations

import heapq
import math

from tqdm.auto import tqdm

from graph.errors import SourceError, SourceUnreachable
from graph.model.records import Cites
from loaders.s2.schema import UnexpectedValue, clean_paper

__all__ = ["HOP2_FIELDS", "MAX_IDS", "NESTED_MAX", "RESPONSE_BYTES", "BYTES_PER_EDGE", "edge_budget",
           "plan_second_hop", "minimum_first_hop_requests",
           "minimum_second_hop_requests", "fetch_second_hop"]

NESTED = ("paperId", "externalIds", "title", "year")
HOP2_FIELDS = ",".join(["paperId"] + [f"{d}.{f}" for d in ("references", "citations") for f in NESTED])
MAX_IDS = 500
NESTED_MAX = 9999  # a batch answer lists at most this many references (and citations) per paper
RESPONSE_BYTES = 10_000_000  # the API's cap on one answer
# One nested item {"paperId", "externalIds": {...}, "title", "year"} is 234 bytes on average (at most
# 272) in the real answers recorded in tests/data/s2; 280 leaves room for long titles and many ids.
BYTES_PER_EDGE = 280
DIRECTIONS = (("references", True), ("citations", False))  # (nested list, the 1-hop paper is the citing one)


def edge_budget(response_bytes: int = RESPONSE_BYTES, bytes_per_edge: int = BYTES_PER_EDGE) -> int:
    """Nested items one batch may ask for so its answer stays under ``response_bytes`` (5% headroom).

    >>> edge_budget()
    33928
    """
    return int(response_bytes * 0.95 // bytes_per_edge)


def _weight(references: int | None, citations: int | None) -> int:
    # an unknown count (null in the hop-1 answer) is planned as a typical list, never skipped
    refs = 50 if references is None else references
    cits = 50 if citations is None else citations
    return min(refs, NESTED_MAX) + min(cits, NESTED_MAX)


def plan_second_hop(counts: dict[str, tuple[int | None, int | None]], *, max_ids: int = MAX_IDS,
                    budget: int | None = None) -> list[list[str]]:
    """Batches of S2 ids under ``max_ids`` ids and ``budget`` nested items each; deterministic.

    ``counts``: S2 id -> (referenceCount, citationCount).  Papers with two empty lists
    need no call and are left out.  Start from the fewest batches the two limits allow
    and deal the papers, heaviest first (ties by id), each to the least-filled batch
    with room (longest-processing-time first); a new batch opens only when the
    least-filled one cannot take a paper.  Balancing the weights is what lets every
    batch also fill up on ids: plain first-fit fills the first batches to the budget
    with a few heavy papers and needs ~15% more calls.

    >>> plan_second_hop({"a": (3, 4), "b": (0, 0), "c": (5, 0), "d": (1, 1)}, max_ids=2, budget=8)
    [['a'], ['c', 'd']]
    """
    budget = edge_budget() if budget is None else budget
    items = sorted(((_weight(*c), s2_id) for s2_id, c in counts.items()), key=lambda t: (-t[0], t[1]))
    items = [(w, s2_id) for w, s2_id in items if w > 0]
    if not items:
        return []
    fewest = max(math.ceil(len(items) / max_ids), math.ceil(sum(w for w, _ in items) / budget))
    bins: list[list[str]] = [[] for _ in range(fewest)]
    heap = [(0, index) for index in range(fewest)]  # (weight so far, batch), batches with room for an id
    for weight, s2_id in items:
        if not heap or heap[0][0] + weight > budget:  # the least-filled batch cannot take it: none can
            bins.append([])
            heapq.heappush(heap, (0, len(bins) - 1))
        total, index = heapq.heappop(heap)
        bins[index].append(s2_id)
        if len(bins[index]) < max_ids:
            heapq.heappush(heap, (total + weight, index))
    return sorted((sorted(ids) for ids in bins if ids), key=lambda ids: ids[0])


def minimum_first_hop_requests(with_ids: int, title_only: int, counts: list[tuple[int, int]], cap: int) -> int:
    """Fewest requests for the catalog and its 1-hop neighbourhood as hop 1 fetches them.

    One batch call per 500 papers with an id, one title match per paper without, and one
    page per 1000 edges of every non-empty reference/citation list (up to ``cap`` and the
    API's 9,999), ``counts`` being (referenceCount, citationCount) of each resolved paper.

    >>> minimum_first_hop_requests(581, 0, [(40, 1500), (0, 3)], cap=1000)
    5
    """
    total = math.ceil(with_ids / MAX_IDS) + title_only
    if cap > 0:
        total += sum(math.ceil(min(count, cap, NESTED_MAX) / 1000) for pair in counts for count in pair)
    return total


def minimum_second_hop_requests(papers: int, response_bytes_total: int, *, max_ids: int = MAX_IDS,
                                cap: int = RESPONSE_BYTES) -> int:
    """Lower bound on the calls of any batch plan: ``papers`` to name, ``response_bytes_total`` to carry.

    >>> minimum_second_hop_requests(50_000, 5_000_000 * BYTES_PER_EDGE)
    140
    """
    return max(math.ceil(papers / max_ids), math.ceil(response_bytes_total / cap))


def _check_batch(size: int):
    def check(data) -> str | None:
        if not isinstance(data, list) or len(data) != size:
            return f"a batch answer is not a list of {size} entries"
        return None
    return check


def fetch_second_hop(client, hop1: dict[str, tuple[str, int | None, int | None]], attach, result, *,
                     cap: int, progress: bool = True, response_bytes: int = RESPONSE_BYTES) -> None:
    """Add the references and citations of the 1-hop papers to ``result.records``.

    ``hop1``: S2 id -> (graph key, referenceCount, citationCount), from hop 1;
    ``attach``: :class:`loaders.s2.fetch.Attach` (neighbour item -> key, adding the node);
    ``cap``: edges kept per paper and direction, as in hop 1.  Fills ``result.hop2``
    (papers, planned batches, calls made, edges added) and appends failed batches to
    ``result.errors``, lists past 9,999 to ``result.truncated``.
    """
    records = result.records
    batches = plan_second_hop({s2_id: (r, c) for s2_id, (_, r, c) in hop1.items()},
                              budget=edge_budget(response_bytes))
    queue = list(reversed(batches))  # pop() from the end: first batch first
    stats = {"papers": sum(len(b) for b in batches), "planned_batches": len(batches), "batches": 0,
             "split": 0, "edges": 0, "skipped_empty": len(hop1) - sum(len(b) for b in batches)}
    before = records.counts().get("CITES", 0)
    bar = tqdm(total=stats["papers"], desc="Semantic Scholar hop 2", unit="paper",
               disable=None if progress else True, leave=False)  # None: off when not a terminal
    try:
        while queue:
            ids = queue.pop()
            try:
                answer = client.post("/graph/v1/paper/batch", {"fields": HOP2_FIELDS}, {"ids": ids},
                                     check=_check_batch(len(ids)))
            except SourceUnreachable:
                raise
            except SourceError as exc:
                if len(ids) > 1:  # e.g. an answer over the size cap: halves are smaller
                    half = len(ids) // 2
                    queue.extend([ids[half:], ids[:half]])
                    stats["split"] += 1
                    continue
                result.errors.append(f"hop 2 batch of {ids[0]}: {exc}")
                bar.update(1)
                continue
            stats["batches"] += 1
            for s2_id, item in zip(ids, answer):
                try:
                    item = clean_paper(item, s2_id) if item is not None else {}
                except UnexpectedValue as exc:  # this paper's lists are left out; the rest go on
                    result.skipped.append(str(exc))
                    continue
                _add_lists(records, attach, hop1[s2_id], item, cap, result)
            bar.update(len(ids))
    finally:
        bar.close()
    stats["edges"] = records.counts().get("CITES", 0) - before
    result.hop2 = stats


def _add_lists(records, attach, paper: tuple[str, int | None, int | None], item: dict, cap: int, result) -> None:
    key, ref_count, cit_count = paper
    for (direction, citing), count in zip(DIRECTIONS, (ref_count, cit_count)):
        listed = item.get(direction) or []
        if (count or 0) > NESTED_MAX and cap > NESTED_MAX:
            result.truncated.append((key, direction))
        for other_item in listed[:cap]:
            other = attach(other_item or {})
            if other is None or other == key:
                continue
            source, target = (key, other) if citing else (other, key)
            records.add_edge(Cites(source=source, target=target, origin="s2"))  # keeps a hop-1 edge's attributes
