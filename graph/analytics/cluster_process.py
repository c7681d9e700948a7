"""Community detection on a second core: the citation clustering of a large graph in a child process.

igraph holds the GIL through ``community_leiden``/``community_multilevel`` (a thread gains nothing),
and on a large graph they are the longest analytics step (Leiden ~9-11 s at 500k papers on this
2-core machine).  :func:`start_membership` hands the citation arrays to ``python -m
graph.analytics.cluster_process`` and returns at once, so PageRank, betweenness and the first
write-back run meanwhile; :meth:`MembershipJob.result` collects the membership.

The child builds the very graph the in-process path clusters (the directed citation graph from
the same arrays, collapsed to undirected in C) and seeds igraph's RNG the same way
(:func:`graph.analytics.backend.igraph_seed`), so the membership is the same, vertex for vertex
(a test compares both).  A child that fails, or is killed, gives ``None``: the caller clusters in
process then, with the same answer, only later.

Only the unweighted case runs here: above :data:`graph.analytics.clusters.SIMILARITY_MAX_NODES`
papers the cluster graph is direct citations alone, one weight everywhere.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from graph.analytics.backend import igraph_seed

__all__ = ["MembershipJob", "start_membership", "cluster_in_process", "PARALLEL_MIN_NODES"]

# Below this many papers clustering takes about as long as starting the child (~0.5 s of imports).
PARALLEL_MIN_NODES = 100_000
_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the graph package


def cluster_in_process(n: int, src: np.ndarray, dst: np.ndarray, *, method: str, iterations: int,
                       resolution: float, seed: int | None) -> tuple[list[int], int]:
    """``(membership, undirected edges)``: the cluster graph of the citation arrays (undirected, each
    linked pair once, one weight), clustered by igraph's ``method`` (``'louvain'`` or ``'leiden'``)."""
    import igraph as ig

    edges = list(zip(src.tolist(), dst.tolist()))  # tuples build igraph fastest (as backend.to_igraph)
    H = ig.Graph(n=n, edges=edges, directed=True).as_undirected(mode="collapse")
    with igraph_seed(seed):
        if method == "louvain":
            membership = H.community_multilevel(resolution=resolution).membership
        else:
            membership = H.community_leiden(objective_function="modularity", resolution=resolution,
                                            n_iterations=iterations).membership
    return membership, H.ecount()


class MembershipJob:
    """A clustering running in a child process (see :func:`start_membership`)."""

    def __init__(self, proc: subprocess.Popen, folder: tempfile.TemporaryDirectory):
        self._proc, self._folder = proc, folder

    def result(self, timeout: float | None = None) -> tuple[list[int], int] | None:
        """``(membership, undirected edges)``, or None when the child failed (the caller clusters in process)."""
        try:
            self._proc.wait(timeout=timeout)
            out = Path(self._folder.name) / "membership.npy"
            if self._proc.returncode != 0 or not out.exists():
                return None
            meta = json.loads((Path(self._folder.name) / "done.json").read_text())
            return np.load(out).tolist(), int(meta["edges"])
        except (subprocess.TimeoutExpired, OSError, ValueError, KeyError):
            return None
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the child (if it still runs) and remove its files."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._folder.cleanup()


def start_membership(n: int, src: np.ndarray, dst: np.ndarray, *, method: str, iterations: int,
                     resolution: float, seed: int | None) -> MembershipJob | None:
    """Start :func:`cluster_in_process` in a child process; None on a one-core machine or when the
    child cannot be started (the caller clusters in process)."""
    if (os.cpu_count() or 1) < 2:
        return None
    folder = tempfile.TemporaryDirectory(prefix="atlas-clusters-")
    work = Path(folder.name)
    np.save(work / "src.npy", np.asarray(src, dtype=np.int32))
    np.save(work / "dst.npy", np.asarray(dst, dtype=np.int32))
    (work / "job.json").write_text(json.dumps({"n": n, "method": method, "iterations": iterations,
                                               "resolution": resolution, "seed": seed}))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        proc = subprocess.Popen([sys.executable, "-m", "graph.analytics.cluster_process", str(work)], env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
    except OSError:
        folder.cleanup()
        return None
    return MembershipJob(proc, folder)


def _main(folder: str) -> None:
    work = Path(folder)
    job = json.loads((work / "job.json").read_text())
    seed = job.pop("seed")
    membership, edges = cluster_in_process(job.pop("n"), np.load(work / "src.npy"), np.load(work / "dst.npy"),
                                           seed=seed, **job)
    np.save(work / "membership.npy", np.asarray(membership, dtype=np.int64))
    (work / "done.json").write_text(json.dumps({"edges": edges}))


if __name__ == "__main__":
    _main(sys.argv[1])
