"""Open the store the settings name: the one place that creates drivers."""
from __future__ import annotations

from app.settings import Settings
from graph.store.base import GraphStore


def open_store(settings: Settings, *, write: bool = False) -> GraphStore:
    """The configured store; read-only unless ``write``."""
    if settings.store == "neo4j":
        from graph.store.neo4j.store import open_neo4j_store  # imports the driver only when used
        return open_neo4j_store(settings, write=write)
    from graph.store.embedded.store import EmbeddedStore  # imports the engine (LadybugDB) only when used
    return EmbeddedStore(settings.embedded_path, read_only=not write)
