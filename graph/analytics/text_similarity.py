"""Topical text of papers: one TF-IDF implementation, with the words that say nothing left out.

A paper's text is its title (counted twice: it names the topic), keywords,
phenomena, the catalog's digest and the abstract when known.  Two filters keep
generic words from pairing papers:

* a **domain stop list** (:data:`DOMAIN_STOP`): words every paper of this field
  uses ("neural", "networks", "deep", "learning", "convergence", "two", "help",
  "survey", …);
* an **IDF floor**: a word on more than ``max_df`` papers weighs nothing.

:func:`text_index` builds the L2-normalised rows once per graph (cached while
the graph lives); :func:`text_scores` gives one paper's cosine with every other.
Where an embedding is known for both papers (SPECTER from Semantic Scholar, or
the offline model of :mod:`graph.analytics.embeddings`) it is blended in.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("a", title="Grokking in two-layer networks", keywords=["grokking"])
>>> G.add_node("b", title="Grokking beyond algorithmic data", keywords=["grokking"])
>>> G.add_node("c", title="Convergence of two-layer neural networks", keywords=[])
>>> scores = text_scores(G, "a")
>>> scores["b"] > 0, scores.get("c", 0.0) == 0.0   # "two-layer" and "networks" alone pair nothing
(True, True)
"""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from itertools import chain

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

__all__ = ["STOP", "DOMAIN_STOP", "TextIndex", "text_of", "tokenize", "build_tfidf", "text_index", "text_scores",
           "shared_words", "EMBEDDING_SHARE"]

STOP = frozenset("""a an and are as at be by for from how in into is it its of on or our that the their this to
towards via we what when where which why with without using use new study can do does not no more than these those
such also both each other over under only but so then thus there here they them his her he she has have had been
was were will would may might could should must very much many most some any all one during between
while after before about across among""".split())
# Words of the field that alone say nothing about a paper's topic (checked on the catalog: each pairs
# papers of unrelated phenomena).  Phrases keep their meaning through the rarer word next to them.
DOMAIN_STOP = frozenset("""
neural network networks net nets deep learning learn learns learned learner learners machine model models modeling
modelling convergence converge converges two three four first second single multi multiple help helps helping survey
surveys review reviews overview tutorial paper papers approach approaches method methods framework frameworks
propose proposed proposes show shows showing shown result results find finding findings study studies studying
analysis analyses analyze analyzing analyse understanding understand understands towards toward theory theories
theoretical theoretically empirical empirically empirics perspective perspectives insight insights view lens role
effect effects impact beyond case problem problems question questions simple efficient efficiently performance
large small good better best improve improved improving improves task tasks training trained train trains data
dataset datasets based work works via provably provable practical practice new novel general generally rethinking
revisiting revisited towards what why when how does do really matter matters
provide provides provided authors author well different even however introduce introduces introduced recent recently
achieve achieves achieved demonstrate demonstrates demonstrated explore explores explored reveal reveals revealed
investigate investigates investigated present presents presented used like several various further previous common
key highlight highlights particular particularly certain specific significant significantly often thereby
two-layer three-layer multi-layer multilayer one-hidden-layer
therefore furthermore moreover additionally consider considers considered leads lead including include includes
""".split())
# words; punctuation and short words end a phrase
_WORD = re.compile(r"[a-z][a-z0-9-]{2,}|[.,;:!?()\[\]]|\b[a-z0-9]{1,2}\b")
# Each word's kind for tokenize, filled as words are first seen (the stop lists never change).
_WORD_KINDS: dict[str, int] = {}
# How much of the text score an embedding takes where one is known for both papers.
EMBEDDING_SHARE = 0.5


def tokenize(text: str) -> list[str]:
    """Lower-case words of 3+ letters without the stop lists, and two-word phrases ("double descent",
    "neural collapse": a field word may stand in a phrase next to a telling one, two field words may not).

    >>> tokenize("Two-layer neural networks: convergence of deep double descent")
    ['double', 'descent', 'deep double', 'double descent']
    """
    words, phrases = [], []
    prev, prev_generic = None, False
    kinds = _WORD_KINDS
    for w in _WORD.findall(text.lower().replace("\u2019", "'")):
        kind = kinds.get(w)
        if kind is None:  # 0: ends a phrase (stop word, short, not a word); 1: generic; 2: telling
            kind = kinds[w] = 0 if w in STOP or len(w) < 3 or not w[0].isalpha() else 1 if w in DOMAIN_STOP else 2
        if not kind:
            prev = None
            continue
        generic = kind == 1
        if not generic:
            words.append(w)
        if prev is not None and not (generic and prev_generic):
            phrases.append(f"{prev} {w}")
        prev, prev_generic = w, generic
    return words + phrases
def text_of(data: dict, use_abstracts: bool = True) -> str:
    """The topical text of a paper's node attributes: title twice, keywords, phenomena, digest, abstract."""
    title = data.get("title") or ""
    parts = [title, title, *(data.get("keywords") or ()), *(data.get("phenomenon_names") or ())]
    if data.get("digest"):
        parts.append(data["digest"])
    if use_abstracts and data.get("abstract"):
        parts.append(data["abstract"])
    return " . ".join(parts)  # a phrase never spans two parts


def build_tfidf(docs: list[str], max_df: int | None = None) -> tuple[sp.csr_array, list[str]]:
    """L2-normalised TF-IDF rows (sublinear tf, smooth idf) over :func:`tokenize` words.

    Words of more than ``max_df`` papers (the IDF floor) weigh 0.
    """
    found = [tokenize(doc) for doc in docs]
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), [len(ws) for ws in found])
    # the words numbered in first-seen order, in C (a dict per word costs more than tokenizing)
    coded = pc.dictionary_encode(pa.array(list(chain.from_iterable(found)), pa.string()))
    cols = coded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    vocab = coded.dictionary.to_pylist()
    X = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(docs), max(len(vocab), 1)))
    X.sum_duplicates()
    X.data = 1.0 + np.log(X.data)  # sublinear term frequency
    df = np.bincount(np.asarray(X.indices, dtype=np.int64), minlength=X.shape[1])
    idf = np.log((1 + len(docs)) / (1 + df)) + 1.0
    if max_df is not None:
        idf[df > max_df] = 0.0
    X = sp.csr_array(X @ sp.diags_array(idf))
    X.eliminate_zeros()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_array(sp.diags_array(1 / norms) @ X), vocab


def default_max_df(n: int) -> int:
    """The IDF floor: a word on more than 15% of the papers (at least 30) weighs nothing.

    A phenomenon's own words ("tangent", "lottery") are on up to a tenth of a catalog's papers;
    "generalization", "gradient", "loss" on more.
    """
    return max(30, int(0.15 * n))


@dataclass
class TextIndex:
    """TF-IDF rows (and embedding rows, unit length, zero where unknown) of every paper of a graph."""

    nodes: list
    position: dict
    X: sp.csr_array
    vocab: list[str]
    E: np.ndarray | None = None  # papers × dims
    source: str = "tf-idf"  # "tf-idf", or "tf-idf + <embedding name>"


_INDEXES: "weakref.WeakKeyDictionary[nx.Graph, dict]" = weakref.WeakKeyDictionary()


def text_index(G: nx.Graph, *, embeddings: dict | None = None, embedder=None) -> TextIndex:
    """The :class:`TextIndex` of ``G`` (built once while ``G`` lives, per embedding source).

    ``embeddings``: ``{paper: vector}`` known in advance (e.g. SPECTER v2 from Semantic Scholar);
    ``embedder``: a callable ``list[str] -> array`` (see :func:`graph.analytics.embeddings.offline_embedder`)
    used for the papers without one.
    """
    key = (id(embeddings) if embeddings else None, getattr(embedder, "name", None))
    cache = _INDEXES.setdefault(G, {})
    if key in cache:
        return cache[key]
    nodes = list(G)
    docs = [text_of(G.nodes[v]) for v in nodes]
    X, vocab = build_tfidf(docs, max_df=default_max_df(len(nodes)))
    E, names = None, []
    if embeddings or embedder is not None:
        rows = np.zeros((len(nodes), 0))
        known = [i for i, v in enumerate(nodes) if embeddings and v in embeddings]
        if known:
            rows = np.zeros((len(nodes), len(np.asarray(embeddings[nodes[known[0]]]))))
            for i in known:
                rows[i] = np.asarray(embeddings[nodes[i]], dtype=np.float64)
            names.append("SPECTER v2")
        missing = [i for i in range(len(nodes)) if i not in set(known)]
        if embedder is not None and missing and (not known or rows.shape[1] == embedder.dims):
            vectors = np.asarray(embedder([_embedding_text(G.nodes[nodes[i]]) for i in missing]), dtype=np.float64)
            if rows.shape[1] == 0:
                rows = np.zeros((len(nodes), vectors.shape[1]))
            rows[missing] = vectors
            names.append(embedder.name)
        if rows.shape[1]:
            norms = np.linalg.norm(rows, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            E = rows / norms
    index = TextIndex(nodes, {v: i for i, v in enumerate(nodes)}, X, vocab, E,
                      "tf-idf" + "".join(f" + {n}" for n in names))
    cache[key] = index
    return index


def _embedding_text(data: dict) -> str:
    """What an embedding model reads: title, keywords, digest, abstract (no repeated title)."""
    parts = [data.get("title") or "", ", ".join(data.get("keywords") or ()), data.get("digest") or "",
             data.get("abstract") or ""]
    return ". ".join(p for p in parts if p)


def text_scores(G: nx.Graph, paper, *, index: TextIndex | None = None, min_score: float = 0.05) -> dict:
    """``{other paper: text similarity in [0, 1]}`` of ``paper`` with every paper scoring at least ``min_score``.

    TF-IDF cosine; where both papers have an embedding the score is
    ``(1 - EMBEDDING_SHARE)·tfidf + EMBEDDING_SHARE·max(0, embedding cosine)``.
    """
    index = index or text_index(G)
    i = index.position.get(paper)
    if i is None:
        return {}
    row = (index.X[[i]] @ index.X.T).toarray().ravel()
    if index.E is not None and index.E[i].any():
        emb = np.clip(index.E @ index.E[i], 0.0, 1.0)
        has = index.E.any(axis=1)
        row = np.where(has, (1 - EMBEDDING_SHARE) * row + EMBEDDING_SHARE * emb, row)
    row[i] = 0.0
    keep = np.nonzero(row >= min_score)[0]
    return {index.nodes[j]: float(row[j]) for j in keep.tolist()}


def shared_words(index: TextIndex, u, v, k: int = 3) -> list[str]:
    """The ``k`` words and phrases adding most to the TF-IDF cosine of ``u`` and ``v`` (a word inside a
    shared phrase is left out)."""
    a, b = index.X[[index.position[u]]], index.X[[index.position[v]]]
    both = sp.csr_array(a.multiply(b))
    order = np.argsort(-both.data, kind="stable")
    ranked = [index.vocab[c] for c in both.indices[order].tolist()]
    phrases = [t for t in ranked if " " in t]
    # "double descent" says what "double" and "descent" would repeat
    kept = [t for t in ranked if " " in t or not any(t in p.split() for p in phrases)]
    return kept[:k]
