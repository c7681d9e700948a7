"""Console queries keep their --timeout on every query shape (issue 23): a 10k-term expression is refused
before any engine; on Neo4j a string-building reduce() returns a one-line timeout near --timeout and its
transaction is terminated server-side.
"""
from __future__ import annotations

import time

import pytest

from graph.errors import QueryError, ReadOnlyViolation
from graph.model.records import GraphRecords, Paper
from graph.store.embedded.store import EmbeddedStore
from graph.store.neo4j.store import Neo4jStore
from graph.store.guard import MAX_OPERATORS, check_read_query
from tests.app.test_cli import run_cli

TEN_K_TERMS = "RETURN " + "+".join(["1"] * 9990) + " AS n"
REDUCE = "RETURN size(reduce(s = '', i IN range(1, 400000) | s + 'x')) AS n"


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


@pytest.mark.neo4j
def test_neo4j_string_building_reduce_times_out_near_the_timeout(neo4j_server, neo4j_driver):
    store = Neo4jStore(neo4j_driver, database="neo4j")
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"^query timed out after 3 s and was stopped"):
        store.query_console(REDUCE, timeout_s=3)
    elapsed = time.monotonic() - started
    assert elapsed < 7, elapsed  # 3 s + 1.5 s grace + at most 1 s to terminate, not the minutes it would take
    with neo4j_driver.session(database="neo4j") as session:
        rows = [r.data() for r in session.run(
            "SHOW TRANSACTIONS YIELD currentQuery, status WHERE currentQuery STARTS WITH 'RETURN size(reduce' "
            "RETURN status")]
    # Neo4j checks termination between rows: the expression may still be evaluating, but the
    # transaction is marked terminated (it holds no result and commits nothing); usually it is gone.
    assert all(r["status"].startswith("Terminated") for r in rows), rows

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
