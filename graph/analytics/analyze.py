"""All analytics in one pass, and their write-back to the store.

``compute_analytics`` is a pure function of the records (plus ``seed``);
``write_analytics`` stores the per-paper scores on the Paper nodes with one
batched, portable statement, so Cypher and the app can sort by them::

    MATCH (p:Paper) RETURN p.title, p.pagerank ORDER BY p.pagerank DESC LIMIT 10

>>> from graph.model.records import GraphRecords, Paper, Cites
>>> r = GraphRecords(papers={k: Paper(id=k, title=k, in_catalog=True) for k in "abc"})
>>> r.add_edge(Cites("a", "c")); r.add_edge(Cites("b", "c"))
>>> result = compute_analytics(r, seed=1)
>>> result.scores["c"]["catalog_citations"], result.scores["c"]["cluster"]
(2, 0)
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.analytics import centrality
from graph.analytics import clusters as clus
from graph.analytics import gaps as gap
from graph.analytics import phenomena as phen
from graph.analytics.backend import resolve_backend
from graph.analytics.bursts import year_totals
from graph.analytics.cluster_quality import INSIDE_CITATIONS, cluster_key_papers, inside_citation_ranking
from graph.analytics.networks import DEFAULT_CONFIDENCE, build_citation_graph
from graph.analytics.paper_arrays import node_attribute, paper_arrays
from graph.errors import StoreError
from graph.model.graph_model import GraphModel
from graph.model.records import GraphRecords
from graph.store import cypher

__all__ = ["AnalyticsResult", "ANALYTICS_STEPS", "EARLY_SCORES", "compute_analytics", "stored_analytics", "write_analytics",
           "write_scores",
           "SCORE_FIELDS"]

SCORE_FIELDS = ("pagerank", "betweenness", "catalog_citations", "citations", "cluster", "cluster_label")


@dataclass
class AnalyticsResult:
    analysed: Any                            # the citation graph analysed: nx.DiGraph, or PaperArrays (see graph)
    scores: dict[str, dict[str, Any]]        # {paper: {pagerank, betweenness, catalog_citations, …}}
    clusters: list[set]                      # largest first; index = cluster number
    cluster_labels: dict[int, list[str]]
    cluster_top_papers: dict[int, list[str]]
    cluster_phenomena: dict[int, dict[str, int]]
    phenomenon_map: list[dict]
    timelines: dict[str, dict]
    gaps: list[dict]
    seed: int | None = 42
    timings: dict[str, float] = field(default_factory=dict)
    model: GraphModel | None = None          # the graph model analysed (None when given a bare citation graph)
    top_measure: str = "PageRank"            # what cluster_top_papers ranks by (never a constant)
    confidence: tuple = DEFAULT_CONFIDENCE   # the tag confidences the phenomenon analytics counted

    @property
    def graph(self) -> nx.DiGraph:
        """The citation graph analysed, as NetworkX; after the array path (large graphs) it is built
        from the model on first use (exports and reports ask for it, ``phenomena analyze`` does not)."""
        if isinstance(self.analysed, nx.DiGraph):
            return self.analysed
        return self.model.citation_graph(self.confidence)

    def label(self, cluster: int) -> str:
        return ", ".join(self.cluster_labels.get(cluster, [])[:3])

    def summary(self) -> dict[str, Any]:
        return {"papers": self.analysed.number_of_nodes(), "citations": self.analysed.number_of_edges(),
                "clusters": len(self.clusters), "gaps": len(self.gaps), "seed": self.seed,
                "seconds": round(sum(self.timings.values()), 3)}


# The scores known before the clusters: ``scores_ready`` gets them while a large graph is clustered.
EARLY_SCORES = ("pagerank", "betweenness", "catalog_citations")
# The timed steps of compute_analytics, in order (a progress bar's total).
ANALYTICS_STEPS = ("build_graph", "citation_counts", "catalog_citations", "pagerank", "betweenness", "clusters",
                   "labels", "phenomenon_map", "timelines", "gaps")


def compute_analytics(records: GraphRecords | GraphModel | nx.DiGraph, *, seed: int | None = 42, backend: str = "auto",
                      method: str = "auto", resolution: float = 1.0, gap_top: int = 50,
                      min_cluster_size: int = 2, confidence=DEFAULT_CONFIDENCE, progress=None,
                      scores_ready=None) -> AnalyticsResult:
    """Centrality, clusters with labels, phenomenon analytics and gaps, in one pass.

    ``records`` may also be a :class:`~graph.model.graph_model.GraphModel` or a ready citation graph.  From
    :data:`graph.analytics.backend.IGRAPH_MIN_NODES` papers on (``backend`` igraph or auto) the records are analysed as
    arrays (:func:`graph.analytics.paper_arrays.paper_arrays`: same numbers, no NetworkX graph); a NetworkX graph
    is the reference path for small graphs and tests.  Clusters smaller than
    ``min_cluster_size`` are kept (every paper has a cluster) but get no label.  ``confidence``:
    the tag confidences the phenomenon analytics count (strong and medium by default).
    ``progress(step)`` is called as each of :data:`ANALYTICS_STEPS` ends (e.g. to move a progress bar).

    A large graph (:func:`graph.analytics.clusters.start_clusters`) is clustered on a second core while
    PageRank and betweenness run here; ``scores_ready(columns)`` is then called with
    :data:`EARLY_SCORES` (``{name: {paper: value}}``) before the clustering is waited for, so the caller
    can write them back meanwhile (``phenomena analyze`` does; the numbers are the same either way).
    """
    timings: dict[str, float] = {}

    def timed(name, fn, *args, **kwargs):
        t0 = time.perf_counter()
        value = fn(*args, **kwargs)
        timings[name] = time.perf_counter() - t0
        if progress is not None:
            progress(name)
        return value

    model = None
    if not isinstance(records, nx.DiGraph):
        model = records if isinstance(records, GraphModel) else GraphModel.from_records(records)
    if model is None:
        G = records
    elif resolve_backend(backend, len(model.papers)) == "igraph":
        G = timed("build_graph", paper_arrays, model, confidence)
    else:
        G = timed("build_graph", build_citation_graph, model, confidence)
    background = clus.start_clusters(G, seed=seed, backend=backend, method=method, resolution=resolution)
    try:
        citations = timed("citation_counts", centrality.citation_counts, G)
        catalog = timed("catalog_citations", centrality.catalog_citation_counts, G)
        pagerank = timed("pagerank", centrality.compute_pagerank, G, backend=backend)
        betweenness = timed("betweenness", centrality.compute_betweenness, G, seed=seed, backend=backend)
        early: dict[str, Any] = {}  # what needs no clusters, computed while the other core clusters
        if background is None:
            parts = timed("clusters", clus.compute_clusters, G, seed=seed, backend=backend, method=method,
                          resolution=resolution)
        else:  # "clusters" is then what is left to wait for
            if scores_ready is not None:  # timed, no progress step: the bar counts ANALYTICS_STEPS
                t0 = time.perf_counter()
                scores_ready(dict(zip(EARLY_SCORES, (pagerank, betweenness, catalog))))
                timings["early_write"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            early = {"terms": clus.paper_label_terms(G), "phenomenon_map": phen.phenomenon_map(G),
                     "gaps": gap.find_catalog_gaps(G, top=gap_top)}
            timings["early_derive"] = time.perf_counter() - t0
            parts = timed("clusters", background)
    except BaseException:  # an error or Ctrl-C here: the child process is stopped, not left running
        if background is not None:
            background.cancel()
        raise
    big = [c for c in parts if len(c) >= min_cluster_size]
    labels = timed("labels", clus.label_clusters, G, big, terms=early.get("terms"))
    return _derive(G, model, timed, citations=citations, catalog=catalog, pagerank=pagerank, betweenness=betweenness,
                   parts=parts, labels=labels, seed=seed, gap_top=gap_top, confidence=confidence, timings=timings,
                   early=early)


def _derive(G, model, timed, *, citations, catalog, pagerank, betweenness, parts, labels, seed, gap_top,
            confidence, timings, early=None) -> AnalyticsResult:
    """What follows deterministically from the scores and the partition: key papers, phenomena, timelines, gaps."""
    if isinstance(G, nx.DiGraph) and len(G) <= clus.SIMILARITY_MAX_NODES:  # centrality inside each cluster
        top_measure, top = cluster_key_papers(G, parts, pagerank)
    elif (ranked := inside_citation_ranking(G, parts, pagerank)) is not None:  # array path, as above
        top_measure, top = INSIDE_CITATIONS, ranked
    else:  # the array path of large graphs without citations inside clusters: knowledge links
        top_measure, top_scores = centrality.ranking_measure(G, pagerank)
        top = clus.cluster_top_papers(parts, top_scores)
    covered = clus.cluster_phenomena(G, parts)
    index = clus.cluster_index(parts)
    early = early or {}
    # a step computed early is still timed (~0 s) and counted: a progress bar ends full
    pmap = timed("phenomenon_map", early.get, "phenomenon_map") if "phenomenon_map" in early \
        else timed("phenomenon_map", phen.phenomenon_map, G)
    totals = year_totals(G)
    years = dict(node_attribute(G, "year"))
    timelines = timed("timelines", lambda: {p: phen.phenomenon_timeline(G, p, index, totals=totals, members=members,
                                                                        years=years)
                                            for p, members in phen.phenomenon_papers(G).items()})
    gaps = timed("gaps", early.get, "gaps") if "gaps" in early else timed("gaps", gap.find_catalog_gaps, G, top=gap_top)
    scores = {}
    label_of = {c: ", ".join(terms[:3]) or None for c, terms in labels.items()}  # once per cluster, not per paper
    for v in G:
        c = index[v]
        scores[v] = {"pagerank": pagerank.get(v), "betweenness": betweenness.get(v),
                     "catalog_citations": catalog[v], "citations": citations[v], "cluster": c,
                     "cluster_label": label_of.get(c)}
    return AnalyticsResult(G, scores, parts, labels, top, covered, pmap, timelines, gaps, seed, timings, model,
                           top_measure, tuple(confidence))


def stored_analytics(model: GraphModel, stored: dict[str, dict[str, Any]], *, seed: int | None,
                     backend: str = "auto", gap_top: int = 50, confidence=DEFAULT_CONFIDENCE) -> AnalyticsResult:
    """The analysis ``phenomena analyze`` (or the build) stored, as an :class:`AnalyticsResult`: the same
    clusters (numbers, members, labels), PageRank and betweenness the app reads off the papers, never
    recomputed; what follows from them without chance (key papers, phenomena, timelines, gaps) is derived.

    ``stored``: :func:`graph.export.registry.stored_scores`-shaped ``{paper: {pagerank, betweenness,
    cluster, cluster_label, …}}``; ``seed``: the one the analysis was made with (reports name it).

    >>> from graph.model.records import GraphRecords, Paper, Cites
    >>> r = GraphRecords(papers={k: Paper(id=k, title=k) for k in "abc"}); r.add_edge(Cites("a", "c"))
    >>> kept = {k: {"pagerank": 0.3, "betweenness": 0.0, "cluster": int(k == "b"), "cluster_label": None}
    ...         for k in "abc"}
    >>> result = stored_analytics(GraphModel.from_records(r), kept, seed=7)
    >>> [sorted(c) for c in result.clusters], result.seed, result.scores["c"]["citations"]
    ([['a', 'c'], ['b']], 7, 1)
    """
    timings: dict[str, float] = {}
    timed = lambda name, fn, *args, **kwargs: fn(*args, **kwargs)  # noqa: E731
    build = paper_arrays if resolve_backend(backend, len(model.papers)) == "igraph" else build_citation_graph
    G = build(model, confidence)
    members: dict[int, set] = {}
    for v, s in stored.items():
        members.setdefault(int(s["cluster"]), set()).add(v)
    parts = [members.get(i, set()) for i in range(max(members, default=-1) + 1)]
    labels = {int(s["cluster"]): [t.strip() for t in s["cluster_label"].split(",")]
              for s in stored.values() if s.get("cluster_label")}
    computed = clus.label_clusters(G, [c for c in parts if len(c) >= 2]) if len(parts) else {}
    for i, terms in computed.items():  # the full term list where it agrees with the stored label
        if ", ".join(terms[:3]) == ", ".join(labels.get(i, [])):
            labels[i] = terms
    pagerank = {v: s["pagerank"] for v, s in stored.items()}
    betweenness = {v: s["betweenness"] for v, s in stored.items()}
    return _derive(G, model, timed, citations=centrality.citation_counts(G),
                   catalog=centrality.catalog_citation_counts(G), pagerank=pagerank, betweenness=betweenness,
                   parts=parts, labels=labels, seed=seed, gap_top=gap_top, confidence=confidence, timings=timings)


def write_analytics(store, result: AnalyticsResult, *, batch_size: int | None = None, written=()) -> int:
    """Write per-paper scores onto Paper nodes; returns the number of rows sent.

    ``written``: score names :func:`write_scores` already stored for this result (left out here).

    The scores go as columns (:meth:`~graph.store.base.GraphStore.set_properties`: LOAD FROM on
    LadybugDB, batched ``UNWIND`` on Neo4j; ``batch_size`` rows a batch, default the store's).
    Papers not in the store (keys seen only in the analysed graph) are skipped
    by the ``MATCH``.  A summary is kept as build metadata ``analytics``.
    """
    ids = list(result.scores)
    values = list(result.scores.values())
    names = [name for name in _SCORE_TYPES if name not in written]
    _set_scores(store, _score_table(ids, {name: [s[name] for s in values] for name in names}), batch_size)
    store.query(cypher.meta_upsert(), {"rows": [
        {"id": "analytics", "value": json.dumps(result.summary(), sort_keys=True)}]}, write=True)
    return len(ids)


def write_scores(store, columns: dict[str, dict], *, batch_size: int | None = None) -> list[str]:
    """Store some score columns (``{name: {paper: value}}``, names of :data:`SCORE_FIELDS`) on the Paper
    nodes before the rest is known (``compute_analytics``' ``scores_ready``); returns the names written,
    for :func:`write_analytics`' ``written``."""
    if not columns:
        return []
    ids = list(next(iter(columns.values())))
    _set_scores(store, _score_table(ids, {name: [values.get(v) for v in ids] for name, values in columns.items()}),
                batch_size)
    return list(columns)


def _set_scores(store, table, batch_size: int | None) -> None:
    try:
        store.set_properties("Paper", table, **({"batch_size": batch_size} if batch_size else {}))
    except StoreError as err:
        if "pagerank" in str(err) or "cluster" in str(err):
            raise StoreError("this graph was built before analytics existed: run `phenomena build` "
                             "again, then `phenomena analyze`") from err
        raise


_SCORE_TYPES = {"pagerank": "float64", "betweenness": "float64", "catalog_citations": "int64", "cluster": "int64",
                "cluster_label": "string"}


def _score_table(ids: list, columns: dict[str, list]):
    import pyarrow as pa

    return pa.table({"id": pa.array(ids, pa.string()),
                     **{name: pa.array(values, getattr(pa, _SCORE_TYPES[name])()) for name, values in columns.items()}})
