"""Console queries keep their --timeout on every query shape (issue 23): a 10k-term expression and values
that grow without bound are refused before any engine; on Neo4j a query that evaluates one long expression
returns a one-line timeout near --timeout, and the server stops it: the transaction is gone and no core is
busy a few seconds later (the launcher's RunawayStopper), and the server answers the next query.
"""
from __future__ import annotations

import os
import time

import pytest

from graph.errors import QueryError, ReadOnlyViolation
from graph.model.records import GraphRecords, Paper
from graph.store.embedded.store import EmbeddedStore
from graph.store.guard import MAX_OPERATORS, check_read_query
from graph.store.neo4j.server import PID_FILE
from graph.store.neo4j.store import Neo4jStore
from tests.support.cli import run_cli

TEN_K_TERMS = "RETURN " + "+".join(["1"] * 9990) + " AS n"
REDUCE = "RETURN size(reduce(s = '', i IN range(1, 400000) | s + 'x')) AS n"
# Shapes that keep one row's evaluation busy (Neo4j checks termination between rows only); none is
# refused by the guard, so the server must stop them.
RUNAWAYS = [
    REDUCE,
    "RETURN size([x IN range(1, toInteger(2000000000)) WHERE x < 0]) AS n",  # iterates, keeps nothing
    "RETURN size([x IN range(1, 30000) | size([y IN range(1, 30000) WHERE (x * y) % 7 = 0])]) AS n",
    "RETURN any(x IN range(1, toInteger(3000000000)) WHERE x < 0) AS n",
]
# Values that outgrow any heap within a second, before a timeout: refused on both engines.
GROWTH = [
    "RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n",
    "RETURN size(reduce(acc = [1], i IN range(1, 40) | acc + acc)) AS n",
    "RETURN size(" + "replace(" * 30 + "'xx'" + ", 'x', 'xx')" * 30 + ") AS n",
    "RETURN size([x IN range(1, 4000000000) | x]) AS n",
]


def test_ten_thousand_terms_are_refused_in_one_line():
    with pytest.raises(ReadOnlyViolation, match=rf"^refused: 9989 operators in one query \(the limit is "
                                                rf"{MAX_OPERATORS}\)"):
        check_read_query(TEN_K_TERMS)
    check_read_query("MATCH (a:Paper)-[:CITES]->(b:Paper) WHERE a.year >= 2020 AND b.year < 2020 "
                     "RETURN a.title, b.title, a.year - b.year AS gap")  # ordinary arithmetic passes


def test_embedded_console_refuses_ten_thousand_terms_at_once(tmp_path):
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as store:
        store.write(GraphRecords(papers={"arxiv:1": Paper(id="arxiv:1", title="A")}))
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        started = time.monotonic()
        with pytest.raises(ReadOnlyViolation, match="operators in one query"):
            store.query_console(TEN_K_TERMS, timeout_s=10)
        assert time.monotonic() - started < 2  # refused before the engine child, not after its 10 s
        assert store.query_console("RETURN 1 + 1 AS n", timeout_s=10).rows == [[2]]


def _server_cpu_seconds(data_dir) -> float:
    """CPU seconds (user + system) the Neo4j server process has used so far."""
    pid = int((data_dir / PID_FILE).read_text())
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _console_transactions(driver) -> list[str]:
    with driver.session(database="neo4j") as session:
        return [r["q"] for r in session.run(
            "SHOW TRANSACTIONS YIELD currentQuery AS q WHERE NOT q STARTS WITH 'SHOW' RETURN q")]


@pytest.mark.parametrize("query", GROWTH)
def test_values_that_outgrow_any_heap_are_refused_before_an_engine(query):
    with pytest.raises(ReadOnlyViolation, match=r"^refused: .*(doubles|multiply|makes a list)"):
        check_read_query(query)


@pytest.mark.neo4j
@pytest.mark.parametrize("query", RUNAWAYS)
def test_neo4j_runaway_expression_is_stopped_on_the_server(neo4j_server, neo4j_driver, query):
    store = Neo4jStore(neo4j_driver, database="neo4j")
    check_read_query(query)  # the guard lets it through: the server must stop it
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"^query timed out after 3 s and was stopped"):
        store.query_console(query, timeout_s=3)
    assert time.monotonic() - started < 7  # 3 s + 1.5 s grace + at most 1 s to terminate
    # The server stops the evaluating thread and closes the connection: the transaction is gone and
    # no core stays busy (before the launcher's stopper it ran for minutes after the client left).
    deadline = time.monotonic() + 8
    while _console_transactions(neo4j_driver) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert _console_transactions(neo4j_driver) == []
    before = _server_cpu_seconds(neo4j_server.data_dir)
    time.sleep(2)
    assert _server_cpu_seconds(neo4j_server.data_dir) - before < 0.8  # idle, not a core (2 s) busy
    assert store.query_console("RETURN 1 + 1 AS n", timeout_s=3).rows == [[2]]  # and it answers


@pytest.mark.neo4j
def test_neo4j_string_building_reduce_times_out_in_the_cli(neo4j_server):
    env = neo4j_server.env()  # the CLI says the same in one line
    done = run_cli("query", REDUCE, "--timeout", "3", "--store", "neo4j", env=env, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.strip().splitlines() == [
        "Error: query timed out after 3 s and was stopped: add a LIMIT, narrow the MATCH or build less in one "
        "expression"]


@pytest.mark.neo4j
def test_neo4j_console_refuses_ten_thousand_terms(neo4j_server):
    done = run_cli("query", TEN_K_TERMS, "--store", "neo4j", env=neo4j_server.env(), timeout=120)
    assert done.returncode == 1 and "operators in one query" in done.stderr
