"""The runnable examples in the analytics modules' docstrings."""
import doctest
import importlib

import pytest

MODULES = ["graph.model", "graph.layers", "graph.layout", "graph.concepts", "graph.formats", "graph.networks",
           "graph.backend", "graph.centrality", "graph.similarity", "graph.clusters", "graph.phenomena", "graph.gaps",
           "graph.analyze", "graph.export", "graph.bibliography", "graph.report", "graph.library", "graph.identity",
           "loaders.reference_formats", "graph.columnar", "graph.overview"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted >= 1 and result.failed == 0
