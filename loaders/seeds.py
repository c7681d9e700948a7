"""Concept seed lists: papers around a phenomenon that the catalog does not list.

A seed file (``loaders/data/seeds/*.json``) holds ``lists``, each either
``{"kind": "search results", "query": …, "papers": [...]}`` or
``{"kind": "related papers", "about": {arxiv_id, title}, "papers": [...]}``;
every paper is ``{arxiv_id, title, date}``.  Only facts are kept.

Being in a list is not evidence of a phenomenon: a search for "simplicity
bias" also returns "Scaling MLPs: A Tale of Inductive Bias".  Use
:func:`seed_phenomena`, which looks at the title (and abstract) only.

>>> seeds, problems = load_seed_papers()
>>> len(seeds), problems
(22, [])
>>> pitfalls = next(s for s in seeds if s.arxiv_id == "2006.07710")
>>> pitfalls.year, pitfalls.source, seed_phenomena(pitfalls)
(2020, 'seed:simplicity bias', {'simplicity-bias': Evidence(via='title', confidence='strong', score=3.0)})
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from graph.errors import SourceError
from graph.model.identity import arxiv_year, normalize_arxiv_id, paper_key
from graph.model.records import Paper
from loaders.tagging import Evidence, tag_paper

__all__ = ["SeedPaper", "SeedProblem", "load_seed_papers", "seed_phenomena", "seed_paper_record",
           "bundled_seed_files", "parse_seed_date"]

KINDS = ("search results", "related papers")


@dataclass(frozen=True)
class SeedPaper:
    arxiv_id: str               # without version
    title: str
    date: str | None            # ISO yyyy-mm-dd when the written date can be read, else as written
    year: int | None            # from the date, else from the arXiv id
    list_kind: str              # "search results" | "related papers"
    query: str | None = None    # the search query ("search results")
    about: str | None = None    # arXiv id the list is related to ("related papers")
    source: str = "seed"        # "seed:<query>" or "seed:related:<about id>"
    rank: int = 0               # 1-based position in its list; 0 for the "about" paper itself
    file: str | None = None     # the seed file it came from


@dataclass(frozen=True)
class SeedProblem:
    list_index: int             # 0-based index in "lists"
    item_index: int | None      # 0-based index in that list's "papers"; None for the list itself
    message: str


_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s*\[?(\d{4})\]?$")


def parse_seed_date(text: str | None) -> tuple[str | None, int | None]:
    """``(ISO date or the text as written, year)``; ``(None, None)`` when empty.

    >>> parse_seed_date("Jun 16, 2020"), parse_seed_date("Jul 15 [2025]")
    (('2020-06-16', 2020), ('2025-07-15', 2025))
    >>> parse_seed_date("2024-11-12"), parse_seed_date("Jul 15")
    (('2024-11-12', 2024), ('Jul 15', None))
    """
    if not text or not str(text).strip():
        return None, None
    text = str(text).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.strptime(text, "%Y-%m-%d").date().isoformat(), int(text[:4])
        except ValueError:
            pass
    m = _MONTH_DAY_YEAR.match(text)
    if m:
        try:
            day = datetime.strptime(f"{m.group(1)} {m.group(2)} {m.group(3)}", "%b %d %Y").date()
            return day.isoformat(), day.year
        except ValueError:
            pass
    year = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", text)
    return text, int(year.group(0)) if year else None


def bundled_seed_files() -> list[Path]:
    """The seed files shipped with the package, sorted by name."""
    folder = resources.files("loaders").joinpath("data/seeds")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".json"))


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise SourceError(f"seed file {path} not found; give the path of a seed-list JSON file") from err
    except OSError as err:
        raise SourceError(f"cannot read seed file {path} ({err.strerror}); check its permissions") from err
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise SourceError(f"seed file {path} is not valid JSON ({err}); fix or replace the file") from err
    if not isinstance(data, dict) or not isinstance(data.get("lists"), list):
        raise SourceError(f"seed file {path} has no 'lists' array; see loaders/data/seeds/ for the expected shape")
    return data


def _paper(item, list_index: int, item_index: int | None, problems: list[SeedProblem]) -> tuple[str, str, object] | None:
    if not isinstance(item, dict):
        problems.append(SeedProblem(list_index, item_index, f"expected an object, got {type(item).__name__}"))
        return None
    raw_id, title = item.get("arxiv_id"), item.get("title")
    arxiv_id = normalize_arxiv_id(str(raw_id)) if raw_id else None
    if not arxiv_id:
        problems.append(SeedProblem(list_index, item_index, f"missing or unreadable arxiv_id {raw_id!r}"))
        return None
    if not isinstance(title, str) or not title.strip():
        problems.append(SeedProblem(list_index, item_index, f"paper {arxiv_id} has no title"))
        return None
    return arxiv_id, " ".join(title.split()), item.get("date")


def load_seed_papers(path: str | Path | None = None) -> tuple[list[SeedPaper], list[SeedProblem]]:
    """Every paper of every list of a seed file (all bundled files when ``path`` is None).

    The "about" paper of a related-papers list is returned as a seed too
    (rank 0).  A malformed list or paper becomes a :class:`SeedProblem` and
    is skipped; a missing or unreadable file raises :class:`SourceError`.
    """
    files = bundled_seed_files() if path is None else [Path(path)]
    seeds: list[SeedPaper] = []
    problems: list[SeedProblem] = []
    for file in files:
        data = _read(file)
        for li, lst in enumerate(data["lists"]):
            seeds += _load_list(lst, li, problems, file.name)
    return seeds, problems


def _load_list(lst, li: int, problems: list[SeedProblem], file: str) -> list[SeedPaper]:
    if not isinstance(lst, dict):
        problems.append(SeedProblem(li, None, f"expected an object, got {type(lst).__name__}"))
        return []
    kind = lst.get("kind")
    if kind not in KINDS:
        problems.append(SeedProblem(li, None, f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}"))
        return []
    papers = lst.get("papers")
    if not isinstance(papers, list):
        problems.append(SeedProblem(li, None, "no 'papers' array"))
        return []
    out: list[SeedPaper] = []
    query = about = None
    if kind == "search results":
        query = lst.get("query")
        if not isinstance(query, str) or not query.strip():
            problems.append(SeedProblem(li, None, "a search-results list needs a 'query'"))
            return []
        query = query.strip()
        source = f"seed:{query}"
    else:
        head = _paper(lst.get("about"), li, None, problems)
        if head is None:
            problems[-1] = SeedProblem(li, None, f"'about' paper: {problems[-1].message}")
            return []
        about = head[0]
        source = f"seed:related:{about}"
        out.append(_seed(head, kind, None, about, source, 0, file))
    for ii, item in enumerate(papers):
        parsed = _paper(item, li, ii, problems)
        if parsed is not None:
            out.append(_seed(parsed, kind, query, about, source, ii + 1, file))
    return out


def _seed(parsed, kind, query, about, source, rank, file) -> SeedPaper:
    arxiv_id, title, raw_date = parsed
    date, year = parse_seed_date(raw_date if isinstance(raw_date, str) else None)
    return SeedPaper(arxiv_id=arxiv_id, title=title, date=date, year=year or arxiv_year(arxiv_id),
                     list_kind=kind, query=query, about=about, source=source, rank=rank, file=file)


def seed_phenomena(seed: SeedPaper, abstract: str | None = None) -> dict[str, Evidence]:
    """Phenomenon id -> :class:`loaders.tagging.Evidence`, from what the paper itself says.

    The list's query is deliberately ignored: a search hit is not evidence.

    >>> s = SeedPaper("2306.13575", "Scaling MLPs: A Tale of Inductive Bias", None, 2023, "search results",
    ...               query="simplicity bias")
    >>> seed_phenomena(s)
    {}
    """
    return tag_paper(seed.title, (), None, abstract, paper_ref=(seed.arxiv_id,))


def seed_paper_record(seed: SeedPaper) -> Paper:
    """The seed as a :class:`graph.model.records.Paper` (not in the catalog, source ``seed:…``)."""
    return Paper(id=paper_key(arxiv_id=seed.arxiv_id), title=seed.title, year=seed.year, arxiv_id=seed.arxiv_id,
                 url=f"https://arxiv.org/abs/{seed.arxiv_id}", sources=[seed.source])
