"""What a cold app's first page reads: the graph model and its similarity links, ready-made by the build.

:func:`prepare_first_page` runs at the end of ``phenomena build``: it reads the model written, computes
its similarity links (:mod:`.similar_links`) and snapshots the model with them (:mod:`.model_snapshot`).
:func:`load_model` is how the app reads the model: the snapshot when there is one for this very store
file, else the store (with the build's links when kept); :func:`keep_first_page` then keeps what the
app had to compute, so the next start finds it.
"""
from __future__ import annotations

from app.pipeline.model_snapshot import (
    SNAPSHOT_MAX_PAPERS,
    has_model_snapshot,
    read_model_snapshot,
    save_model_snapshot,
)
from app.pipeline.similar_links import PRECOMPUTE_MAX_PAPERS, attach_similar_links, keep_similar_links
from app.pipeline.stores import open_store, version_key
from app.settings import Settings
from graph.errors import AtlasError
from graph.model.graph_model import GraphModel
from graph.model.read import load_graph_model

__all__ = ["load_model", "snapshot_papers", "keep_first_page", "prepare_first_page"]


def load_model(settings: Settings, version: str) -> GraphModel:
    """The graph model of the configured store at ``version`` (:func:`.stores.version_key`): its snapshot
    when the embedded store has one, else read from the store with the build's links attached."""
    if settings.store == "embedded":
        model = read_model_snapshot(settings.home, version)
        if model is not None:
            return model
    with open_store(settings, write=False) as store:
        model = load_graph_model(store, key=version)
        if "_similar_links_key" not in model.__dict__:
            attach_similar_links(model, store, settings.home)
    return model


def snapshot_papers(settings: Settings, version: str) -> int | None:
    """How many papers the graph at ``version`` has, from its snapshot (no store opened); None without one."""
    model = read_model_snapshot(settings.home, version) if settings.store == "embedded" else None
    return None if model is None else len(model.papers)


def keep_first_page(settings: Settings, version: str, model: GraphModel) -> None:
    """Compute the model's links if it has none and keep them; snapshot the model (embedded store, up to
    :data:`.model_snapshot.SNAPSHOT_MAX_PAPERS` papers) unless this version has a snapshot already."""
    keep_similar_links(model, settings.home)
    if settings.store == "embedded" and len(model.papers) <= SNAPSHOT_MAX_PAPERS \
            and not has_model_snapshot(settings.home, version):
        save_model_snapshot(settings.home, version, model)


def prepare_first_page(settings: Settings, papers: int) -> bool:
    """After a build: its links computed and kept, its model snapshotted.  False when skipped: a graph of
    ``papers`` over :data:`.similar_links.PRECOMPUTE_MAX_PAPERS` (the Graph page draws groups there), or a
    store that cannot be read now (the app then does it when first asked)."""
    if papers > PRECOMPUTE_MAX_PAPERS:
        return False
    try:
        version = version_key(settings)
        model = load_model(settings, version)
    except AtlasError:
        return False
    keep_first_page(settings, version, model)
    return True
