"""Neo4j at scale, on the real server: batched writes (resumable, never read half-built), the
analytics projection read in keyset pages, scores written back in batches.

Batching is counted with :class:`CountingDriver`, a thin wrapper that hands out the real
driver's sessions and counts the transactions they run (nothing is mocked).
"""
from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
from collections import Counter

import pytest

from graph.errors import StoreError
from graph.store.embedded.store import EmbeddedStore
from graph.store.neo4j.batched import HALF_BUILT, INCOMPLETE_KEY
from graph.store.neo4j.store import Neo4jStore
from tests.support import report
from tests.support.analytics_data import example_records
from tests.support.cli import ROOT, run_cli
from tests.support.query_fixture import fixture_records

pytestmark = pytest.mark.neo4j


class CountingDriver:
    """The real driver; every transaction its sessions run is counted, with the texts it ran."""

    def __init__(self, driver):
        self._driver = driver
        self.transactions: Counter = Counter()  # kind (read, write, explicit) -> count
        self.texts: list[tuple[str, str]] = []  # (kind, query text) of every statement

    def session(self, **options):
        return _CountingSession(self._driver.session(**options), self)

    def __getattr__(self, name):
        return getattr(self._driver, name)


class _CountingSession:
    def __init__(self, session, owner: CountingDriver):
        self._session, self._owner = session, owner

    def _wrap(self, kind, fn):
        self._owner.transactions[kind] += 1
        return lambda tx, *a, **k: fn(_CountingTx(tx, self._owner, kind), *a, **k)

    def execute_read(self, fn, *args, **kwargs):
        return self._session.execute_read(self._wrap("read", fn), *args, **kwargs)

    def execute_write(self, fn, *args, **kwargs):
        return self._session.execute_write(self._wrap("write", fn), *args, **kwargs)

    def begin_transaction(self, *args, **kwargs):
        self._owner.transactions["explicit"] += 1
        return _CountingTx(self._session.begin_transaction(*args, **kwargs), self._owner, "explicit")

    def run(self, text, *args, **kwargs):
        self._owner.transactions["auto"] += 1
        self._owner.texts.append(("auto", text))
        return self._session.run(text, *args, **kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._session.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._session, name)


class _CountingTx:
    def __init__(self, tx, owner: CountingDriver, kind: str):
        self._tx, self._owner, self._kind = tx, owner, kind

    def run(self, text, *args, **kwargs):
        self._owner.texts.append((self._kind, text))
        return self._tx.run(text, *args, **kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._tx.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._tx, name)


@pytest.fixture
def counting(neo4j_driver):
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    return CountingDriver(neo4j_driver)


def embedded_fingerprint(records, folder, meta=None) -> dict:
    with EmbeddedStore(folder / "fresh.lbug", read_only=False) as store:
        store.write(records, meta=meta, prune=True)
        return store.fingerprint(include_meta=False)


def statements(driver: CountingDriver, word: str) -> int:
    return sum(word in text for _, text in driver.texts)


def test_a_large_write_runs_in_batched_transactions_and_equals_one_transaction(counting, tmp_path):
    records = fixture_records()
    rows = sum(records.counts().values())
    store = Neo4jStore(counting, transaction_rows=10, batch_rows=7)
    store.write(records, meta={"build": {"n": 1}}, prune=True)
    explicit = counting.transactions["explicit"]  # CREATEs run once each, never retried
    creates = statements(counting, "CREATE (n:") + statements(counting, "CREATE (a)-")
    assert store.fingerprint(include_meta=False) == embedded_fingerprint(records, tmp_path / "a")
    # into an empty graph: every node and edge CREATEd, a transaction per batch of <= 7 rows of one table
    assert creates == sum(math.ceil(len(items) / 7) for items in [*records.nodes().values(),
                                                                   *records.edges().values()] if items)
    assert creates > 1 and explicit == creates
    assert store.get_meta("build") == {"n": 1} and store.get_meta(INCOMPLETE_KEY) is None
    store.check_complete()
    report.add(f"neo4j batched write: {rows} rows in {creates} CREATE transactions of <= 7 rows")

    changed = fixture_records()  # a batched rebuild over data: only the difference, with MERGE
    gone = sorted(changed.papers)[0]
    del changed.papers[gone]
    counting.texts.clear()
    store.write(changed, meta={"build": {"n": 2}}, prune=True)
    assert statements(counting, "CREATE (n:") == 0 and statements(counting, "DETACH DELETE") == 1
    assert store.fingerprint(include_meta=False) == embedded_fingerprint(changed, tmp_path / "b")
    assert store.get_meta("build") == {"n": 2} and store.get_meta(INCOMPLETE_KEY) is None


def test_a_stopped_batched_write_is_refused_by_readers_and_the_next_write_finishes_it(
        counting, neo4j_server, tmp_path, monkeypatch):
    from app.settings import load_settings
    from graph.model.read import load_graph_model
    from graph.store.neo4j import batched as neo4j_batched
    from graph.store.neo4j.store import open_neo4j_store

    records = fixture_records()
    store = Neo4jStore(counting, transaction_rows=10, batch_rows=7)
    real = neo4j_batched.write_steps

    def stop_after_three(session, steps, progress, *, retry):  # the process dies after 3 batches
        def three():
            for i, step in enumerate(steps):
                if i == 3:
                    raise KeyboardInterrupt
                yield step
        return real(session, three(), progress, retry=retry)

    monkeypatch.setattr(neo4j_batched, "write_steps", stop_after_three)
    with pytest.raises(KeyboardInterrupt):
        store.write(records, meta={"build": {"n": 1}}, prune=True)
    monkeypatch.setattr(neo4j_batched, "write_steps", real)
    assert 0 < store.counts()["Paper"] < len(records.papers) or store.counts()["Paper"] == len(records.papers)

    with pytest.raises(StoreError, match="^the Neo4j graph is half-built: run `phenomena build` again"):
        load_graph_model(store, cache=False)
    settings = load_settings(neo4j_server.env(), dotenv=False)
    with pytest.raises(StoreError) as refused:
        open_neo4j_store(settings)  # the app and read-only commands open it this way
    assert str(refused.value) == HALF_BUILT
    cli = run_cli("query", "--store", "neo4j", "MATCH (p:Paper) RETURN count(p) AS n", env=neo4j_server.env())
    assert cli.returncode == 1 and HALF_BUILT in cli.stderr and "Traceback" not in cli.stderr

    store.write(records, meta={"build": {"n": 1}}, prune=True)  # the next build: reads what landed, finishes
    assert store.fingerprint(include_meta=False) == embedded_fingerprint(records, tmp_path)
    store.check_complete()
    assert load_graph_model(store, cache=False).counts()["Paper"] == len(records.papers)


def test_analytics_read_a_projection_in_pages_and_write_back_in_batches(counting, tmp_path):
    from app.pipeline.analytics import analyze

    records = example_records()
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as embedded:
        embedded.write(records)
        expected = analyze(embedded, seed=7)
    store = Neo4jStore(counting)
    store.write(records)
    counting.texts.clear()
    counting.transactions.clear()
    result = analyze(store, seed=7, read_batch=3, write_batch=4)

    papers = len(records.papers)
    paper_pages = statements(counting, "MATCH (n:Paper) WHERE n.id > $after")
    assert paper_pages == papers // 3 + 1  # keyset pages of 3 (the last one short or empty)
    assert statements(counting, "SKIP") == 0
    cites = [text for _, text in counting.texts if "[r:CITES]" in text]
    assert cites and all("collect([a.id, b.id]) AS rows" in text for text in cites)  # id pairs only
    paper_text = next(text for _, text in counting.texts if "MATCH (n:Paper) WHERE" in text)
    assert "n.sources" not in paper_text and "n.doi" not in paper_text  # only what the analytics read
    writes = statements(counting, "SET n.pagerank")
    assert writes == math.ceil(papers / 4) > 1
    assert counting.transactions["write"] >= writes

    assert result.clusters == expected.clusters and result.cluster_labels == expected.cluster_labels
    assert result.gaps == expected.gaps and result.phenomenon_map == expected.phenomenon_map
    assert result.scores.keys() == expected.scores.keys()
    for paper, scores in expected.scores.items():
        assert result.scores[paper] == pytest.approx(scores), paper
    stored = dict(store.query("MATCH (p:Paper) RETURN p.id, p.cluster").rows)
    assert stored == {p: s["cluster"] for p, s in expected.scores.items()}
    report.add(f"neo4j analytics: {paper_pages} paper pages of 3, {writes} write-back batches of 4; "
               "equal to the embedded store's analytics")


@pytest.mark.slow
def test_batched_load_killed_then_rerun_equals_the_sources(neo4j_server, neo4j_driver, tmp_path):
    from tests.support.rebuild_child import rebuild_records

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}
    expected = embedded_fingerprint(rebuild_records(0), tmp_path)
    store = Neo4jStore(neo4j_driver)

    def start():
        return subprocess.Popen([sys.executable, "-m", "tests.support.rebuild_child", "neo4j", "-", "0", "batched"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    child = start()  # killed once it has committed about 10,000 rows, well before the end
    total = int(child.stdout.readline().split()[1])
    for line in child.stdout:
        if line.startswith("progress ") and int(line.split()[1]) >= 10_000:
            break
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    papers = store.counts()["Paper"]
    assert 0 < papers, "nothing landed before the kill"
    with pytest.raises(StoreError, match="half-built"):
        store.check_complete()
    cli = run_cli("query", "--store", "neo4j", "MATCH (p:Paper) RETURN count(p) AS n",
                  env={"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password})
    assert cli.returncode == 1 and cli.stderr.strip().endswith(HALF_BUILT), cli.stderr

    child = start()  # the re-run: reads what landed, writes the rest
    out, err = child.communicate(timeout=600)
    assert child.returncode == 0, err
    assert store.fingerprint(include_meta=False) == expected
    store.check_complete()
    assert store.get_meta("build") == {"variant": 0}
    report.add(f"neo4j batched load SIGKILLed after >= 10,000 of {total} rows ({papers} papers landed), "
               "refused as half-built, re-run: equal to the sources")


def test_a_write_past_the_plan_check_is_still_refused_by_the_read_transaction(empty_neo4j_store, monkeypatch):
    """Plan verdicts are cached per query text; should a write's text ever be in that cache, the
    read transaction (the server) still refuses it."""
    import graph.store.neo4j.store as neo4j_store
    from graph.errors import ReadOnlyViolation
    from graph.store.guard import check_query_bounds
    from tests.support.records import small_records

    store = empty_neo4j_store
    store.write(small_records())
    before = store.counts()
    text = "CREATE (n:Paper {id: 'planted', title: 'planted'}) RETURN n.id AS id"
    with pytest.raises(ReadOnlyViolation):
        store.query(text)  # the plan check refuses it, and a refusal is not cached
    monkeypatch.setattr(neo4j_store, "check_read_query", check_query_bounds)  # no lexical refusal either
    store._passed.add((store._uri, store.database, text))  # as if its plan had passed
    with pytest.raises(ReadOnlyViolation):
        store.query(text)
    assert store.counts() == before
