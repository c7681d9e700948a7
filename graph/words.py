"""Counts in words, for every message and page: one plural rule.

>>> plural(1, "paper"), plural(3, "paper"), plural(2, "phenomenon", "phenomena")
('1 paper', '3 papers', '2 phenomena')
>>> noun(1, "cluster"), noun(1_200, "cluster")
('cluster', 'clusters')
"""
from __future__ import annotations

__all__ = ["noun", "plural", "author_year"]


def noun(n: int, word: str, many: str | None = None) -> str:
    """``word`` for one, else its plural (``many``, default ``word + "s"``)."""
    return word if n == 1 else (many or f"{word}s")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the noun that agrees with it: "1 paper", "3 papers"."""
    return f"{n} {noun(n, word, many)}"


def author_year(first_author: str | None, year: int | None) -> str | None:
    """A paper's short label, "FirstAuthor Year" (Connected Papers' label); None without an author.

    >>> author_year("Alethea Power", 2022), author_year("Nakkiran, Preetum", None), author_year("", 2020)
    ('Power 2022', 'Nakkiran n.d.', None)
    """
    name = (first_author or "").strip()
    if not name:
        return None
    surname = name.split(",")[0].strip() if "," in name else name.split()[-1]
    return f"{surname} {year if year else 'n.d.'}"
