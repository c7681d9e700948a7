"""A whole `phenomena build` against a hostile Semantic Scholar (issue 23): wrong types and an endless
Retry-After end in one line each, within the deadline, and the graph keeps every catalog paper.
"""
import time

import pytest

from graph.store.embedded.store import EmbeddedStore
from tests.app.test_cli import run_cli
from tests.loaders.test_build_citations import catalog_corpus
from tests.support.s2_server import S2Server


@pytest.fixture(scope="module")
def s2():
    corpus, *_ = catalog_corpus()
    server = S2Server(corpus).start()
    yield server
    server.stop()


def paper_count(home) -> int:
    with EmbeddedStore(home / "atlas.lbug") as store:
        return store.counts()["Paper"]


def test_hostile_answers_skip_in_one_line_and_keep_the_graph(s2, tmp_path):
    env = {"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": s2.url, "S2_REQUESTS_PER_SECOND": "1000"}
    first = run_cli("build", env=env, timeout=600)
    assert first.returncode == 0, first.stderr
    papers = paper_count(tmp_path)

    def hostile(payload):
        payload[0]["title"] = ["a", "list"]
        payload[1]["authors"] = 7
        payload[2]["abstract"] = "\x1b]0;owned\x07" + "x" * 100
        return payload

    s2.add_fault("mutate", "/paper/batch", mutate=hostile, times=None)
    again = run_cli("build", "--refresh", env=env, timeout=600)
    s2.faults.clear()
    assert again.returncode == 0, again.stderr
    lines = [line for line in again.stderr.splitlines() if "unexpected value" in line]
    assert lines and lines[0].startswith("Semantic Scholar sent an unexpected value for title in paper ARXIV:")
    assert "unexpected AttributeError" not in again.stderr and "Traceback" not in again.stderr
    assert "\x1b" not in again.stdout + again.stderr
    assert paper_count(tmp_path) == papers  # the catalog papers stay; only S2's wrong items are left out

    s2.add_fault("429", "/paper/batch", retry_after="999999", times=None)
    started = time.monotonic()
    waited = run_cli("build", "--refresh", "--max-wait", "1", env=env, timeout=600)
    elapsed = time.monotonic() - started
    s2.faults.clear()
    assert waited.returncode == 0, waited.stderr
    assert "asked to wait 999999 s, waiting at most 1 (--max-wait)" in waited.stderr
    assert "kept answering 429" in waited.stderr
    assert elapsed < 300, elapsed
    assert paper_count(tmp_path) == papers
