r"""LaTeX in BibTeX fields to plain Unicode text (pylatexenc), the way a reference manager shows it.

Zotero, JabRef and Google Scholar write accents as LaTeX (``Sch{\"o}lkopf``, ``Stanis{\l}aw``,
``Jastrz\k{e}bski``); an import reads every text field through :func:`decode_latex`, so the same
person or title is one node however the export spelt it.  URLs and identifiers are verbatim in
BibTeX: :func:`decode_verbatim` only drops ``\url{…}`` and the escapes in front of ``% _ # &``.

>>> decode_latex(r"Stanis{\l}aw Jastrz{\k{e}}bski and Bernhard Sch\"olkopf")
'Stanisław Jastrzębski and Bernhard Schölkopf'
"""
from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc import latex2text, latexwalker

__all__ = ["decode_latex", "decode_verbatim"]

_CONTEXT = latex2text.get_default_latex_context_db()
_CONTEXT.add_context_category("atlas-braces", prepend=True, macros=[  # what the BibTeX export writes for lone braces
    latex2text.MacroTextSpec("textbraceleft", simplify_repl="{"),
    latex2text.MacroTextSpec("textbraceright", simplify_repl="}")])
_TO_TEXT = latex2text.LatexNodes2Text(latex_context=_CONTEXT, math_mode="text", strict_latex_spaces=True)
# Letters written as a bare control word glued to the rest of the name (``Stanis\\law``, ``Bj\\ornsson``):
# a control word pylatexenc does not know that starts with one of these letters is split after it,
# so the letter decodes instead of the whole word being dropped as an unknown macro.
_KNOWN = {spec.macroname for db in (latex2text.get_default_latex_context_db(),
                                    latexwalker.get_default_latex_context_db()) for spec in db.iter_macro_specs()}
_LETTERS = ("ss", "aa", "AA", "ae", "AE", "oe", "OE", "l", "L", "o", "O", "i", "j")
_CONTROL_WORD = re.compile(r"\\([a-zA-Z]+)")


def _split_glued(match: re.Match) -> str:
    word = match.group(1)
    if word in _KNOWN:
        return match.group(0)
    letter = next((x for x in _LETTERS if word.startswith(x)), None)
    return "{\\" + letter + "}" + word[len(letter):] if letter else match.group(0)


_MARKUP = re.compile(r"[\\{}$~]")
_COMMAND = re.compile(r"[\\$]")


def decode_latex(value: str) -> str:
    r"""``value`` with LaTeX accents, escapes, braces and math markers turned into text, on one line.

    Text without LaTeX markup is returned as it is (collapsed spaces), so plain Unicode costs nothing.

    >>> decode_latex(r"{\'E}mile Fran\c{c}ois \& 100\% of {D}eep $\epsilon$-greedy~nets")
    'Émile François & 100% of Deep ϵ-greedy nets'
    >>> decode_latex(r"Stanis\law Jastrz\k{e}bski"), decode_latex(r"{\L}ukasz {\o}re")
    ('Stanisław Jastrzębski', 'Łukasz øre')
    >>> decode_latex(r"a {\textbraceleft} lone and {\{}paired{\}} braces")
    'a { lone and {paired} braces'
    """
    text = " ".join(str(value).split())
    if not _MARKUP.search(text):
        return text
    if not _COMMAND.search(text):  # only case-protecting braces, as in most titles: no parser needed
        return " ".join(text.replace("{", "").replace("}", "").replace("~", " ").split())
    return _decode_commands(text)


@lru_cache(maxsize=65536)  # names and venues repeat across entries; pylatexenc takes milliseconds per field
def _decode_commands(text: str) -> str:
    text = _CONTROL_WORD.sub(_split_glued, text)
    try:
        decoded = _TO_TEXT.latex_to_text(text)
    except Exception:  # pylatexenc is tolerant, but a pathological field must not stop the import
        decoded = re.sub(r"[{}]", "", text)
    return " ".join(decoded.replace("\u00a0", " ").split())


def decode_verbatim(value: str) -> str:
    r"""A URL, DOI or eprint field: ``\url{…}`` unwrapped and ``\%``, ``\_``, ``\#``, ``\&`` unescaped, nothing else.

    >>> decode_verbatim(r"\url{https://x.org/a\_b\%20c}")
    'https://x.org/a_b%20c'
    """
    text = "".join(str(value).split())
    if m := re.fullmatch(r"\\(?:url|href)\{(.*)\}", text):
        text = m.group(1)
    return re.sub(r"\\([%_#&~])", r"\1", text).strip("{}")
