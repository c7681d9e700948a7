"""People's names split into family, given and suffix by a library (nameparser), the same way everywhere.

The catalog, Semantic Scholar and reference managers write a name "Given Family", "Family, Given",
"Given Family Jr." or "Given_Family" (an OpenReview id).  :func:`split_person_name` reads all of them;
:func:`display_name` is the one "Given Family Suffix" form, so :func:`graph.model.identity.author_key`
of it is the same key however the name was written.

>>> split_person_name("Charles H. Martin Jr.")
PersonName(family='Martin', given='Charles H.', suffix='Jr.')
>>> display_name("Viennot, Laurent") == display_name("Laurent_Viennot") == "Laurent Viennot"
True
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from nameparser import HumanName
from nameparser.config import Constants

__all__ = ["PersonName", "split_person_name", "display_name"]

# Titles off: authors are listed without them, and nameparser's list would read the given names
# "Dean", "Judge" or "Bishop" as titles. Particles (van, de) and suffixes (Jr., III) stay.
_CONSTANTS = Constants()
_CONSTANTS.titles.remove(*list(_CONSTANTS.titles))
_SPECIAL = {w.lower().strip(".") for group in (_CONSTANTS.prefixes, _CONSTANTS.conjunctions,
                                              _CONSTANTS.suffix_acronyms, _CONSTANTS.suffix_not_acronyms)
            for w in group}


class PersonName(NamedTuple):
    family: str
    given: str
    suffix: str = ""


def split_person_name(name: str) -> PersonName:
    """(family, given, suffix) of a name in any usual spelling; a single word is the family name.
    Cached: a name comes back in every paper of its author.

    >>> split_person_name("Ludwig van Beethoven"), split_person_name("Power, Alethea")
    (PersonName(family='van Beethoven', given='Ludwig', suffix=''), PersonName(family='Power', given='Alethea', suffix=''))
    >>> split_person_name("Dean Foster").family, split_person_name("Plato")
    ('Foster', PersonName(family='Plato', given='', suffix=''))
    """
    return _split(str(name))


def _is_plain(words: list[str]) -> bool:
    """Capitalised words with no particle, conjunction or suffix: "Given [Middle] Family" as nameparser reads it."""
    return len(words) >= 2 and all(w[:1].isupper() and w.lower().strip(".") not in _SPECIAL for w in words)


@lru_cache(maxsize=262144)
def _split(name: str) -> PersonName:
    """The split of one name (uncached): plain names directly, the rest by nameparser."""
    text = " ".join(str(name).replace("_", " ").split())
    if not text:
        return PersonName("", "")
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 3 and all(parts):  # BibTeX's "von Last, Jr, First"
        return PersonName(parts[0], parts[2], parts[1])
    words = text.split(" ")
    if "," not in text and _is_plain(words):  # most names: no need for the parser (a millisecond each)
        return PersonName(words[-1], " ".join(words[:-1]))
    parsed = HumanName(text, constants=_CONSTANTS)
    given = " ".join(p for p in (parsed.first, parsed.middle) if p)
    family = parsed.last or ""
    if not family:  # one word, or only a suffix-looking word: keep the text as the family name
        return PersonName(text.strip(" ,"), "")
    return PersonName(family, given, parsed.suffix or "")


def display_name(name: str) -> str:
    """The name as "Given Family Suffix": one spelling for "Family, Given", "Given_Family" and "Given Family".

    >>> display_name("Martin, Jr., Charles H.")
    'Charles H. Martin Jr.'
    """
    person = split_person_name(name)
    return " ".join(p for p in (person.given, person.family, person.suffix) if p)
