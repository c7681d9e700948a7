"""pytest plugin: a real Neo4j server from the launcher, once per test session.

Registered in tests/conftest.py (``pytest_plugins = ["tests.support.neo4j_fixture"]``).
With ``CI=true`` a missing Java/Maven or a server that does not start fails
the tests that need it; elsewhere they skip with a one-line reason.
"""
from __future__ import annotations

import os
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.errors import AtlasError

PASSWORD = "atlas-test-password"  # a throwaway server in a temporary folder


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    port: int
    password: str
    data_dir: Path

    def env(self, **overrides: str) -> dict[str, str]:
        """Settings environment for :func:`app.settings.load_settings` pointing at this server."""
        env = {"NEO4J_URI": self.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": self.password,
               "NEO4J_DATABASE": "neo4j", "PHENOMENA_HOME": str(self.data_dir.parent / "home"),
               "PHENOMENA_STORE": "neo4j"}
        env.update(overrides)
        return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Neo4j is required on CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory) -> Neo4jServer:
    """A running Neo4j (auth on, user neo4j) on a free port; stopped after the session."""
    from graph.store.neo4j.server import LAUNCHER_JAR, start_server, stop_server

    if not shutil.which("java"):
        _unavailable("java not found: install JDK 17 (and Maven) to run the Neo4j tests")
    if not LAUNCHER_JAR.exists() and not shutil.which("mvn"):
        _unavailable("mvn not found and the launcher is not built: install Maven to run the Neo4j tests")
    data = tmp_path_factory.mktemp("neo4j") / "server"
    try:
        info = start_server(data, free_port(), timeout=240, heap="768m", password=PASSWORD)
    except AtlasError as err:
        _unavailable(f"Neo4j did not start: {err}")
    try:
        yield Neo4jServer(info.uri, info.port, PASSWORD, info.data_dir)
    finally:
        assert stop_server(data), "the Neo4j server was gone before the end of the session"


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server):
    import neo4j

    driver = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", neo4j_server.password),
                                        notifications_min_severity="OFF")
    yield driver
    driver.close()


@pytest.fixture
def empty_neo4j_store(neo4j_driver):
    """A writable Neo4jStore on an emptied database (data removed, schema kept)."""
    from graph.store.neo4j.store import Neo4jStore

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    store = Neo4jStore(neo4j_driver, database="neo4j")
    yield store
    store.close()  # the driver is the session's: the store does not close it
