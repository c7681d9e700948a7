"""Growing the graph around a concept or a paper, against the local Semantic Scholar server."""
import json
import random
from pathlib import Path

import pytest

from graph.store.embedded.store import EmbeddedStore
from tests.support.cli import run_cli
from tests.support.s2_server import Corpus, S2Server, edge, sha

SEEDS = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds" / "simplicity-bias.json"
NEW_PAPER = "2499.00001"  # about simplicity bias, in no list
OFF_TOPIC = "2499.00002"  # has both words in its title, not the phrase


def seed_papers() -> list[tuple[str, str]]:
    data = json.loads(SEEDS.read_text())
    out = [(p["arxiv_id"], p["title"]) for lst in data["lists"] for p in lst["papers"]]
    out += [(lst["about"]["arxiv_id"], lst["about"]["title"]) for lst in data["lists"] if lst.get("about")]
    return list(dict.fromkeys(out))


@pytest.fixture(scope="module")
def server():
    rng = random.Random(3)
    corpus = Corpus()
    papers = seed_papers() + [(NEW_PAPER, "Simplicity Bias in Transformers Revisited"),
                              (OFF_TOPIC, "On the simplicity of training and the bias of estimators")]
    for i, (arxiv, title) in enumerate(papers):
        refs = []
        if arxiv == "2410.02348":  # the centre paper cites two seeds
            refs = [edge(sha("2006.07710"), rng), edge(sha("2401.10791"), rng)]
        if arxiv == NEW_PAPER:
            refs = [edge(sha("2410.02348"), rng)]
        corpus.add({"paperId": sha(arxiv), "externalIds": {"ArXiv": arxiv, "CorpusId": 70_000 + i}, "title": title,
                    "year": 2024, "abstract": None, "authors": [{"authorId": str(500 + i), "name": f"Writer {i}"}],
                    "venue": "", "fieldsOfStudy": ["Computer Science"], "tldr": None, "citationCount": 0}, refs)
    s = S2Server(corpus.finish()).start()
    yield s
    s.stop()


def test_grow_concept_adds_known_papers_links_them_and_rejects_search_only_hits(server, tmp_path):
    env = {"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": server.url, "S2_REQUESTS_PER_SECOND": "1000"}
    result = run_cli("grow", "--concept", "simplicity bias", "--limit", "50", env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "rejected: On the simplicity of training and the bias of estimators" in result.stdout
    assert "search hit only" in result.stdout
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        linked = {r[0] for r in store.query(
            "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon {id: 'simplicity-bias'}) WHERE NOT p.in_catalog "
            "RETURN p.arxiv_id").rows}
        assert {"2006.07710", "2006.09373", "2404.17768", "2410.02348", NEW_PAPER} <= linked
        assert OFF_TOPIC not in linked
        assert store.query("MATCH (p:Paper) WHERE p.arxiv_id = $a RETURN count(p)", {"a": OFF_TOPIC}).rows == [[0]]
        sources = store.query("MATCH (p:Paper) WHERE p.arxiv_id = $a RETURN p.sources", {"a": NEW_PAPER}).rows[0][0]
        assert "search:simplicity bias" in sources
        before = store.fingerprint(include_meta=False)
    requests = server.requests
    again = run_cli("grow", "--concept", "simplicity bias", "--limit", "50", env=env, timeout=300)
    assert again.returncode == 0 and server.requests == requests  # cached: no request, nothing new
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        assert store.fingerprint(include_meta=False) == before


def test_grow_paper_adds_references_citations_and_related(server, tmp_path):
    env = {"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": server.url, "S2_REQUESTS_PER_SECOND": "1000"}
    result = run_cli("grow", "--paper", "2410.02348", "--limit", "5", env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        refs = {r[0] for r in store.query(
            "MATCH (a:Paper {id: 'arxiv:2410.02348'})-[:CITES]->(b:Paper) RETURN b.arxiv_id").rows}
        assert refs == {"2006.07710", "2401.10791"}
        cited_by = {r[0] for r in store.query(
            "MATCH (a:Paper)-[:CITES]->(b:Paper {id: 'arxiv:2410.02348'}) RETURN a.arxiv_id").rows}
        assert cited_by == {NEW_PAPER}
        related = store.query("MATCH (a:Paper {id: 'arxiv:2410.02348'})-[r:RELATED_TO]->(b:Paper) "
                              "RETURN r.origin, count(b)").rows
        assert related == [["s2-recommendations", 5]]


def test_grow_needs_exactly_one_valid_target(tmp_path):
    result = run_cli("grow", env={"PHENOMENA_HOME": str(tmp_path)})
    assert result.returncode == 1 and "exactly one of --concept" in result.stderr
    result = run_cli("grow", "--paper", "1234", env={"PHENOMENA_HOME": str(tmp_path)})
    assert result.returncode == 1 and "not an arXiv id, DOI" in result.stderr
    assert not (tmp_path / "sources.json").exists()  # nothing recorded


def test_grow_offline_keeps_the_request_and_says_so(tmp_path):
    env = {"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": "http://127.0.0.1:9"}
    result = run_cli("grow", "--paper", "2006.07710", "--offline", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "kept, it runs again on the next online build" in result.stdout
    assert json.loads((tmp_path / "sources.json").read_text())["grows"][0]["value"] == "2006.07710"
