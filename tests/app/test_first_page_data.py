"""What the build keeps for the app's first page: its similarity links and a snapshot of its model."""
from __future__ import annotations

import json
import shutil

from app.pipeline.first_page import load_model, prepare_first_page
from app.pipeline.model_snapshot import read_model_snapshot, save_model_snapshot
from app.pipeline.similar_links import (
    KEEP,
    attach_similar_links,
    keep_similar_links,
    links_key,
    read_similar_links,
    save_similar_links,
)
from app.pipeline.stores import version_key
from app.settings import load_settings
from graph.drawing.layers import similar_edges
from graph.model.graph_model import GraphModel
from graph.model.read import load_graph_model
from graph.store.embedded.store import EmbeddedStore
from tests.support.fixture_graph import BUILD_META, build_fixture_records, write_fixture_store


def _write(home, meta):
    records = build_fixture_records()
    write_fixture_store(home / "atlas.lbug", records, meta)
    return records


def _settings(home, monkeypatch):
    monkeypatch.setenv("PHENOMENA_HOME", str(home))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    return load_settings()


def test_precomputed_links_are_the_links_the_page_would_compute(tmp_path, monkeypatch):
    records = _write(tmp_path, BUILD_META)
    assert prepare_first_page(_settings(tmp_path, monkeypatch), len(records.papers)) is True
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=True) as store:
        key = links_key(store)
        fresh = load_graph_model(store, cache=False)
        read_back = load_graph_model(store, cache=False)
        assert attach_similar_links(read_back, store, tmp_path) is True
    computed = similar_edges(fresh)
    assert len(computed) > 0
    assert read_similar_links(tmp_path, key) == computed
    assert similar_edges(read_back) == computed  # attached: the same links, nothing computed


def test_a_new_build_never_reads_the_links_of_an_older_one(tmp_path, monkeypatch):
    _write(tmp_path, BUILD_META)
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=True) as store:
        first = links_key(store)
    save_similar_links(tmp_path, first, [("a", "b", 0.9, "stale")])
    _write(tmp_path, {**BUILD_META, "finished_at": "2030-01-01T00:00:00+00:00"})
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=True) as store:
        second = links_key(store)
        model = load_graph_model(store, cache=False)
        assert second != first
        assert attach_similar_links(model, store, tmp_path) is False
    links = keep_similar_links(model, tmp_path)  # a miss: computed from this build and kept under its key
    assert ("a", "b", 0.9, "stale") not in links and read_similar_links(tmp_path, second) == links


def test_a_damaged_or_foreign_file_is_a_miss_not_an_error(tmp_path):
    folder = tmp_path / "cache" / "similar-links"
    folder.mkdir(parents=True)
    (folder / "k.json").write_text("{not json")
    (folder / "j.json").write_text(json.dumps([["a", "b"]]))
    assert read_similar_links(tmp_path, "k") is None and read_similar_links(tmp_path, "j") is None


def test_only_the_newest_files_are_kept(tmp_path):
    for i in range(KEEP + 3):
        save_similar_links(tmp_path, f"k{i}", [])
    assert len(list((tmp_path / "cache" / "similar-links").glob("*.json"))) == KEEP
    assert not list((tmp_path / "cache" / "similar-links").glob("*.part"))


def test_the_build_skips_large_graphs_and_unreadable_stores(tmp_path, monkeypatch):
    settings = _settings(tmp_path, monkeypatch)
    assert prepare_first_page(settings, 10**6) is False  # the Graph page draws groups there
    assert prepare_first_page(settings, 10) is False  # no graph yet: nothing to read
    assert not (tmp_path / "cache" / "similar-links").exists()


def test_a_read_only_home_still_gives_the_links(tmp_path, monkeypatch):
    _write(tmp_path, BUILD_META)
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=True) as store:
        model = load_graph_model(store, cache=False)
        attach_similar_links(model, store, tmp_path)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be")
    try:
        assert keep_similar_links(model, tmp_path)  # computed, not kept
    finally:
        blocked.unlink()
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)


def test_the_build_snapshots_the_model_and_a_changed_store_is_read_again(tmp_path, monkeypatch):
    settings = _settings(tmp_path, monkeypatch)
    records = _write(tmp_path, BUILD_META)
    assert prepare_first_page(settings, len(records.papers)) is True
    version = version_key(settings)
    snap = read_model_snapshot(tmp_path, version)
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=True) as store:
        stored = load_graph_model(store, cache=False)
    assert snap is not None and sorted(snap.papers) == sorted(stored.papers)
    assert {p: snap.papers[p].title for p in snap.papers} == {p: stored.papers[p].title for p in stored.papers}
    assert similar_edges(snap) == similar_edges(stored)  # the links came with it
    assert load_model(settings, version) is not None

    records.papers.pop(next(iter(records.papers)))  # the store changes: its version with it
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as store:
        store.write(records, meta={"build": {**BUILD_META, "finished_at": "2031-01-01T00:00:00+00:00"}}, prune=True)
    changed = version_key(settings)
    assert changed != version and read_model_snapshot(tmp_path, changed) is None
    assert len(load_model(settings, changed).papers) == len(records.papers)  # read from the store, not the old snapshot


def test_a_damaged_snapshot_is_a_miss(tmp_path):
    save_model_snapshot(tmp_path, "v", load_graph_model_of_fixture())
    for path in (tmp_path / "cache" / "model-snapshots").glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    assert read_model_snapshot(tmp_path, "v") is None


def load_graph_model_of_fixture():
    return GraphModel.from_records(build_fixture_records())


def test_a_planted_snapshot_never_runs_code(tmp_path):
    """A pickle that names anything but the model's classes and the array constructors is a miss, not a call."""
    import os
    import pickle

    class Planted:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'ran'}",))

    save_model_snapshot(tmp_path, "v", load_graph_model_of_fixture())
    (path,) = (tmp_path / "cache" / "model-snapshots").glob("*.pickle")
    path.write_bytes(pickle.dumps(Planted()))
    assert read_model_snapshot(tmp_path, "v") is None
    assert not (tmp_path / "ran").exists()
    path.write_bytes(pickle.dumps({"papers": eval}))  # a builtin function: refused as well
    assert read_model_snapshot(tmp_path, "v") is None
