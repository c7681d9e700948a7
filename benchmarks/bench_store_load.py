"""Load and read benchmark for both stores on a synthetic citation graph.

Full scale: 50k papers, 500k citations, 2k keywords, 100k keyword links.

    python benchmarks/bench_store_load.py               # full scale
    python benchmarks/bench_store_load.py --scale 0.1   # a quick run
    NEO4J_URI=bolt://host:7687 NEO4J_PASSWORD=... python benchmarks/bench_store_load.py  # an existing server

Prints rows/s for: Neo4j batched UNWIND writes (the store's write path) and
row-at-a-time writes (one auto-commit ``session.run`` per row, on a sample),
the embedded store's portable UNWIND path and LadybugDB's native ``COPY FROM``
(pyarrow tables), plus p50/p95 latency of three reads on both engines.
Without NEO4J_URI a local server is started from the launcher and stopped at
the end.  Targets (issue 3): batched >= 50x row-at-a-time; read p95 <= 50 ms.
The rebuild targets (a graph that already has data) are in bench_rebuild.py.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tqdm import tqdm  # noqa: E402

from graph.model.records import Cites, GraphRecords, HasKeyword, Keyword, Paper, to_row  # noqa: E402
from graph.store import cypher  # noqa: E402
from graph.store.base import plan_write  # noqa: E402
from graph.store.embedded.store import EmbeddedStore, bulk_tables  # noqa: E402
from queries import coerce_params, load_query  # noqa: E402

FULL = {"papers": 50_000, "citations": 500_000, "keywords": 2_000, "keyword_links": 100_000}


def synthetic_records(scale: float = 1.0, seed: int = 0) -> GraphRecords:
    """Papers citing older papers (a fifth of the citations go to the 1% most popular), skewed keywords."""
    rng = random.Random(seed)
    n = {k: max(10, int(v * scale)) for k, v in FULL.items()}
    rec = GraphRecords()
    for i in range(n["keywords"]):
        rec.keywords[f"kw:k{i}"] = Keyword(f"kw:k{i}", f"keyword {i}")
    for i in range(n["papers"]):
        pid = f"syn:{i:06d}"
        rec.papers[pid] = Paper(
            id=pid, title=f"Synthetic paper {i} on {rng.choice(['grokking', 'double descent', 'collapse'])}",
            year=1990 + i * 35 // n["papers"], arxiv_id=None,
            citation_count=None if i % 7 == 0 else rng.randint(0, 5000),
            influential_citation_count=rng.randint(0, 50),
            keywords=[], sources=["synthetic"], in_catalog=i % 3 == 0,
        )
    ids = list(rec.papers)
    popular = max(1, len(ids) // 100)  # 1% of papers draw a fifth of all citations
    while len(rec.cites) < n["citations"]:
        src = rng.randrange(1, len(ids))
        dst = rng.randrange(min(popular, src)) if rng.random() < 0.2 else rng.randrange(src)
        rec.add_edge(Cites(ids[src], ids[dst], rng.random() < 0.1, ("background",), "synthetic"))
    kws = list(rec.keywords)
    while len(rec.has_keyword) < n["keyword_links"]:
        rec.add_edge(HasKeyword(rng.choice(ids), kws[min(int(rng.expovariate(1 / 200)), len(kws) - 1)]))
    return rec


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StepTimer:
    """A write progress callback that also times each step of the write plan."""

    def __init__(self, plan, bar):
        self.steps, self.bar = plan.steps, bar
        self.index, self.last, self.by_kind = 0, time.perf_counter(), {}

    def __call__(self, rows: int) -> None:
        now = time.perf_counter()
        text = self.steps[self.index][0]
        kind = "edges" if "MATCH (a:" in text else "nodes"
        secs, count = self.by_kind.get(kind, (0.0, 0))
        self.by_kind[kind] = (secs + now - self.last, count + rows)
        self.index, self.last = self.index + 1, now
        self.bar.update(rows)


def timed_write(store, records: GraphRecords, label: str) -> tuple[float, dict]:
    plan = plan_write(records)
    with tqdm(total=plan.total_rows, desc=label, unit="row", file=sys.stderr, disable=None) as bar:
        timer = StepTimer(plan, bar)
        start = time.perf_counter()
        store.write(records, progress=timer)
        return time.perf_counter() - start, timer.by_kind


def rate(rows: int, secs: float) -> str:
    return f"{rows / secs:,.0f} rows/s ({rows:,} rows in {secs:.1f} s)"


# -- reads --------------------------------------------------------------------

def read_params(records: GraphRecords, n: int, seed: int) -> dict[str, list[dict]]:
    rng = random.Random(seed + 1)
    cited = sorted({dst for (_, dst) in records.cites})
    return {
        "keyword-papers": [{"keyword": rng.choice(list(records.keywords))} for _ in range(n)],
        "co-cited": [{"paper": rng.choice(cited)} for _ in range(n)],
        "neighbourhood-2hop": [{"paper": rng.choice(cited)} for _ in range(n)],
    }


def args_warmup(n: int) -> int:
    return min(n, 10)


def time_reads(store, params: dict[str, list[dict]]) -> dict[str, tuple[float, float]]:
    out = {}
    for name, runs in params.items():
        query = load_query(name, engine=store.engine)
        for raw in runs[: args_warmup(len(runs))]:  # warm caches, plans and the JIT
            store.query(query.text, coerce_params(query, raw))
        times = []
        for raw in runs:
            start = time.perf_counter()
            store.query(query.text, coerce_params(query, raw))
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)])
    return out


def print_reads(engine: str, reads: dict[str, tuple[float, float]]) -> None:
    for name, (p50, p95) in reads.items():
        flag = "ok" if p95 <= 50 else "OVER 50 ms"
        print(f"  {engine:9s} {name:20s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {flag}")


# -- Neo4j ----------------------------------------------------------------------

def row_at_a_time(driver, database: str, records: GraphRecords, n: int, seed: int) -> dict[str, float]:
    """Seconds per row, one auto-commit transaction per row (the pattern batching replaces):
    ``n`` Paper rows, then ``n`` CITES rows among those papers, into an empty database."""
    rng = random.Random(seed + 2)
    papers = [to_row(p) for p in list(records.papers.values())[:n]]
    cites = [{"source": rng.choice(papers)["id"], "target": rng.choice(papers)["id"], "is_influential": False,
              "intents": ["background"], "origin": "synthetic"} for _ in range(n)]
    out = {}
    with driver.session(database=database) as session:
        for kind, text, rows in (("nodes", cypher.node_upsert("Paper"), papers),
                                 ("edges", cypher.edge_upsert("CITES"), cites)):
            for row in rows[:20]:  # plan the statement and warm the JIT before timing
                session.run(text, {"rows": [row]}).consume()
            start = time.perf_counter()
            for row in tqdm(rows[20:], desc=f"neo4j row-at-a-time {kind}", unit="row", file=sys.stderr, disable=None):
                session.run(text, {"rows": [row]}).consume()
            out[kind] = (time.perf_counter() - start) / (len(rows) - 20)
        session.run("MATCH (n:Paper) DETACH DELETE n").consume()
    return out


def bench_neo4j(records: GraphRecords, args) -> dict:
    import neo4j

    from graph.store.neo4j.server import start_server, stop_server
    from graph.store.neo4j.store import Neo4jStore

    uri, password, database = os.environ.get("NEO4J_URI"), os.environ.get("NEO4J_PASSWORD"), \
        os.environ.get("NEO4J_DATABASE", "neo4j")
    data = None
    if not uri:
        data = Path(tempfile.mkdtemp(prefix="bench-neo4j-"))
        password = "bench-neo4j-password"  # auth is always on in the launcher
        info = start_server(data, free_port(), heap=args.heap, timeout=300, password=password)
        uri = info.uri
        print(f"started Neo4j from the launcher at {uri} (data {data})")
    auth = (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None
    driver = neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
    try:
        store = Neo4jStore(driver, database=database)
        if store.counts()["Paper"]:
            raise SystemExit(f"the Neo4j database {database!r} at {uri} is not empty: use an empty one")
        store.ensure_schema()
        slow = row_at_a_time(driver, database, records, args.sample // 2, args.seed)
        secs, by_kind = timed_write(store, records, "neo4j batched")
        total = plan_write(records).total_rows
        print("Neo4j load")
        estimate = 0.0
        for kind in ("nodes", "edges"):
            kind_secs, kind_rows = by_kind[kind]
            estimate += kind_rows * slow[kind]
            print(f"  {kind}: batched {rate(kind_rows, kind_secs)}; row-at-a-time {1 / slow[kind]:,.0f} rows/s "
                  f"-> {kind_rows / kind_secs * slow[kind]:.0f}x")
        print(f"  all rows batched, one transaction: {rate(total, secs)}; row-at-a-time would take "
              f"{estimate:,.0f} s -> ratio {estimate / secs:.0f}x  (target >= 50x)")
        assert store.counts() == records.counts(), "Neo4j counts differ from the records"
        reads = time_reads(store, read_params(records, args.reads, args.seed))
        return {"reads": reads}
    finally:
        driver.close()
        if data is not None:
            stop_server(data)


# -- embedded -----------------------------------------------------------------------

def native_copy(path: Path, records: GraphRecords) -> tuple[float, float]:
    with EmbeddedStore(path, read_only=False) as store:
        store.ensure_schema()
        start = time.perf_counter()
        tables = {name: table for name, (table, _) in bulk_tables(records).items()}
        built = time.perf_counter()
        for name, table in tables.items():
            if table.num_rows:
                store._execute(f"COPY {name} FROM $data", {"data": table})
        done = time.perf_counter()
        assert store.counts() == records.counts(), "COPY counts differ from the records"
    return done - built, done - start


class PortableEmbedded(EmbeddedStore):
    """The embedded store forced onto its portable UNWIND/MERGE path (never the COPY bulk path)."""

    def _is_empty(self) -> bool:
        return False


def bench_embedded(records: GraphRecords, args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-embedded-"))
    total = plan_write(records).total_rows
    copy_secs, copy_with_arrow = native_copy(folder / "copy.lbug", records)
    portable_secs = None
    if not args.skip_portable:
        with PortableEmbedded(folder / "portable.lbug", read_only=False) as store:
            store.ensure_schema()
            portable_secs, _ = timed_write(store, records, "embedded portable UNWIND")
            assert store.counts() == records.counts(), "embedded counts differ from the records"
    with EmbeddedStore(folder / "bulk.lbug", read_only=False) as store:
        bulk_secs, _ = timed_write(store, records, "embedded write() (bulk)")
        assert store.counts() == records.counts(), "embedded counts differ from the records"
    print("Embedded (LadybugDB) load")
    print(f"  native COPY FROM pyarrow tables: {rate(total, copy_secs)}; "
          f"{copy_with_arrow:.1f} s with building the tables")
    if portable_secs is not None:
        print(f"  portable UNWIND/MERGE path: {rate(total, portable_secs)}; "
              f"{portable_secs / copy_with_arrow:.1f}x the time of tables + COPY")
    print(f"  store.write() into an empty graph (bulk COPY path): {rate(total, bulk_secs)}; "
          f"{bulk_secs / copy_with_arrow:.1f}x the time of tables + COPY, {bulk_secs / copy_secs:.1f}x COPY alone "
          "(the rebuild target: bench_rebuild.py)")
    with EmbeddedStore(folder / "bulk.lbug", read_only=True) as store:
        reads = time_reads(store, read_params(records, args.reads, args.seed))
    return {"reads": reads}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (default 1.0)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", type=int, default=2000, help="rows written one at a time on Neo4j")
    parser.add_argument("--reads", type=int, default=50, help="runs of each read query")
    parser.add_argument("--heap", default="3g", help="JVM heap of the launched Neo4j")
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--skip-embedded", action="store_true")
    parser.add_argument("--skip-portable", action="store_true", help="skip the slow embedded MERGE path")
    args = parser.parse_args()

    start = time.perf_counter()
    records = synthetic_records(args.scale, args.seed)
    counts = records.counts()
    print(f"synthetic graph (scale {args.scale}): {counts['Paper']:,} papers, {counts['CITES']:,} citations, "
          f"{counts['Keyword']:,} keywords, {counts['HAS_KEYWORD']:,} keyword links "
          f"(built in {time.perf_counter() - start:.1f} s)")
    results = {}
    if not args.skip_embedded:
        results["embedded"] = bench_embedded(records, args)
    if not args.skip_neo4j:
        results["neo4j"] = bench_neo4j(records, args)
    print(f"Reads ({args.reads} runs each, target p95 <= 50 ms)")
    for engine, res in results.items():
        print_reads(engine, res["reads"])


if __name__ == "__main__":
    main()
