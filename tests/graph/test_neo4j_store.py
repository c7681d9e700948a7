"""The Neo4j store against a real server, side by side with the embedded store."""
from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

from app.settings import load_settings
from graph.errors import ConfigError, QueryError, ReadOnlyViolation, StoreUnavailable
from graph.model import schema
from graph.model.records import Venue
from graph.store.embedded.store import EmbeddedStore
from graph.store.neo4j.store import Neo4jStore, open_neo4j_store, schema_ddl, to_plain
from tests.support.query_fixture import fixture_records
from tests.support.store_rows import ZERO, edge_rows, expected_rows, node_rows

pytestmark = pytest.mark.neo4j
@pytest.fixture
def embedded_store(tmp_path):
    store = EmbeddedStore(tmp_path / "atlas.lbug", read_only=False)
    yield store
    store.close()


def test_both_stores_hold_the_same_graph(empty_neo4j_store, embedded_store):
    records = fixture_records()
    meta = {"built_at": "2026-11-23", "counts": records.counts()}
    empty_neo4j_store.write(records, meta)
    embedded_store.write(records, meta)

    assert empty_neo4j_store.counts() == embedded_store.counts() == records.counts()
    expected = expected_rows(records)
    for label in schema.NODE_LABELS:
        assert node_rows(empty_neo4j_store, label) == node_rows(embedded_store, label) == expected[label]
    for rel in schema.REL_TYPES:
        assert edge_rows(empty_neo4j_store, rel) == edge_rows(embedded_store, rel) == expected[rel]
    assert empty_neo4j_store.get_meta("counts") == embedded_store.get_meta("counts") == records.counts()


def test_rewrite_is_idempotent_and_updates_in_place(empty_neo4j_store):
    records = fixture_records()
    empty_neo4j_store.write(records)
    empty_neo4j_store.write(records)
    assert empty_neo4j_store.counts() == records.counts()

    old = records.papers["arxiv:2201.02177"]
    records.papers[old.id] = dataclasses.replace(old, title="Grokking (corrected title)", year=2021)
    empty_neo4j_store.write(records)
    assert empty_neo4j_store.counts() == records.counts()  # MERGE on the key: no duplicate node
    rows = empty_neo4j_store.query("MATCH (p:Paper) WHERE p.id = $id RETURN p.title AS t, p.year AS y",
                                   {"id": old.id}).rows
    assert rows == [["Grokking (corrected title)", 2021]]


def test_schema_is_created_idempotently(empty_neo4j_store, neo4j_driver):
    empty_neo4j_store.ensure_schema()
    Neo4jStore(neo4j_driver).ensure_schema()  # a second store: every statement is IF NOT EXISTS
    names = {r["name"] for r in neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name", database_="neo4j").records}
    assert {f"{label.lower()}_id" for label in [*schema.NODE_LABELS, schema.META_LABEL]} <= names
    indexes = {r["name"] for r in neo4j_driver.execute_query("SHOW INDEXES YIELD name", database_="neo4j").records}
    assert {"paper_title", "keyword_name", "phenomenon_name"} <= indexes
    assert len(schema_ddl()) == len(set(schema_ddl()))


def test_schema_recovers_from_an_orphan_constraint_index(empty_neo4j_store, neo4j_driver):
    """A server stopped while it created a constraint can keep its backing index alone (seen in the
    kill-during-build test): the next build drops that index and creates the constraint."""
    neo4j_driver.execute_query("DROP CONSTRAINT venue_id IF EXISTS", database_="neo4j")
    neo4j_driver.execute_query("CREATE INDEX venue_id IF NOT EXISTS FOR (n:Venue) ON (n.id)", database_="neo4j")
    Neo4jStore(neo4j_driver).ensure_schema()
    constraints = {r["name"] for r in neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name",
                                                                 database_="neo4j").records}
    assert "venue_id" in constraints


def test_engine_error_mid_write_leaves_nothing(empty_neo4j_store):
    records = fixture_records()
    # Papers are written first; the venue step then fails inside the server
    # (a map is not a valid property value), so the whole transaction must go.
    records.venues["venue:bad"] = Venue("venue:bad", {"not": "a string"})
    with pytest.raises(QueryError) as err:
        empty_neo4j_store.write(records)
    assert "\n" not in str(err.value)
    assert empty_neo4j_store.counts() == ZERO


def test_interrupted_write_leaves_nothing(empty_neo4j_store):
    steps = []

    def progress(n):
        steps.append(n)
        if len(steps) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        empty_neo4j_store.write(fixture_records(), progress=progress)
    assert len(steps) == 3
    assert empty_neo4j_store.counts() == ZERO


@pytest.mark.parametrize("text", [
    "CREATE (p:Paper {id: 'x'}) RETURN p.id",
    "MERGE (p:Paper {id: 'arxiv:2201.02177'}) SET p.title = 'changed' RETURN p.id",
    "MATCH (p:Paper) DETACH DELETE p",
    "MATCH (p:Paper) SET p.year = 1900",
])
def test_read_path_refuses_writes(empty_neo4j_store, text):
    records = fixture_records()
    empty_neo4j_store.write(records)
    with pytest.raises(ReadOnlyViolation):
        empty_neo4j_store.query(text)  # the server refuses: a read transaction
    assert empty_neo4j_store.counts() == records.counts()
    assert empty_neo4j_store.query("MATCH (p:Paper) WHERE p.title = 'changed' OR p.year = 1900 "
                                   "RETURN count(p)").rows == [[0]]


def test_store_opened_read_only_refuses_every_write(neo4j_server, empty_neo4j_store):
    with open_neo4j_store(load_settings(neo4j_server.env(), dotenv=False), write=False) as store:
        with pytest.raises(ReadOnlyViolation):
            store.write(fixture_records())
        with pytest.raises(ReadOnlyViolation):
            store.query("CREATE (p:Paper {id: 'x'})", write=True)
        assert store.counts() == ZERO


def test_write_path_and_plain_values(neo4j_server, empty_neo4j_store):
    with open_neo4j_store(load_settings(neo4j_server.env(), dotenv=False), write=True) as store:
        store.query("CREATE (:Paper {id: 'a', title: 'A', keywords: ['x']})-[:CITES {intents: ['r']}]->"
                    "(:Paper {id: 'b', title: 'B'})", write=True)
        row = store.query("MATCH path = (a:Paper)-[r:CITES]->(b:Paper) "
                          "RETURN a, r, path, date('2024-02-29') AS d, [a.id, b.id] AS ids").records()[0]
    assert row["a"] == {"id": "a", "title": "A", "keywords": ["x"]}
    assert row["r"] == {"intents": ["r"]}
    assert row["path"] == [{"id": "a", "title": "A", "keywords": ["x"]}, {"id": "b", "title": "B"}]
    assert row["d"] == "2024-02-29"
    assert row["ids"] == ["a", "b"]
    assert to_plain(("t", 1)) == ["t", 1]


def test_limit_truncates_and_timeout_stops(empty_neo4j_store):
    empty_neo4j_store.write(fixture_records())
    res = empty_neo4j_store.query("MATCH (p:Paper) RETURN p.id AS id ORDER BY id", limit=3)
    assert res.truncated and len(res.rows) == 3 and res.columns == ["id"]
    with pytest.raises(QueryError, match="timed out"):
        empty_neo4j_store.query("UNWIND range(1, 400000000) AS x WITH x WHERE x * x < 0 RETURN count(x)",
                                timeout_s=0.5)


def test_syntax_error_is_one_line_with_the_engine_words(empty_neo4j_store):
    with pytest.raises(QueryError) as err:
        empty_neo4j_store.query("MATCH (p:Paper RETURN p")
    message = str(err.value)
    assert "\n" not in message and message.startswith("Neo4j rejected the query:") and "Invalid input" in message


def test_wrong_password_is_a_config_error(neo4j_server):
    with pytest.raises(ConfigError) as err:
        open_neo4j_store(load_settings(neo4j_server.env(NEO4J_PASSWORD="not-the-password"), dotenv=False))
    message = str(err.value)
    assert "NEO4J_PASSWORD" in message and "not-the-password" not in message and "\n" not in message


def test_dead_port_says_how_to_start(neo4j_server):
    from tests.support.neo4j_fixture import free_port

    with pytest.raises(StoreUnavailable, match="phenomena neo4j start"):
        open_neo4j_store(load_settings(neo4j_server.env(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}"),
                                       dotenv=False))


def test_wrong_database_is_a_config_error(neo4j_server):
    with pytest.raises(ConfigError, match="NEO4J_DATABASE"):
        open_neo4j_store(load_settings(neo4j_server.env(NEO4J_DATABASE="atlasnope"), dotenv=False))


def test_bad_uri_never_echoes_a_password(neo4j_server):
    for uri in ("http://127.0.0.1:7474", f"bolt://neo4j:hunter22@127.0.0.1:{neo4j_server.port}"):
        with pytest.raises(ConfigError) as err:
            open_neo4j_store(load_settings(neo4j_server.env(NEO4J_URI=uri), dotenv=False))
        assert "hunter22" not in str(err.value) and "NEO4J_URI" in str(err.value)


def test_closed_store_says_so(neo4j_driver):
    store = Neo4jStore(neo4j_driver)
    store.close()
    with pytest.raises(Exception, match="closed"):
        store.query("RETURN 1")
    neo4j_driver.verify_connectivity()  # an injected driver stays open


# -- the server controls ------------------------------------------------------

def test_status_and_port_in_use(neo4j_server, tmp_path):
    from graph.store.neo4j.server import server_status, start_server

    info = server_status(neo4j_server.data_dir)
    assert info is not None and info.port == neo4j_server.port and info.log_file.exists()
    assert "listening on bolt://127.0.0.1:" in info.log_file.read_text()
    assert server_status(tmp_path) is None
    with pytest.raises(StoreUnavailable, match="in use"):
        start_server(tmp_path / "other", neo4j_server.port, timeout=10)


def test_missing_java_says_what_to_install(tmp_path, monkeypatch):
    from graph.store.neo4j.server import start_server

    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without java or mvn
    with pytest.raises(ConfigError, match="install a JDK 17 and Maven"):
        start_server(tmp_path / "data", 7999, timeout=5)


def test_cli_status_start_stop(neo4j_server, tmp_path):
    from app.cli.neo4j_commands import neo4j_app

    runner = CliRunner()
    env = neo4j_server.env()
    res = runner.invoke(neo4j_app, ["status", "--data", str(neo4j_server.data_dir)], env=env)
    assert res.exit_code == 0 and "answering" in res.output and neo4j_server.uri in res.output
    res = runner.invoke(neo4j_app, ["status", "--data", str(tmp_path)], env=env)
    assert res.exit_code == 1 and "not running" in res.output
    res = runner.invoke(neo4j_app, ["stop", "--data", str(tmp_path)], env=env)
    assert res.exit_code == 0 and "no Neo4j running" in res.output
    res = runner.invoke(neo4j_app, ["start", "--data", str(tmp_path), "--port", str(neo4j_server.port)], env=env)
    assert res.exit_code == 1 and "in use" in res.output and "Traceback" not in res.output


def test_every_cli_command_has_help_with_an_example():
    from app.cli.neo4j_commands import neo4j_app

    runner = CliRunner()
    for command in neo4j_app.registered_commands:
        res = runner.invoke(neo4j_app, [command.name, "--help"])
        assert res.exit_code == 0 and "Example: phenomena neo4j" in res.output, command.name
