"""Settings from the environment, and merging records into one node per thing."""
import pytest

from app.settings import load_settings
from graph.errors import ConfigError
from graph.model.merge import merge_records
from graph.model.records import Cites, GraphRecords, Paper


def test_settings_from_env(tmp_path):
    s = load_settings({"PHENOMENA_HOME": str(tmp_path), "PHENOMENA_STORE": "Neo4j",
                       "NEO4J_PASSWORD": "s3cret", "S2_API_URL": "http://127.0.0.1:9/"}, dotenv=False)
    assert s.store == "neo4j" and s.embedded_path == tmp_path / "atlas.lbug"
    assert s.s2_api_url == "http://127.0.0.1:9"
    assert "s3cret" not in repr(s)


def test_settings_errors_are_one_line():
    with pytest.raises(ConfigError, match="embedded or neo4j"):
        load_settings({"PHENOMENA_STORE": "sqlite"}, dotenv=False)
    with pytest.raises(ConfigError, match="S2_REQUESTS_PER_SECOND"):
        load_settings({"S2_REQUESTS_PER_SECOND": "fast"}, dotenv=False)


def test_dotenv_fills_what_env_lacks(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("PHENOMENA_HOME=/from/dotenv\nNEO4J_DATABASE=atlas\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEO4J_DATABASE", "from-env")
    monkeypatch.delenv("PHENOMENA_HOME", raising=False)
    s = load_settings()
    assert str(s.home) == "/from/dotenv" and s.neo4j_database == "from-env"


def test_merge_by_identifier_then_title_and_edges_follow():
    base = GraphRecords()
    base.papers["title:the-pitfalls-of-simplicity-bias"] = Paper(
        id="title:the-pitfalls-of-simplicity-bias", title="The Pitfalls of Simplicity Bias in Neural Networks",
        in_catalog=True, sources=["catalog"])
    base.papers["arxiv:2201.02177"] = Paper(id="arxiv:2201.02177", title="Grokking", arxiv_id="2201.02177")
    incoming = GraphRecords()
    incoming.papers["arxiv:2006.07710"] = Paper(
        id="arxiv:2006.07710", title="The pitfalls of simplicity bias in neural networks.",
        arxiv_id="2006.07710", s2_id="abc", sources=["s2"])
    incoming.papers["s2:zzz"] = Paper(id="s2:zzz", title="Grokking v2", arxiv_id="2201.02177v2", abstract="A")
    incoming.add_edge(Cites("arxiv:2006.07710", "s2:zzz"))
    renamed = merge_records(base, incoming)
    assert renamed == {"arxiv:2006.07710": "title:the-pitfalls-of-simplicity-bias", "s2:zzz": "arxiv:2201.02177"}
    assert len(base.papers) == 2
    merged = base.papers["title:the-pitfalls-of-simplicity-bias"]
    assert merged.arxiv_id == "2006.07710" and merged.sources == ["catalog", "s2"] and merged.in_catalog
    assert base.papers["arxiv:2201.02177"].abstract == "A"
    assert list(base.cites) == [("title:the-pitfalls-of-simplicity-bias", "arxiv:2201.02177")]
