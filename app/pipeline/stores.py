"""Open the store the settings name: the one place that creates drivers."""
from __future__ import annotations

from pathlib import Path

from app.settings import Settings
from graph.errors import StoreUnavailable
from graph.store.base import GraphStore

__all__ = ["open_store", "store_version", "version_key"]


def open_store(settings: Settings, *, write: bool = False) -> GraphStore:
    """The configured store; read-only unless ``write``."""
    if settings.store == "neo4j":
        from graph.store.neo4j.store import open_neo4j_store  # imports the driver only when used
        return open_neo4j_store(settings, write=write)
    from graph.store.embedded.store import EmbeddedStore  # imports the engine (LadybugDB) only when used
    return EmbeddedStore(settings.embedded_path, read_only=not write)


def store_version(settings: Settings) -> str:
    """A key that changes whenever the graph changes: caches of read results use it.

    For the embedded store it is the file's inode, modification time and size (a
    rebuild in another process swaps in a new file, a write changes the file); for
    Neo4j there is no cheap equivalent, so callers combine it with a short cache lifetime.
    """
    if settings.store != "embedded":
        return f"{settings.store}:{settings.neo4j_uri}:{settings.neo4j_database}"
    path = Path(settings.embedded_path)
    if not path.exists():
        raise StoreUnavailable(f"no graph at {path}: run `phenomena build` first")
    stats = [path.stat()] + [p.stat() for p in path.parent.glob(path.name + ".wal")]
    return ":".join(f"{s.st_ino}-{s.st_mtime_ns}-{s.st_size}" for s in stats)


def version_key(settings: Settings) -> str:
    """Which graph the settings name and its :func:`store_version`: the key of every cache of read results."""
    return f"{settings.embedded_path if settings.store == 'embedded' else settings.store}|{store_version(settings)}"
