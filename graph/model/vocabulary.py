"""The concept vocabulary: phenomena of deep learning, and matching papers to them.

The vocabulary is bundled as ``graph/model/data/phenomena.json``.  Every entry has
an ``id`` (slug), a display ``name``, ``synonyms``, a one-sentence
``description`` and optionally ``patterns`` (extra regexes), ``keyword_only``
names (too ambiguous in free text: "Emergence of invariance" is not the
emergence phenomenon), ``exclude`` regexes (text removed before matching, e.g.
"superposition of many models") and the catalog ``sections`` it stands for.

A search hit alone is not evidence: "Scaling MLPs: A Tale of Inductive Bias"
mentions a bias, not simplicity bias.  Matching is on whole phrases only.

>>> sorted(match_phenomena("The Pitfalls of Simplicity Bias in Neural Networks"))
['simplicity-bias']
>>> sorted(match_phenomena("Scaling MLPs: A Tale of Inductive Bias"))
[]
>>> normalize_keyword("neural scaling law") == normalize_keyword("Neural Scaling Laws.")
True
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from graph.errors import SourceError
from graph.model.records import Phenomenon

__all__ = [
    "load_vocabulary", "vocabulary_data", "normalize_keyword", "keyword_fold", "build_keyword_forms",
    "singularize", "match_phenomena", "keyword_phenomena", "section_phenomena", "phrase_regex", "topic_ids",
    "count_phenomena",
]

_SEP = r"[\s\-‐‑–—]*"  # words of a phrase may be joined by space, hyphen, dash or nothing
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "vs", "via", "with"}
_IRREGULAR = {"matrices": "matrix", "vertices": "vertex", "indices": "index", "hypotheses": "hypothesis",
              "analyses": "analysis", "phenomena": "phenomenon", "criteria": "criterion", "children": "children"}
_NOT_PLURAL = {"bayes", "chaos", "cosmos", "ethos", "logos", "lens", "news", "series", "species", "means",
               "always", "towards", "perhaps", "thanks", "plus", "less"}
# US spelling, so "Generalisation" and "Generalization" are one keyword.
_SPELLING = [(re.compile(r"(?<=[a-z])is(?=ations?\b)", re.I), "iz"),
             (re.compile(r"parametri(?=z)", re.I), "parameteri"),
             (re.compile(r"behaviour", re.I), "behavior"),
             (re.compile(r"modelling", re.I), "modeling")]


# --------------------------------------------------------------------------- data

@lru_cache(maxsize=None)
def _bundled_text() -> str:
    return resources.files("graph.model").joinpath("data/phenomena.json").read_text(encoding="utf-8")


def vocabulary_data(path: str | Path | None = None) -> dict:
    """The raw vocabulary document (the bundled one unless ``path`` is given)."""
    try:
        text = _bundled_text() if path is None else Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, json.JSONDecodeError) as err:
        where = "the bundled vocabulary" if path is None else str(path)
        raise SourceError(f"cannot read {where} ({err}); give a readable phenomena JSON file") from err
    if not isinstance(data, dict) or not isinstance(data.get("phenomena"), list):
        raise SourceError("the vocabulary file has no 'phenomena' list; see graph/model/data/phenomena.json for the shape")
    return data


def load_vocabulary(path: str | Path | None = None) -> list[Phenomenon]:
    """Every phenomenon (and topic) of the vocabulary as a :class:`Phenomenon` record.

    The synonyms include the keyword-only names.

    >>> vocab = load_vocabulary()
    >>> [p.name for p in vocab if p.id == "double-descent"]
    ['Double Descent']
    """
    data = vocabulary_data(path)
    out = []
    for item in data["phenomena"]:
        try:
            out.append(Phenomenon(id=item["id"], name=item["name"],
                                  synonyms=list(item.get("synonyms", [])) + list(item.get("keyword_only", [])),
                                  description=item.get("description")))
        except (KeyError, TypeError) as err:
            raise SourceError(f"vocabulary entry {item!r:.60} lacks {err}; every entry needs an id and a name") from err
    return out


def topic_ids() -> set[str]:
    """Ids of entries that are research topics rather than single phenomena.

    >>> topic_ids()
    {'neuroscience'}
    """
    return {e["id"] for e in vocabulary_data()["phenomena"] if e.get("kind") == "topic"}


# --------------------------------------------------------------------------- keyword normalisation

def singularize(word: str) -> str:
    """The singular of an English (technical) noun; conservative, case kept.

    >>> [singularize(w) for w in ["Laws", "Kernels", "Tickets", "Biases", "Bias", "Dynamics", "Abilities", "NTKs"]]
    ['Law', 'Kernel', 'Ticket', 'Bias', 'Bias', 'Dynamics', 'Ability', 'NTK']
    >>> [singularize(w) for w in ["Processes", "Phases", "Approaches", "Hypotheses", "Minima", "Analysis"]]
    ['Process', 'Phase', 'Approach', 'Hypothesis', 'Minima', 'Analysis']
    """
    low = word.lower()
    if low in _IRREGULAR:
        return _match_case(word, _IRREGULAR[low])
    if len(low) <= 2 or not low.endswith("s") or low in _NOT_PLURAL:
        return word
    if low.endswith(("ss", "us", "is", "os", "ics")):
        return word
    if low.endswith("iases") or low.endswith("sses"):      # biases, aliases, processes, losses
        return word[:-2]
    if low.endswith("as"):                                  # bias, atlas, gas
        return word
    if low.endswith("ies") and len(low) > 4:               # abilities -> ability
        return word[:-3] + ("Y" if word[-3:].isupper() else "y")
    if low.endswith(("ches", "shes", "xes", "zzes")):      # approaches, boxes
        return word[:-2]
    return word[:-1]


def _match_case(original: str, replacement: str) -> str:
    if original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _respell(text: str) -> str:
    def one(word: str) -> str:
        for pattern, repl in _SPELLING:
            word = pattern.sub(lambda m, repl=repl: _match_case(m.group(0), repl), word)
        return word
    return re.sub(r"[A-Za-z]+", lambda m: one(m.group(0)), text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[‐‑–—]", "-", text).replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ?- ?", "-", text)  # after collapsing spaces: linear on any spacing
    return text.rstrip(".;,: ").strip()


def _fold_raw(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    tokens = re.findall(r"[^\W_]+", text)
    if tokens:
        tokens[-1] = singularize(tokens[-1])
    return "".join(tokens)


@lru_cache(maxsize=1)
def _typos() -> dict[str, str]:
    return {_fold_raw(k): v for k, v in vocabulary_data().get("keyword_typos", {}).items()}


def _fix_typo(text: str) -> str:
    return _typos().get(_fold_raw(text), text)


def keyword_fold(text: str) -> str:
    """The comparison key of a keyword: case, plural, hyphen/space, spelling and known typos removed.

    >>> keyword_fold("Over-Parametrization") == keyword_fold("overparameterization")
    True
    >>> keyword_fold("Duoble Descent") == keyword_fold("Double Descent")
    True
    """
    return _fold_raw(_respell(_fix_typo(_clean(text))))


@lru_cache(maxsize=1)
def _preferred_forms() -> dict[str, str]:
    """fold key -> preferred display, from the curated list and the vocabulary names."""
    data = vocabulary_data()
    typo_keys = set(_typos())
    forms: dict[str, str] = {}
    names = list(data.get("keyword_forms", []))
    for item in data["phenomena"]:
        if item.get("kind") == "topic":
            names += item.get("synonyms", [])  # a topic's name ("Interactions with …") is not a keyword form
        else:
            names += [item["name"], *item.get("synonyms", []), *item.get("keyword_only", [])]
    for name in names:
        if _fold_raw(name) in typo_keys or (name.isupper() and len(name) <= 5):
            continue  # typos and bare acronyms are not display forms
        forms.setdefault(keyword_fold(name), name)
    return forms


def _title_case(text: str) -> str:
    def word(w: str, first: bool) -> str:
        parts = w.split("-")
        out = []
        for i, part in enumerate(parts):
            if part.islower() and not (part in _SMALL_WORDS and not (first and i == 0)):
                part = part[:1].upper() + part[1:]
            out.append(part)
        return "-".join(out)
    return " ".join(word(w, i == 0) for i, w in enumerate(text.split(" ")))


def normalize_keyword(text: str, forms: dict[str, str] | None = None) -> str:
    """The canonical display form of a catalog keyword.

    Variants that differ only in case, plural, hyphen/space, British spelling,
    trailing periods or a known typo get the same string; distinct concepts
    ("Implicit Bias", "Inductive Bias", "Simplicity Bias") stay distinct.
    ``forms`` (from :func:`build_keyword_forms`) overrides the display choice.

    >>> normalize_keyword("Neural scaling Law")
    'Neural Scaling Laws'
    >>> normalize_keyword("Lottery Ticket"), normalize_keyword("Neural Tangent Kernels")
    ('Lottery Tickets', 'Neural Tangent Kernel')
    >>> normalize_keyword("Duoble Descent."), normalize_keyword("Training Dynamics")
    ('Double Descent', 'Training Dynamics')
    >>> normalize_keyword("Generalisation Bounds")
    'Generalization Bound'
    """
    cleaned = _clean(text)
    if not cleaned:
        return ""
    key = keyword_fold(cleaned)
    if forms and key in forms:
        return forms[key]
    if key in _preferred_forms():
        return _preferred_forms()[key]
    display = re.sub(r"[^\W\d_]+$", lambda m: singularize(m.group(0)), _respell(_fix_typo(cleaned)))
    return _title_case(display)


def build_keyword_forms(keywords: Iterable[str]) -> dict[str, str]:
    """For a whole corpus of keywords: fold key -> one display form each.

    Use it when hyphen/space variants ("Mean Field Theory", "Mean-Field
    Theory") should also share one display: the most frequent normalised
    form wins, ties go to the first seen.

    >>> forms = build_keyword_forms(["Self Supervised Learning", "Self-Supervised Learning", "self-supervised learning"])
    >>> normalize_keyword("Self Supervised Learning", forms)
    'Self-Supervised Learning'
    """
    counts: dict[str, Counter] = {}
    order: dict[str, int] = {}
    for raw in keywords:
        display = normalize_keyword(raw)
        if not display:
            continue
        key = keyword_fold(display)
        counts.setdefault(key, Counter())[display] += 1
        order.setdefault(display, len(order))
    preferred = _preferred_forms()
    out = {}
    for key, counter in counts.items():
        if key in preferred:
            out[key] = preferred[key]
        else:
            out[key] = max(counter, key=lambda d: (counter[d], -order[d]))
    return out


# --------------------------------------------------------------------------- matching

def _is_acronym(phrase: str) -> bool:
    return " " not in phrase and "-" not in phrase and sum(c.isupper() for c in phrase) >= 2 \
        and phrase.isalpha() and not phrase[1:].islower()


def _word_regex(word: str, last: bool) -> str:
    if not last:
        return _spelling_regex(re.escape(word.lower()))
    s = singularize(word).lower()
    if s.endswith("is") and len(s) > 4:
        body = re.escape(s[:-2]) + "(?:is|es)"
    elif re.search(r"[^aeiou]y$", s):
        body = re.escape(s[:-1]) + "(?:y|ies)"
    elif s.endswith(("s", "x", "ch", "sh", "z")):
        body = re.escape(s) + "(?:es)?"
    else:
        body = re.escape(s) + "s?"
    return _spelling_regex(body)


def _spelling_regex(body: str) -> str:
    return re.sub(r"i[sz](?=ation)", "i[sz]", body)


def phrase_regex(phrase: str) -> str:
    """A regex for the whole phrase: word boundaries, plural of the last word, any separator."""
    if _is_acronym(phrase):
        return rf"(?-i:(?<!\w){re.escape(phrase)}s?(?!\w))"
    words = [w for w in re.split(r"[\s\-‐‑–—]+", phrase.strip()) if w]
    body = _SEP.join(_word_regex(w, i == len(words) - 1) for i, w in enumerate(words))
    return rf"(?<!\w){body}(?!\w)"


@lru_cache(maxsize=1)
def _matchers() -> list[tuple[str, re.Pattern, list[re.Pattern], set[str]]]:
    out = []
    for item in vocabulary_data()["phenomena"]:
        phrases = [item["name"], *item.get("synonyms", [])]
        alternatives = [phrase_regex(p) for p in phrases] + list(item.get("patterns", []))
        pattern = re.compile("|".join(f"(?:{a})" for a in alternatives), re.I)
        excludes = [re.compile(x, re.I) for x in item.get("exclude", [])]
        keyword_only = {keyword_fold(k) for k in item.get("keyword_only", [])}
        out.append((item["id"], pattern, excludes, keyword_only))
    return out


def match_phenomena(text: str | None) -> set[str]:
    """Ids of the phenomena whose name, synonym or pattern occurs in ``text`` as a whole phrase.

    >>> sorted(match_phenomena("Are Emergent Abilities of Large Language Models a Mirage?"))
    ['emergence']
    >>> sorted(match_phenomena("Emergence of Invariance and Disentanglement in Deep Representations"))
    []
    >>> sorted(match_phenomena("Fast Finite Width NTKs"))
    ['neural-tangent-kernel']
    """
    return set(count_phenomena(text))


def count_phenomena(text: str | None) -> dict[str, list[int]]:
    """Phenomenon id -> start offsets of its mentions in ``text`` (only ids mentioned).

    >>> count_phenomena("Grokking is delayed. Why grokking?")
    {'grokking': [0, 25]}
    """
    if not text:
        return {}
    found = {}
    for pid, pattern, excludes, _ in _matchers():
        t = text
        for x in excludes:
            t = x.sub(lambda m: " " * len(m.group(0)), t)
        starts = [m.start() for m in pattern.finditer(t)]
        if starts:
            found[pid] = starts
    return found


def keyword_phenomena(keyword: str) -> set[str]:
    """Ids a catalog keyword stands for: phrases inside it, or a keyword-only name equal to it.

    >>> sorted(keyword_phenomena("Strong Lottery Ticket Hypothesis"))
    ['lottery-ticket-hypothesis']
    >>> sorted(keyword_phenomena("Emergence")), sorted(keyword_phenomena("Architectural Bias"))
    (['emergence'], [])
    """
    found = match_phenomena(_fix_typo(_clean(keyword)))
    key = keyword_fold(keyword)
    found |= {pid for pid, _, _, only in _matchers() if key in only}
    return found


@lru_cache(maxsize=1)
def _section_map() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for item in vocabulary_data()["phenomena"]:
        for section in item.get("sections", []):
            out.setdefault(keyword_fold(section), set()).add(item["id"])
    return out


def section_phenomena(section: str | None) -> set[str]:
    """Ids a catalog ``##`` section (or ``###`` "Section: year" subsection) stands for.

    >>> sorted(section_phenomena("Deep Double Descent: 2021")), sorted(section_phenomena("Empirical Study"))
    (['double-descent'], [])
    """
    if not section:
        return set()
    name = re.sub(r":\s*\d{4}\s*$", "", section)
    return set(_section_map().get(keyword_fold(name), set()))
