"""Identity of papers and names: the keys that make one node per thing.

Two records are the same paper when an identifier they share agrees (arXiv id
without version, DOI, Semantic Scholar id), else when their normalised titles
match.

>>> paper_key(arxiv_id="2201.02177v2")
'arxiv:2201.02177'
>>> normalize_title("Grokking: Generalization Beyond Overfitting.")
'grokking generalization beyond overfitting'
"""
from __future__ import annotations

import re
import unicodedata

from graph.safe_text import identifier_url, safe_url

_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")


def normalize_arxiv_id(value: str | None) -> str | None:
    """``'arXiv:2201.02177v3'`` -> ``'2201.02177'``; ``None`` when not an arXiv id."""
    if not value:
        return None
    value = value.strip()
    value = re.sub(r"^(arxiv:|ARXIV:|arXiv:)", "", value)
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        m = pattern.search(value)
        if m:
            return m.group(1)
    return None


def arxiv_year(arxiv_id: str | None) -> int | None:
    """The year an arXiv id was issued (its ``yymm``), or ``None`` for anything else.

    Old-style ids run from 1991 to 2007.

    >>> arxiv_year("2511.04808"), arxiv_year("arXiv:1912.02292v1"), arxiv_year("hep-th/9901001")
    (2025, 2019, 1999)
    >>> arxiv_year("not an id"), arxiv_year(None)
    (None, None)
    """
    found = normalize_arxiv_id(arxiv_id)
    if not found:
        return None
    yy = int(found.rsplit("/", 1)[-1][:2])
    return 1900 + yy if yy >= 91 else 2000 + yy


def arxiv_month(arxiv_id: str | None) -> int | None:
    """The month (1-12) an arXiv id was issued (its ``yymm``), or ``None`` for anything else.

    >>> arxiv_month("2201.02177"), arxiv_month("hep-th/9911001"), arxiv_month("2213.00001"), arxiv_month(None)
    (1, 11, None, None)
    """
    found = normalize_arxiv_id(arxiv_id)
    if not found:
        return None
    month = int(found.rsplit("/", 1)[-1][2:4])
    return month if 1 <= month <= 12 else None


def normalize_doi(value: str | None) -> str | None:
    """Lower-cased DOI without resolver prefix; ``None`` when empty."""
    if not value:
        return None
    value = value.strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value, flags=re.I)
    return value.lower() or None


# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "ı": "i",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"})


def fold(text: str) -> str:
    """Lower case, accents removed (``ł`` and ``ø`` too), punctuation to spaces, spaces collapsed.

    >>> fold("Stanisław Jastrzębski") == fold("Stanislaw Jastrzebski") == "stanislaw jastrzebski"
    True
    """
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def normalize_title(title: str) -> str:
    return fold(title.rstrip(". "))


def slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def paper_key(*, arxiv_id: str | None = None, doi: str | None = None,
              s2_id: str | None = None, title: str | None = None) -> str:
    """The stable node key: the first identifier known, in order arXiv, DOI, S2, title."""
    if arxiv := normalize_arxiv_id(arxiv_id):
        return f"arxiv:{arxiv}"
    if d := normalize_doi(doi):
        return f"doi:{d}"
    if s2_id:
        return f"s2:{s2_id}"
    if title:
        return f"title:{slug(title)}"
    raise ValueError("a paper needs an identifier or a title")


def author_key(name: str) -> str:
    """``author:given-family``, accents folded; an OpenReview-style ``Given_Family`` is the same person.

    >>> author_key("Laurent_Viennot") == author_key("Laurent Viennot") == "author:laurent-viennot"
    True
    """
    return f"author:{slug(name.replace('_', ' '))}"


def keyword_key(name: str) -> str:
    return f"kw:{slug(name)}"


def venue_key(name: str) -> str:
    return f"venue:{slug(name)}"


def paper_links(data: dict, key: str) -> dict[str, str]:
    """Where to read a paper, from its identifiers: ``{"arXiv": …, "DOI": …, "Semantic Scholar": …}``.

    ``data`` is the paper's properties (``arxiv_id``, ``doi``, ``s2_id``, ``url``); the key fills
    in an identifier the properties lack.  ``"link"`` is the first of arXiv, DOI, S2, the written url.
    Identifiers of the wrong form and urls that are not plain http(s) give no link
    (:mod:`graph.safe_text`).

    >>> paper_links({"doi": "10.1073/pnas.1903070116"}, "doi:10.1073/pnas.1903070116")["link"]
    'https://doi.org/10.1073/pnas.1903070116'
    >>> paper_links({}, "arxiv:2201.02177")
    {'arXiv': 'https://arxiv.org/abs/2201.02177', 'link': 'https://arxiv.org/abs/2201.02177'}
    """
    key = str(key)
    arxiv = normalize_arxiv_id(data.get("arxiv_id")) or (key[6:] if key.startswith("arxiv:") else None)
    doi = normalize_doi(data.get("doi")) or (key[4:] if key.startswith("doi:") else None)
    s2 = data.get("s2_id") or (key[3:] if key.startswith("s2:") else None)
    # Only identifiers of the right form, through fixed templates, and a plain http(s) url: a
    # catalog or import value never becomes a javascript:, data: or broken-out link.
    found = {"arXiv": identifier_url("arxiv", arxiv), "DOI": identifier_url("doi", doi),
             "Semantic Scholar": identifier_url("s2", s2)}
    out = {name: url for name, url in found.items() if url}
    link = next(iter(out.values()), None) or safe_url(data.get("url"))
    if link:
        out["link"] = link
    return out
