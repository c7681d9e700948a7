"""A fresh Neo4j build through ``neo4j-admin database import full`` gives the graph the batched path gives.

Real server (a launcher of this module's own: the import stops and restarts it, and the new database's
transaction ids start again, which a shared driver's bookmarks would wait for), real importer from the
launcher's jars, hostile text (quotes, commas, line breaks, markup) and empty and null lists on the way.
"""
import shutil

import neo4j
import pytest

from graph.errors import AtlasError
from graph.store.neo4j.offline_import import import_header, write_import_files
from graph.store.neo4j.server import LAUNCHER_JAR, LocalServer, server_status, start_server, stop_server
from graph.store.neo4j.store import Neo4jStore, schema_ddl
from tests.graph.test_queries import CASES, run
from tests.support.hostile_text import HOSTILE_PAPERS, build_hostile_records
from tests.support.neo4j_fixture import PASSWORD, _unavailable, free_port
from tests.support.query_fixture import fixture_records

pytestmark = pytest.mark.neo4j

HOSTILE = HOSTILE_PAPERS[0]
META = {"build": {"n": 1, "note": 'a "quoted", comma\nline'}}


def _records():
    records = build_hostile_records("http://127.0.0.1:9/beacon")
    records.papers["arxiv:2201.02177"].keywords = []  # an empty list, beside null ones
    return records


def _snapshot(store) -> dict:
    """What a reader sees: counts per label and type, every property (the fingerprint), two sample
    papers as Neo4j holds them (types included), and the answers of every saved query."""
    papers = {key: store.query("MATCH (p:Paper {id: $id}) RETURN properties(p) AS p", {"id": key}).rows[0][0]
              for key in ("arxiv:2201.02177", HOSTILE)}
    answers = [run(store, name, raw) for name, raw, _ in CASES]
    return {"fingerprint": store.fingerprint(include_meta=False), "papers": papers, "answers": answers,
            "build": store.get_meta("build")}


def _same(a: dict, b: dict) -> None:
    """Snapshots equal, or an assertion naming the first differing part (and property)."""
    for part in ("fingerprint", "build", "answers"):
        assert a[part] == b[part], part
    for key in a["papers"]:
        pa, pb = a["papers"][key], b["papers"][key]
        diff = {k: (pa.get(k), pb.get(k)) for k in set(pa) | set(pb) if pa.get(k) != pb.get(k) or (k in pa) != (k in pb)}
        assert not diff, f"{key}: {diff}"


def _empty(driver) -> None:
    with driver.session(database="neo4j") as session:  # a session of its own: no bookmarks carried over
        session.run("MATCH (n) DETACH DELETE n").consume()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not shutil.which("java") or (not LAUNCHER_JAR.exists() and not shutil.which("mvn")):
        _unavailable("java or mvn not found: install JDK 17 and Maven to run the Neo4j tests")
    data = tmp_path_factory.mktemp("offline") / "server"
    try:
        info = start_server(data, free_port(), timeout=300, heap="768m", password=PASSWORD)
    except AtlasError as err:
        _unavailable(f"Neo4j did not start: {err}")
    driver = neo4j.GraphDatabase.driver(info.uri, auth=("neo4j", PASSWORD), notifications_min_severity="OFF")
    try:
        yield info.data_dir, driver
    finally:
        driver.close()
        stop_server(data)


def test_importer_and_batched_paths_give_the_same_graph(server):
    data_dir, neo4j_driver = server
    records = _records()
    assert HOSTILE in records.papers and "\n" in records.papers[HOSTILE].abstract
    local = LocalServer(data_dir, PASSWORD)
    pid_before = server_status(data_dir).pid

    _empty(neo4j_driver)
    store = Neo4jStore(neo4j_driver, local_server=local, transaction_rows=10)
    store.write(records, meta=META, prune=True)
    assert store.write_path.startswith("offline importer"), store.write_path
    assert server_status(data_dir).pid != pid_before  # stopped, imported, started again
    imported = _snapshot(store)
    with neo4j_driver.session(database="neo4j") as session:
        constraints = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
        indexes = {r["name"]: r["state"] for r in session.run("SHOW INDEXES YIELD name, type, state "
                                                              "WHERE type = 'RANGE' RETURN name, state")}
    # every constraint and index of the schema, built side by side after the import, and online
    assert constraints == {stmt.split()[2] for stmt in schema_ddl() if stmt.startswith("CREATE CONSTRAINT")}
    assert indexes == {stmt.split()[2]: "ONLINE" for stmt in schema_ddl()}
    assert {"paper_id", "keyword_id", "atlasmeta_id"} <= constraints
    store.check_complete()  # the unfinished marker of the import is gone

    # a rebuild of the now non-empty graph takes the batched path, even on the local server
    store.write(records, meta=META, prune=True)
    assert store.write_path.startswith("batched"), store.write_path
    _same(_snapshot(store), imported)

    _empty(neo4j_driver)
    batched = Neo4jStore(neo4j_driver, transaction_rows=10)  # no local server: a remote one
    batched.write(records, meta=META, prune=True)
    assert batched.write_path.startswith("batched")
    expected = _snapshot(batched)
    _same(imported, expected)
    assert expected["fingerprint"]["counts"]["Paper"] == len(records.papers) > 10
    assert expected["papers"]["arxiv:2201.02177"]["keywords"] == []
    assert any(expected["answers"])  # the saved queries answer on this graph


def test_small_writes_and_queries_match_the_reference_answers(server):
    """A graph written by the importer answers every saved query as the hand-computed reference."""
    data_dir, neo4j_driver = server
    _empty(neo4j_driver)
    store = Neo4jStore(neo4j_driver, local_server=LocalServer(data_dir, PASSWORD), transaction_rows=1)
    store.write(fixture_records())
    assert store.write_path.startswith("offline importer")
    for name, raw, expected in CASES:
        assert run(store, name, raw) == expected, name


def test_import_files_use_the_importer_header(tmp_path):
    from graph.model.columnar import bulk_tables

    files = write_import_files(bulk_tables(_records()), tmp_path, [{"id": "build_incomplete", "value": "{}"}])
    assert files["multiline"]  # abstracts with line breaks: the importer is told
    assert import_header("Paper")[0] == "id:ID(Paper)" and "keywords:string[]" in import_header("Paper")
    head = (tmp_path / "CITES.csv").read_text().splitlines()[0]
    assert head.startswith('":START_ID(Paper)",":END_ID(Paper)"')
    assert {name for name, _ in files["nodes"]} >= {"Paper", "AtlasMeta", "Keyword"}


def _sentinel(driver) -> list:
    with driver.session(database="neo4j") as session:
        return [r["v"] for r in session.run("MATCH (m:AtlasMeta {id: 'sentinel'}) RETURN m.value AS v")]


def test_a_corrupt_row_leaves_the_database_as_it_was(server):
    """The importer rejects a row (a year that is not a number): one line that names the file, field
    and value and says what to do, the server running again on the untouched database, which takes
    the next build."""
    import pyarrow as pa

    from graph.model.columnar import bulk_tables
    from graph.store.neo4j.offline_import import import_offline

    data_dir, neo4j_driver = server
    _empty(neo4j_driver)
    with neo4j_driver.session(database="neo4j") as session:
        session.run("CREATE (:AtlasMeta {id: 'sentinel', value: '\"kept\"'})").consume()
    tables = bulk_tables(fixture_records())
    papers, rows = tables["Paper"]
    years = pa.array(["not-a-year"] + [str(y) for y in papers.column("year").to_pylist()[1:]], pa.string())
    tables["Paper"] = (papers.set_column(papers.column_names.index("year"), "year", years), rows)
    pid_before = server_status(data_dir).pid

    with pytest.raises(AtlasError) as err:
        import_offline(data_dir, "neo4j", tables, [], PASSWORD)
    message = str(err.value)
    assert "\n" not in message and "offline importer failed" in message, message
    assert "Paper.csv" in message and "year" in message and "not-a-year" in message, message
    assert "as it was" in message and "NEO4J_BULK_IMPORT=0" in message
    assert server_status(data_dir).pid != pid_before  # stopped for the swap, started again
    assert _sentinel(neo4j_driver) == ['"kept"']  # the previous state, not a half-built graph
    store = Neo4jStore(neo4j_driver, local_server=LocalServer(data_dir, PASSWORD), transaction_rows=10)
    assert store.counts()["Paper"] == 0
    store.write(fixture_records(), meta=META)  # usable: the next build goes through (build metadata kept)
    assert store.write_path.startswith("offline importer"), store.write_path
    assert store.counts()["Paper"] == len(fixture_records().papers) and _sentinel(neo4j_driver) == ['"kept"']


def test_a_killed_importer_leaves_an_empty_usable_database(server):
    """SIGKILL the importer while it runs: a one-line error naming the signal, an empty database on
    a running server, and the next build goes through the importer whole."""
    import os
    import signal
    import threading
    import time
    from pathlib import Path

    data_dir, neo4j_driver = server
    _empty(neo4j_driver)
    store = Neo4jStore(neo4j_driver, local_server=LocalServer(data_dir, PASSWORD), transaction_rows=10)
    marker = str(Path(data_dir).resolve() / "import" / "atlas-bulk" / "home")
    killed: list[int] = []

    def kill_importer() -> None:  # the importer of this test's server only: its home is in the command line
        deadline = time.monotonic() + 120
        while not killed and time.monotonic() < deadline:
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                if b"AdminTool" in cmdline and marker.encode() in cmdline:
                    os.kill(int(pid), signal.SIGKILL)
                    killed.append(int(pid))
                    return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_importer)
    killer.start()
    try:
        with pytest.raises(AtlasError) as err:
            store.write(fixture_records(), meta=META)
    finally:
        killer.join()
    assert killed, "the importer was never seen running"
    message = str(err.value)
    assert "\n" not in message and "killed by signal 9" in message and "as it was" in message, message
    assert server_status(data_dir) is not None
    assert sum(store.counts().values()) == 0  # empty, not half-built
    assert not (Path(data_dir) / "import" / "atlas-bulk").exists()  # nothing left behind

    store.write(fixture_records(), meta=META)
    assert store.write_path.startswith("offline importer"), store.write_path
    store.check_complete()
    assert store.counts()["Paper"] == len(fixture_records().papers)


def test_lists_the_importer_files_cannot_hold_are_named(tmp_path):
    """An empty-string element ([""] would read back as []) or U+001F: named, and the files refused."""
    from graph.model.columnar import bulk_tables
    from graph.store.neo4j.offline_import import unimportable

    assert unimportable(bulk_tables(_records())) is None
    for bad in ("", "a\x1fb"):
        records = _records()
        records.papers["arxiv:2201.02177"].keywords = ["fine", bad]
        reason = unimportable(bulk_tables(records))
        assert reason and "Paper.keywords" in reason, reason
        with pytest.raises(AtlasError, match="batched path"):
            write_import_files(bulk_tables(records), tmp_path / "csv", [])
