"""Graded evidence that a paper is about a phenomenon.

Every piece of evidence gets a ``via`` (its best source) and a ``confidence``;
only strong and medium evidence becomes an ABOUT edge (issue 25), weak
evidence is a hint the build drops.  Where the catalog lists a paper is a
separate fact (a LISTED_IN edge to a Section), never a tag by itself.

* **strong** — the title names the phenomenon, or the paper's first catalog
  keyword does (the curator's main topic);
* **medium** — a later keyword, a digest or abstract phrase, the catalog
  section backed by a cue word, a loose title phrase backed by a cue in
  another field, a seed list with a title cue, or a strong narrower tag;
* **weak** (no edge) — the catalog section alone (for a topic such as
  neuroscience, whose section is its definition, the section is strong), a
  keyword listed after another phenomenon's keyword, a lone hint phrase ("phase
  transition", "infinite width"), a broad topic a text only mentions, a keyword
  the paper's own words contradict (see :func:`_doubted`).

Evidence adds up (points below); 3 points is strong, 2 medium, less weak.
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

__all__ = ["Evidence", "CONFIDENCE", "DEFAULT_CONFIDENCE", "tag_paper", "seed_list_evidence", "confidence_of",
           "hierarchy", "keyword_overrides", "abstract_phenomena"]

CONFIDENCE = ("strong", "medium", "weak")
DEFAULT_CONFIDENCE = ("strong", "medium")
# Points per kind of evidence; see the module docstring.
TITLE, FIRST_KEYWORD, LATER_KEYWORD, CONTEXT_KEYWORD = 3.0, 3.0, 2.0, 1.0
ABSTRACT, ABSTRACT_BROAD, HINT = 2.0, 1.0, 1.0
SECTION, MIXED_SECTION, SECTION_CUE = 1.0, 0.5, 1.0
SEED_LIST = 1.0
# Ties between kinds of evidence name the more specific one.
_VIA_ORDER = ("title", "keyword", "abstract", "digest", "seed list", "section", "narrower")


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

def abstract_phenomena(text: str | None, found: dict[str, list[int]] | None = None) -> dict[str, float]:
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
    found = vocab.count_phenomena(text) if found is None else found  # ``found``: the text's mentions, when known
    specific = [pid for pid in found if not _entries()[pid].get("abstract_weak")]
    first_end = re.search(r"[.!?](?:\s|$)", text).end() if text and re.search(r"[.!?](?:\s|$)", text) else len(text or "")
    out = {}
    for pid in sorted(found):
        starts = found[pid]
        central = len(starts) >= 2 or starts[0] < first_end
        out[pid] = ABSTRACT if pid in specific and len(specific) < 3 and central else ABSTRACT_BROAD
    return out


def tag_paper(title: str | None, keywords: Iterable[str] | None, section: str | None,
              abstract: str | None = None, *, digest: str | None = None,
              paper_ref: Iterable[str | None] = ()) -> dict[str, Evidence]:
    """Phenomenon id -> :class:`Evidence` for one paper, strongest first.

    ``digest`` is the catalog's digest of the paper (read like an abstract,
    ``via='digest'``).  ``paper_ref`` (arXiv id, DOI, title) selects the
    keyword overrides that apply.  A seed list is graded by :func:`seed_list_evidence`.
    """
    points: dict[str, dict[str, float]] = {}

    def add(pid: str, via: str, value: float) -> None:
        if pid in _entries():
            bucket = points.setdefault(pid, {})
            bucket[via] = max(bucket.get(via, 0.0), value)

    fields = {"title": title or "", "keyword": "; ".join(keywords or ()), "digest": digest or "",
              "abstract": abstract or ""}
    mentions = {f: vocab.count_phenomena(text) for f, text in fields.items()}  # each text scanned once
    named = {f: set(found) for f, found in mentions.items()}
    for pid in named["title"]:
        add(pid, "title", TITLE)
    _add_hints(add, fields, named)
    in_title = named["title"] | {p for p, rx in _hint_matchers().items() if title and rx.search(title)}
    _add_keywords(add, list(keywords or ()), {r for ref in (*paper_ref, title) for r in [_override_key(ref)]},
                  in_title)
    for pid, value in abstract_phenomena(abstract, mentions["abstract"]).items():
        add(pid, "abstract", value)
    for pid, value in abstract_phenomena(digest, mentions["digest"]).items():
        add(pid, "digest", value)
    _add_joint_cues(add, fields)
    _add_section(add, section, title, keywords)
    _add_broader(points)
    doubted = _doubted(points, fields, named)
    out = {}
    for pid, bucket in points.items():
        score = min(_total(bucket), HINT) if pid in doubted else _total(bucket)
        via = max(bucket, key=lambda v: (bucket[v], -_VIA_ORDER.index(v)))
        out[pid] = Evidence(via, confidence_of(score), score)
    return dict(sorted(out.items(), key=lambda kv: (-kv[1].score, _VIA_ORDER.index(kv[1].via), kv[0])))


def seed_list_evidence(pid: str, title: str | None) -> Evidence | None:
    """What being on ``pid``'s seed list says: medium when the title carries one of its cue words, else weak.

    A seed list is a search result or a related-papers listing: the fact is
    kept (a LISTED_IN edge), but alone it is only a hint ("Scaling MLPs: A
    Tale of Inductive Bias" is a hit for "simplicity bias").

    >>> seed_list_evidence("simplicity-bias", "Why neural networks find simple solutions")
    Evidence(via='seed list', confidence='medium', score=2.0)
    >>> seed_list_evidence("simplicity-bias", "Scaling MLPs: A Tale of Inductive Bias").confidence
    'weak'
    """
    entry = _entries().get(pid)
    if entry is None:
        return None
    cue = any(re.search(c, title or "", re.I) for c in entry.get("corroborated_by", []))
    score = SEED_LIST + (HINT if cue else 0.0)
    return Evidence("seed list", confidence_of(score), score)


def _add_hints(add, fields: dict[str, str], named_in: dict[str, set[str]]) -> None:
    """Loose phrases ("phase transition", "infinite width"): a hint alone, medium when another field agrees.

    Agreement is one of the entry's ``corroborated_by`` cues in a different
    field (title, keywords, digest, abstract): "Exact Phase Transitions in Deep
    Learning" with the keyword "Phase Transitions" is about phase transitions;
    "Infinite Width Feature Learning" whose digest says "feature kernels" is not about the NTK.
    """
    named = set().union(*named_in.values())
    for pid, rx in _hint_matchers().items():
        where = [f for f, text in fields.items() if text and rx.search(text)]
        if not where:
            continue
        if pid in named:  # already named outright: the loose phrase adds nothing new
            if where[0] in ("title", "keyword"):
                add(pid, where[0], HINT)
            continue
        cues = [re.compile(c, re.I) for c in _entries()[pid].get("corroborated_by", [])]
        agreed = any(c.search(text) for f, text in fields.items() if f not in where[:1] and text for c in cues)
        add(pid, where[0], ABSTRACT if agreed else HINT)


def _add_joint_cues(add, fields: dict[str, str]) -> None:
    """Cues that name a phenomenon only together (``all_of``: every regex of a group in the paper's text).

    An over-parameterisation convergence proof through the Gram matrix, or from a
    random initialisation, is the NTK regime even when neither name is written.
    """
    text = " ".join(fields[f] for f in ("title", "digest", "abstract"))
    for pid, entry in _entries().items():
        for group in entry.get("all_of", []):
            if all(re.search(rx, text, re.I) for rx in group):
                add(pid, "digest" if fields["digest"] else "abstract" if fields["abstract"] else "title", ABSTRACT)


def _doubted(points: dict[str, dict[str, float]], fields: dict[str, str], named_in: dict[str, set[str]]) -> set[str]:
    """Phenomena whose keyword or section evidence the paper's own words contradict.

    Doubted when the title and text never name the phenomenon (nor a narrower
    one) but name one of its ``loose_cues`` ("pruning" for lottery tickets,
    "mutual information" for the information bottleneck, "benignly overfit" for
    double descent) and no ``loose_except`` cue in the title ("pruning at
    initialisation" is the lottery-ticket question), or the title names a
    ``contrast`` ("feature learning", the regime opposite to the NTK).  A
    doubted phenomenon keeps at most a hint.
    """
    own = " ".join(fields[f] for f in ("title", "digest", "abstract"))
    named_in_title = named_in["title"]
    named = named_in["title"] | named_in["digest"] | named_in["abstract"]
    out = set()
    for pid in points:
        entry = _entries()[pid]
        family = {pid} | {n for n, b, kind in hierarchy() if b == pid and kind == "narrower"}
        if family & named_in_title:
            continue
        contrast = any(re.search(c, fields["title"], re.I) for c in entry.get("contrast", []))
        kept = any(re.search(c, fields["title"], re.I) for c in entry.get("loose_except", []))
        loose = not (family & named or kept) and any(re.search(c, own, re.I) for c in entry.get("loose_cues", []))
        if contrast or loose:
            out.add(pid)
    return out


def _total(bucket: dict[str, float]) -> float:
    # Title and keyword say the same thing twice; count the better of the two.
    named = max(bucket.get("title", 0.0), bucket.get("keyword", 0.0))
    return named + sum(v for k, v in bucket.items() if k not in ("title", "keyword"))


def _add_keywords(add, keywords: list[str], refs: set[str], in_title: set[str] = frozenset()) -> None:
    """Keyword points; a later keyword is context when the title names (or hints at) another phenomenon."""
    wrong = set().union(*(keyword_overrides().get(r, set()) for r in refs)) if refs else set()
    topics = vocab.topic_ids()
    seen_other: set[str] = set(in_title) - topics
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
