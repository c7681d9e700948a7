"""Fixture homes for the app tests: the full fixture graph, and the same graph as an offline build leaves it."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.store.embedded.store import EmbeddedStore
from tests.support.app_pages import APP
from tests.support.fixture_graph import BUILD_META, build_fixture_records, write_fixture_store


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("full")
    write_fixture_store(home / "atlas.lbug")
    return home


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Path:
    """The fixture graph as an offline build leaves it: papers and phenomena, no citations."""
    home = tmp_path_factory.mktemp("offline")
    records = build_fixture_records()
    records.cites.clear()
    with EmbeddedStore(home / "atlas.lbug", read_only=False) as store:
        store.write(records, meta={"build": {**BUILD_META, "counts": records.counts()}})
    return home


@pytest.fixture
def app(home, monkeypatch) -> AppTest:
    """The app under AppTest on the requesting module's ``home`` fixture, embedded store."""
    monkeypatch.setenv("PHENOMENA_HOME", str(home))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    return AppTest.from_file(APP, default_timeout=60)
