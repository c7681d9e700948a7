"""The console's read path on the embedded store: refused by the engine's plan, bounded, crash-proof.

Every hostile query goes through the store, the app's service and the CLI with a
sentinel file, a target path and a loopback listener watching (tests/support/hostile_probe.py).
"""
import doctest
import importlib
import resource

import pytest

from graph.errors import QueryError, ReadOnlyViolation
from graph.store.embedded.store import EmbeddedStore
from graph.store.guard import check_query_bounds, code_only
from tests.support.fixture_graph import write_fixture_store
from tests.support.hostile_probe import BOMBS, ESCAPES, UNBOUNDED, Probe, cli_runner, run_hostile, store_runner


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("read-path")
    write_fixture_store(home / "atlas.lbug")
    return home


@pytest.fixture(scope="module")
def store(home):
    with EmbeddedStore(home / "atlas.lbug") as s:
        yield s


@pytest.fixture
def probe(tmp_path):
    p = Probe(tmp_path / "probe")
    yield p
    p.close()


def _clean(totals, escapes_refused=True):
    assert totals["crashes"] == 0 and totals["leaks"] == 0, totals
    assert totals["files touched"] == 0 and totals["network requests"] == 0, totals
    assert totals["over time"] == 0, totals
    assert totals["refused"] + totals["executed"] == totals["tried"]


@pytest.mark.parametrize("name", ["graph.store.guard", "graph.store.plan", "graph.redact", "graph.store.shrink",
                                  "graph.files"])
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted >= 1 and result.failed == 0


def test_backticks_are_read_as_cypher_reads_them():
    assert code_only("RETURN 1 AS `x\\`; COPY") == "RETURN 1 AS `x`; COPY"
    assert code_only("RETURN 1 AS `a``b`; X") == "RETURN 1 AS `x`; X"
    assert code_only("RETURN 'it\\'s; x' AS y") == "RETURN '' AS y"
    with pytest.raises(ReadOnlyViolation, match="one statement"):
        from graph.store.guard import check_read_query
        check_read_query("RETURN 1 AS `x\\`; COPY (MATCH (p:Paper) RETURN p.id) TO 'pwn.csv'; RETURN 2 AS `y`")


def test_bounds_refuse_deep_nesting_before_the_engine():
    for text in BOMBS[:5]:
        with pytest.raises(ReadOnlyViolation, match="nested|longer"):
            check_query_bounds(text)
    check_query_bounds("RETURN " + "(" * 30 + "1" + ")" * 30)  # ordinary depth passes


def test_every_escape_is_refused_by_the_plan_alone(store, probe, monkeypatch):
    """The lexical guard switched off (bounds kept): the engine's plan still refuses each escape.

    EXPORT DATABASE is left out: LadybugDB creates its target folder while planning, so only
    the lexical guard, which runs first, keeps it from the engine.
    """
    import graph.store.embedded.store as embedded

    monkeypatch.setattr(embedded, "check_read_query", check_query_bounds)
    texts = [t for t in ESCAPES if "EXPORT" not in t]
    totals = run_hostile(store_runner(lambda t, lim, s: store.query(t, {}, limit=lim, timeout_s=s)),
                         probe, "embedded, plan only, lexical guard off", texts)
    _clean(totals)
    assert totals["refused"] == len(texts)


def test_store_console_path(store, probe):
    before = store.fingerprint()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    totals = run_hostile(store_runner(lambda t, lim, s: store.query_console(t, {}, limit=lim, timeout_s=s)),
                         probe, "embedded, store")
    _clean(totals)
    assert totals["refused"] >= len(ESCAPES) + 5
    assert store.fingerprint() == before
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert grown_mb < 300, f"this process grew by {grown_mb:.0f} MB: a result was materialised here"


def test_service_path(store, probe):
    """The app's console path: :func:`app.pipeline.query_store`, what ``run_query`` runs once the store is open."""
    from app.pipeline import query_store

    before = store.fingerprint()
    totals = run_hostile(store_runner(lambda t, lim, s: query_store(store, t, limit=lim, timeout_s=s).result),
                         probe, "embedded, app service")
    _clean(totals)
    assert store.fingerprint() == before


def test_cli_path(home, probe):
    with EmbeddedStore(home / "atlas.lbug") as s:
        before = s.fingerprint()
    totals = run_hostile(cli_runner({"PHENOMENA_HOME": str(home), "PHENOMENA_STORE": "embedded"}), probe,
                         "embedded, CLI")
    _clean(totals)
    with EmbeddedStore(home / "atlas.lbug") as s:
        assert s.fingerprint() == before


def test_unbounded_queries_stop_at_the_cap_or_the_deadline(store):
    # LadybugDB builds range()'s list before UNWIND reads it: 8 GB here, so the memory ceiling stops it.
    with pytest.raises(QueryError, match="memory|timed out"):
        store.query_console(UNBOUNDED[0], {}, limit=10, timeout_s=5)
    result = store.query_console("MATCH (a:Paper), (b:Paper), (c:Paper) RETURN a.id, b.id, c.id", {}, limit=10,
                                 timeout_s=5)
    assert len(result.rows) == 10 and result.truncated
    import time
    started = time.monotonic()
    with pytest.raises(QueryError, match="timed out"):
        store.query_console(UNBOUNDED[1], {}, limit=10, timeout_s=1)
    assert time.monotonic() - started < 1 + 5
    with pytest.raises(QueryError, match="timed out|memory"):
        store.query_console(UNBOUNDED[2], {}, limit=10, timeout_s=20)


def test_console_input_errors_are_one_line(store):
    for text, params, limit, timeout, words in [
        ("RETURN $x AS x", {}, 10, 5, "add --param x=VALUE"),
        ("RETURN 1", {}, -1, 5, "row limit"),
        ("RETURN 1", {}, 10, -5, "timeout"),
        ("RETURN $n AS n", {"n": 10**20}, 10, 5, "out of range"),
        ("   ", {}, 10, 5, "empty"),
    ]:
        with pytest.raises(QueryError, match=words):
            store.query_console(text, params, limit=limit, timeout_s=timeout)
