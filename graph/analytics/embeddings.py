"""Offline text embeddings from a model that ships inside a Python package: nothing is downloaded.

:func:`offline_embedder` returns a callable ``list[str] -> array`` (rows: texts) or ``None``
when no bundled model is installed; similarity then keeps TF-IDF alone
(:mod:`graph.analytics.text_similarity`).  The one model used is WordLlama's
``l2_supercat`` 256-dimensional token embeddings (a few MB, average-pooled, CPU
only), read from the wheel's own files: the package's loader would try the
network for its tokenizer, so the files are opened here directly.

On the judged sample of ``tests/data/related-judgements.json`` it is compared
with TF-IDF by ``tests/graph/test_related_judged.py`` (the numbers are printed there).

>>> embed = offline_embedder()
>>> embed is None or embed(["grokking", "double descent"]).shape == (2, embed.dims)
True
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["Embedder", "offline_embedder", "MODELS"]

# name -> (package, weights file, tokenizer file, tensor), all inside the installed package.
MODELS = {"wordllama-l2-supercat-256": ("wordllama", "weights/l2_supercat_256.safetensors",
                                        "tokenizers/l2_supercat_tokenizer_config.json", "embedding.weight")}


class Embedder:
    """A bundled model as a callable: ``embedder(texts)`` is a ``len(texts) × dims`` float array."""

    def __init__(self, name: str, model, dims: int):
        self.name, self._model, self.dims = name, model, dims

    def __call__(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims))
        return np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float64)

    def __repr__(self) -> str:
        return f"Embedder({self.name!r}, dims={self.dims})"


@lru_cache(maxsize=4)
def offline_embedder(name: str = "wordllama-l2-supercat-256") -> Embedder | None:
    """The bundled model ``name`` (see :data:`MODELS`), or None when its package or files are absent."""
    package, weights, tokenizer, tensor = MODELS[name]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(list(spec.submodule_search_locations)[0])
    if not (root / weights).is_file() or not (root / tokenizer).is_file():
        return None
    # Third-party imports kept local: the package is optional, and most commands never embed.
    from safetensors import safe_open
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    with safe_open(str(root / weights), framework="np", device="cpu") as f:
        matrix = f.get_tensor(tensor)
    model = WordLlamaInference(matrix, Tokenizer.from_file(str(root / tokenizer)))
    return Embedder(name, model, int(matrix.shape[1]))
