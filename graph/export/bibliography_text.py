r"""Text made safe for the bibliography formats: one line, no control characters, LaTeX for BibTeX,
percent-encoded URLs and identifiers.

Outside text (catalog, imports, Semantic Scholar) is data: nothing in a field may end the field,
start a new BibTeX entry or a new RIS tag, or stop pdflatex.

>>> print(latex("a}} @misc{injected, title = {x}}"))
a{\textbraceright}{\textbraceright} @misc{\textbraceleft}injected, title = {\textbraceleft}x{\textbraceright}{\textbraceright}
"""
from __future__ import annotations

import logging
import re
from urllib.parse import quote

from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from graph.model.names import PersonName

__all__ = ["clean_text", "safe_url", "latex", "bibtex_name", "bare_identifier"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_text(value) -> str:
    """``value`` on one line: whitespace runs (newlines too) to one space, control characters dropped.

    >>> clean_text("a\\nER  - \\x1b]0;x\\x07 b")
    'a ER - ]0;x b'
    """
    if value is None:
        return ""
    return _CONTROL.sub("", " ".join(str(value).split()))


def safe_url(url) -> str | None:
    """An ``http(s)`` URL with the characters a URL may not hold raw (braces, quotes, spaces, ``\\``)
    percent-encoded, so no bibliography delimiter survives in it; None for anything else.

    >>> safe_url("https://x.org/a}} @misc{injected, title = {pwn}}")
    'https://x.org/a%7D%7D%20@misc%7Binjected,%20title%20=%20%7Bpwn%7D%7D'
    >>> safe_url("javascript:alert(1)") is None
    True
    """
    text = " ".join(str(url or "").split())
    if not text.lower().startswith(("http://", "https://")):
        return None
    return quote(text, safe="/:?#[]@!$&'()*+,;=%~-._")


# pylatexenc's rules, with "\{" and "\}" only for braces that pair up: BibTeX readers count every brace,
# escaped or not, so a lone "\{" would unbalance the entry; lone braces become \textbraceleft/right.
_PAIRED = UnicodeToLatexConversionRule(RULE_DICT, {ord("{"): r"\{", ord("}"): r"\}", ord("\\"): r"{\textbackslash}",
                                                   ord("$"): r"\$"})
_LONE = UnicodeToLatexConversionRule(RULE_DICT, {ord("{"): r"{\textbraceleft}", ord("}"): r"{\textbraceright}",
                                                 ord("\\"): r"{\textbackslash}", ord("$"): r"\$"})
_ENCODERS = {rule is _PAIRED: UnicodeToLatexEncoder(conversion_rules=[rule, "defaults"], non_ascii_only=False,
                                                    replacement_latex_protection="braces-almost-all",
                                                    unknown_char_policy="unihex") for rule in (_PAIRED, _LONE)}
logging.getLogger("pylatexenc.latexencode").setLevel(logging.ERROR)  # unihex characters are expected, not news


def _braces_pair(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


def latex(text) -> str:
    r"""``text`` as pdflatex-safe LaTeX: accents and Greek as commands, specials escaped, braces balanced.

    >>> print(latex("Jastrzębski & Schölkopf: ε-greedy {x}"))
    Jastrz{\k{e}}bski {\&} Sch{\"o}lkopf: {\ensuremath{\varepsilon}}-greedy {\{}x{\}}
    >>> print(latex("a lone { brace"))
    a lone {\textbraceleft} brace
    """
    text = clean_text(text)
    return _ENCODERS[_braces_pair(text)].unicode_to_latex(text)


_NAME_WORD_AND = re.compile(r"\band\b", re.I)


def bibtex_name(person: PersonName) -> str:
    """"Family, Given" or "Family, Suffix, Given" (BibTeX's "von Last, Jr, First"); a part that holds a comma or
    the word "and" is braced so it stays one part of one name."""
    def part(text):
        encoded = latex(text)
        return "{" + encoded + "}" if "," in encoded or _NAME_WORD_AND.search(encoded) else encoded
    return ", ".join(part(p) for p in (person.family, person.suffix, person.given) if p)


def bare_identifier(text) -> str:
    """An identifier (DOI, arXiv id) with braces, backslashes and spaces percent-encoded: it cannot end a BibTeX value.

    >>> bare_identifier("10.1000/a}b c")
    '10.1000/a%7Db%20c'
    """
    return quote(clean_text(text), safe="".join(chr(c) for c in range(33, 127) if chr(c) not in "{}\\"))


