"""One rule for outside text: a catalog, import, Semantic Scholar or URL value is shown as text.

Every renderer goes through these functions:

- :func:`md_text` escapes a value for Markdown (Streamlit's elements, labels and tooltips, the
  Markdown reports): no image, link, autolink, emphasis, code span, HTML tag, math or list
  can come out of it, and the text reads the same once rendered (an invisible word joiner
  breaks ``http://``, ``www.`` and ``@``, which GFM links even when escaped).
- :func:`html_text` escapes a value for HTML and for Markdown at once (HTML inside Markdown,
  the HTML report): character references, which both read as literal text.
- :func:`safe_url` accepts only a plain ``http(s)`` address on a named host (no credentials,
  no ``javascript:``/``data:``, no control characters, no IP address) and percent-encodes what
  could end a Markdown link; :func:`identifier_url` builds arXiv, DOI and Semantic Scholar links
  from fixed templates after checking the identifier's pattern.
- Images never come from data: nothing here makes one.

>>> md_text("x)![px](http://127.0.0.1:9/px)")
'x\\\\)\\\\!\\\\[px\\\\]\\\\(http:\\u2060//127\\\\.0\\\\.0\\\\.1:9/px\\\\)'
>>> md_link("DOI", identifier_url("doi", "10.1234/x)![px](http://127.0.0.1:9/px)"))
'DOI'
>>> safe_url("javascript:alert(1)") is None, safe_url("https://user:pw@example.org/") is None
(True, True)
>>> safe_url("https://example.org/a(b)[c]"), safe_url("https://example.org/a b")
('https://example.org/a%28b%29%5Bc%5D', None)
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
import unicodedata
from urllib.parse import quote, urlsplit

__all__ = ["md_text", "md_block", "md_code", "md_message", "html_text", "plain_text", "safe_url", "identifier_url",
           "md_link", "html_link", "csp_meta", "shown_text", "MD_SPECIAL"]

# Markdown (CommonMark + GFM + Streamlit's extras: $math$, :directives[...]) can act on these;
# each is backslash-escaped, which CommonMark renders as the character itself.
MD_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$&@^=")
_HTML_SPECIAL = MD_SPECIAL | frozenset("\"'")  # and what ends an HTML attribute
# Characters that never reach a page: C0/C1 controls and the bidirectional overrides that reorder text.
_INVISIBLE = re.compile("[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")
# GFM autolinks are found in the text after escapes are read (remark's "http://", "www." and
# e-mail patterns), so no escape stops them: a word joiner (U+2060, invisible) breaks each pattern.
# Streamlit also reads ":name" as a directive or icon (":red[…]", ":material/warning:"): the same
# word joiner after a colon that precedes a letter.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=www)(?=\.)|(?=@)|:(?=[a-z_])")
WORD_JOINER = "\u2060"

# Identifier patterns (Crossref's recommended DOI pattern; arXiv new and old style; S2 paper ids).
_DOI = re.compile(r"10\.\d{4,9}/[-._;()/:a-z0-9]+", re.I)
_ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/\d{7})(v\d+)?")
_S2 = re.compile(r"[0-9a-f]{40}")
_TEMPLATES = {
    "arxiv": (_ARXIV, "https://arxiv.org/abs/{}"),
    "doi": (_DOI, "https://doi.org/{}"),
    "s2": (_S2, "https://www.semanticscholar.org/paper/{}"),
}
_HOST = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}[a-z0-9]", re.I)
# Left unencoded in a URL: RFC 3986 delimiters that cannot end a Markdown link or break an attribute.
_URL_SAFE = ":/?#&=+%@;,-._~!$*"
MAX_URL = 2048


def plain_text(value: object, *, limit: int | None = None) -> str:
    """``value`` as one line of text: invisible characters dropped, runs of white space one space.

    >>> plain_text("a\\x1b[31m\\n  b\\u202e")
    'a[31m b'
    """
    text = _SPACES.sub(" ", _INVISIBLE.sub(lambda m: " " if m.group() in "\t\n\r" else "", str(value))).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _break_autolinks(text: str) -> str:
    return _AUTOLINK.sub(lambda m: m.group() + WORD_JOINER if m.group() == ":" else WORD_JOINER, text)


def _escape_md(text: str) -> str:
    return "".join("\\" + ch if ch in MD_SPECIAL else ch for ch in _break_autolinks(text))


def md_text(value: object, *, limit: int | None = None) -> str:
    """``value`` as one line of Markdown that renders as exactly its text (see :func:`plain_text`).

    >>> md_text("**bold** `code` <img src=x> :red[x] $x$")
    '\\\\*\\\\*bold\\\\*\\\\* \\\\`code\\\\` \\\\<img src\\\\=x\\\\> :\\u2060red\\\\[x\\\\] \\\\$x\\\\$'
    """
    if value is None:
        return ""
    return _escape_md(plain_text(value, limit=limit))


def shown_text(markdown: str) -> str:
    """What a reader sees of :func:`md_text`'s output: its backslash escapes removed (for tests and
    logs that compare the text of a page).

    >>> shown_text(md_text("[x](y) 1.5 *z*")) == "[x](y) 1.5 *z*"
    True
    """
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")


def md_code(value: object) -> str:
    """``value`` as a Markdown code span (monospace, nothing inside is markup): its fence is longer
    than any run of backticks in the text.

    >>> md_code("a`b"), md_code("x")
    ('``a`b``', '`x`')
    """
    text = plain_text(value)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_message(value: object) -> str:
    """A message of ours that may quote data (an error, a warning): escaped like :func:`md_text`,
    except that its `code spans` stay code.  Inside a code span nothing is markup, so a quoted
    value can at worst move text into or out of code.

    >>> md_message("unknown paper '[x](http://e.org)': run `phenomena build` first")
    "unknown paper '\\\\[x\\\\]\\\\(http:\\u2060//e\\\\.org\\\\)': run `phenomena build` first"
    """
    parts = plain_text(value).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code at all
        return md_text(value)
    return "`".join(part if i % 2 else _escape_md(part) for i, part in enumerate(parts))


def md_block(value: object) -> str:
    """A longer text (abstract, digest) as Markdown paragraphs: blank lines kept, each paragraph
    one escaped line, so no line can start a heading, list, quote, table or code block."""
    if value is None:
        return ""
    paragraphs = re.split(r"\n\s*\n", _INVISIBLE.sub(lambda m: "\n" if m.group() == "\n" else " ", str(value)))
    return "\n\n".join(md for md in (md_text(p) for p in paragraphs) if md)


def html_text(value: object, *, limit: int | None = None) -> str:
    """``value`` as HTML text that is also inert as Markdown (for HTML a Markdown renderer reads).

    Markup characters become numeric character references, which HTML and Markdown both show
    as the character.

    >>> html_text('<b a="1">[x](y)</b>')
    '&#60;b a&#61;&#34;1&#34;&#62;&#91;x&#93;&#40;y&#41;&#60;/b&#62;'
    """
    if value is None:
        return ""
    text = plain_text(value, limit=limit)
    return "".join(f"&#{ord(ch)};" if ch in _HTML_SPECIAL else ch for ch in _break_autolinks(text))


def safe_url(value: object) -> str | None:
    """``value`` as a link target when it is a plain http(s) address on a named host, else None.

    Refused: other schemes (``javascript:``, ``data:``, ``vbscript:``, ``file:``), credentials,
    IP addresses and single-label hosts (``localhost``), white space, control characters and
    backslashes, over 2,048 characters.  Characters that could end a Markdown link or an HTML
    attribute are percent-encoded.

    >>> safe_url("HTTPS://Example.org/x?a=1#f")
    'https://example.org/x?a=1#f'
    >>> [safe_url(u) for u in ("http://127.0.0.1:8/px", "https://localhost/", "data:text/html,x", "//x.org")]
    [None, None, None, None]
    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > MAX_URL or "\\" in url or any(ch.isspace() or _INVISIBLE.match(ch) for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if (parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc or not _HOST.fullmatch(host)
            or (port is not None and not 0 < port < 65536)):
        return None
    netloc = host.lower() + (f":{port}" if port is not None else "")
    rest = url[len(parts.scheme) + 3 + len(parts.netloc):]
    rest = unicodedata.normalize("NFC", rest)
    return f"{parts.scheme.lower()}://{netloc}{quote(rest, safe=_URL_SAFE)}"


def identifier_url(kind: str, value: object) -> str | None:
    """The fixed link of an identifier (``kind``: "arxiv", "doi" or "s2"), or None when ``value``
    does not have that identifier's form.

    >>> identifier_url("doi", "10.1016/0370-2693(89)91076-2")
    'https://doi.org/10.1016/0370-2693%2889%2991076-2'
    >>> identifier_url("arxiv", "2201.02177"), identifier_url("arxiv", "javascript:x")
    ('https://arxiv.org/abs/2201.02177', None)
    """
    pattern, template = _TEMPLATES[kind]
    if not isinstance(value, str) or not pattern.fullmatch(value.strip()):
        return None
    return template.format(quote(value.strip(), safe="/:;-._"))


def md_link(label: object, url: str | None) -> str:
    """A Markdown link with an escaped label, or the escaped label alone when ``url`` is not safe."""
    target = safe_url(url) if url else None
    return f"[{md_text(label)}]({target})" if target else md_text(label)


def html_link(label: object, url: str | None) -> str:
    """An HTML link with an escaped label, or the escaped label alone when ``url`` is not safe."""
    target = safe_url(url) if url else None
    return (f'<a href="{html.escape(target, quote=True)}" rel="noopener noreferrer">{html_text(label)}</a>'
            if target else html_text(label))


def csp_meta(style: str = "") -> str:
    """A strict Content-Security-Policy ``<meta>`` for a self-contained page: nothing loads from
    anywhere, no script runs, no form posts; only the inline ``<style>`` whose text is ``style``
    (allowed by its hash)."""
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; script-src 'none'; "
              "base-uri 'none'; form-action 'none'")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
