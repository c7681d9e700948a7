"""The offline graph of the shared catalog README (digests included) and the seed lists, built in-process.

Tests that judge analytics on the real catalog use it; it skips when ../shared/data is absent
(CI sets it: tests/conftest.py fails the run instead).
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pytest

from graph.model.graph_model import GraphModel
from graph.model.records import GraphRecords
from loaders import assemble
from loaders.catalog_files import load_catalog
from loaders.seeds import load_seed_papers

ROOT = Path(__file__).resolve().parents[2]
README_NAME = "awesome-deep-phenomena.README.c4ae61aa.md"
JUDGEMENTS = ROOT / "tests" / "data" / "related-judgements.json"


def shared_readme() -> Path:
    shared = os.environ.get("PHENOMENA_SHARED_DIR")
    base = Path(shared) / "data" if shared else ROOT.parent / "shared" / "data"
    return base / README_NAME


@lru_cache(maxsize=1)
def _records() -> GraphRecords:
    loaded = load_catalog(str(shared_readme()))
    records = GraphRecords()
    assemble.add_phenomena(records)
    assemble.add_catalog_entries(records, loaded.entries)
    seeds, _ = load_seed_papers()
    assemble.add_seed_papers(records, seeds)
    return records


def catalog_model() -> GraphModel:
    """A fresh model of the catalog + seed build (records parsed once per test run); skips without the README."""
    path = shared_readme()
    if not path.is_file():
        pytest.skip(f"shared catalog README not found at {path} (set PHENOMENA_SHARED_DIR to the shared folder)")
    return GraphModel.from_records(_records())


def judgements() -> list[dict]:
    """The hand judgements: ``[{"id", "title", "relevant": [{"id", "title"}], "not_relevant": [...]}]``."""
    return json.loads(JUDGEMENTS.read_text(encoding="utf-8"))["seeds"]
