"""A full rebuild in a process of its own, for the tests that SIGKILL it.

    python -m tests.support.rebuild_child embedded PATH VARIANT
    NEO4J_URI=… NEO4J_PASSWORD=… python -m tests.support.rebuild_child neo4j - VARIANT [batched]

Prints ``writing TOTAL`` before the write, ``progress N`` after each step
(N rows so far) and ``done SECONDS`` once the write has returned.
"""
from __future__ import annotations

import os
import sys
import time

from benchmarks.bench_rebuild import changed_records
from benchmarks.bench_store_load import synthetic_records
from graph.model.records import GraphRecords

SCALE = 0.1  # 5,000 papers, 50,000 citations: a write that lasts long enough to be hit
BATCHED = {"transaction_rows": 1_000, "batch_rows": 2_000}  # `batched`: ~33 transactions instead of one


def rebuild_records(variant: int) -> GraphRecords:
    """Variant 0: the synthetic graph; others: 30% of its papers changed (seeded by the variant)."""
    base = synthetic_records(SCALE, seed=3)
    return base if variant == 0 else changed_records(base, 0.3, seed=variant)


def open_store(engine: str, target: str, batched: bool = False):
    if engine == "embedded":
        from graph.store.embedded.store import EmbeddedStore
        return EmbeddedStore(target, read_only=False)
    import neo4j

    from graph.store.neo4j.store import Neo4jStore
    driver = neo4j.GraphDatabase.driver(os.environ["NEO4J_URI"], auth=("neo4j", os.environ["NEO4J_PASSWORD"]),
                                        notifications_min_severity="OFF")
    return Neo4jStore(driver, database="neo4j", owns_driver=True, **(BATCHED if batched else {}))


def main(engine: str, target: str, variant: str, mode: str = "") -> None:
    records = rebuild_records(int(variant))
    written = 0

    def progress(rows: int) -> None:
        nonlocal written
        written += rows
        print(f"progress {written}", flush=True)

    with open_store(engine, target, batched=mode == "batched") as store:
        print(f"writing {sum(records.counts().values())}", flush=True)
        start = time.perf_counter()
        store.write(records, meta={"build": {"variant": int(variant)}}, progress=progress, prune=True)
        print(f"done {time.perf_counter() - start:.3f}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
