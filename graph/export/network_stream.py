"""The text rules of the network exports: what XML and CSV readers take back whole.

:func:`xml_text` and :func:`csv_text` are the rules, one value at a time; the
writers (:mod:`graph.export.column_writers`) apply them to whole Arrow columns
with string kernels and the tests compare both.  :func:`flat` is how a list or
other value becomes one attribute of a network file.

>>> flat(["grokking", "double descent"]), flat(3), flat(None)
('grokking; double descent', 3, 'None')
"""
from __future__ import annotations

import re

__all__ = ["flat", "xml_text", "csv_text", "CSV_ID_SCHEMES"]

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_CSV = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Gephi's CSV reader (commons-csv with escape '\\') reads a backslash before these as an escape.
_GEPHI_ESCAPED = re.compile(r'\\(?=[rntbf\\",\r\n\t\b\f]|\Z)')
# CSV identifier columns whose values look like numbers: written with their scheme, so pandas, duckdb and
# Gephi keep them as text (1606.05340 is not the number 1606.0534).
CSV_ID_SCHEMES = {"arxiv_id": "arXiv:", "s2_author_id": "s2-author:"}


def flat(value):
    """A list joined by "; "; numbers, booleans and strings as they are; anything else as text."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def xml_text(value) -> str:
    r"""``value`` as text XML 1.0 can hold: forbidden characters (controls, lone surrogates) become U+FFFD.

    >>> xml_text("a\x1b[31mb\ud800") == "a\ufffd[31mb\ufffd"
    True
    """
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():  # the common case, checked in C: nothing to replace
        return text
    return _NOT_XML.sub("\ufffd", text)


def csv_text(value) -> str:
    r"""``value`` as a CSV field every reader takes back whole: control characters (but tab and line
    breaks, which the writer quotes) become U+FFFD, and a backslash Gephi's reader would take as an
    escape (before ``n``, ``t``, a quote, a comma, the end, ...) is doubled; other backslashes stay.

    >>> print(csv_text("\\(N\\) at \\nabla"), csv_text("C:\\"))
    \(N\) at \\nabla C:\\
    """
    text = value if isinstance(value, str) else str(value)
    if not (text.isascii() and text.isprintable()):
        text = _NOT_CSV.sub("\ufffd", text)
    return _GEPHI_ESCAPED.sub(r"\\\\", text) if "\\" in text else text
