"""A thesaurus of terms in VOSviewer's convention: merge variants, drop noise, before a term map is built.

The file is tab-separated text, one ``label<TAB>replace by`` pair a line, the first line
``label<TAB>replace by`` (VOSviewer's header; optional here).  A term whose label matches
becomes its replacement; an empty replacement drops the term.  Labels match
case-, plural-, hyphen- and spelling-blind (:func:`graph.model.vocabulary.keyword_fold`), so
``NTK`` also catches "NTKs" and ``Scaling Laws`` "scaling law".  Lines starting with ``#`` and
blank lines are skipped.  A default file ships in ``graph/analytics/data/thesaurus_terms.txt``;
the user's (``$PHENOMENA_HOME/thesaurus_terms.txt``) is read after it, so its lines win.

The file is outside text: labels and replacements are data (never markup), and a line that
is not a pair (no tab, two tabs, an empty label, control characters, too long) stops the
read with one line naming the file and the line.

>>> t = parse_thesaurus("label\\treplace by\\nNTK\\tNeural Tangent Kernel\\nBook\\t\\n", "mine.txt")
>>> t.apply("NTKs"), t.apply("book"), t.apply("Grokking")
('Neural Tangent Kernel', None, 'Grokking')
>>> parse_thesaurus("NTK Neural Tangent Kernel", "mine.txt")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.analytics.thesaurus.ThesaurusError: mine.txt line 1: no tab between the label and its replacement ('NTK Neural T...
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from graph.errors import SourceError
from graph.model.vocabulary import keyword_fold

__all__ = ["Thesaurus", "ThesaurusError", "THESAURUS_NAME", "MAX_BYTES", "MAX_FIELD", "parse_thesaurus",
           "read_thesaurus", "default_thesaurus_path", "load_thesaurus"]

THESAURUS_NAME = "thesaurus_terms.txt"  # VOSviewer's name for a term map's thesaurus
MAX_BYTES = 1_000_000  # a thesaurus of ~20,000 pairs; a bigger file is refused, not read
MAX_FIELD = 200  # characters of a label or a replacement
_HEADER = ("label", "replace by")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_HOW = "write `label<TAB>replace by`, one pair a line (an empty replacement drops the term)"


class ThesaurusError(SourceError):
    """A thesaurus file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Thesaurus:
    """``replace``: fold key of a label -> its replacement ("" drops the term); ``sources``: the files read."""

    replace: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def apply(self, term: str) -> str | None:
        """The term's replacement, the term itself when no line names it, None when a line drops it."""
        new = self.replace.get(keyword_fold(term))
        return term if new is None else (new or None)

    def then(self, other: "Thesaurus") -> "Thesaurus":
        """This thesaurus with ``other``'s lines added; where both name a label, ``other`` wins."""
        return Thesaurus({**self.replace, **other.replace}, self.sources + other.sources)

    @property
    def merges(self) -> int:
        return sum(1 for v in self.replace.values() if v)

    @property
    def drops(self) -> int:
        return sum(1 for v in self.replace.values() if not v)


def _preview(line: str) -> str:
    """The start of a line as a quoted literal (control characters escaped), for a message."""
    return repr(line if len(line) <= 12 else line[:12].rstrip() + "…")


def parse_thesaurus(text: str, source: str) -> Thesaurus:
    """The thesaurus written in ``text`` (``source`` names it in messages); raises :class:`ThesaurusError`
    naming the first malformed line."""
    if len(text) > MAX_BYTES:
        raise ThesaurusError(f"{source} is over {MAX_BYTES // 1000:,} kB: a thesaurus holds pairs of terms; "
                             "keep it under that size")
    replace: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        problem = None
        parts = line.split("\t")
        if len(parts) == 1:
            problem = "no tab between the label and its replacement"
        elif len(parts) > 2:
            problem = f"{len(parts)} columns, not 2"
        elif _CONTROL.search(line):
            problem = "a control character"
        elif not parts[0].strip():
            problem = "an empty label"
        elif max(len(parts[0]), len(parts[1])) > MAX_FIELD:
            problem = f"a label or replacement over {MAX_FIELD} characters"
        if problem:
            raise ThesaurusError(f"{source} line {number}: {problem} ({_preview(line)}): {_HOW}")
        label, new = parts[0].strip(), " ".join(parts[1].split())
        if (label.lower(), new.lower()) == _HEADER and not replace and not first_line:
            continue  # VOSviewer's header line
        key = keyword_fold(label)
        if not key:
            raise ThesaurusError(f"{source} line {number}: a label with no letter or digit ({_preview(line)}): {_HOW}")
        if key in replace and replace[key] != new:
            raise ThesaurusError(f"{source} line {number}: {_preview(label)} is already replaced on line "
                                 f"{first_line[key]} by another term: keep one of the two lines")
        replace[key] = new
        first_line.setdefault(key, number)
    return Thesaurus(replace, (source,))


def read_thesaurus(path: str | Path) -> Thesaurus:
    """The thesaurus in the file ``path`` (UTF-8), refused with one line when too big or unreadable."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ThesaurusError(f"{path} is over {MAX_BYTES // 1000:,} kB: a thesaurus holds pairs of terms; "
                                 "keep it under that size")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ThesaurusError(f"{path} is not UTF-8 text (byte {err.start}): save it as UTF-8") from err
    except OSError as err:
        raise ThesaurusError(f"cannot read {path} ({err.strerror or type(err).__name__}): "
                             "check the file's permissions") from err
    return parse_thesaurus(text, str(path))


def default_thesaurus_path() -> Path:
    """The thesaurus shipped with the package (abbreviations, variants and noise of this field)."""
    return Path(str(resources.files("graph.analytics").joinpath("data", THESAURUS_NAME)))


def load_thesaurus(user_path: str | Path | None = None) -> Thesaurus:
    """The default thesaurus, then the user's file when it exists (its lines win)."""
    thesaurus = read_thesaurus(default_thesaurus_path())
    if user_path is not None and Path(user_path).is_file():
        thesaurus = thesaurus.then(read_thesaurus(user_path))
    return thesaurus
