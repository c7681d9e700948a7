"""The ``neo4j`` step of ``bench_scale.py`` (run by it, in a child process of its own).

records -> a fresh Neo4j database as ``phenomena build`` writes it on the launcher's server
(``store.write``: the offline importer, then the server restarted, constraints and metadata)
with rows/s and the seconds of each phase (``split_*_s``), against its anchor: the bare
``neo4j-admin database import full`` of the same CSV files into a new folder (``anchor_import_s``,
the faster of a run before and one after the project's write); then the three saved reads (plan verdicts cached, as the store runs them, and planned
and checked on every run: the ratio is the ``EXPLAIN`` round trip), and the analytics
projection read in keyset pages against the whole graph model.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path


def step_neo4j(size_dir: Path, seed: int, heap: str, scale: float, **_) -> dict:
    """Load, reads and projection at ``size_dir`` (see the module text); figures as a dict."""
    import neo4j
    from bench_scale import _rss_mb, _time_reads, load_graph
    from bench_store_load import free_port

    from graph.model.columnar import bulk_tables
    from graph.model.read import load_analytics_model, load_graph_model
    from graph.store.neo4j.offline_import import run_importer, write_import_files
    from graph.store.neo4j.server import LocalServer, read_password, server_status, start_server, stop_server
    from graph.store.neo4j.store import Neo4jStore
    from graph.store.plan import PassedPlans

    records = load_graph(size_dir / "data")
    rows = sum(records.counts().values())
    data = Path(tempfile.mkdtemp(prefix="bench-scale-neo4j-", dir=size_dir))
    # the store is ~9 KB per paper on disk (50k papers: 450 MB): a page cache that holds it
    pagecache = os.environ.get("BENCH_NEO4J_PAGECACHE") or ("1g" if scale <= 0.1 else "4g")
    info = start_server(data, free_port(), heap=heap, timeout=300, pagecache=pagecache)
    driver = neo4j.GraphDatabase.driver(info.uri, auth=("neo4j", read_password(data.parent)),
                                        notifications_min_severity="OFF")
    out: dict = {"pagecache": pagecache}
    try:
        store = Neo4jStore(driver, local_server=LocalServer(data))
        store.ensure_schema()
        # the anchor before and after the project's write, the faster counts: on a shared machine
        # one sample of either can be twice the other at the same load figure
        anchors = [_bare_import(size_dir, bulk_tables(records), write_import_files, run_importer)]
        t0 = time.perf_counter()
        store.write(records, meta={"synthetic": True})
        out["seconds"] = time.perf_counter() - t0
        out["write_path"] = store.write_path
        for phase, seconds in store.write_split.items():  # where the importer path's time goes
            out[f"split_{phase}_s"] = seconds
        out["rows_per_s"] = rows / out["seconds"]
        assert store.counts()["CITES"] == len(records.cites), "Neo4j lost citations"
        info = server_status(data)  # started again by the import
        anchors.append(_bare_import(size_dir, bulk_tables(records), write_import_files, run_importer))
        out["anchor_import_s"], out["anchor_import_samples_s"] = min(anchors), anchors
        del records
        _time_reads(store, seed)  # warm the server's JIT and page cache on the same reads
        unchecked_plans = PassedPlans(size=0)  # every read planned and checked again
        cached_plans, store._passed = store._passed, unchecked_plans
        unchecked = _time_reads(store, seed)
        store._passed = cached_plans
        reads = _time_reads(store, seed)
        out["p95_ms"] = max(p95 for _, p95 in reads.values())
        out["p95_ms_plan_every_read"] = max(p95 for _, p95 in unchecked.values())
        for name, (p50, p95) in reads.items():
            out[f"p50_{name}"], out[f"p95_{name}"] = round(p50, 1), round(p95, 1)
            out[f"p95_{name}_plan_every_read"] = round(unchecked[name][1], 1)
        t0 = time.perf_counter()
        model = load_analytics_model(store)
        out["analytics_projection_s"] = time.perf_counter() - t0
        del model
        t0 = time.perf_counter()
        load_graph_model(store, cache=False)
        out["whole_model_s"] = time.perf_counter() - t0
        out["server_rss_mb"] = _rss_mb(info.pid)
    finally:
        driver.close()
        stop_server(data)
        shutil.rmtree(data, ignore_errors=True)
    return out


def _bare_import(size_dir: Path, tables: dict, write_files, run_importer) -> float:
    """Seconds of the bare importer on the same CSV files (written beforehand, untimed) into a new folder."""
    home = Path(tempfile.mkdtemp(prefix="bench-scale-import-", dir=size_dir))
    try:
        files = write_files(tables, home / "import" / "atlas-bulk", [])
        t0 = time.perf_counter()
        run_importer(home, "neo4j", files)
        return time.perf_counter() - t0
    finally:
        shutil.rmtree(home, ignore_errors=True)
