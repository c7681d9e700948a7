"""The read-only query path refuses every write or escape attempt, on every engine."""
import pytest

from graph.errors import QueryError, ReadOnlyViolation
from graph.store.embedded.store import EmbeddedStore
from tests.support.hostile_cypher import ENDLESS_QUERY, HARMLESS_QUERIES, HOSTILE_QUERIES, run_corpus
from tests.graph.test_embedded_store import small_records


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "g.lbug"
    with EmbeddedStore(path, read_only=False) as store:
        store.write(small_records(), meta={"build": {"n": 1}})
    # The app and `phenomena query` open the file read-only; test the same.
    with EmbeddedStore(path) as store:
        yield store


def test_corpus_is_large_enough():
    assert len(HOSTILE_QUERIES) >= 40


def test_every_hostile_query_is_refused_without_effect(embedded):
    before = embedded.fingerprint()
    outcomes = run_corpus(embedded, "embedded")
    assert sum(outcomes.values()) == len(HOSTILE_QUERIES)
    assert embedded.fingerprint() == before


def test_harmless_reads_still_work(embedded):
    for text in HARMLESS_QUERIES:
        assert embedded.query(text).rows[0][0] >= 0


def test_endless_query_times_out(embedded):
    with pytest.raises(QueryError, match="timed out"):
        embedded.query(ENDLESS_QUERY, timeout_s=0.3)


def test_corpus_through_the_app_console_and_the_cli(embedded, tmp_path):
    """The same corpus through the app's console service and, for a sample, the CLI's read-only mode."""
    import shutil

    from app.pipeline import query_store
    from tests.app.test_cli import run_cli

    before = embedded.fingerprint()
    for text in HOSTILE_QUERIES:
        with pytest.raises((ReadOnlyViolation, QueryError)):
            query_store(embedded, text, limit=100, timeout_s=5)
    assert embedded.fingerprint() == before
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(embedded.path, home / "atlas.lbug")
    for text in HOSTILE_QUERIES[::6]:  # every sixth: each is a new process
        result = run_cli("query", text, env={"PHENOMENA_HOME": str(home)})
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, (text, result.stderr)
    with EmbeddedStore(home / "atlas.lbug") as copy:
        assert copy.fingerprint() == before
