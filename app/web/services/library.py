"""The "My library" page and the Paper page's start: what the graph model computes, as plain data.

Both take the one in-memory graph (:class:`graph.model.graph_model.GraphModel`, as the pages
get it) and call pure functions of :mod:`graph` (:func:`graph.model.library.library_gaps`,
:func:`graph.analytics.centrality.most_central`); no Streamlit here.
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.analytics.centrality import most_central
from graph.errors import SourceError
from graph.export.bibliography import render_bibtex
from graph.model.graph_model import GraphModel
from graph.model.identity import normalize_title
from graph.model.library import library_gaps, library_papers, render_library_gaps_markdown
from loaders.imports import MAX_IMPORT_BYTES, read_import

if TYPE_CHECKING:  # names for the signatures only: the build is imported when an upload is added
    from app.pipeline.build import BuildOutcome
    from app.settings import Settings

__all__ = ["LibraryReport", "load_library", "StartLists", "load_start_lists", "UploadPreview", "preview_upload",
           "record_upload", "import_upload", "find_uploaded", "new_upload_folder", "MAX_IMPORT_BYTES"]


@dataclass
class LibraryReport:
    papers: list[dict[str, Any]]   # the library: id, title, year, in_catalog
    missing: list[dict[str, Any]]  # graph.model.library.library_gaps rows, best first
    missing_markdown: str = ""
    missing_bibtex: str = ""
    sources: list[str] = field(default_factory=list)  # library:FILE names


def load_library(model: GraphModel, top: int = 50) -> LibraryReport:
    """The user's library (papers marked ``in_library``) and what it is missing; empty without a library."""
    G = model.citation_graph()
    mine = library_papers(G)
    if not mine:
        return LibraryReport([], [])
    papers = sorted(({"id": v, "title": G.nodes[v].get("title") or v, "year": G.nodes[v].get("year"),
                      "in_catalog": bool(G.nodes[v].get("in_catalog"))} for v in mine),
                    key=lambda p: (-(p["year"] or 0), p["title"]))
    missing = library_gaps(G, top=top)
    sources = sorted({s for v in mine for s in model.papers[v].sources if s.startswith("library:")})
    return LibraryReport(papers, missing, render_library_gaps_markdown(G, missing),
                         render_bibtex(G, [r["id"] for r in missing]), sources)


@dataclass
class StartLists:
    measure: str                    # what "most central" ranks by, in words
    central: list[dict[str, Any]]   # id, title, year, value
    recent: list[dict[str, Any]]    # id, title, year


def load_start_lists(model: GraphModel, top: int = 10) -> StartLists:
    """For the Paper page with no paper chosen: the most central papers (by a measure that
    tells papers apart, named) and the most recent ones."""
    G = model.citation_graph()
    measure, ranked = most_central(G, top=top, pagerank={v: p.pagerank for v, p in model.papers.items()})

    def row(v, **extra):
        return {"id": v, "title": G.nodes[v].get("title") or v, "year": G.nodes[v].get("year"), **extra}

    recent = sorted((v for v in G if G.nodes[v].get("year")),
                    key=lambda v: (-G.nodes[v]["year"], not G.nodes[v].get("in_catalog"), str(v)))[:top]
    return StartLists(measure, [row(v, value=value) for v, value in ranked], [row(v) for v in recent])


@dataclass
class UploadPreview:
    """An uploaded reference file as `phenomena import FILE` reads it: what the graph has and what is new."""

    name: str
    kind: str  # bibtex | ris | csl-json | ids | awesome-list
    matched: list[dict[str, Any]]  # id (the graph's key), title, year
    new: list[dict[str, Any]]  # id, title, year
    problems: list[str]  # "line N: what to fix"


def _safe_name(name: str) -> str:
    """The upload's file name without folders or odd characters (it names the copy under imports/)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).name).strip(".-")
    return stem or "library.bib"


def preview_upload(model: GraphModel, name: str, data: bytes, folder: Path) -> tuple[UploadPreview, Path]:
    """Read ``data`` with the CLI's reader and limits (:func:`loaders.library.dispatch.read_import`: a regular
    file outside /proc, /sys and /dev, at most :data:`~loaders.imports.MAX_IMPORT_BYTES`, UTF-8, BibTeX, RIS or
    CSL-JSON told apart by content, anything else refused without quoting it), written to ``folder``; each
    paper matched to the graph by key, else by normalised title.

    Returns the preview and the file written (what :func:`record_upload` records).
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise SourceError(f"{name} is {len(data) / 2**20:.0f} MB, more than the {MAX_IMPORT_BYTES // 2**20} MB "
                          "an import may be: split it into smaller files")
    path = Path(folder) / _safe_name(name)
    path.write_bytes(data)
    try:
        load = read_import(path)[1]
    except SourceError:
        path.unlink(missing_ok=True)  # a refused file leaves nothing behind
        raise
    by_title = {normalize_title(p.title): k for k, p in model.papers.items() if p.title}
    matched, new = [], []
    for key, paper in load.records.papers.items():
        found = key if key in model.papers else by_title.get(normalize_title(paper.title or ""))
        row = {"id": found or key, "title": paper.title or key, "year": paper.year}
        (matched if found else new).append(row)
    problems = [str(p) for p in load.problems]
    return UploadPreview(path.name, load.kind, matched, new, problems), path


def record_upload(home: Path, path: Path) -> tuple[str, bool]:
    """Record the checked file as `phenomena import FILE` does (copied under imports/, in the manifest);
    the next build merges it.  Returns (its name under imports/, whether it was new)."""
    # Here, not at the top: the pipeline's sources are needed only when an upload is kept.
    from app.pipeline.sources import add_import, save_manifest

    manifest, entry, added = add_import(Path(home), Path(path))
    if added:
        save_manifest(Path(home), manifest)
    return entry.name, added


def import_upload(settings: Settings, path: Path, *, offline: bool, say=None) -> BuildOutcome:
    """Import the checked file as `phenomena import FILE` does (:func:`app.pipeline.importing.run_import`:
    the same checks, recorded under imports/, the graph rebuilt with it); ``say`` gets the build's messages.
    A failed build records nothing."""
    # Here, not at the top: the build (Semantic Scholar, the catalog reader) is needed only when a file is added.
    from app.pipeline.importing import run_import

    quiet = say or (lambda message: None)
    return run_import(settings, Path(path), offline=offline, say=quiet, tell=quiet)


def find_uploaded(model: GraphModel, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The preview's ``rows`` as the rebuilt graph holds them (by key, else normalised title): id, title, year."""
    by_title = {normalize_title(p.title): k for k, p in model.papers.items() if p.title}
    out = []
    for row in rows:
        key = row["id"] if row["id"] in model.papers else by_title.get(normalize_title(row["title"] or ""))
        if key is not None:
            p = model.papers[key]
            out.append({"id": key, "title": p.title or key, "year": p.year})
    return out


def new_upload_folder() -> Path:
    """A private folder for one upload's checked copy."""
    return Path(tempfile.mkdtemp(prefix="atlas-upload-"))
