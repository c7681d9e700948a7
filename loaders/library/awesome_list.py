"""Another README in the Awesome Deep Phenomena format, read as the catalog is (not the user's library)."""
from __future__ import annotations

from graph.model.records import GraphRecords
from loaders import assemble
from loaders.catalog import parse_catalog
from loaders.library.types import ImportLoad, ImportProblem

__all__ = ["load_awesome_list"]


def load_awesome_list(text: str, source: str = "import") -> ImportLoad:
    """Another README in the Awesome Deep Phenomena format."""
    parsed = parse_catalog(text)
    load = ImportLoad("awesome-list", GraphRecords())
    assemble.add_phenomena(load.records)
    assemble.add_catalog_entries(load.records, parsed.entries, source=source, in_catalog=False)
    load.problems = [ImportProblem(p.line, p.message) for p in parsed.problems]
    return load
