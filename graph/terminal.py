"""Text from outside (catalog, imports, Semantic Scholar, API errors) is shown on a terminal as text only.

A title or an API error message may carry ESC, BEL or other control characters:
written raw they move the cursor, retitle the window, rewrite earlier lines or
make hyperlinks (OSC 8).  :func:`terminal_safe` is the one place where such text
is made fit for a terminal; the store keeps the raw value as data.

>>> terminal_safe("Grokking\\x1b]0;owned\\x07 \\x1b[2J\\x1b[31mred\\x1b[0m\\x9b1m!")
'Grokking red!'
>>> terminal_safe("two\\nlines\\tand a tab")
'two\\nlines\\tand a tab'
>>> terminal_safe("two\\r\\nlines", one_line=True)
'two lines'
"""
from __future__ import annotations

import re

__all__ = ["terminal_safe"]

# ESC sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings up to BEL or ST (ESC \), and
# two-character escapes; the 8-bit forms (C1 CSI 0x9b, OSC 0x9d, ...) likewise.  Unterminated
# strings run to the end of the text (a terminal would swallow the rest too).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"                      # CSI
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, ...
    r"|\x1b[ -/]*[0-~]?"                                      # other escapes (ESC c resets the terminal)
)
# What is left of C0 (but tab and newline), DEL and C1.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\u2028\u2029]+")


def terminal_safe(text: object, *, one_line: bool = False) -> str:
    """``text`` as a string without escape sequences or control characters (tab and newline kept).

    ``one_line``: tabs and line breaks become one space each run, for table cells and one-line messages.
    """
    text = str(text)
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))
