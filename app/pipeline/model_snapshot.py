"""A snapshot of a build's graph model beside the embedded store, so a cold app reads it in milliseconds.

A cold server's first page needs the graph model: reading it from the embedded store imports the
engine (LadybugDB) and builds the records, about 0.5 s of CPU on the catalog, while unpickling a
snapshot of the same model takes about 0.01 s.  ``phenomena build`` writes the snapshot once the
store is closed; the app writes one when it had to read the store (e.g. after ``phenomena analyze``
rewrote it).  A snapshot is used only for the very file it was taken of: its key is the store's
version (inode, modification time and size of the database file, as the app's caches use) plus a
fingerprint of the model's code, so a rebuild, an analysis, an upload or an upgrade of the app
never reads an older graph.  Neo4j has no such version, so it is never snapshotted.

The file is a pickle written by this app into its own data folder (``PHENOMENA_HOME/cache``).  It is
read back by an unpickler that resolves only the model's own classes (``graph.model``), numpy's dtype
and buffer and pyarrow's array and type constructors: any other name (``os.system``, ``builtins.eval``,
…) in a planted or damaged file makes it a miss, never a call.

>>> import tempfile, pathlib
>>> from graph.model.records import Paper
>>> home = pathlib.Path(tempfile.mkdtemp())
>>> model = GraphModel.of([Paper("a", "A")], {}, {})
>>> save_model_snapshot(home, "v1", model)
>>> sorted(read_model_snapshot(home, "v1").papers), read_model_snapshot(home, "v2")
(['a'], None)
"""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from graph.files import keep_newest, replace_file
from graph.model import graph_model, read, records
from graph.model.graph_model import GraphModel

__all__ = ["read_model_snapshot", "save_model_snapshot", "has_model_snapshot", "SNAPSHOT_MAX_PAPERS"]

SNAPSHOT_MAX_PAPERS = 20_000  # above this the Graph page draws groups and never reads the whole model
KEEP = 2  # snapshots kept (the newest)
_FOLDER = Path("cache") / "model-snapshots"
# what a model is made of: a snapshot taken by other code is not read
_CODE = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (graph_model, records, read))).hexdigest()[:12]
# the model's own caches worth keeping (its similarity links and paper list); views (networkx graphs) are not
_KEPT_CACHES = ("_similar_edges", "_similar_links_key", "_paper_list")
_LAST: dict = {}  # the last snapshot read: {"path": …, "model": …}


# The only names a snapshot may name (besides the classes of graph.model): what numpy arrays and pyarrow
# arrays pickle to.
_ALLOWED = {
    "numpy": {"dtype", "ndarray"},
    "numpy._core.numeric": {"_frombuffer"}, "numpy.core.numeric": {"_frombuffer"},
    "numpy._core.multiarray": {"_reconstruct", "scalar"}, "numpy.core.multiarray": {"_reconstruct", "scalar"},
    "pyarrow.lib": {"_restore_array", "chunked_array", "field", "list_", "large_list", "struct", "schema",
                    "py_buffer", "type_for_alias", "dictionary"},
}
_MODEL_MODULES = ("graph.model.graph_model", "graph.model.read", "graph.model.records", "graph.model.columnar")


class _ModelUnpickler(pickle.Unpickler):
    """Resolves the model's classes and numpy's and pyarrow's array constructors, and nothing else."""

    def find_class(self, module: str, name: str):
        if module in _MODEL_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        elif name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a graph model snapshot")


def _path(home: Path, version: str) -> Path:
    key = hashlib.sha256(f"{version}|{_CODE}".encode()).hexdigest()[:24]
    return Path(home) / _FOLDER / f"{key}.pickle"


def read_model_snapshot(home: Path, version: str) -> GraphModel | None:
    """The model snapshotted for this store ``version``, or None (none, another version, unreadable).
    The last one read is kept in memory: asking again (the page counting papers, then reading the model)
    returns the same object."""
    path = _path(home, version)
    if _LAST.get("path") == path:
        return _LAST["model"]
    try:
        with open(path, "rb") as f:
            model = _ModelUnpickler(f).load()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
            IndexError, KeyError):
        return None
    if not isinstance(model, GraphModel):
        return None
    _LAST.update(path=path, model=model)
    return model


def save_model_snapshot(home: Path, version: str, model: GraphModel) -> None:
    """Snapshot ``model`` for the store ``version`` (written aside, then renamed: a whole file or none);
    keeps the :data:`KEEP` newest.  A home that cannot be written is skipped silently: the next
    start reads the store, as without snapshots."""
    path = _path(home, version)
    current = dict(model.__dict__)  # one C-level copy: a page may add a cached view meanwhile
    state = {k: v for k, v in current.items() if not k.startswith("_") or k in _KEPT_CACHES}
    copy = object.__new__(GraphModel)
    copy.__dict__.update(state)
    try:
        replace_file(path, pickle.dumps(copy, protocol=pickle.HIGHEST_PROTOCOL))
        keep_newest(path.parent, "*.pickle", KEEP)
    except OSError:
        pass


def has_model_snapshot(home: Path, version: str) -> bool:
    """Whether a snapshot for the store ``version`` exists (not read)."""
    return _path(home, version).is_file()
