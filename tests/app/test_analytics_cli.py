"""`analyze` and `export` through typer against a real embedded store in PHENOMENA_HOME."""
import bibtexparser
import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from app.cli.analytics_commands import analyze_command, export_command
from app.pipeline.analytics import Selection, export
from graph.errors import ConfigError
from graph.store.embedded.store import EmbeddedStore
from tests.support.analytics_data import GROKKING, example_records


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PHENOMENA_HOME", str(tmp_path))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    with EmbeddedStore(tmp_path / "atlas.lbug", read_only=False) as s:
        s.write(example_records())
    return tmp_path


def cli():
    app = typer.Typer()
    app.command("analyze")(analyze_command)
    app.command("export")(export_command)
    return app


def test_analyze_then_export(home, tmp_path):
    runner = CliRunner()
    done = runner.invoke(cli(), ["analyze", "--seed", "3"])
    assert done.exit_code == 0, done.output
    assert "analysed 8 papers, 13 citations" in done.output
    with EmbeddedStore(home / "atlas.lbug") as s:
        stored = s.query("MATCH (p:Paper) WHERE p.pagerank IS NOT NULL RETURN count(p)").rows[0][0]
    assert stored == 8
    out = tmp_path / "out"
    done = runner.invoke(cli(), ["export", str(out), "--format", "gexf", "--format", "bibtex",
                                 "--phenomenon", "Grokking"])
    assert done.exit_code == 0, done.output
    assert sum(1 for _, k in nx.read_gexf(out / "knowledge.gexf").nodes(data="kind") if k == "Paper") == 4
    assert len(bibtexparser.parse_string((out / "papers.bib").read_text()).entries) == 4


def test_export_selection_by_query(home, tmp_path):
    with EmbeddedStore(home / "atlas.lbug") as s:
        paths = export(s, tmp_path / "q", ["bibtex"], Selection(
            query="MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon) WHERE f.id = $f RETURN p.id AS id",
            params={"f": GROKKING}, in_catalog=True))
        assert len(bibtexparser.parse_string(paths[0].read_text()).entries) == 4
        with pytest.raises(ConfigError, match="column named `id`"):
            export(s, tmp_path / "q", ["bibtex"], Selection(query="MATCH (p:Paper) RETURN p.title AS t"))


def test_commands_have_help_with_an_example():
    for command in ("analyze", "export"):
        shown = CliRunner().invoke(cli(), [command, "--help"])
        assert shown.exit_code == 0 and "Example: phenomena" in shown.output


def test_all_tags_says_when_it_changes_nothing(home, tmp_path):
    """A build keeps no weak tags: --all-tags gets a one-line note instead of silently doing nothing; an older
    graph that holds weak tags gets no note (there the option counts them)."""
    from app.cli.analytics_commands import bridges_command
    from graph.model.records import About

    app = cli()
    app.command("bridges")(bridges_command)
    runner = CliRunner()
    done = runner.invoke(app, ["bridges", "grokking", "double-descent", "--all-tags"])
    assert done.exit_code == 0, done.output
    assert "no weak tags" in done.output and "--all-tags changes nothing" in done.output
    done = runner.invoke(app, ["export", str(tmp_path / "out"), "--format", "csv", "--all-tags"])
    assert done.exit_code == 0 and "no weak tags" in done.output
    records = example_records()
    paper = next(p for p in records.papers if (p, GROKKING) not in records.about)  # a new tag, not a merged one
    records.add_edge(About(paper, GROKKING, via="section", confidence="weak"))
    with EmbeddedStore(home / "atlas.lbug", read_only=False) as s:
        s.write(records, prune=True)
    done = runner.invoke(app, ["bridges", "grokking", "double-descent", "--all-tags"])
    assert done.exit_code == 0, done.output
    assert "no weak tags" not in done.output
