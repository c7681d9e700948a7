"""A full catalog build against the local Semantic Scholar server, through the real CLI.

The server knows most catalog papers (by arXiv id) with references among them; a few it
does not know. The build must resolve what it knows, report the rest, add the edges,
make the fewest requests, and make none on a second run.
"""

import pytest

from graph.store.embedded.store import EmbeddedStore
from tests.support.citation_corpus import catalog_corpus
from tests.support.cli import run_cli
from tests.support.s2_server import S2Server


@pytest.fixture(scope="module")
def s2():
    corpus, known, unknown, edges = catalog_corpus()
    server = S2Server(corpus).start()
    yield server, known, unknown, edges
    server.stop()


def test_full_build_resolves_known_reports_rest_and_rebuilds_with_zero_requests(s2, tmp_path):
    server, known, unknown, expected_edges = s2
    env = {"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": server.url, "S2_REQUESTS_PER_SECOND": "1000"}
    before = server.requests
    result = run_cli("build", env=env, timeout=300)  # live catalog unreachable here: the snapshot
    assert result.returncode == 0, result.stderr
    first_requests = server.requests - before
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        resolved = {r[0] for r in store.query("MATCH (p:Paper) WHERE p.s2_id IS NOT NULL RETURN p.arxiv_id").rows}
        assert known <= resolved and not (unknown & resolved)
        cites = {(a, b) for a, b in store.query(
            "MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.arxiv_id, b.arxiv_id").rows}
        assert cites == expected_edges
        unresolved = {u["paper"] for u in store.get_meta("unresolved")}
        assert {f"arxiv:{a}" for a in unknown} <= unresolved
        assert store.get_meta("build")["sources"]["semantic_scholar"] in ("loaded", "partial")
        fingerprint = store.fingerprint(include_meta=False)
    # Few requests: a handful of batch calls plus title matches for papers without arXiv id or DOI.
    assert first_requests <= 40, first_requests
    again = run_cli("build", env=env, timeout=300)
    assert again.returncode == 0 and server.requests - before == first_requests  # warm cache: 0 requests
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        assert store.fingerprint(include_meta=False) == fingerprint


def test_offline_build_says_so_in_one_line_and_keeps_going(tmp_path):
    env = {"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": "http://127.0.0.1:9", "S2_REQUESTS_PER_SECOND": "1000"}
    result = run_cli("build", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    s2_lines = [line for line in result.stderr.splitlines() if "Semantic Scholar" in line and "%|" not in line]
    assert len(s2_lines) == 1 and "unreachable" in s2_lines[0]
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        meta = store.get_meta("build")
        assert meta["sources"]["semantic_scholar"] == "unreachable"
        assert "phenomena build" in meta["citations"]["how_to_add"]
        assert store.counts()["CITES"] == 0 and store.counts()["Paper"] == 602


def test_build_with_specter_saves_vectors_beside_the_graph_and_the_page_uses_them(s2, tmp_path):
    from app.web import services
    from graph.analytics.text_similarity import text_index
    from graph.model.read import load_graph_model
    from loaders.s2.embeddings import SPECTER_FILE

    server, known, unknown, _ = s2
    env = {"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": server.url, "S2_REQUESTS_PER_SECOND": "1000"}
    result = run_cli("build", "--specter", env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "SPECTER v2 vectors: " in result.stderr
    vectors = services.read_specter(tmp_path)
    assert {k.split(":", 1)[1] for k in vectors} == known  # every known catalog paper, none of the unknown
    before = server.requests
    assert run_cli("build", "--specter", env=env, timeout=300).returncode == 0
    assert server.requests == before  # the vectors come from the cache too
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        model = load_graph_model(store)
    paper = next(iter(vectors))
    assert services.related_papers(model, paper, embeddings=vectors)
    assert text_index(model.citation_graph(), embeddings=vectors).source == "tf-idf + SPECTER v2"
    (tmp_path / SPECTER_FILE).write_text("{not json", encoding="utf-8")
    assert services.read_specter(tmp_path) == {}  # a damaged file: text similarity alone
