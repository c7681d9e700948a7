"""SPECTER v2 paper embeddings from the Semantic Scholar batch endpoint, cached like every S2 answer.

``fetch_specter_vectors(client, papers)`` asks the batch endpoint for ``embedding.specter_v2``
(resolving papers as :func:`loaders.s2.resolve.fetch_papers` does: arXiv id, DOI, title) and
returns ``(vectors, missing)``: ``{paper id: list of floats}`` and ``{paper id: reason}``.  The
client's cache keeps every answer, so a second run (or ``offline``) costs no request.  The vectors
feed :func:`graph.analytics.text_similarity.text_index` (``embeddings=``), where they are blended
with TF-IDF for the papers that have one.
"""
from __future__ import annotations

import json
from pathlib import Path

from graph.files import replace_file
from graph.model.records import Paper
from loaders.s2.client import S2Client
from loaders.s2.resolve import fetch_papers

__all__ = ["fetch_specter_vectors", "save_vectors", "read_vectors", "SPECTER_FIELD", "EMBEDDING_BATCH", "SPECTER_FILE"]

# Beside the graph in PHENOMENA_HOME, written after the graph (``phenomena build --specter``); the app reads it.
SPECTER_FILE = "specter_v2.json"

SPECTER_FIELD = "embedding.specter_v2"
# 768 floats a paper: about 8 kB of JSON, so a batch of 200 stays well under the API's ~10 MB answer cap.
EMBEDDING_BATCH = 200


def fetch_specter_vectors(client: S2Client, papers: list[Paper], *, batch_size: int = EMBEDDING_BATCH,
                          progress: bool | None = None) -> tuple[dict[str, list[float]], dict[str, str]]:
    """``({paper id: SPECTER v2 vector}, {paper id: why none})`` for ``papers``.

    A paper S2 knows without an embedding, or with one of another model, is in ``missing``.
    """
    found = fetch_papers(client, papers, fields=("paperId", SPECTER_FIELD), progress=progress, batch_size=batch_size)
    vectors: dict[str, list[float]] = {}
    missing = dict(found.missing)
    for paper_id, item in found.found.items():
        embedding = item.get("embedding") or {}
        vector = embedding.get("vector") if isinstance(embedding, dict) else None
        if embedding.get("model") not in (None, "specter_v2") or not isinstance(vector, list) or not vector:
            missing[paper_id] = "no SPECTER v2 embedding in Semantic Scholar"
            continue
        try:
            vectors[paper_id] = [float(x) for x in vector]
        except (TypeError, ValueError):
            missing[paper_id] = "malformed SPECTER v2 embedding"
    return vectors, missing


def save_vectors(path: Path, vectors: dict[str, list[float]]) -> None:
    """Write ``{paper id: vector}`` as JSON, atomically (a temporary file renamed over the old one)."""
    replace_file(path, json.dumps({"model": "specter_v2", "vectors": vectors}).encode("utf-8"))


def read_vectors(path: Path) -> dict[str, list[float]]:
    """The vectors :func:`save_vectors` wrote; ``{}`` when the file is absent or unreadable (TF-IDF alone then)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        vectors = data["vectors"] if data.get("model") == "specter_v2" else {}
        return {str(k): [float(x) for x in v] for k, v in vectors.items() if isinstance(v, list) and v}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
