"""“Did you mean …?”: the names closest to one that matched nothing.

>>> suggest("grokkin", ["Grokking", "Double Descent", "Simplicity Bias"])
['Grokking']
>>> suggest("2201.02177", ["arxiv:2201.02177", "arxiv:1912.02292"])
['arxiv:2201.02177']
>>> unknown_name("phenomenon", "grokkin", ["grokking", "double descent"])
"unknown phenomenon 'grokkin': did you mean grokking?"
>>> unknown_name("paper", "zzz", [])
"unknown paper 'zzz': the graph has none (run `phenomena build` first)"
"""
from __future__ import annotations

import difflib
from typing import Iterable

from graph.model.identity import fold

__all__ = ["suggest", "unknown_name"]


def suggest(wanted: str, names: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` of ``names`` closest to ``wanted`` (folded), best first; names containing it first.

    Containment catches an id typed without its prefix (``2201.02177`` for ``arxiv:2201.02177``)
    and a name typed in part; similarity (difflib's ratio) catches typos.
    """
    key = fold(wanted)
    if not key:
        return []
    by_fold: dict[str, str] = {}
    for name in names:
        by_fold.setdefault(fold(str(name)), str(name))
    containing = sorted((f for f in by_fold if key in f.split() or (len(key) >= 4 and key in f)),
                        key=lambda f: (len(f), f))
    close = [] if containing else difflib.get_close_matches(key, list(by_fold), n=n, cutoff=cutoff)
    out: list[str] = []
    for f in containing + close:
        if by_fold[f] not in out:
            out.append(by_fold[f])
    return out[:n]


def unknown_name(kind: str, wanted: str, names: Iterable[str]) -> str:
    """The one-line message for a ``kind`` called ``wanted`` that is not in the graph."""
    names = list(names)
    if not names:
        return f"unknown {kind} {wanted!r}: the graph has none (run `phenomena build` first)"
    close = suggest(wanted, names)
    if close:
        return f"unknown {kind} {wanted!r}: did you mean {' or '.join(close)}?"
    return f"unknown {kind} {wanted!r}: none is named like it (e.g. {', '.join(sorted(names)[:3])})"
