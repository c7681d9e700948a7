"""Scale benchmark: a two-hop neighbourhood (500k papers, 5M citations) on one machine.

    python benchmarks/bench_scale.py               # 50k and 500k papers (the full run: ~15 min on 2 cores)
    python benchmarks/bench_scale.py --scale 0.1   # 5k and 50k papers (a quick run)
    python benchmarks/bench_scale.py --skip-neo4j --steps embedded_fresh,analytics
    python benchmarks/bench_scale.py --scale 0.1 --skip-neo4j --steps embedded_fresh,analytics --repeat 3

At full scale the synthetic graph has 500k papers, 5M citations, 20k
keywords, 1M keyword links and 1M authorships (papers in time order citing
earlier ones mostly within their planted topic, by preferential attachment:
the generator of ``bench_analytics.py``).  Every step runs in its own child
process, so its peak RSS is its own, and is measured at ``--scale`` and at a
tenth of it; the growth exponent ``log(v1/v0) / log(10)`` of every figure is
printed (1.0: linear in the graph's size).  Steps:

* ``embedded_fresh``  records -> a new embedded store (``store.write``, COPY path); ``tables_s``: the same
                      graph from its Parquet tables (``store.write_tables``, the columnar bulk path)
* ``embedded_rebuild`` the same records written again over it (``prune=True``)
* ``analytics``       the ``phenomena analyze`` path on the embedded store (read, compute, write back; ``t_read``,
                      each step's ``t_…`` and ``t_write``: seconds), then its anchor (``--repeat``: medians)
* ``exports``         ``phenomena export --format graphml --format csv`` (after ``analytics`` it reads the
                      stored scores back instead of recomputing them; with the text-similarity edges up to 100k
                      papers), then CSV, GraphML and GEXF each from the store's columns (no similarity edges),
                      against the floor: the same store's tables read and written by pyarrow's CSV writer
                      (the two in turn, twice; each figure the best of its two)
* ``overview``        the Graph page's overview (clusters and phenomena as super-nodes): its queries and drawing
* ``overview_page``   the same page as a user gets it: a fresh ``phenomena app`` on the store, headless chromium,
                      from opening /graph to the drawing being ready (cold caches: the first render)
* ``reads_embedded``  p95 of three saved read queries
* ``neo4j``           records -> Neo4j (batched write; a server from the launcher) and the same reads

Targets (issue 17, 2 cores): fresh embedded load <= 60 s, analytics <= 60 s,
each step's peak RSS <= 8 GiB, overview <= 5 s, reads p95 <= 50 ms.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FULL = {"papers": 500_000, "citations": 5_000_000, "keywords": 20_000, "keyword_links": 1_000_000,
        "authorships": 1_000_000, "authors": 300_000}
STEPS = ("embedded_fresh", "embedded_rebuild", "analytics", "exports", "overview", "overview_page", "reads_embedded",
         "neo4j")
GIB = 1024 ** 3
# figure -> (target, unit); a figure without a target is reported only.
TARGETS = {
    "embedded_fresh.seconds": 60, "analytics.seconds": 60, "overview.seconds": 5, "overview_page.seconds": 5,
    "reads_embedded.p95_ms": 50, "neo4j.p95_ms": 50,
}
# (step, project figure, anchor figure, what the anchor is, target ratio or None): issue 27's floors,
# each anchor measured in the same child process right after the project's own figure.
ANCHORS = [
    ("embedded_fresh", "seconds", "anchor_copy_s", "native COPY from Parquet", 1.1),
    ("embedded_fresh", "tables_s", "anchor_copy_s", "native COPY from Parquet", 1.1),
    ("analytics", "seconds", "anchor_igraph_s", "igraph read + compute", 1.3),
    ("analytics", "cpu_s", "anchor_igraph_cpu_s", "igraph read + compute (CPU)", 1.3),
    ("exports", "seconds", "anchor_pyarrow_s", "pyarrow CSV writer", None),
    ("exports", "csv_s", "anchor_pyarrow_s", "pyarrow CSV writer", 2.0),
    ("exports", "csv_cpu_s", "anchor_pyarrow_cpu_s", "pyarrow CSV writer (CPU)", 2.0),
    ("exports", "graphml_s", "anchor_pyarrow_s", "pyarrow CSV writer", 3.0),
    ("exports", "graphml_cpu_s", "anchor_pyarrow_cpu_s", "pyarrow CSV writer (CPU)", 3.0),
    ("exports", "gexf_s", "anchor_pyarrow_s", "pyarrow CSV writer", None),
    ("exports", "gexf_cpu_s", "anchor_pyarrow_cpu_s", "pyarrow CSV writer (CPU)", None),
    ("neo4j", "seconds", "anchor_import_s", "bare neo4j-admin import", 1.5),
]
RSS_TARGET_MB = 8 * 1024
EXPORT_ROUNDS = 2  # the columnar exports and their floor, measured in turn: each figure the best of these


# -- the synthetic graph --------------------------------------------------------------

def synthetic_graph(scale: float, seed: int = 1):
    """GraphRecords at ``scale`` of :data:`FULL` (seeded): topics, citations, keywords, authors, phenomena."""
    from bench_analytics import COMMON, synthetic_records

    from graph.model.records import Author, HasKeyword, Keyword, Phenomenon, Wrote

    n = {k: max(10, int(v * scale)) for k, v in FULL.items()}
    recs, topic_of = synthetic_records(n["papers"], n["citations"], topics=max(40, n["papers"] // 2500), seed=seed)
    rng = random.Random(seed + 7)
    for t in range(10):  # bench_analytics files papers of topics 0-9 under phen:t
        recs.phenomena[f"phen:{t}"] = Phenomenon(f"phen:{t}", f"phenomenon {t}", [f"synonym {t}"])
    for i in range(n["keywords"]):
        recs.keywords[f"kw:k{i}"] = Keyword(f"kw:k{i}", f"keyword {i}")
    for i in range(n["authors"]):
        recs.authors[f"a:{i}"] = Author(f"a:{i}", f"Author {i}", str(i) if i % 2 else None)
    keys = list(recs.papers)
    per_topic = max(1, n["keywords"] // (max(topic_of) + 1))
    while len(recs.has_keyword) < n["keyword_links"]:  # mostly the topic's own keywords, a skewed few
        i = rng.randrange(len(keys))
        k = topic_of[i] * per_topic + min(int(rng.expovariate(1 / 20)), per_topic - 1) \
            if rng.random() < 0.8 else rng.randrange(n["keywords"])
        recs.add_edge(HasKeyword(keys[i], f"kw:k{k % n['keywords']}"))
    position: dict[str, int] = {}
    while len(recs.wrote) < n["authorships"]:  # prolific authors write many papers
        paper = keys[rng.randrange(len(keys))]
        author = f"a:{min(int(rng.paretovariate(1.2)) - 1, n['authors'] - 1)}" if rng.random() < 0.3 \
            else f"a:{rng.randrange(n['authors'])}"
        if (author, paper) not in recs.wrote:
            position[paper] = position.get(paper, -1) + 1
            recs.add_edge(Wrote(author, paper, position[paper], "s2"))
    for i, paper in enumerate(recs.papers.values()):  # what an S2 neighbour carries
        paper.abstract = " ".join(rng.choices(COMMON, k=40)) + f" on {paper.title}"
        paper.citation_count = rng.randint(0, 3000)
        paper.s2_id = f"{i:040x}"
        paper.sources = ["s2"]
        paper.venue = f"Venue {rng.randrange(2000)}"
    return recs


def save_graph(records, folder: Path) -> None:
    """The records as one Parquet file per table (the store's COPY layout)."""
    import pyarrow.parquet as pq

    from graph.store.embedded.store import bulk_tables

    folder.mkdir(parents=True, exist_ok=True)
    for name, (table, _) in bulk_tables(records).items():
        pq.write_table(table, folder / f"{name}.parquet")


def load_tables(folder: Path) -> dict:
    """:func:`save_graph`'s Parquet files as pyarrow tables, by table name."""
    import pyarrow.parquet as pq

    return {p.stem: pq.read_table(p) for p in folder.glob("*.parquet")}


def load_graph(folder: Path):
    """Records back from :func:`save_graph`'s Parquet files."""
    from graph.model.columnar import records_from_tables

    return records_from_tables(load_tables(folder))


# -- steps, each in a child process ----------------------------------------------------

def step_generate(size_dir: Path, scale: float, seed: int, **_) -> dict:
    done = size_dir / "data" / f"counts-{seed}.json"
    if done.exists():  # a --workdir kept from an earlier run with the same scale and seed
        return {"seconds": 0.0, "counts": json.loads(done.read_text())}
    t0 = time.perf_counter()
    records = synthetic_graph(scale, seed)
    save_graph(records, size_dir / "data")
    done.write_text(json.dumps(records.counts()))
    return {"seconds": time.perf_counter() - t0, "counts": records.counts()}


def step_embedded_fresh(size_dir: Path, **_) -> dict:
    from graph.store.embedded.store import EmbeddedStore

    t0 = time.perf_counter()
    records = load_graph(size_dir / "data")
    read = time.perf_counter() - t0
    path = size_dir / "fresh.lbug"
    shutil.rmtree(path, ignore_errors=True)
    path.unlink(missing_ok=True)
    with EmbeddedStore(path, read_only=False) as store:
        t0, c0 = time.perf_counter(), time.process_time()
        store.write(records, meta={"synthetic": True})
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert store.counts()["CITES"] == len(records.cites), "embedded store lost citations"
    del records
    tables = load_tables(size_dir / "data")
    (size_dir / "tables.lbug").unlink(missing_ok=True)
    with EmbeddedStore(size_dir / "tables.lbug", read_only=False) as store:
        t0 = time.perf_counter()
        store.write_tables(tables, meta={"synthetic": True})
        from_tables = time.perf_counter() - t0
    return {"seconds": seconds, "cpu_s": cpu, "tables_s": from_tables, "read_parquet_s": read,
            "anchor_copy_s": copy_anchor(size_dir)}


def copy_anchor(size_dir: Path) -> float:
    """The floor of a fresh load: the engine's own ``COPY … FROM 'x.parquet'`` of the same tables
    (already deduplicated, in the COPY layout) into a new file with the schema; seconds."""
    import ladybug

    from graph.store.embedded.store import schema_ddl

    path = size_dir / "anchor.lbug"
    path.unlink(missing_ok=True)
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for stmt in schema_ddl():
        conn.execute(stmt)
    from graph.model import schema

    t0 = time.perf_counter()
    for name in [*schema.NODE_LABELS, *schema.REL_TYPES]:
        file = size_dir / "data" / f"{name}.parquet"
        if file.exists() and _parquet_rows(file):
            conn.execute(f"COPY {name} FROM '{file}'")
    seconds = time.perf_counter() - t0
    conn.close()
    db.close()
    path.unlink(missing_ok=True)
    return seconds


def _parquet_rows(file: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(file).metadata.num_rows


def step_embedded_rebuild(size_dir: Path, **_) -> dict:
    from graph.store.embedded.store import EmbeddedStore

    records = load_graph(size_dir / "data")
    path = size_dir / "rebuild.lbug"
    _copy_store(size_dir / "fresh.lbug", path)
    with EmbeddedStore(path, read_only=False) as store:
        t0, c0 = time.perf_counter(), time.process_time()
        store.write(records, meta={"synthetic": True}, prune=True)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu_s": cpu}


def _copy_store(src: Path, dst: Path) -> None:
    for suffix in ("", ".wal"):
        target = Path(str(dst) + suffix)
        target.unlink(missing_ok=True)
        if Path(str(src) + suffix).exists():
            shutil.copyfile(str(src) + suffix, target)


def step_analytics(size_dir: Path, repeat: int = 1, **_) -> dict:
    """``phenomena analyze`` (read, compute, write back), then the anchor on the same store: igraph alone.

    With ``repeat`` > 1 the pair runs that many times, project and anchor alternating, and each figure is
    the median of its runs (on a shared machine one run can land in a burst of someone else's load).
    """
    from statistics import median

    from app.pipeline.analytics import analyze
    from graph.store.embedded.store import EmbeddedStore

    warm_imports()
    runs = []
    with EmbeddedStore(size_dir / "fresh.lbug", read_only=False) as store:
        for _ in range(max(1, repeat)):
            t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
            result = analyze(store, seed=42)
            # CPU: this process and the clustering child it waited for (graph.analytics.cluster_process)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0 + _children_cpu() - k0
            t0, c0 = time.perf_counter(), time.process_time()
            anchor = igraph_anchor(store)
            runs.append({"seconds": seconds, "cpu_s": cpu, "anchor_igraph_s": time.perf_counter() - t0,
                         "anchor_igraph_cpu_s": time.process_time() - c0,
                         **{f"t_{k}": v for k, v in result.timings.items()}})
    out = {k: median(run[k] for run in runs) for k in runs[0]}
    return {**{k: round(v, 2) if k.startswith("t_") else v for k, v in out.items()}, "runs": len(runs),
            "clusters": len(result.clusters), "anchor_clusters": anchor}


def _children_cpu() -> float:
    """CPU seconds of the finished child processes this process waited for (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def warm_imports() -> None:
    """Import what both the project and the anchor load on first use (igraph; pandas, which pyarrow
    imports when it first meets Python objects), so neither pays it for the other (~0.6 s)."""
    import importlib
    import importlib.util

    for name in ("igraph", "pandas"):
        if importlib.util.find_spec(name):
            importlib.import_module(name)


def igraph_anchor(store) -> int:
    """The floor of the analytics step: igraph reading the same store's columns (paper keys, citation
    pairs) and computing PageRank, betweenness (as many sampled sources as the project's) and the clustering
    the project runs (Louvain up to 100k papers, else Leiden, on the undirected citations); no write."""
    import igraph as ig
    import numpy as np
    import pyarrow.compute as pc

    from graph.analytics.centrality import EXACT_BETWEENNESS_MAX_NODES, default_samples
    from graph.analytics.clusters import LOUVAIN_MAX_NODES

    ids = store.query_columns("MATCH (p:Paper) RETURN p.id AS id").column("id").combine_chunks()
    # in key order, as the project reads them: the engine's scan order varies between runs, and Louvain's
    # work (not only its answer) depends on the vertex order (unsorted, two runs at 50k gave medians of 1.3 and
    # 2.1 s of CPU and one more cluster than the project)
    ids = ids.take(pc.array_sort_indices(ids))
    cites = store.query_columns("MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.id AS a, b.id AS b")
    src = pc.index_in(cites.column("a"), value_set=ids).to_numpy(zero_copy_only=False)
    dst = pc.index_in(cites.column("b"), value_set=ids).to_numpy(zero_copy_only=False)
    G = ig.Graph(n=len(ids), edges=list(zip(src.tolist(), dst.tolist())), directed=True)
    G.pagerank(directed=True, damping=0.85)
    if len(ids) <= EXACT_BETWEENNESS_MAX_NODES:
        G.betweenness(directed=True)
    else:
        G.betweenness(directed=True, sources=random.Random(42).sample(range(len(ids)),
                                                                      min(len(ids), default_samples(G.ecount()))))
    U = G.as_undirected(mode="collapse")
    ig.set_random_number_generator(random.Random(42))
    if len(ids) <= LOUVAIN_MAX_NODES:
        membership = U.community_multilevel().membership
    else:
        membership = U.community_leiden(objective_function="modularity", n_iterations=2).membership
    return int(np.max(membership)) + 1 if membership else 0


def step_exports(size_dir: Path, **_) -> dict:
    """The command as a user runs it (``seconds``: GraphML and CSV, with the text-similarity edges up to
    100k papers), then each format alone from the store's columns (``csv_s``, ``graphml_s``, ``gexf_s``:
    the columns read once, ``columns_s``, plus that format's writer; no similarity edges), then the floor;
    those two in turn :data:`EXPORT_ROUNDS` times, each figure the best of its rounds (on a shared machine
    one round is often slowed by other work)."""
    from app.pipeline.analytics import export
    from graph.export.network_formats import write_column_formats
    from graph.export.store_columns import store_columns
    from graph.store.embedded.store import EmbeddedStore

    out = size_dir / "export"
    shutil.rmtree(out, ignore_errors=True)
    with EmbeddedStore(size_dir / "fresh.lbug", read_only=True) as store:
        t0, c0 = time.perf_counter(), time.process_time()
        paths = export(store, out, ["graphml", "csv"], seed=42)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        result = {"seconds": seconds, "cpu_s": cpu,
                  "mb_written": round(sum(p.stat().st_size for p in paths) / 2**20, 1)}
        shutil.rmtree(out, ignore_errors=True)
        for _ in range(EXPORT_ROUNDS):  # ours and the floor in turn; each figure the best of its rounds
            t0, c0 = time.perf_counter(), time.process_time()
            columns = store_columns(store)
            columns_s, columns_cpu = time.perf_counter() - t0, time.process_time() - c0
            if columns is None:
                raise SystemExit("the exports step needs the analytics step's stored scores: run it first")
            _best(result, "columns_s", columns_s)
            for fmt in ("csv", "graphml", "gexf"):
                t0, c0 = time.perf_counter(), time.process_time()
                write_column_formats(*columns, out, [fmt])
                _best(result, f"{fmt}_s", columns_s + time.perf_counter() - t0)
                _best(result, f"{fmt}_cpu_s", columns_cpu + time.process_time() - c0)
            del columns
            shutil.rmtree(out, ignore_errors=True)
            t0, c0 = time.perf_counter(), time.process_time()
            pyarrow_writer_anchor(store, size_dir / "anchor-csv")
            _best(result, "anchor_pyarrow_s", time.perf_counter() - t0)
            _best(result, "anchor_pyarrow_cpu_s", time.process_time() - c0)
    return result


def _best(result: dict, key: str, value: float) -> None:
    result[key] = min(result.get(key, value), value)


def pyarrow_writer_anchor(store, out: Path) -> None:
    """The floor of the CSV export: every node label's and edge type's columns read from the same store
    and written by pyarrow's CSV writer (lists joined by ';'), nothing else."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    from graph.model import schema

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for label, props in schema.NODE_LABELS.items():
        table = store.read_nodes(label, list(props))
        table = pa.table([pc.binary_join(c, ";") if pa.types.is_list(c.type) else c for c in table.columns],
                         names=table.column_names)
        pcsv.write_csv(table, out / f"{label}.csv")
    for rel, (_, _, props) in schema.REL_TYPES.items():
        table = store.read_edges(rel, list(props))
        table = pa.table([pc.binary_join(c, ";") if pa.types.is_list(c.type) else c for c in table.columns],
                         names=table.column_names)
        pcsv.write_csv(table, out / f"{rel}.csv")
    shutil.rmtree(out, ignore_errors=True)


def step_overview(size_dir: Path, **_) -> dict:
    """The Graph page's first render at this size: the paper count, the overview's aggregating
    queries and its drawing (what ``app/web/overview_page.py`` does before the browser draws 41 dots)."""
    from app.web.groupview import render_overview_html
    from graph.drawing.overview import load_overview
    from graph.store.embedded.store import EmbeddedStore

    t0 = time.perf_counter()
    with EmbeddedStore(size_dir / "fresh.lbug", read_only=True) as store:
        store.query("MATCH (p:Paper) RETURN count(p) AS n")
        overview = load_overview(store, "cluster")
    html = render_overview_html(overview)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "super_nodes": len(overview.nodes), "html_kb": len(html) // 1024}


def step_overview_page(size_dir: Path, **_) -> dict:
    """Seconds from opening /graph in chromium to the overview drawn, on a freshly started app (first render)."""
    from playwright.sync_api import sync_playwright

    from tests.support.app_server import serve_app

    home = size_dir / "page-home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    _copy_store(size_dir / "fresh.lbug", home / "atlas.lbug")  # the app may not open the benchmark's own copy
    try:
        with serve_app(home, timeout_s=120, PHENOMENA_STORE="embedded") as base:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=[
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(300_000)
                t0 = time.perf_counter()
                page.goto(f"{base}/graph")
                frame = page.frame_locator("iframe").first
                frame.locator("body[data-atlas-ready] #mynetwork canvas").wait_for()
                seconds = time.perf_counter() - t0
                nodes = page.locator("iframe").first.evaluate(
                    "el => el.contentWindow.network.body.data.nodes.get().length")
                browser.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return {"seconds": seconds, "super_nodes": nodes}


def step_reads_embedded(size_dir: Path, seed: int, **_) -> dict:
    from graph.store.embedded.store import EmbeddedStore

    with EmbeddedStore(size_dir / "fresh.lbug", read_only=True) as store:
        reads = _time_reads(store, seed)
    return {"p95_ms": max(p95 for _, p95 in reads.values()),
            **{f"p95_{name}": round(p95, 1) for name, (_, p95) in reads.items()}}


def _time_reads(store, seed: int) -> dict:
    from bench_store_load import time_reads

    rng = random.Random(seed + 1)
    # uniform over every cited paper and keyword (a LIMIT would pick the oldest papers: the hubs)
    cited = store.query_columns("MATCH (a:Paper)<-[:CITES]-(:Paper) RETURN DISTINCT a.id AS id").column("id")
    cited = sorted(cited.to_pylist())
    kws = sorted(store.query_columns("MATCH (k:Keyword) RETURN k.id AS id").column("id").to_pylist())
    params = {"keyword-papers": [{"keyword": rng.choice(kws)} for _ in range(50)],
              "co-cited": [{"paper": rng.choice(cited)} for _ in range(50)],
              "neighbourhood-2hop": [{"paper": rng.choice(cited)} for _ in range(50)]}
    return time_reads(store, params)


def step_neo4j(size_dir: Path, **kwargs) -> dict:
    """records -> Neo4j (batched), reads, the analytics projection: :mod:`bench_scale_neo4j`."""
    from bench_scale_neo4j import step_neo4j as run

    return run(size_dir, **kwargs)


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_child(args: argparse.Namespace) -> None:
    fn = globals()[f"step_{args.child}"]
    load = os.getloadavg()[0]
    result = fn(Path(args.dir), scale=args.scale, seed=args.seed, heap=args.heap, repeat=args.repeat)
    result["load_1m"] = max(load, os.getloadavg()[0])  # the busier of the step's start and end
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
    result["child_cpu_s"] = usage.ru_utime + usage.ru_stime  # the whole child, set-up included: shows contention
    print("RESULT " + json.dumps(result, default=str), flush=True)


# -- the parent: sizes, children, the table ------------------------------------------------

def spawn(step: str, size_dir: Path, scale: float, args) -> dict:
    cmd = [sys.executable, __file__, "--child", step, "--dir", str(size_dir), "--scale", str(scale),
           "--seed", str(args.seed), "--heap", args.heap, "--repeat", str(args.repeat)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode or not lines:
        print(f"  {step} at scale {scale}: failed (exit {proc.returncode}) after {time.perf_counter() - t0:.0f} s",
              flush=True)
        return {"failed": True}
    result = json.loads(lines[-1][len("RESULT "):])
    shown = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items()
                      if k != "counts")
    print(f"  {step:17s} scale {scale:<6g} {shown}", flush=True)
    return result


def growth(v0: float | None, v1: float | None, ratio: float) -> str:
    if not v0 or not v1 or v0 <= 0 or v1 <= 0:
        return "   -"
    return f"{math.log(v1 / v0) / math.log(ratio):5.2f}"


def report(results: dict, scales: tuple[float, float], papers: tuple[int, int]) -> bool:
    ratio = papers[1] / papers[0]
    print(f"\nFigures at {papers[0]:,} and {papers[1]:,} papers (growth exponent over the {ratio:.0f}x; "
          "1.00 = linear)")
    print(f"  {'figure':34s} {'small':>10s} {'large':>10s} {'target':>10s}  {'exp':>5s}  verdict")
    ok = True
    loads = [r.get("load_1m") for size in results.values() for r in size.values() if r.get("load_1m") is not None]
    if loads:
        print(f"  load average (1 min) during the steps: {min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} cores")
    for step in STEPS:
        small, large = results[scales[0]].get(step), results[scales[1]].get(step)
        if large is None:
            continue
        for key in ("seconds", "cpu_s", "tables_s", "columns_s", "csv_s", "graphml_s", "gexf_s", "anchor_copy_s",
                    "anchor_igraph_s", "anchor_igraph_cpu_s", "anchor_pyarrow_s", "anchor_import_s", "p95_ms",
                    "peak_rss_mb", "server_rss_mb"):
            if key not in large:
                continue
            target = RSS_TARGET_MB if key == "peak_rss_mb" else TARGETS.get(f"{step}.{key}")
            v0, v1 = (small or {}).get(key), large.get(key)
            verdict = "-" if target is None or v1 is None else ("ok" if v1 <= target else "MISSED")
            ok &= verdict != "MISSED" and not large.get("failed")
            fmt = lambda v: "-" if v is None else f"{v:10.1f}"  # noqa: E731
            print(f"  {step + '.' + key:34s} {fmt(v0):>10s} {fmt(v1):>10s} "
                  f"{'-' if target is None else target:>10}  {growth(v0, v1, ratio)}  {verdict}")
        if large.get("failed"):
            ok = False
            print(f"  {step:34s} FAILED at the large size")
    print("\nRatios to the anchors (project / anchor, both measured in the same run; load = 1-minute load average; "
          "exp = the project figure's growth exponent)")
    print(f"  {'figure':24s} {'anchor':30s} {'small':>7s} {'large':>7s} {'target':>7s}  {'load':>5s}  {'exp':>5s}  "
          "verdict")
    for step, figure, anchor, what, target in ANCHORS:
        small, large = results[scales[0]].get(step) or {}, results[scales[1]].get(step) or {}
        if anchor not in large or figure not in large:
            continue
        r0 = small[figure] / small[anchor] if small.get(anchor) else None
        r1 = large[figure] / large[anchor] if large[anchor] else None
        verdict = "-" if target is None or r1 is None else ("ok" if r1 <= target else "MISSED")
        ok &= verdict != "MISSED"
        fmt = lambda v: "-" if v is None else f"{v:6.2f}x"  # noqa: E731
        print(f"  {step + '.' + figure:24s} {what:30s} {fmt(r0):>7s} {fmt(r1):>7s} "
              f"{'-' if target is None else f'{target}x':>7s}  {large.get('load_1m', 0):5.1f}  "
              f"{growth(small.get(figure), large.get(figure), ratio)}  {verdict}")
    report_neo4j_split(results, scales)
    return ok


def report_neo4j_split(results: dict, scales: tuple[float, float]) -> None:
    """Where the Neo4j importer path's seconds go (``split_*_s`` of the ``neo4j`` step; the server
    stops while the importer runs, so ``stop`` overlaps ``import``)."""
    for scale in scales:
        step = results[scale].get("neo4j") or {}
        split = {k[len("split_"):-len("_s")]: v for k, v in step.items() if k.startswith("split_")}
        if split and step.get("anchor_import_s"):
            parts = ", ".join(f"{name} {seconds:.1f}" for name, seconds in split.items())
            print(f"  neo4j importer path at scale {scale:g}: {step['seconds']:.1f} s = {parts} "
                  f"(bare importer {step['anchor_import_s']:.1f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of 500k papers (default 1.0); "
                                                              "a tenth of it is run too, for the exponent")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated subset of {','.join(STEPS)}")
    ap.add_argument("--skip-neo4j", action="store_true")
    ap.add_argument("--heap", default="2g", help="JVM heap of the launched Neo4j (writes are batched: 2g is "
                                                  "plenty; its page cache is 1g, 4g above 50k papers, or "
                                                  "BENCH_NEO4J_PAGECACHE)")
    ap.add_argument("--repeat", type=int, default=1, help="run the analytics step and its anchor this many times, "
                                                           "alternating, and report the medians (default 1)")
    ap.add_argument("--workdir", help="keep data and stores here (default: a temporary folder, removed)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return run_child(args)

    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = set(steps) - set(STEPS)
    if unknown:
        raise SystemExit(f"unknown steps {', '.join(sorted(unknown))}: use any of {', '.join(STEPS)}")
    if args.skip_neo4j and "neo4j" in steps:
        steps.remove("neo4j")
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    scales = (args.scale / 10, args.scale)
    results: dict = {}
    papers = []
    try:
        for scale in scales:
            size_dir = work / f"scale-{scale:g}"
            size_dir.mkdir(parents=True, exist_ok=True)
            print(f"scale {scale:g}: generating the synthetic graph …", flush=True)
            gen = spawn("generate", size_dir, scale, args)
            if gen.get("failed"):
                raise SystemExit("generating the synthetic graph failed")
            c = gen["counts"]
            papers.append(c["Paper"])
            print(f"  {c['Paper']:,} papers, {c['CITES']:,} citations, {c['Keyword']:,} keywords, "
                  f"{c['HAS_KEYWORD']:,} keyword links, {c['WROTE']:,} authorships", flush=True)
            results[scale] = {step: spawn(step, size_dir, scale, args) for step in steps}
        ok = report(results, scales, (papers[0], papers[1]))
        print("\nall targets met" if ok else "\nsome targets MISSED")
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
