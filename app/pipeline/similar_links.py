"""The offline similarity links of a build, computed once and kept beside the graph.

The Graph page draws RELATED_TO links between similar papers (text, shared authors:
:func:`graph.drawing.layers.similar_edges`).  Computing them reads every paper's text into a
TF-IDF matrix (scipy, and pandas through pyarrow): about 0.7 s of CPU on the catalog, the largest
part of a cold server's first page.  They depend only on what a build wrote, so ``phenomena build``
computes them once after writing (:mod:`app.pipeline.first_page`) and keeps them in ``PHENOMENA_HOME/cache/similar-links/<key>.json``;
the app reads that file instead (a cache miss computes and saves them, e.g. after a build that
skipped it).  The key is a hash of the store's ``build`` metadata (every build writes new metadata)
and of :data:`FORMAT`, so a rebuild, a grow or an upload never reads an older build's links.

>>> import tempfile, pathlib
>>> home = pathlib.Path(tempfile.mkdtemp())
>>> save_similar_links(home, "k1", [("a", "b", 0.5, "text: grokking")])
>>> read_similar_links(home, "k1"), read_similar_links(home, "other")
([('a', 'b', 0.5, 'text: grokking')], None)
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from graph.drawing.layers import SIMILAR_TOP, adopt_similar_edges, similar_edges
from graph.files import keep_newest, replace_file
from graph.model.graph_model import GraphModel
from graph.store.base import GraphStore

__all__ = ["FORMAT", "PRECOMPUTE_MAX_PAPERS", "links_key", "read_similar_links", "save_similar_links",
           "attach_similar_links", "keep_similar_links"]

FORMAT = 1  # bump when the links' computation or the file's shape changes
KEEP = 4  # files kept (the newest): a few builds side by side, never a growing folder
PRECOMPUTE_MAX_PAPERS = 20_000  # above this the Graph page draws groups (its overview), not these links
_FOLDER = Path("cache") / "similar-links"


def links_key(store: GraphStore) -> str | None:
    """The build's key for its links (None for a store without build metadata: nothing is cached)."""
    meta = store.get_meta("build")
    if meta is None:
        return None
    text = json.dumps({"build": meta, "format": FORMAT, "top": SIMILAR_TOP}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _path(home: Path, key: str) -> Path:
    return Path(home) / _FOLDER / f"{key}.json"


def read_similar_links(home: Path, key: str) -> list[tuple] | None:
    """The links saved under ``key``, or None when there are none (or the file is unreadable)."""
    try:
        rows = json.loads(_path(home, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == 4 for r in rows):
        return None
    return [(str(u), str(v), float(score), str(reason)) for u, v, score, reason in rows]


def save_similar_links(home: Path, key: str, links: list[tuple]) -> None:
    """Write the links under ``key`` (a whole file or none: written aside, then renamed) and keep only the
    :data:`KEEP` newest files."""
    path = _path(home, key)
    replace_file(path, json.dumps([list(link) for link in links]).encode("utf-8"))
    keep_newest(path.parent, "*.json", KEEP)


def attach_similar_links(model: GraphModel, store: GraphStore, home: Path) -> bool:
    """Give ``model`` its build's saved links (so :func:`similar_edges` returns them without computing);
    remembers the key on the model for :func:`keep_similar_links`.  True when they were found."""
    key = links_key(store)
    model.__dict__["_similar_links_key"] = key
    links = read_similar_links(home, key) if key else None
    if links is None:
        return False
    adopt_similar_edges(model, links)
    return True


def keep_similar_links(model: GraphModel, home: Path, key: str | None = None) -> list[tuple]:
    """The model's links (computed if it has none yet), saved for its build when they were not saved."""
    key = key or model.__dict__.get("_similar_links_key")
    known = key is not None and _path(home, key).is_file()
    links = similar_edges(model)
    if key is not None and not known:
        try:
            save_similar_links(home, key, links)
        except OSError:  # a read-only home: the links are still on the model, only not kept
            pass
    return links

