"""The embedded LadybugDB store on real files."""
import subprocess
import sys
import textwrap

import pytest

from graph.errors import QueryError, ReadOnlyViolation, StoreError, StoreUnavailable
from graph.store.embedded.store import EmbeddedStore
from tests.support.records import small_records


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "graph.lbug"


def test_write_is_idempotent_and_keeps_properties(db_path):
    with EmbeddedStore(db_path, read_only=False) as store:
        store.write(small_records(), meta={"build": {"n": 1}})
        first = store.counts()
        store.write(small_records(), meta={"build": {"n": 2}})
        assert store.counts() == first
        assert first["Paper"] == 2 and first["CITES"] == 1 and first["ABOUT"] == 1
        row = store.query("MATCH (a:Paper)-[c:CITES]->(b:Paper) RETURN a.title, b.year, c.is_influential, c.intents")
        assert row.rows == [["Grokking", 2019, True, ["background"]]]
        assert store.get_meta("build") == {"n": 2}


def test_failed_write_leaves_nothing(db_path):
    records = small_records()
    calls = []

    def explode(n):
        calls.append(n)
        if len(calls) == 3:
            raise RuntimeError("killed mid-write")

    with EmbeddedStore(db_path, read_only=False) as store:
        with pytest.raises(RuntimeError):
            store.write(records, progress=explode)
        assert store.counts()["Paper"] == 0
        store.write(records)
        assert store.counts()["Paper"] == 2


def test_read_path_refuses_writes_whatever_the_text(db_path):
    with EmbeddedStore(db_path, read_only=False) as store:
        store.write(small_records())
        for text in ["CREATE (p:Paper {id: 'x'})", "MATCH (p:Paper) SET p.title = 'x'",
                     "MATCH (p:Paper) DETACH DELETE p", "/* hidden */ MERGE (p:Paper {id: 'y'})"]:
            with pytest.raises(ReadOnlyViolation):
                store.query(text)
        assert store.counts()["Paper"] == 2
        assert store.query("MATCH (p:Paper) WHERE p.title = 'x' RETURN count(p)").rows == [[0]]


def test_read_only_file_refuses_write_flag(db_path):
    with EmbeddedStore(db_path, read_only=False) as store:
        store.ensure_schema()
    with EmbeddedStore(db_path) as store:
        with pytest.raises(ReadOnlyViolation):
            store.query("CREATE (p:Paper {id: 'x'})", write=True)


def test_values_only_as_parameters(db_path):
    hostile = "x'}) DETACH DELETE p //"
    with EmbeddedStore(db_path, read_only=False) as store:
        store.write(small_records())
        res = store.query("MATCH (p:Paper) WHERE p.title = $t RETURN count(p)", {"t": hostile})
        assert res.rows == [[0]] and store.counts()["Paper"] == 2


def test_limit_and_timeout(db_path):
    with EmbeddedStore(db_path, read_only=False) as store:
        store.write(small_records())
        res = store.query("MATCH (p:Paper) RETURN p.id ORDER BY p.id", limit=1)
        assert res.rows == [["arxiv:1912.02292"]] and res.truncated
        with pytest.raises(QueryError, match="timed out"):
            store.query("UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
                        "WITH x + y AS z WHERE z % 7 = 0 RETURN sum(z)", timeout_s=0.2)


def test_missing_file_says_build_first(db_path):
    with pytest.raises(StoreUnavailable, match="phenomena build"):
        EmbeddedStore(db_path)


def test_file_locked_by_another_writer(db_path):
    EmbeddedStore(db_path, read_only=False).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time, ladybug
        db = ladybug.Database({str(db_path)!r}); print('ready', flush=True); time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreUnavailable, match=f"process {holder.pid}"):
            EmbeddedStore(db_path, read_only=False)
    finally:
        holder.kill()
        holder.wait()


def test_corrupted_file_says_how_to_rebuild(db_path):
    db_path.write_bytes(b"this is not a graph database" * 100)
    with pytest.raises(StoreError, match="phenomena build"):
        EmbeddedStore(db_path, read_only=False)


def test_prune_leaves_exactly_the_records(db_path):
    records = small_records()
    with EmbeddedStore(db_path, read_only=False) as store:
        store.write(records)
        del records.papers["arxiv:1912.02292"]
        records.cites.clear()
        store.write(records, prune=True)
        counts = store.counts()
        assert counts["Paper"] == 1 and counts["CITES"] == 0 and counts["ABOUT"] == 1 and counts["Phenomenon"] == 1


def test_graph_from_an_older_version_says_how_to_upgrade(db_path):
    import ladybug
    db = ladybug.Database(str(db_path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Paper(id STRING, title STRING, PRIMARY KEY (id))")
    conn.execute("CREATE NODE TABLE AtlasMeta(id STRING, value STRING, PRIMARY KEY (id))")
    conn.execute("CREATE (:AtlasMeta {id: 'build', value: '{}'})")  # an older build that finished
    conn.close()
    db.close()
    with pytest.raises(StoreError, match="older version.*phenomena build"):
        EmbeddedStore(db_path)


def test_graph_of_a_stopped_first_build_says_unfinished(db_path):
    import ladybug
    db = ladybug.Database(str(db_path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Paper(id STRING, title STRING, PRIMARY KEY (id))")  # killed mid-schema
    conn.close()
    db.close()
    with pytest.raises(StoreError, match="unfinished.*run `phenomena build`"):
        EmbeddedStore(db_path)
    with EmbeddedStore(db_path, read_only=False) as store:  # a build upgrades it in place
        store.write(small_records())
    with EmbeddedStore(db_path) as store:
        assert store.counts()["Paper"] == 2
