"""Topic clusters: community detection on the citation + similarity graph, and labels.

The cluster graph is undirected and weighted:
``w(u, v) = citation·[u cites v or v cites u] + cocitation·(papers citing both)
+ coupling·(shared references) + concept·(shared keywords and phenomena)``;
the concept part keeps a graph without citations (an offline build) clustered by topic.  Communities are found with Louvain (or
Leiden) from a fixed ``seed``, so the same graph and seed give the same
clusters.  Clusters are numbered by size, largest first (ties: smallest key).

>>> import networkx as nx
>>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
>>> [sorted(c) for c in compute_clusters(G, seed=1, backend="networkx")]
[['a', 'b', 'c'], ['x', 'y', 'z']]
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from itertools import chain

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analytics import cluster_process
from graph.analytics.backend import igraph_seed, resolve_backend
from graph.analytics.paper_arrays import node_attribute, node_texts
from graph.analytics.similarity import citation_matrix, cocitation_matrix, coupling_matrix
from graph.errors import ConfigError

__all__ = [
    "cluster_matrix", "concept_matrix", "build_cluster_graph", "compute_clusters", "cluster_index", "label_clusters",
    "cluster_top_papers", "cluster_phenomena", "attach_singletons", "attach_by_terms", "label_key", "CLUSTER_WEIGHTS",
    "start_clusters", "paper_label_terms",
    "METHODS", "SIMILARITY_MAX_NODES", "LOUVAIN_MAX_NODES",
]

CLUSTER_WEIGHTS = {"citation": 1.0, "cocitation": 1.0, "coupling": 1.0, "concept": 0.5}
METHODS = ("auto", "louvain", "leiden")
# method "auto": Louvain up to this many papers, else Leiden (two iterations): on bench_scale's 500k
# papers both reach Q = 0.840 and 200 clusters, Leiden in 9 s CPU against Louvain's 23 s.
LOUVAIN_MAX_NODES = 100_000
# Hubs and surveys pair everything with everything; leave them out of the
# similarity part (they still count through their direct citations).
MAX_CITERS = 200
MAX_REFS = 200
# Above this many papers the similarity products (millions of pairs) cost
# more than the whole 10 s budget, so large graphs cluster on direct
# citations alone, which is what large-scale bibliometric maps use too
# (Waltman & van Eck 2012).  See benchmarks/bench_analytics.py.
SIMILARITY_MAX_NODES = 20000
# Above this many papers labels come from titles and keywords only (see label_clusters).
LABEL_ABSTRACT_MAX_NODES = SIMILARITY_MAX_NODES


def cluster_matrix(G: nx.DiGraph, *, weights: dict[str, float] | None = None, similarity: bool | None = None,
                   max_citers: int | None = MAX_CITERS, max_refs: int | None = MAX_REFS):
    """``(W, nodelist)``: the symmetric sparse weight matrix of the cluster graph.

    ``similarity=None`` adds co-citation and coupling up to
    :data:`SIMILARITY_MAX_NODES` papers; ``True``/``False`` force it.
    """
    w = {**CLUSTER_WEIGHTS, **(weights or {})}
    if similarity is None:
        similarity = len(G) <= SIMILARITY_MAX_NODES
    A, nodes = citation_matrix(G)
    direct = sp.csr_array(A + A.T)
    direct.data[:] = 1.0
    W = w["citation"] * direct
    if similarity and w["cocitation"]:
        W = W + w["cocitation"] * cocitation_matrix(A, max_refs=max_refs)
    if similarity and w["coupling"]:
        W = W + w["coupling"] * coupling_matrix(A, max_citers=max_citers)
    if similarity and w["concept"]:
        W = W + w["concept"] * concept_matrix(G, nodes, max_papers=max_citers)
    return sp.csr_array(W), nodes



def concept_matrix(G: nx.Graph, nodes: list, *, max_papers: int | None = MAX_CITERS) -> sp.csr_array:
    """``PPᵀ`` without its diagonal, ``P`` the paper × concept incidence (keywords,
    case-folded, and phenomena); concepts on more than ``max_papers`` papers are left out."""
    concepts: dict[str, int] = {}
    rows, cols = [], []
    keywords, phenomena = dict(node_attribute(G, "keywords")), dict(node_attribute(G, "phenomena"))  # columns
    for i, v in enumerate(nodes):
        terms = {f"kw:{k.casefold()}" for k in keywords.get(v) or ()}
        terms |= {f"ph:{p}" for p in phenomena.get(v) or ()}
        for term in terms:
            rows.append(i)
            cols.append(concepts.setdefault(term, len(concepts)))
    P = sp.csr_array((np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
                     shape=(len(nodes), len(concepts)))
    return coupling_matrix(P, max_citers=max_papers)  # same product: papers sharing columns


def build_cluster_graph(G: nx.DiGraph, **kwargs) -> nx.Graph:
    """The cluster graph as an undirected weighted ``nx.Graph`` (attribute ``weight``)."""
    return _to_networkx(*cluster_matrix(G, **kwargs))


def _to_networkx(W: sp.csr_array, nodes: list) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(nodes)
    U = sp.triu(W, k=1).tocoo()
    H.add_weighted_edges_from((nodes[i], nodes[j], w) for i, j, w in zip(U.row.tolist(), U.col.tolist(), U.data.tolist()))
    return H


def compute_clusters(G: nx.DiGraph, *, seed: int | None = 42, resolution: float = 1.0,
                     method: str = "auto", backend: str = "auto", **kwargs) -> list[set]:
    """Communities of the cluster graph of ``G``, largest first.

    ``method`` is ``'louvain'`` (networkx ``louvain_communities`` or igraph
    ``community_multilevel``), ``'leiden'`` (igraph, modularity objective, until stable) or
    ``'auto'``: Louvain up to :data:`LOUVAIN_MAX_NODES` papers, else Leiden with two iterations.
    Extra keyword arguments go to :func:`cluster_matrix`.
    """
    if len(G) == 0:
        _resolve_method(method, len(G))  # an unknown method is refused on an empty graph too
        return []
    method, iterations = _resolve_method(method, len(G))
    engine = resolve_backend(backend, len(G))
    if method == "leiden" and engine == "networkx":
        engine = resolve_backend("igraph", len(G))
    W, nodes = cluster_matrix(G, **kwargs)
    if engine == "networkx":
        H = _to_networkx(W, nodes)
        parts = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    else:
        H, weights = _undirected_igraph(G, W, nodes)
        with igraph_seed(seed):
            if method == "louvain":
                membership = H.community_multilevel(weights=weights, resolution=resolution).membership
            else:
                membership = H.community_leiden(objective_function="modularity", weights=weights,
                                                resolution=resolution, n_iterations=iterations).membership
        parts = _groups(nodes, membership)
    return _finish(G, parts, W, nodes)


def _resolve_method(method: str, n: int) -> tuple[str, int]:
    """``(method, Leiden iterations)`` for a graph of ``n`` papers (``'auto'``: see :func:`compute_clusters`)."""
    if method not in METHODS:
        raise ConfigError(f"unknown clustering method {method!r}: use one of {', '.join(METHODS)}")
    if method == "auto":
        return ("louvain", -1) if n <= LOUVAIN_MAX_NODES else ("leiden", 2)
    return method, -1


def _groups(nodes: list, membership) -> list[set]:
    groups: dict[int, set] = {}
    for node, c in zip(nodes, membership):
        groups.setdefault(c, set()).add(node)
    return list(groups.values())


def _finish(G, parts: list[set], W: sp.csr_array, nodes: list) -> list[set]:
    """Singletons attached (by links, then by title terms), clusters largest first."""
    parts = attach_singletons([set(p) for p in parts], W, nodes)
    parts = attach_by_terms(parts, G)
    return sorted(parts, key=lambda c: (-len(c), min(map(str, c))))


def start_clusters(G, *, seed: int | None = 42, resolution: float = 1.0, method: str = "auto",
                   backend: str = "auto", min_nodes: int | None = None):
    """Start :func:`compute_clusters` of a large array-path graph on a second core; returns a callable
    that gives the clusters (the same as :func:`compute_clusters` with these arguments), or None when
    the graph is below ``min_nodes`` papers (default :data:`graph.analytics.cluster_process.PARALLEL_MIN_NODES`),
    is not on the array path, or the child cannot start.

    Only the clustering of direct citations (above :data:`SIMILARITY_MAX_NODES` papers, igraph) runs
    in the child (:mod:`graph.analytics.cluster_process`); a failed child is made up for in process.
    """
    arrays = G.graph.get("citation_arrays") if isinstance(getattr(G, "graph", None), dict) else None
    n = len(G)
    min_nodes = cluster_process.PARALLEL_MIN_NODES if min_nodes is None else min_nodes
    if arrays is None or n < max(min_nodes, SIMILARITY_MAX_NODES + 1) or resolve_backend(backend, n) != "igraph":
        return None
    how, iterations = _resolve_method(method, n)
    job = cluster_process.start_membership(n, arrays.src, arrays.dst, method=how, iterations=iterations,
                                           resolution=resolution, seed=seed)
    if job is None:
        return None

    def collect() -> list[set]:
        W, nodes = cluster_matrix(G, similarity=False)  # while the child still works
        done = job.result()
        same = done is not None and done[1] == sp.triu(W, k=1).nnz and list(arrays.ids) == list(nodes)
        if not same:  # the child failed, or did not cluster the graph W holds: in process, the same answer
            return compute_clusters(G, seed=seed, resolution=resolution, method=method, backend=backend)
        return _finish(G, _groups(nodes, done[0]), W, nodes)

    collect.cancel = job.cancel  # stop the child when the caller gives up (an error, Ctrl-C)
    return collect


def _undirected_igraph(G, W: sp.csr_array, nodes: list):
    """``(igraph.Graph, weights)``: the cluster graph ``W`` for igraph (vertex ``i`` is ``nodes[i]``);
    ``weights`` is the edge attribute to pass, or None when every link weighs the same.

    A graph clustered on direct citations alone (above :data:`SIMILARITY_MAX_NODES` papers) has one weight:
    then the directed citation graph igraph already holds for PageRank (``G.graph["igraph"]``, see
    :func:`graph.analytics.backend.to_igraph`) is collapsed in C, instead of a second graph being built
    from a Python tuple per link; modularity does not change when every weight is scaled alike.
    """
    import igraph as ig

    U = sp.triu(W, k=1).tocoo()
    cached = G.graph.get("igraph") if isinstance(getattr(G, "graph", None), dict) else None
    if cached is not None and U.nnz and np.all(U.data == U.data[0]) and list(cached[1].ids) == list(nodes):
        H = cached[0].as_undirected(mode="collapse")
        if H.ecount() == U.nnz:  # the same links as W (no self-loop, each pair once)
            return H, None
    # a list of tuples builds an igraph graph ~5x faster than a numpy array
    H = ig.Graph(n=len(nodes), edges=list(zip(U.row.tolist(), U.col.tolist())), directed=False)
    H.es["weight"] = U.data.tolist()
    return H, "weight"


def attach_singletons(parts: list[set], W: sp.csr_array, nodes: list) -> list[set]:
    """Move every paper left alone in its cluster into the cluster it is most strongly linked to.

    Community detection leaves a paper with one weak link on its own; a
    researcher would file it with its neighbours.  Papers with no link at all
    stay alone (the report counts them as unclustered).  Ties go to the
    larger cluster, then the smaller key.

    >>> W = sp.csr_array(np.array([[0, 2, 0, 0], [2, 0, 0, 1], [0, 0, 0, 0], [0, 1, 0, 0]], dtype=float))
    >>> sorted(map(sorted, attach_singletons([{"a", "b"}, {"c"}, {"d"}], W, ["a", "b", "c", "d"])))
    [['a', 'b', 'd'], ['c']]
    """
    position = {v: i for i, v in enumerate(nodes)}
    owner = {v: k for k, part in enumerate(parts) for v in part}
    W = sp.csr_array(W)
    for _ in range(3):  # a singleton may first join another singleton's new home
        moved = False
        for k, part in enumerate(parts):
            if len(part) != 1:
                continue
            (v,) = part
            i = position[v]
            row = W.indices[W.indptr[i]:W.indptr[i + 1]]
            weight = W.data[W.indptr[i]:W.indptr[i + 1]]
            pull: dict[int, float] = {}
            for j, w in zip(row.tolist(), weight.tolist()):
                if j != i and w > 0:
                    pull[owner[nodes[j]]] = pull.get(owner[nodes[j]], 0.0) + w
            pull.pop(k, None)
            if pull:
                best = max(pull, key=lambda c: (pull[c], len(parts[c]), -c))
                parts[best].add(v)
                part.clear()
                owner[v] = best
                moved = True
        if not moved:
            break
    return [p for p in parts if p]


def attach_by_terms(parts: list[set], G: nx.Graph) -> list[set]:
    """Papers still alone (no citation or shared keyword) join the cluster whose titles share their rarest words.

    The pull of cluster ``c`` on paper ``v`` is ``Σ share_c(t) · log(N / f_t)``
    over ``v``'s title terms ``t`` (:func:`label_key` forms, so plurals
    agree); a paper sharing no term with any cluster stays alone.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"title": "Grokking modular arithmetic"}), (2, {"title": "Grokking beyond"}),
    ...                   (3, {"title": "Double descent"}), (4, {"title": "Why grokking?"}), (5, {"title": "Zebras"})])
    >>> sorted(map(sorted, attach_by_terms([{1, 2}, {3}, {4}, {5}], G)))
    [[1, 2, 4], [3], [5]]
    """
    if not any(len(part) == 1 for part in parts):
        return parts  # nothing to attach: skip reading every title
    texts = node_texts(G, use_abstract=False)
    terms = {v: {label_key(t) for t in _terms(texts(v), use_abstract=False)} for part in parts for v in part}
    freq = Counter(t for ts in terms.values() for t in ts)
    total = max(1, len(terms))
    share = [Counter(t for v in part for t in terms[v]) for part in parts]
    # term -> the clusters (of two or more papers) whose titles use it: a paper's pull is summed over the
    # clusters that share a term with it, not over every cluster (30k singletons x 3k clusters was minutes)
    clusters_with: dict[str, set[int]] = {}
    for c, part in enumerate(parts):
        if len(part) >= 2:
            for t in share[c]:
                clusters_with.setdefault(t, set()).add(c)
    for k, part in enumerate(parts):
        if len(part) != 1:
            continue
        (v,) = part
        pull: dict[int, float] = {}
        for t in terms[v]:
            weight = math.log(total / freq[t])
            for c in clusters_with.get(t, ()):
                pull[c] = pull.get(c, 0.0) + share[c][t] / len(parts[c]) * weight
        pull = {c: score for c, score in pull.items() if score > 0 and c != k}
        if pull:
            best = max(pull, key=lambda c: (pull[c], len(parts[c]), -c))
            parts[best].add(v)
            share[best].update(terms[v])
            for t in terms[v]:
                clusters_with.setdefault(t, set()).add(best)
            part.clear()
    return [p for p in parts if p]


def cluster_index(clusters: list[set]) -> dict:
    """``{paper: cluster number}`` for a list of clusters."""
    return {v: i for i, c in enumerate(clusters) for v in c}


MIN_LIFT = 1.5
MIN_G2 = 15.13  # p < 0.0001: many candidate terms are tested per cluster
MIN_PAPERS_FOR_G2 = 100  # below this no term can be significant; lift alone decides


def _log_likelihood(n: int, size: int, f_t: int, total: int) -> float:
    """Dunning's G² of a term in ``n`` of a cluster's ``size`` papers and ``f_t`` of ``total`` overall."""
    table = [n, size - n, f_t - n, (total - size) - (f_t - n)]
    rows, cols = [size, total - size], [f_t, total - f_t]
    expected = [rows[0] * cols[0] / total, rows[0] * cols[1] / total, rows[1] * cols[0] / total,
                rows[1] * cols[1] / total]
    return 2 * sum(o * math.log(o / e) for o, e in zip(table, expected) if o > 0 and e > 0)

_TOKEN = re.compile(r"[a-z][a-z0-9\-]+|[.,;:!?()\[\]]")  # words and the punctuation that ends a phrase
STOPWORDS = frozenset("""
a about above across after again against all almost also although always among an and another any are
around as at be because been before being below between beyond both but by can cannot could did do does
doing down during each either even every few for from further had has have having here how however if in
into is it its itself just least less like made make many may more most much must new no nor not novel of
off on once one only onto or other our out over own per same several should show shows shown since so
some such than that the their them then there these they this those through thus to toward towards under
until up upon us use used using via was we well were what when where whether which while who whom why
will with within without would yet you your
""".split())
# Too common in this field to label a cluster alone, but fine inside a
# phrase ("neural collapse", "deep double descent").
GENERIC = frozenset("""
paper papers study studies approach approaches results result method methods propose proposed work based
understanding analysis learning deep neural network networks model models training trained data
finding findings function functions requires
""".split())


def _terms(data: dict, use_abstract: bool) -> set[str]:
    """Unigrams and bigrams of title (and abstract; a bigram never spans punctuation), plus keywords."""
    text = data.get("title") or ""
    if use_abstract and data.get("abstract"):
        text += " . " + data["abstract"]
    terms = set()
    prev, prev_stop, prev_generic = None, True, False
    for token in _TOKEN.findall(text.lower()):
        if len(token) == 1:  # punctuation (words have 2+ letters): the next word starts a phrase
            prev = None
            continue
        stop, generic = token in STOPWORDS, token in GENERIC
        if not stop and not generic and len(token) > 2:
            terms.add(token)
        if prev is not None and not prev_stop and not stop and not (prev_generic and generic):
            terms.add(f"{prev} {token}")  # not "neural networks", "deep learning": both generic
        prev, prev_stop, prev_generic = token, stop, generic
    terms.update(k.strip().lower() for k in data.get("keywords") or () if k.strip())
    return terms


# Words that end no noun phrase: a title bigram ending in one ("requires rethinking", "bias implicit")
# or a single one ("implicit", "winning") is a fragment, not a name a researcher would give a topic.
NOT_HEAD = frozenset("""
implicit explicit winning visual sparse deep shallow wide large small simple robust efficient optimal general
generalize generalizes generalizing rethinking requires require required revisiting revisited towards
beyond via matter matters help helps improve improves improved improving learn learns learned trained training
understand understanding explaining explain explains provably provable theoretical empirical neural linear
nonlinear random stochastic adversarial bayesian statistical spectral infinite finite two-layer multi-layer
""".split())


@functools.lru_cache(maxsize=1 << 16)  # keywords repeat: 150k calls on 50k papers, a few thousand distinct
def _noun_phrase(term: str) -> bool:
    """True for a term that can name a topic: not generic, and its last word can head a noun phrase.

    >>> [t for t in ("implicit", "requires rethinking", "implicit bias", "double descent", "survey") if _noun_phrase(t)]
    ['implicit bias', 'double descent']
    """
    words = term.replace("-", " ").split()
    if not words or words[-1] in NOT_HEAD or words[-1] in GENERIC or words[-1] in STOPWORDS:
        return False
    return not all(w in GENERIC or w in STOPWORDS or w in _FIELD_WORDS for w in words)


# "survey", "two", "help", "convergence": the field's words that say nothing alone (text similarity's list)
_FIELD_WORDS = frozenset("""survey surveys review two three help helps convergence theory bounds bound perspective
role effect effects case problem question lens view insight insights""".split())


def _label_terms(data: dict) -> set[str]:
    """What may label a cluster: a paper's keywords (written by the catalog's curators as names of topics),
    and for a paper without keywords its title's noun phrases."""
    chosen = _keyword_label_terms(tuple(data.get("keywords") or ()))
    if chosen is not None:
        return set(chosen)
    return {t for t in _terms({"title": data.get("title")}, use_abstract=False) if _noun_phrase(t)}


def _keyword_label_terms(keywords) -> frozenset | None:
    """The label terms among ``keywords`` (see :func:`_label_terms`); None when there is no keyword.

    >>> sorted(_keyword_label_terms(["Double Descent ", "implicit", "double descent"])), _keyword_label_terms([" "])
    (['double descent'], None)
    """
    chosen, named = set(), False
    for keyword in keywords:
        name, term = _keyword_label_term(keyword)
        named = named or bool(name)
        if term:
            chosen.add(name)
    return frozenset(chosen) if named else None


@functools.lru_cache(maxsize=1 << 18)  # per keyword, not per list: 500k papers' lists are mostly distinct
def _keyword_label_term(keyword: str) -> tuple[str, bool]:
    """``(name, whether it is a label term)``: the keyword stripped and lower-cased, and :func:`_noun_phrase`."""
    name = keyword.strip().lower()
    return name, bool(name) and _noun_phrase(name)


def paper_label_terms(G) -> dict:
    """``{paper: its label terms}`` for every paper: what :func:`label_clusters` reads, computed ahead
    (while a large graph is clustered on the other core, see :func:`graph.analytics.analyze.compute_analytics`)."""
    terms = _paper_label_terms(G)
    return {v: terms(v) for v in G}


def _paper_label_terms(G):
    """``paper -> its label terms`` (:func:`_label_terms`), reading only the title and keyword columns."""
    titles, keywords = dict(node_attribute(G, "title")), dict(node_attribute(G, "keywords"))

    def terms(v):
        chosen = _keyword_label_terms(keywords.get(v) or ())
        return chosen if chosen is not None else _label_terms({"title": titles.get(v)})
    return terms


_ACRONYM = re.compile(r"^[a-z]{2,6}s?$")


@functools.lru_cache(maxsize=1 << 16)  # a corpus repeats its words: 400k calls, a few thousand terms
def label_key(term: str) -> str:
    """A term's comparison form: lower case, hyphens as spaces, each word singular.

    >>> label_key("PAC-Bayes Bounds") == label_key("pac-bayes bound"), label_key("Large Language Models")
    (True, 'large language model')
    """
    from graph.model.vocabulary import singularize  # the vocabulary's plural rule, one implementation

    return " ".join(singularize(w) for w in term.lower().replace("-", " ").split())


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w)


def _same_label(a: str, b: str) -> bool:
    """True when two label keys are variants: one's words inside the other's, or an acronym of it.

    >>> _same_label(label_key("NTK"), label_key("neural tangent kernel")), _same_label("sgd", "stochastic gradient descent")
    (True, True)
    >>> _same_label("pruning", "lottery ticket"), _same_label("ticket", "lottery ticket")
    (False, True)
    """
    wa, wb = set(a.split()), set(b.split())
    if wa <= wb or wb <= wa:
        return True
    for short, long in ((a, b), (b, a)):
        if " " not in short and _ACRONYM.match(short) and len(long.split()) >= 2:
            if short.rstrip("s") == _initials(long) or short == _initials(long):
                return True
    return False


def label_clusters(G: nx.Graph, clusters: list[set], *, top: int = 5,
                   use_abstract: bool | None = None, terms: dict | None = None) -> dict[int, list[str]]:
    """Distinctive terms of each cluster by class-based TF-IDF (c-TF-IDF).

    A term's frequency in cluster ``c`` is the share of ``c``'s papers whose
    label terms (:func:`_label_terms`: its keywords, else its title's noun phrases) carry it
    (``use_abstract`` is accepted and unused: no label term comes from an abstract); it is weighted by
    ``log(1 + A / f_t)`` (``A``: mean papers per cluster, ``f_t``: papers
    carrying ``t`` overall).  In clusters of three papers or more a term must
    occur in two papers, and be :data:`MIN_LIFT` times more common there than
    overall, and (from :data:`MIN_PAPERS_FOR_G2` papers on) have a
    log-likelihood ratio G² ≥ :data:`MIN_G2` (as CiteSpace's LLR labels), so
    chance co-occurrences in big clusters drop out.  A term that is a variant of a better term
    (its words inside it after singularising, or its acronym) is skipped, so "double" does not
    follow "double descent", nor "NTK" "neural tangent kernel".

    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"title": "Grokking modular arithmetic"}), (2, {"title": "Grokking beyond"}),
    ...                   (3, {"title": "Double descent"}), (4, {"title": "Double descent revisited"})])
    >>> label_clusters(G, [{1, 2}, {3, 4}], top=1)
    {0: ['grokking'], 1: ['double descent']}
    """
    per_cluster = []
    overall: Counter = Counter()
    # cached per keyword list: topics share them; ``terms``: paper_label_terms(G), computed earlier
    terms = terms.__getitem__ if terms is not None else _paper_label_terms(G)
    for c in clusters:
        counts = Counter(chain.from_iterable(map(terms, c)))  # one count per cluster, not one update per paper
        per_cluster.append(counts)
        overall.update(counts)
    sizes = [len(c) for c in clusters]
    mean = sum(sizes) / max(1, len(sizes))
    total = sum(sizes)
    labels = {}
    for i, (counts, size) in enumerate(zip(per_cluster, sizes)):
        floor = 2 if size >= 3 else 1
        scored = sorted(((n / size) * math.log(1 + mean / overall[t]), t)
                        for t, n in counts.items()
                        # a term not clearly more common here than overall is not distinctive
                        if n >= floor and (len(clusters) == 1 or (
                            n / size >= MIN_LIFT * overall[t] / total
                            and (total < MIN_PAPERS_FOR_G2 or _log_likelihood(n, size, overall[t], total) >= MIN_G2))))
        chosen: list[str] = []
        for _, term in sorted(scored, key=lambda s: (-s[0], -len(s[1].split()), s[1])):
            # "mean-field theory" repeats "mean field theory", "ntk" repeats "neural tangent kernel",
            # "large language model" repeats "large language models"
            if any(_same_label(label_key(term), label_key(c)) for c in chosen):
                continue
            chosen.append(term)
            if len(chosen) == top:
                break
        labels[i] = chosen
    return labels


def cluster_top_papers(clusters: list[set], scores: dict, top: int = 5) -> dict[int, list]:
    """The ``top`` papers of each cluster by ``scores`` (e.g. PageRank), best first."""
    return {i: sorted(c, key=lambda v: (-scores.get(v, 0.0), str(v)))[:top] for i, c in enumerate(clusters)}


def cluster_phenomena(G: nx.Graph, clusters: list[set]) -> dict[int, dict[str, int]]:
    """``{cluster: {phenomenon: papers}}``, most covered first (node attribute ``phenomena``)."""
    tags = {v: phens for v, phens in node_attribute(G, "phenomena") if phens}
    out = {}
    for i, c in enumerate(clusters):
        counts = Counter(p for v in c for p in tags.get(v, ()))
        out[i] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out
