"""The network exports (CSV, GraphML, GEXF) against pyarrow's floor, on the scale benchmark's graph.

    python benchmarks/bench_exports.py                   # 5k and 50k papers
    python benchmarks/bench_exports.py --papers 500000   # 50k and 500k (minutes; 2 cores)

At each size the graph of :func:`bench_scale.synthetic_graph` is written to an embedded store
(``write_tables``).  The floor, measured in the same run: every node and edge table read from
that store (``read_nodes``/``read_edges``, every property) and written by ``pyarrow.csv.write_csv``.
Ours: the tables read straight from the store (:func:`graph.export.store_columns.store_columns`: node and
edge columns, keywords, citations, no graph model) and each file written (:mod:`graph.export.column_writers`);
a format's figure is columns + its writer.  For comparison, the model path the exports took before (the
model read by ``load_graph_model``, then :func:`graph.export.network_columns.model_columns`).  The offline
similarity edges are left out (``bench_similarity.py`` times them).  Prints each figure, its ratio to
the floor, and the growth exponent from a tenth of the size (1.00: linear).  Targets (issue 27): CSV <= 2x the floor, GraphML <= 3x.  CPU seconds are printed beside
the wall-clock ones: on a shared machine (load average above the cores) they are the fairer ratio.
"""
from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.csv as pacsv  # noqa: E402
from bench_scale import FULL, load_tables, save_graph, synthetic_graph  # noqa: E402

from app.pipeline.analytics import analyze  # noqa: E402
from graph.export.column_writers import write_csv_columns, write_gexf_columns, write_graphml_columns  # noqa: E402
from graph.export.network_columns import model_columns  # noqa: E402
from graph.export.registry import stored_scores  # noqa: E402
from graph.export.store_columns import store_columns  # noqa: E402
from graph.model import schema  # noqa: E402
from graph.model.read import load_graph_model  # noqa: E402
from graph.store.embedded.store import EmbeddedStore  # noqa: E402

TARGETS = {"csv": 2.0, "graphml": 3.0}


def floor(store, out: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to read every table of the store and write each with pyarrow's CSV writer."""
    t0, c0 = time.perf_counter(), time.process_time()
    for label, props in schema.NODE_LABELS.items():
        pacsv.write_csv(_flat(store.read_nodes(label, list(props))), out / f"floor-{label}.csv")
    for rel, (_, _, props) in schema.REL_TYPES.items():
        pacsv.write_csv(_flat(store.read_edges(rel, list(props))), out / f"floor-{rel}.csv")
    return time.perf_counter() - t0, time.process_time() - c0


def _flat(table):
    """List columns joined by "; " (the CSV writer takes no lists)."""
    return pa.table([pc.binary_join(c, "; ") if pa.types.is_list(c.type) else c for c in table.columns],
                    names=table.column_names)


def analyse(path: Path) -> None:
    """Scores on every paper (the exports read the stored ones, as ``phenomena export`` does after
    ``phenomena analyze``)."""
    with EmbeddedStore(path, read_only=False) as store:
        analyze(store, seed=42)


def measure(papers: int, seed: int, work: Path) -> dict:
    """Seconds of the floor and of each of our steps at ``papers``."""
    data, out = work / f"data-{papers}", work / f"out-{papers}"
    out.mkdir(parents=True)
    save_graph(synthetic_graph(papers / FULL["papers"], seed), data)
    with EmbeddedStore(work / f"g-{papers}.lbug", read_only=False) as store:
        store.write_tables(load_tables(data), meta={"synthetic": True})
    analyse(work / f"g-{papers}.lbug")
    with EmbeddedStore(work / f"g-{papers}.lbug", read_only=True) as store:
        base, base_cpu = floor(store, out)
        t0 = time.perf_counter()
        model = load_graph_model(store, cache=False)
        model_columns(model, scores=stored_scores(model))
        model_path = time.perf_counter() - t0
        del model
        t0, c0 = time.perf_counter(), time.process_time()
        nodes, edges = store_columns(store)
        read, read_cpu = time.perf_counter() - t0, time.process_time() - c0
    writes, cpus = {}, {}
    for name, write in (("csv", lambda: write_csv_columns(nodes, edges, out)),
                        ("graphml", lambda: write_graphml_columns(nodes, edges, out / "knowledge.graphml")),
                        ("gexf", lambda: write_gexf_columns(nodes, edges, out / "knowledge.gexf"))):
        t0, c0 = time.perf_counter(), time.process_time()
        write()
        writes[name], cpus[name] = time.perf_counter() - t0, time.process_time() - c0
    return {"papers": papers, "rows": nodes.num_rows + edges.num_rows, "floor": base, "read": read,
            "model_path": model_path,
            "floor_cpu": base_cpu, **{f"{f}_cpu": read_cpu + c for f, c in cpus.items()},
            **{f: read + s for f, s in writes.items()},
            **{f"{f}_write": s for f, s in writes.items()},
            "mb": {f: sum(p.stat().st_size for p in out.glob(g)) / 2**20
                   for f, g in (("csv", "*s.csv"), ("graphml", "*.graphml"), ("gexf", "*.gexf"))}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, default=50_000, help="the large size (a tenth of it is run too)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} at the start (2 cores: above 2, other work shares them)")
    work = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    try:
        rows = [measure(max(1000, args.papers // 10), args.seed, work), measure(args.papers, args.seed, work)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for r in rows:
        print(f"{r['papers']:>8,} papers ({r['rows']:,} nodes and edges): floor (store read + pyarrow write_csv) "
              f"{r['floor']:.2f} s; columns from the store {r['read']:.2f} s (the model path before: model read "
              f"and columns {r['model_path']:.2f} s, {r['model_path'] / r['floor']:.2f}x the floor)")
        for f in ("csv", "graphml", "gexf"):
            target = TARGETS.get(f)
            ratio = r[f] / r["floor"]
            verdict = "" if target is None else f" (target <= {target:g}x: {'ok' if ratio <= target else 'MISSED'})"
            print(f"  {f:8s} {r[f]:7.2f} s (writer {r[f + '_write']:.2f} s, {r['mb'][f]:.0f} MB), "
                  f"{ratio:.2f}x the floor{verdict}; CPU {r[f + '_cpu']:.2f} s against the floor's "
                  f"{r['floor_cpu']:.2f} s: {r[f + '_cpu'] / r['floor_cpu']:.2f}x")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    small, large = rows
    grow = math.log(large["papers"] / small["papers"])
    print("growth exponent " + ", ".join(f"{f} {math.log(large[f] / small[f]) / grow:.2f}"
                                         for f in ("floor", "csv", "graphml", "gexf")) + " (1.00 = linear)")


if __name__ == "__main__":
    main()
