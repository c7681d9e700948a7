"""Full rebuilds: the same graph as a fresh build, and a SIGKILL at any moment leaves a whole graph.

Embedded: a fresh file written with COPY is swapped in, so readers of the old
file keep reading it.  Neo4j: only the difference is written, in one transaction.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.errors import QueryError
from graph.model.records import Paper
from graph.store.embedded import swap
from graph.store.embedded.store import EmbeddedStore
from tests.support import report
from tests.support.cli import ROOT
from tests.support.rebuild_child import rebuild_records
from tests.support.records import small_records

KILLS = 6


def fresh_fingerprint(records, folder: Path) -> dict:
    with EmbeddedStore(folder / "fresh.lbug", read_only=False) as store:
        store.write(records, prune=True)
        return store.fingerprint(include_meta=False)


def leftovers(folder: Path, name: str = "atlas.lbug") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("atlas") and p.name != name)


def test_rebuild_equals_a_fresh_build_and_keeps_other_metadata(tmp_path):
    old, new = small_records(), rebuild_records(0)
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as store:
        store.write(old, meta={"build": {"n": 1}, "note": "kept"})
        store.write(new, meta={"build": {"n": 2}}, prune=True)
        assert store.fingerprint(include_meta=False) == fresh_fingerprint(new, tmp_path)
        assert store.get_meta("build") == {"n": 2} and store.get_meta("note") == "kept"
        store.write(old, prune=True)  # and back: the papers of `new` are gone
        assert store.fingerprint(include_meta=False) == fresh_fingerprint(old, tmp_path / "again")
    assert leftovers(tmp_path) == []


def test_readers_of_the_old_file_keep_reading_it(tmp_path):
    path = tmp_path / "atlas.lbug"
    with EmbeddedStore(path, read_only=False) as store:
        store.write(small_records())
    reader = EmbeddedStore(path)  # as the app holds one
    try:
        before = reader.fingerprint()
        with EmbeddedStore(path, read_only=False) as store:
            store.write(rebuild_records(0), prune=True)
            assert store.counts()["Paper"] == 5000  # the writer is reopened on the new file
        assert reader.fingerprint() == before  # still the old graph, whole
        with EmbeddedStore(path) as later:
            assert later.counts()["Paper"] == 5000
    finally:
        reader.close()


def test_store_version_changes_when_a_rebuild_swaps_the_file(tmp_path):
    from app.settings import load_settings
    from app.web import services

    settings = load_settings({"PHENOMENA_HOME": str(tmp_path)}, dotenv=False)
    with EmbeddedStore(settings.embedded_path, read_only=False) as store:
        store.write(small_records())
        before = services.store_version(settings)
        store.write(small_records(), prune=True)  # same records, a new file
    assert services.store_version(settings) != before


def test_a_failed_rebuild_leaves_the_old_graph_and_no_files(tmp_path):
    path = tmp_path / "atlas.lbug"
    with EmbeddedStore(path, read_only=False) as store:
        store.write(small_records())
        before = store.fingerprint()
        bad = small_records()
        bad.papers["x"] = Paper(id="x", title="A year in words", year="twenty")  # type: ignore[arg-type]
        with pytest.raises(QueryError, match="does not fit"):
            store.write(bad, prune=True)
        assert store.fingerprint() == before
    assert leftovers(tmp_path) == []


def test_stale_rebuild_files_of_dead_processes_are_removed(tmp_path):
    path = tmp_path / "atlas.lbug"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = swap.rebuild_path(path, int(dead.stdout))
    alive = swap.rebuild_path(path, os.getppid())  # a running process: its rebuild is left alone
    for p in (stale, Path(f"{stale}.wal"), alive):
        p.write_bytes(b"half written")
    with EmbeddedStore(path, read_only=False) as store:
        store.write(small_records())
        store.write(small_records(), prune=True)
    assert leftovers(tmp_path) == [alive.name]


# -- SIGKILL at a random moment -------------------------------------------------------


def run_child(engine: str, target: str, variant: int, env: dict, kill_after: float | None = None):
    """Run a rebuild to ``variant``; kill it ``kill_after`` seconds into its write.

    Returns (rows reported written, rows in the records, seconds the write took or None if killed).
    """
    child = subprocess.Popen([sys.executable, "-m", "tests.support.rebuild_child", engine, target, str(variant)],
                             cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    first = child.stdout.readline()
    assert first.startswith("writing "), first + child.stderr.read()
    if kill_after is not None:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=300)
    if kill_after is None:
        assert child.returncode == 0, err
    progress = [int(line.split()[1]) for line in out.splitlines() if line.startswith("progress ")]
    done = [float(line.split()[1]) for line in out.splitlines() if line.startswith("done ")]
    return max(progress, default=0), int(first.split()[1]), (done[0] if done else None)


def kill_rebuilds(engine: str, target: str, env: dict, state, expected: dict[int, object], seed: int) -> list[str]:
    """SIGKILL rebuilds between the two variants at random moments; each time the graph must be whole.

    ``state()`` -> (fingerprint, variant in the build metadata).  Killed before its last
    progress line, a rebuild cannot have committed: the graph must be the previous one.
    """
    rng = random.Random(seed)
    run_child(engine, target, 1, env)  # uninterrupted (and the server's plans warmed)
    assert state() == (expected[1], 1), "a rebuild does not equal a fresh build of the same records"
    *_, secs = run_child(engine, target, 0, env)  # and back, timed
    assert state() == (expected[0], 0), "a rebuild does not equal a fresh build of the same records"
    outcomes = []
    for _ in range(KILLS):
        current = state()[1]
        delay = rng.uniform(0, secs)
        written, total, _ = run_child(engine, target, 1 - current, env, kill_after=delay)
        after = state()
        assert after in [(expected[0], 0), (expected[1], 1)], f"a rebuild killed after {delay:.2f} s left a mixed graph"
        if written < total:
            assert after[1] == current, f"killed mid-write ({written}/{total} rows) yet the graph changed"
        outcomes.append(f"{delay:.2f}s:{'old' if after[1] == current else 'new'}")
    run_child(engine, target, 0, env)  # the next rebuild completes
    assert state() == (expected[0], 0)
    return outcomes


@pytest.mark.slow
def test_embedded_rebuild_killed_at_random_moments(tmp_path):
    path = tmp_path / "atlas.lbug"
    expected = {v: fresh_fingerprint(rebuild_records(v), tmp_path / f"fresh{v}") for v in (0, 1)}
    with EmbeddedStore(path, read_only=False) as store:
        store.write(rebuild_records(0), meta={"build": {"variant": 0}}, prune=True)

    def state():
        with EmbeddedStore(path) as store:
            return store.fingerprint(include_meta=False), store.get_meta("build")["variant"]

    seed = random.randrange(10**6)
    outcomes = kill_rebuilds("embedded", str(path), {}, state, expected, seed)
    assert leftovers(tmp_path) == [], "the completed rebuild did not clear what the killed ones left"
    report.add(f"embedded rebuild SIGKILLed {KILLS}x (seed {seed}): {' '.join(outcomes)}; graph whole each time")


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_rebuild_killed_at_random_moments(tmp_path, neo4j_server, neo4j_driver):
    from graph.store.neo4j.store import Neo4jStore

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    expected = {v: fresh_fingerprint(rebuild_records(v), tmp_path / f"fresh{v}") for v in (0, 1)}
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}
    run_child("neo4j", "-", 0, env)

    def state():
        # A client killed just after sending COMMIT is committed by the server a moment later:
        # wait until no transaction but this one runs, so the graph is read as one state.
        for _ in range(600):
            running = neo4j_driver.execute_query("SHOW TRANSACTIONS YIELD transactionId RETURN count(*) AS n",
                                                 database_="neo4j").records[0]["n"]
            if running <= 1:
                break
            time.sleep(0.1)
        store = Neo4jStore(neo4j_driver, database="neo4j")
        return store.fingerprint(include_meta=False), store.get_meta("build")["variant"]

    assert state() == (expected[0], 0), "Neo4j and the embedded store hold different graphs"
    seed = random.randrange(10**6)
    outcomes = kill_rebuilds("neo4j", "-", env, state, expected, seed)
    report.add(f"neo4j rebuild SIGKILLed {KILLS}x (seed {seed}): {' '.join(outcomes)}; graph unchanged or whole")


@pytest.mark.neo4j
def test_neo4j_rebuild_writes_only_the_difference(empty_neo4j_store, tmp_path):
    import dataclasses

    from graph.model.records import RelatedTo
    from graph.store import diff
    from tests.support.query_fixture import fixture_records

    store = empty_neo4j_store
    records = fixture_records()
    grok = records.papers["arxiv:2201.02177"]
    records.papers[grok.id] = dataclasses.replace(grok, pagerank=0.1234567890123, fields_of_study=["CS"])
    records.add_edge(RelatedTo(grok.id, "arxiv:2301.05217", "co-citation", 2.5))
    store.write(records, meta={"build": {"n": 1}}, prune=True)

    def changes(target):  # planned against what the server holds, read back as the store reads it
        return diff.plan_changes(target, diff.read_state(lambda text, params: store.query(text, params).rows))

    assert changes(records).written == 0, "a property does not read back as it was written"
    changed = dataclasses.replace(records, **{f.name: dict(getattr(records, f.name))
                                              for f in dataclasses.fields(records)})
    changed.papers[grok.id] = dataclasses.replace(grok, title="Grokking (revised)")
    gone = "arxiv:1803.03635"
    del changed.papers[gone]
    touching = sum(gone in key for items in (changed.cites, changed.wrote, changed.has_keyword, changed.about,
                                             changed.published_in, changed.related_to) for key in items)
    assert touching > 0
    cite = next(iter(changed.cites))
    del changed.cites[cite]
    # one title, one paper and the edges that touch it, one citation: nothing else
    assert changes(changed).written == 1 + 1 + touching + (gone not in cite)
    store.write(changed, meta={"build": {"n": 2}}, prune=True)
    assert changes(changed).written == 0
    assert store.fingerprint(include_meta=False) == fresh_fingerprint(changed, tmp_path)
    assert store.get_meta("build") == {"n": 2}
