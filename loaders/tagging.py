"""Graded evidence that a paper is about a phenomenon.

Every ABOUT edge gets a ``via`` (its best evidence) and a ``confidence``:

* **strong** — the title names the phenomenon, or the paper's first catalog
  keyword does (the curator's main topic);
* **medium** — a later keyword, an abstract phrase, the catalog section
  backed by a cue word, or a strong tag of a narrower phenomenon;
* **weak** — the catalog section alone (for a topic such as neuroscience,
  whose section is its definition, the section is strong), a keyword listed after another
  phenomenon's keyword, a hint phrase ("phase transition", "infinite width"),
  a broad topic an abstract only mentions.

Evidence adds up (points below); 3 points is strong, 2 medium, less weak.
Views use strong and medium by default (:data:`DEFAULT_CONFIDENCE`).
Known catalog keyword errors are listed in ``loaders/data/tag-overrides.json``.

>>> tags = tag_paper("Unifying Grokking and Double Descent", ["Deep Double Descent", "Grokking"], "Deep Double Descent")
>>> {p: (e.via, e.confidence) for p, e in tags.items()}
{'double-descent': ('title', 'strong'), 'grokking': ('title', 'strong')}
>>> tag_paper("Scaling Laws Do Not Scale", ["Neural Scaling Laws"], "Emergence and Phase Transitions")["emergence"]
Evidence(via='section', confidence='weak', score=0.5)
>>> tag_paper("On Lazy Training in Differentiable Programming", ["Lazy Training"], "Others")["neural-tangent-kernel"]
Evidence(via='narrower', confidence='medium', score=2.0)
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from graph.model import vocabulary as vocab

__all__ = ["Evidence", "CONFIDENCE", "DEFAULT_CONFIDENCE", "tag_paper", "confidence_of", "hierarchy",
           "keyword_overrides", "abstract_phenomena"]

CONFIDENCE = ("strong", "medium", "weak")
DEFAULT_CONFIDENCE = ("strong", "medium")
# Points per kind of evidence; see the module docstring.
TITLE, FIRST_KEYWORD, LATER_KEYWORD, CONTEXT_KEYWORD = 3.0, 3.0, 2.0, 1.0
ABSTRACT, ABSTRACT_BROAD, HINT = 2.0, 1.0, 1.0
SECTION, MIXED_SECTION, SECTION_CUE = 1.0, 0.5, 1.0
# Ties between kinds of evidence name the more specific one.
_VIA_ORDER = ("title", "keyword", "abstract", "section", "narrower")


@dataclass(frozen=True)
class Evidence:
    via: str          # title | keyword | abstract | section | narrower
    confidence: str   # strong | medium | weak
    score: float


def confidence_of(score: float) -> str:
    """``'strong'`` from 3 points, ``'medium'`` from 2, else ``'weak'``.

    >>> [confidence_of(s) for s in (3, 2.5, 2, 1, 0.5)]
    ['strong', 'medium', 'medium', 'weak', 'weak']
    """
    return "strong" if score >= 3 else "medium" if score >= 2 else "weak"


# --------------------------------------------------------------------------- data

@lru_cache(maxsize=1)
def _entries() -> dict[str, dict]:
    return {e["id"]: e for e in vocab.vocabulary_data()["phenomena"]}


@lru_cache(maxsize=1)
def _hint_matchers() -> dict[str, re.Pattern]:
    out = {}
    for pid, e in _entries().items():
        if e.get("weak_phrases"):
            out[pid] = re.compile("|".join(vocab.phrase_regex(p) for p in e["weak_phrases"]), re.I)
    return out


@lru_cache(maxsize=1)
def _mixed_sections() -> set[str]:
    return {vocab.keyword_fold(s) for s in vocab.vocabulary_data().get("mixed_sections", [])}


def hierarchy() -> list[tuple[str, str, str]]:
    """``(narrower, broader, kind)`` links between vocabulary entries.

    ``kind`` is ``'narrower'`` (a tag of the first implies the second, one
    level weaker) or ``'related'`` (studied together; no tag implied).

    >>> ("lazy-training", "neural-tangent-kernel", "narrower") in hierarchy()
    True
    """
    out = []
    for pid, e in _entries().items():
        out += [(pid, b, "narrower") for b in e.get("broader", [])]
        out += [(pid, r, "related") for r in e.get("related", [])]
    return out


@lru_cache(maxsize=1)
def keyword_overrides() -> dict[str, set[str]]:
    """Paper (arXiv id, DOI or folded title) -> phenomena its catalog keywords wrongly claim."""
    text = resources.files("loaders").joinpath("data/tag-overrides.json").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for item in json.loads(text)["keyword_errors"]:
        out.setdefault(_override_key(item["paper"]), set()).add(item["phenomenon"])
    return out


def _override_key(ref: str | None) -> str:
    return vocab.keyword_fold(ref or "") if not re.match(r"^(\d{4}\.\d{4,5}|10\.)", ref or "") else ref.lower()


# --------------------------------------------------------------------------- evidence

def abstract_phenomena(text: str | None) -> dict[str, float]:
    """Points an abstract gives each phenomenon it names, with a precision guard.

    A specific phenomenon named twice, or in the first sentence, is medium
    evidence (2); named once in passing, or as one of three or more examples
    ("phenomena such as double descent, grokking and lottery tickets"), or a
    broad topic ("feature learning", "local minima"), it is a hint (1).

    >>> abstract_phenomena("We study double descent. Feature learning explains double descent in wide networks.")
    {'double-descent': 2.0, 'feature-learning': 1.0}
    >>> abstract_phenomena("Puzzles (e.g., double descent, grokking, lottery tickets) are overrated.")
    {'double-descent': 1.0, 'grokking': 1.0, 'lottery-ticket-hypothesis': 1.0}
    """
    found = vocab.count_phenomena(text)
    specific = [pid for pid in found if not _entries()[pid].get("abstract_weak")]
    first_end = re.search(r"[.!?](?:\s|$)", text).end() if text and re.search(r"[.!?](?:\s|$)", text) else len(text or "")
    out = {}
    for pid in sorted(found):
        starts = found[pid]
        central = len(starts) >= 2 or starts[0] < first_end
        out[pid] = ABSTRACT if pid in specific and len(specific) < 3 and central else ABSTRACT_BROAD
    return out


def tag_paper(title: str | None, keywords: Iterable[str] | None, section: str | None,
              abstract: str | None = None, *, paper_ref: Iterable[str | None] = ()) -> dict[str, Evidence]:
    """Phenomenon id -> :class:`Evidence` for one paper, strongest first.

    ``paper_ref`` (arXiv id, DOI, title) selects the keyword overrides that apply.
    """
    points: dict[str, dict[str, float]] = {}

    def add(pid: str, via: str, value: float) -> None:
        if pid in _entries():
            bucket = points.setdefault(pid, {})
            bucket[via] = max(bucket.get(via, 0.0), value)

    for pid in vocab.match_phenomena(title):
        add(pid, "title", TITLE)
    for pid, rx in _hint_matchers().items():
        if title and rx.search(title):
            add(pid, "title", HINT)
    _add_keywords(add, list(keywords or ()), {r for ref in (*paper_ref, title) for r in [_override_key(ref)]})
    for pid, value in abstract_phenomena(abstract).items():
        add(pid, "abstract", value)
    _add_section(add, section, title, keywords)
    _add_broader(points)
    out = {}
    for pid, bucket in points.items():
        score = _total(bucket)
        via = max(bucket, key=lambda v: (bucket[v], -_VIA_ORDER.index(v)))
        out[pid] = Evidence(via, confidence_of(score), score)
    return dict(sorted(out.items(), key=lambda kv: (-kv[1].score, _VIA_ORDER.index(kv[1].via), kv[0])))


def _total(bucket: dict[str, float]) -> float:
    # Title and keyword say the same thing twice; count the better of the two.
    named = max(bucket.get("title", 0.0), bucket.get("keyword", 0.0))
    return named + sum(v for k, v in bucket.items() if k not in ("title", "keyword"))


def _add_keywords(add, keywords: list[str], refs: set[str]) -> None:
    wrong = set().union(*(keyword_overrides().get(r, set()) for r in refs)) if refs else set()
    topics = vocab.topic_ids()
    seen_other: set[str] = set()
    for i, keyword in enumerate(keywords):
        found = vocab.keyword_phenomena(keyword) - wrong
        for pid in found:
            if i == 0:
                value = FIRST_KEYWORD
            elif i >= 2 or seen_other - {pid} - _related(pid):
                value = CONTEXT_KEYWORD  # listed after another phenomenon: context, not the subject
            else:
                value = LATER_KEYWORD
            add(pid, "keyword", value)
        for pid, rx in _hint_matchers().items():
            if rx.search(keyword) and pid not in wrong:
                add(pid, "keyword", HINT)
        seen_other |= found - topics
        # a third or later keyword, or one after another phenomenon's keyword, is context, not the subject


@lru_cache(maxsize=None)
def _related(pid: str) -> frozenset:
    return frozenset({b for n, b, _ in hierarchy() if n == pid} | {n for n, b, _ in hierarchy() if b == pid})


def _add_section(add, section: str | None, title: str | None, keywords) -> None:
    pids = vocab.section_phenomena(section)
    if not pids:
        return
    name = re.sub(r":\s*\d{4}\s*$", "", section or "")
    mixed = vocab.keyword_fold(name) in _mixed_sections()
    text = " ".join([title or "", *(keywords or ())]).lower()
    for pid in pids:
        if _entries()[pid].get("kind") == "topic":  # a topic is what its section holds
            add(pid, "section", FIRST_KEYWORD)
            continue
        cues = _entries()[pid].get("section_cues", [])
        cue = not mixed and any(c.lower() in text for c in cues)
        add(pid, "section", (MIXED_SECTION if mixed else SECTION) + (SECTION_CUE if cue else 0.0))


def _add_broader(points: dict[str, dict[str, float]]) -> None:
    links = [(n, b) for n, b, kind in hierarchy() if kind == "narrower"]
    for _ in range(3):  # chains are short
        for narrower, broader in links:
            if narrower in points:
                implied = _total(points[narrower]) - 1.0
                if implied > 0 and broader in _entries():
                    bucket = points.setdefault(broader, {})
                    bucket["narrower"] = max(bucket.get("narrower", 0.0), min(implied, 2.0))
