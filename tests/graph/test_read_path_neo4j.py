"""The console's read path on Neo4j, and the launcher's lock-down (a real server from the launcher)."""
import os
import stat

import pytest

from graph.store.guard import check_query_bounds
from tests.support.hostile_probe import ESCAPES, Probe, cli_runner, run_hostile, store_runner
from tests.graph.test_embedded_store import small_records

pytestmark = pytest.mark.neo4j


@pytest.fixture
def probe(tmp_path):
    p = Probe(tmp_path / "probe")
    yield p
    p.close()


@pytest.fixture
def store(empty_neo4j_store):
    empty_neo4j_store.write(small_records(), meta={"build": {"n": 1}})
    empty_neo4j_store.read_only = True
    return empty_neo4j_store


def _clean(totals):
    assert totals["crashes"] == 0 and totals["leaks"] == 0, totals
    assert totals["files touched"] == 0 and totals["network requests"] == 0, totals
    assert totals["over time"] == 0, totals


def test_every_escape_is_refused_by_the_plan_alone(store, probe, monkeypatch):
    import graph.store.neo4j.store as neo4j_store

    monkeypatch.setattr(neo4j_store, "check_read_query", check_query_bounds)
    before = store.fingerprint()
    totals = run_hostile(store_runner(lambda t, lim, s: store.query(t, {}, limit=lim, timeout_s=s)),
                         probe, "neo4j, plan only, lexical guard off", ESCAPES)
    _clean(totals)
    assert totals["refused"] == len(ESCAPES)
    assert store.fingerprint() == before


def test_store_and_service_console_paths(store, probe):
    from app.pipeline import query_store

    before = store.fingerprint()
    _clean(run_hostile(store_runner(lambda t, lim, s: store.query_console(t, {}, limit=lim, timeout_s=s)),
                       probe, "neo4j, store"))
    _clean(run_hostile(store_runner(lambda t, lim, s: query_store(store, t, limit=lim, timeout_s=s).result),
                       probe, "neo4j, app service"))
    assert store.fingerprint() == before


def test_cli_path(store, probe, neo4j_server):
    before = store.fingerprint()
    _clean(run_hostile(cli_runner(neo4j_server.env()), probe, "neo4j, CLI"))
    assert store.fingerprint() == before


def test_rows_stream_and_stop_at_the_cap(store):
    result = store.query_console("UNWIND range(1, 1000000000) AS x RETURN x", {}, limit=10, timeout_s=5)
    assert len(result.rows) == 10 and result.truncated


def test_the_server_refuses_file_urls_itself(neo4j_driver, neo4j_server, probe):
    """Past the console's checks (a direct driver call), the server still reads no file URL."""
    import neo4j.exceptions as nex

    with pytest.raises(nex.ClientError, match="(?i)file"):
        neo4j_driver.execute_query(f"LOAD CSV FROM 'file://{probe.sentinel}' AS row RETURN row", database_="neo4j")
    assert (neo4j_server.data_dir / "import").is_dir()


@pytest.mark.slow
def test_launcher_starts_with_auth_and_a_private_generated_password(tmp_path):
    import neo4j

    from app.settings import load_settings
    from graph.store.neo4j.server import PASSWORD_FILE, start_server, stop_server
    from tests.support.neo4j_fixture import free_port

    home = tmp_path / "home"
    info = start_server(home / "neo4j", free_port(), timeout=240, heap="512m")
    try:
        secret = home / PASSWORD_FILE
        assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
        with pytest.raises(neo4j.exceptions.AuthError):
            with neo4j.GraphDatabase.driver(info.uri) as driver:
                driver.verify_connectivity()
        settings = load_settings({"PHENOMENA_HOME": str(home), "NEO4J_URI": info.uri}, dotenv=False)
        assert settings.neo4j_password == secret.read_text().strip()
        with neo4j.GraphDatabase.driver(info.uri, auth=("neo4j", settings.neo4j_password)) as driver:
            driver.verify_connectivity()
        assert (home / "neo4j" / "import").is_dir()
    finally:
        stop_server(home / "neo4j")
