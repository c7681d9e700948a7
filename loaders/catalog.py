"""Load the Awesome Deep Phenomena catalog (a markdown README) into entries.

The README lists papers as nested bullets under ``## Section`` and
``### Section: 2025`` headings::

    - Title. [[paper]](https://arxiv.org/abs/2511.04808) [[code]](https://github.com/…)
      - Author One, Author Two. *NeurIPS 2023*
      - Key Word: Loss Landscape; Sharp Minima.
      - <details><summary>Digest</summary> text…

The file is hand-written, so :func:`parse_catalog` is lenient: label typos,
other separators, glued author names, missing or empty links and unclosed
``<details>`` are read as meant.  Nothing is dropped silently: a bullet that
cannot become an entry, and every oddity worth a look, is a
:class:`CatalogProblem` with its line number.

>>> parse = parse_catalog('''## Others
... - Grokking. [[paper]](https://arxiv.org/abs/2201.02177v2)
...   - Alethea Power, Yuri Burda. *ICLR 2022*
...   - Key Word: Grokking; Generalization.
... ''')
>>> e = parse.entries[0]
>>> e.title, e.authors, e.venue, e.year, e.keywords, e.arxiv_id
('Grokking', ['Alethea Power', 'Yuri Burda'], 'ICLR 2022', 2022, ['Grokking', 'Generalization'], '2201.02177')
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graph.model.identity import arxiv_year
from loaders.links import arxiv_id_from_url, clean_url, doi_from_url  # noqa: F401  (the catalog's links)

__all__ = [
    "CATALOG_URL", "CATALOG_PAGE", "SNAPSHOT_PATH", "CatalogEntry", "CatalogProblem", "CatalogParse",
    "parse_catalog", "entries_to_json", "problems_to_json",
    "split_authors", "split_keywords",
]

CATALOG_URL = "https://raw.githubusercontent.com/MinghuiChen43/awesome-deep-phenomena/master/README.md"
CATALOG_PAGE = "https://github.com/MinghuiChen43/awesome-deep-phenomena"  # the catalog as readers see it
SNAPSHOT_PATH = Path(__file__).resolve().parent / "data" / "catalog-snapshot.json"


@dataclass
class CatalogEntry:
    line: int                      # 1-based line of the "- Title. [[paper]](…)" bullet
    section: str                   # the "##" heading, e.g. "Others"
    subsection: str | None         # the "###" heading, e.g. "Others: 2024"
    title: str                     # without the trailing period
    authors: list[str] = field(default_factory=list)
    venue: str | None = None       # as written, e.g. "NeurIPS 2023"
    year: int | None = None        # venue year, else from the arXiv id, else None
    keywords: list[str] = field(default_factory=list)  # as written
    arxiv_id: str | None = None    # without version
    doi: str | None = None
    paper_url: str | None = None
    code_urls: list[str] = field(default_factory=list)
    digest: str | None = None
    other_urls: list[str] = field(default_factory=list)  # [[book]], a second [[paper]], …

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class CatalogProblem:
    line: int
    message: str
    text: str = ""


@dataclass
class CatalogParse:
    entries: list[CatalogEntry]
    problems: list[CatalogProblem]


# Parts of the README that hold no papers: the link list and the contributors'
# template (whose example bullet looks like a paper).  The table of contents
# needs no rule: its bullets come before the first "##" heading.
_SKIP_H1 = {"contributing"}
_SKIP_H2 = {"related resources"}

# Every pattern runs in linear time on any line: no two quantifiers compete for the same
# characters (a heading's closing #s and spaces are stripped in Python, not by the pattern).
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
_BULLET = re.compile(r"^( *)[-*+]\s+(.*)$")
_BULLET_EMPTY = re.compile(r"^( *)[-*+]\s*$")
# [[label]](url); the url may hold one level of balanced parentheses.
_LINK = re.compile(r"\[\[([^\[\]]*)\]\]\(\s*((?:[^()\s]|\([^()\s]{0,512}\)){0,4096})\s*\)")
_SUMMARY = re.compile(r"(?:<details>\s*)?<summary>([^<]*)</summary>", re.I)
_KEYWORD_LABEL = re.compile(r"^(key\s*w\w*)\s*:\s*", re.I)
_OTHER_LABEL = re.compile(r"^([A-Z][A-Za-z ]{0,24}):\s")
_VENUE = re.compile(r"\*([^*]+)\*([^*]*)$")
_PLAIN_LINK = re.compile(r"^\[([^\[\]]+)\]\(\s*([^()\s]*)\s*\)\s*")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TAG = re.compile(r"</?details>|</?summary>", re.I)


def parse_catalog(text: str) -> CatalogParse:
    """Read the README text into entries, and problems with 1-based line numbers.

    ``section`` is the ``##`` heading, ``subsection`` the ``###`` one.  The
    table of contents, ``## Related Resources`` and the ``# Contributing`` part
    are skipped without problems.

    >>> parse_catalog("## Others\\n- [[paper]](https://arxiv.org/abs/2201.02177)\\n").problems[0].message
    'bullet has no title: not read as an entry'
    >>> parse_catalog("").entries
    []
    """
    text = unicodedata.normalize("NFC", text)
    entries: list[CatalogEntry] = []
    problems: list[CatalogProblem] = []
    section: str | None = None
    subsection: str | None = None
    skipping = False            # inside a "#" part that holds no papers
    raw: _RawEntry | None = None
    after_blank = True          # markdown continues an item on the next line unless a blank line parts them

    def close() -> None:
        nonlocal raw
        if raw is not None:
            entry = _build_entry(raw, problems)
            if entry is not None:
                entries.append(entry)
        raw = None

    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r").replace("\t", "    ")
        heading = _HEADING.match(line)
        if heading:
            close()
            level, title = len(heading.group(1)), _heading_text(heading.group(2))
            if level == 1:
                skipping = title.lower() in _SKIP_H1
                section = subsection = None
            elif level == 2:
                section, subsection = title, None
            elif level == 3:
                subsection = title
            continue
        if skipping or section is None or section.lower() in _SKIP_H2:
            continue
        stripped = line.strip()
        was_blank, after_blank = after_blank, not stripped
        if not stripped or stripped.startswith("<!--") or stripped.startswith("!["):
            continue
        bullet = _BULLET.match(line) or _BULLET_EMPTY.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if bullet and indent < 2:
            close()
            raw = _RawEntry(number, section, subsection, line, bullet.group(2) if bullet.lastindex == 2 else "")
        elif bullet:
            if raw is None:
                problems.append(CatalogProblem(number, "sub-item with no entry above it: not read", _clip(line)))
            else:
                raw.items.append([number, bullet.group(2) if bullet.lastindex == 2 else ""])
        elif raw is not None and (indent >= 2 or not was_blank):
            # A wrapped line belongs to the item above it (a digest, mostly).
            if raw.items:
                raw.items[-1][1] += "\n" + stripped
            else:
                raw.head += " " + stripped
        else:
            close()
            problems.append(CatalogProblem(number, "text outside any entry: not read", _clip(line)))
    close()
    problems.sort(key=lambda p: p.line)
    return CatalogParse(entries, problems)


@dataclass
class _RawEntry:
    line: int
    section: str
    subsection: str | None
    bullet: str                 # the whole bullet line, for problem texts
    head: str                   # the bullet text after "- "
    items: list[list] = field(default_factory=list)   # [line, text] of each sub-item


def _build_entry(raw: _RawEntry, problems: list[CatalogProblem]) -> CatalogEntry | None:
    def note(message: str, line: int = raw.line, text: str = raw.bullet) -> None:
        problems.append(CatalogProblem(line, message, _clip(text)))

    head = raw.head.strip().rstrip("\\").strip()
    plain = _PLAIN_LINK.match(head)
    if plain:   # "- [Title](url)": the title is the link text, the url the paper
        head = f"{plain.group(1)} [[paper]]({plain.group(2)}) {head[plain.end():]}"
    cut = head.find("[[")
    title, rest = (head, "") if cut < 0 else (head[:cut], head[cut:])
    title = title.strip()
    if title.endswith("."):
        title = title[:-1].rstrip()
    if not title:
        note("bullet has no title: not read as an entry")
        return None
    entry = CatalogEntry(line=raw.line, section=raw.section, subsection=raw.subsection, title=title)

    links = _LINK.findall(rest)
    leftover = _LINK.sub("", rest).strip(" \\")
    if leftover:
        note(f"could not read the links {leftover[:80]!r}")
    _read_links(entry, links, note)
    if not links:
        note("no [[paper]] link")

    author_text: str | None = None
    keyword_text: str | None = None
    for line, item in raw.items:
        item = item.strip()
        summary = _SUMMARY.match(item)
        if summary:
            kind, body = summary.group(1).strip().lower(), _TAG.sub("", item[summary.end():]).strip()
            if kind == "digest":
                entry.digest = body or None
            elif kind in ("author list", "authors"):
                author_text = body
            else:
                note(f"unknown <details> part {summary.group(1)!r}: not read", line, item)
            continue
        label = _KEYWORD_LABEL.match(item)
        if label:
            if label.group(1) != "Key Word":
                note(f"label {label.group(1) + ':'!r} read as 'Key Word:'", line, item)
            keyword_text = item[label.end():]
            continue
        other = _OTHER_LABEL.match(item)
        if other or author_text is not None:
            what = f"unknown label {other.group(1) + ':'!r}" if other else "extra line"
            note(f"{what} under an entry: not read", line, item)
            continue
        author_text = item

    if author_text is None:
        note("no author line")
    else:
        venue = _VENUE.search(author_text)
        if venue:
            after = venue.group(2).strip().strip(".").strip()    # "*ICML 2023* (Oral)."
            entry.venue = " ".join(filter(None, [venue.group(1).strip(), after])) or None
            author_text = author_text[:venue.start()]
        entry.authors, glued = split_authors(author_text)
        if glued:
            note("author names are glued together: split before capital letters")
    if keyword_text is None:
        note("no 'Key Word:' line")
    else:
        entry.keywords = split_keywords(keyword_text)

    year = _YEAR.search(entry.venue or "")
    entry.year = int(year.group(1)) if year else arxiv_year(entry.arxiv_id)
    return entry


def _read_links(entry: CatalogEntry, links: list[tuple[str, str]], note) -> None:
    for label, url in links:
        label, url = label.strip().lower(), url.strip()
        if not url:
            note(f"empty [[{label}]] link")
        elif label == "code":
            entry.code_urls.append(url)
        elif label == "paper" and entry.paper_url is None:
            entry.paper_url = clean_url(url)
            entry.doi = doi_from_url(entry.paper_url)
        else:
            entry.other_urls.append(url)
    for url in [entry.paper_url, *entry.other_urls]:
        if url and (arxiv := arxiv_id_from_url(url)):
            entry.arxiv_id = arxiv
            break


def split_authors(text: str) -> tuple[list[str], bool]:
    """Names from an author line, and whether they had to be unglued.

    Commas, semicolons, ``&`` and ``and`` all separate names.

    >>> split_authors("Mototaka Suzuki; Cyriel M. A. Pennartz & Jaan Aru.")
    (['Mototaka Suzuki', 'Cyriel M. A. Pennartz', 'Jaan Aru'], False)
    >>> split_authors("Jeffrey S BowersGaurav MalhotraMarin Dujmović")
    (['Jeffrey S Bowers', 'Gaurav Malhotra', 'Marin Dujmović'], True)
    >>> split_authors("Yann LeCun, David McAllester")
    (['Yann LeCun', 'David McAllester'], False)
    """
    text = re.sub(r"\s+", " ", _TAG.sub("", text)).strip()
    if text.endswith("."):
        text = text[:-1]
    names = [n.strip() for n in re.split(r"\s*[,;&]\s*|\s+and\s+", text)]
    names = [n for n in names if n and n != "."]
    if len(names) == 1 and len(_glue_points(names[0])) >= 2:
        name, points = names[0], _glue_points(names[0])
        return [name[a:b].strip() for a, b in zip([0, *points], [*points, len(name)])], True
    return names, False


def _heading_text(text: str) -> str:
    """A heading's text without its optional closing ``#`` sequence and spaces.

    >>> _heading_text("Others  ##  ")
    'Others'
    """
    text = text.rstrip()
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped
    return text.strip()


def _glue_points(name: str) -> list[int]:
    """Where a lower-case letter meets an upper-case one, except name prefixes (Mc, Le, Mac…)."""
    points, space = [], -1
    for i in range(1, len(name)):
        if name[i - 1] == " ":
            space = i - 1  # the last space before i, kept as we go (no search back: linear time)
        if name[i - 1].islower() and name[i].isupper():
            start = max(space, points[-1] - 1 if points else -1) + 1
            if i - start > 2 and name[start:i] != "Mac":
                points.append(i)
    return points


def split_keywords(text: str) -> list[str]:
    """Keywords from a ``Key Word:`` line: ``;`` separates them, else ``,``.

    >>> split_keywords(" Neural Collapse, Nonconvex Optimization.")
    ['Neural Collapse', 'Nonconvex Optimization']
    """
    text = re.sub(r"\s+", " ", text).strip()
    parts = text.split(";") if ";" in text else text.split(",")
    words = [p.strip().rstrip(".").strip() for p in parts]
    return [w for w in words if w]


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def entries_to_json(entries: list[CatalogEntry]) -> list[dict]:
    """One plain dict per entry (every field, digest included), ready for ``json.dump``."""
    return [e.to_json() for e in entries]


def problems_to_json(problems: list[CatalogProblem]) -> list[dict]:
    """One plain dict (line, message, text) per problem."""
    return [asdict(p) for p in problems]
