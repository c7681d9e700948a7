"""Clustering a large graph on a second core gives the clusters the in-process path gives (issue 27, point 3).

The child process (``python -m graph.analytics.cluster_process``) runs for real here; a child that
fails is made up for in process, with the same answer; ``phenomena analyze`` writes the early scores
while the child works and stores what the sequential path stores.
"""
import os
from pathlib import Path

import numpy as np
import pytest

from app.pipeline.analytics import analyze
from benchmarks.bench_analytics import synthetic_records
from graph.analytics import cluster_process
from graph.analytics.analyze import compute_analytics
from graph.analytics.centrality import compute_pagerank
from graph.analytics.cluster_process import cluster_in_process, start_membership
from graph.analytics.clusters import compute_clusters, start_clusters
from graph.analytics.paper_arrays import paper_arrays
from graph.export.registry import stored_scores
from graph.model.graph_model import GraphModel
from graph.model.read import load_graph_model
from graph.store.embedded.store import EmbeddedStore

PAPERS = 21_000  # just above SIMILARITY_MAX_NODES: the cluster graph is direct citations alone


@pytest.fixture(scope="module")
def records():
    return synthetic_records(PAPERS, 90_000, topics=15, seed=11)[0]


@pytest.mark.parametrize("method,iterations", [("louvain", -1), ("leiden", 2)])
def test_the_child_finds_the_membership_the_parent_finds(method, iterations):
    rng = np.random.default_rng(4)
    n = 5000
    src, dst = rng.integers(0, n, 40_000).astype(np.int32), rng.integers(0, n, 40_000).astype(np.int32)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    job = start_membership(n, src, dst, method=method, iterations=iterations, resolution=1.0, seed=9)
    assert job is not None
    child = job.result(timeout=120)
    here = cluster_in_process(n, src, dst, method=method, iterations=iterations, resolution=1.0, seed=9)
    assert child == here and len(set(here[0])) > 3


def test_clusters_started_on_the_other_core_equal_the_in_process_clusters(records):
    g = paper_arrays(GraphModel.from_records(records))
    compute_pagerank(g, backend="igraph")  # as compute_analytics: the in-process path collapses this graph
    collect = start_clusters(g, seed=3, min_nodes=0)
    assert collect is not None
    assert collect() == compute_clusters(g, seed=3) and len(compute_clusters(g, seed=3)) > 5


def test_a_failing_child_is_made_up_for_in_process(records, monkeypatch):
    g = paper_arrays(GraphModel.from_records(records))
    compute_pagerank(g, backend="igraph")
    monkeypatch.setattr(cluster_process.sys, "executable", "/bin/false")  # the child starts and exits 1
    job = start_membership(4, np.array([0, 1], np.int32), np.array([1, 2], np.int32), method="louvain",
                           iterations=-1, resolution=1.0, seed=1)
    assert job is not None and job.result(timeout=60) is None
    collect = start_clusters(g, seed=3, min_nodes=0)
    assert collect() == compute_clusters(g, seed=3)


def test_analyze_writes_the_early_scores_while_clustering_and_stores_the_same(records, tmp_path, monkeypatch):
    stored, results = {}, {}
    for name, threshold in (("sequential", 10**9), ("parallel", 0)):
        monkeypatch.setattr(cluster_process, "PARALLEL_MIN_NODES", threshold)
        with EmbeddedStore(tmp_path / f"{name}.lbug", read_only=False) as store:
            store.write(records)
            results[name] = analyze(store, seed=5)
            assert ("early_write" in results[name].timings) == (name == "parallel")
            stored[name] = stored_scores(load_graph_model(store))
    assert stored["parallel"] == stored["sequential"]
    a, b = results["parallel"], results["sequential"]  # what is derived early is what is derived after
    assert (a.clusters, a.cluster_labels, a.cluster_top_papers, a.cluster_phenomena, a.phenomenon_map, a.timelines,
            a.gaps) == (b.clusters, b.cluster_labels, b.cluster_top_papers, b.cluster_phenomena, b.phenomenon_map,
                        b.timelines, b.gaps)
    assert any(a.cluster_labels.values()) and a.gaps
    assert len(stored["parallel"]) == PAPERS and {s["cluster"] for s in stored["parallel"].values()} != {0}


def _cluster_children() -> list[int]:
    """Our child processes running the clustering (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if int(stat[1]) == os.getpid() and stat[0] != "Z" and b"graph.analytics.cluster_process" in cmdline:
            found.append(int(entry.name))
    return found


def test_an_error_while_the_child_clusters_stops_the_child(records, monkeypatch):
    monkeypatch.setattr(cluster_process, "PARALLEL_MIN_NODES", 0)
    seen = []

    def store_gone(columns):
        seen.append(_cluster_children())
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError, match="went away"):
        compute_analytics(GraphModel.from_records(records), seed=1, scores_ready=store_gone)
    assert seen and seen[0], "the clustering child was running when the error came"
    assert _cluster_children() == []
