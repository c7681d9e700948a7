"""Both engines hold the same graph and refuse the same hostile queries; a dead Neo4j loses nothing."""
import os
import signal
import subprocess
import sys
import time

import pytest

from graph.store.embedded.store import EmbeddedStore
from tests.support.cli import ROOT, run_cli
from tests.support.hostile_cypher import ENDLESS_QUERY, run_corpus
from tests.support.neo4j_fixture import PASSWORD, free_port
from tests.support.records import small_records

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def embedded_reference(tmp_path_factory):
    home = tmp_path_factory.mktemp("ref")
    assert run_cli("build", "--offline", env={"PHENOMENA_HOME": str(home)}).returncode == 0
    with EmbeddedStore(home / "atlas.lbug") as store:
        return store.fingerprint(include_meta=False)


def test_build_writes_the_same_graph_to_neo4j(neo4j_server, neo4j_driver, embedded_reference):
    from app.pipeline.stores import open_store
    from app.settings import load_settings

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    env = neo4j_server.env()
    for _ in range(2):  # twice: idempotent on Neo4j too
        result = run_cli("build", "--offline", "--store", "neo4j", env=env, timeout=300)
        assert result.returncode == 0, result.stderr
    with open_store(load_settings(env, dotenv=False)) as store:
        assert store.fingerprint(include_meta=False) == embedded_reference
    saved = run_cli("query", "--store", "neo4j", "--name", "papers-about", "--param", "phenomenon=grokking",
                    "--format", "json", env=env)
    assert saved.returncode == 0 and "Grokking" in saved.stdout, saved.stderr


def test_hostile_queries_refused_on_neo4j(empty_neo4j_store):
    from graph.errors import QueryError

    store = empty_neo4j_store
    store.write(small_records(), meta={"build": {"n": 1}})
    before = store.fingerprint()
    run_corpus(store, "neo4j")
    with pytest.raises(QueryError):
        store.query(ENDLESS_QUERY.replace("100000", "10000000"), timeout_s=0.5)
    assert store.fingerprint() == before


@pytest.mark.slow
def test_neo4j_killed_during_a_build_then_the_next_build_completes(tmp_path, embedded_reference):
    from app.pipeline.stores import open_store
    from app.settings import load_settings
    from graph.store.neo4j.server import server_status, start_server, stop_server

    data, port = tmp_path / "server", free_port()
    info = start_server(data, port, timeout=240, heap="512m", password=PASSWORD)
    env = {"NEO4J_URI": info.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": PASSWORD,
           "PHENOMENA_HOME": str(tmp_path / "home"), "PHENOMENA_STORE": "neo4j"}
    try:
        build = subprocess.Popen([sys.executable, "-m", "app.cli", "build", "--offline"], cwd=ROOT,
                                 env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2.5)  # records are collected; the write is starting or under way
        os.kill(info.pid, signal.SIGKILL)
        _, err = build.communicate(timeout=300)
        assert build.returncode == 1, "the build finished before the server was killed: kill it sooner"
        last = err.strip().splitlines()[-1]
        assert last.startswith("Error: ") and "Neo4j" in last and "Traceback" not in err, err
        from tests.support import report
        report.add(f"neo4j killed during a build: exit 1 with «{last[:110]}»; the next build equals the embedded graph")
        info = start_server(data, port, timeout=240, heap="512m", password=PASSWORD)
        result = run_cli("build", "--offline", env=env, timeout=300)
        assert result.returncode == 0, result.stderr
        with open_store(load_settings(env, dotenv=False)) as store:
            assert store.fingerprint(include_meta=False) == embedded_reference  # no duplicates, nothing lost
    finally:
        if server_status(data):
            stop_server(data)
