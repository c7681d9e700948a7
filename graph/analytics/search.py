"""Ranked paper search: what a researcher types (a title phrase, words, an author, an arXiv id or DOI).

Score, best first: an exact key, arXiv id or DOI; the whole title; the phrase
inside the title; every word in the title; every word somewhere in the title,
keywords, authors or venue (a full author name counts more); every word
somewhere in those or the catalog's digest of the paper (below all the others).  Within a tier,
papers cited more (mostly by papers of the graph, a little by Semantic Scholar's
count) come first, so "grokking" finds Power et al. before the papers that cite it.

>>> docs = [SearchDoc("arxiv:2201.02177", "Grokking: Generalization Beyond Overfitting", authors=("Alethea Power",),
...                   cited_in_graph=9, arxiv_id="2201.02177"),
...         SearchDoc("arxiv:2210.01117", "Omnigrok: Grokking Beyond Algorithmic Data", cited_in_graph=1),
...         SearchDoc("x", "A note", keywords=("grokking",))]
>>> rank_papers(docs, "grokking")
['arxiv:2201.02177', 'arxiv:2210.01117', 'x']
>>> rank_papers(docs, "2201.02177"), rank_papers(docs, "power"), rank_papers(docs, "  ")
(['arxiv:2201.02177'], ['arxiv:2201.02177'], [])
>>> with_digest = [SearchDoc("d", "Progress measures", digest="We study grokking on modular addition."),
...                SearchDoc("t", "Grokking modular arithmetic")]
>>> rank_papers(with_digest, "modular grokking")
['t', 'd']
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from graph.model.identity import fold

__all__ = ["SearchDoc", "rank_papers", "score_paper", "head_share"]


@dataclass(frozen=True)
class SearchDoc:
    """What search reads of one paper."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    venue: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    citations: int = 0  # Semantic Scholar's count
    cited_in_graph: int = 0  # papers of this graph that cite it
    digest: str | None = None  # the catalog's digest: its words count, below the title's
    year: int | None = None  # earlier first among equals: the paper that named a term precedes its followers


def _ids(doc: SearchDoc) -> set[str]:
    out = {doc.id.lower()}
    if doc.arxiv_id:
        out |= {doc.arxiv_id.lower(), f"arxiv:{doc.arxiv_id.lower()}"}
    if doc.doi:
        out |= {doc.doi.lower(), f"doi:{doc.doi.lower()}"}
    if ":" in doc.id:
        out.add(doc.id.split(":", 1)[1].lower())
    return out


def score_paper(doc: SearchDoc, text: str) -> float:
    """How well ``doc`` answers ``text``; 0 when it does not match at all."""
    wanted = text.strip().lower()
    phrase = fold(text)
    if not phrase:
        return 0.0
    if wanted in _ids(doc) or wanted.removeprefix("https://arxiv.org/abs/") in _ids(doc):
        return 10_000.0
    title = fold(doc.title)
    words = phrase.split()
    padded = f" {title} "
    if title == phrase:
        tier = 500.0
    elif f" {phrase} " in padded:
        tier = 300.0
    elif all(f" {w}" in padded for w in words):  # word starts: "grok" finds "grokking"
        tier = 200.0
    else:
        authors = [fold(a) for a in doc.authors]
        rest = " ".join([title, *authors, *(fold(k) for k in doc.keywords), fold(doc.venue or "")])
        if all(f" {w}" in f" {rest}" for w in words):
            named = any(phrase == a or phrase == a.split()[-1] if a else False for a in authors)
            keyword = any(phrase == fold(k) for k in doc.keywords)
            tier = 100.0 + (50.0 if named else 0.0) + (30.0 if keyword else 0.0)
        elif doc.digest and all(f" {w}" in f" {rest} {fold(doc.digest)}" for w in words):
            tier = 5.0  # the catalog's digest names it: found, but after every title, keyword and author match
        else:
            return 0.0
    # Citations inside the graph weigh most: they are the field's own view of which papers anchor
    # it (the original grokking paper is cited by every later one); Semantic Scholar's global
    # count breaks the remaining ties.
    popularity = 25 * math.log10(1 + max(doc.cited_in_graph, 0)) + 5 * math.log10(1 + max(doc.citations or 0, 0))
    return tier + min(popularity, 90.0)


def head_share(doc: SearchDoc, text: str) -> float:
    """How much of the title's head (the part before a colon) the phrase ``text`` is, 0 when not in it.

    "Grokking: Generalization Beyond Overfitting…" is all about "grokking" (1.0); "Towards
    Understanding Grokking: …" less so (about 0.27).

    >>> round(head_share(SearchDoc("a", "Deep Double Descent: Where Bigger Models Hurt"), "double descent"), 2)
    0.74
    """
    head, phrase = fold(doc.title.split(":")[0]), fold(text)
    return len(phrase) / len(head) if phrase and f" {phrase} " in f" {head} " else 0.0


def rank_papers(docs: Iterable[SearchDoc], text: str, limit: int = 20) -> list[str]:
    """Ids of the papers matching ``text``, best first.

    Ties (equal score: an offline build, where no paper has citations) go to the paper that names the
    term: the phrase in its title's head (not only after a colon), then the earliest, then the one whose
    head is most the phrase ("Grokking: …" before "Towards Understanding Grokking: …"), then the
    shorter title, then the id.

    >>> offline = [SearchDoc("review", "Neural Collapse: A Review", year=2023),
    ...            SearchDoc("papyan", "Prevalence of Neural Collapse During the Terminal Phase", year=2020),
    ...            SearchDoc("later", "Grokking of Neural Collapse", year=2024)]
    >>> rank_papers(offline, "neural collapse")
    ['papyan', 'review', 'later']
    """
    scored = [(s, doc) for doc in docs if (s := score_paper(doc, text)) > 0]
    def order(item: tuple[float, SearchDoc]) -> tuple:
        score, doc = item
        head = head_share(doc, text)
        return (-round(score, 6), head == 0, doc.year or 10_000, -head, len(doc.title), doc.id)

    scored.sort(key=order)
    return [doc.id for _, doc in scored[:max(limit, 0)]]
