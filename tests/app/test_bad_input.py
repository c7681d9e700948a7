"""Ordinary bad input: a one-line, specific error and exit code 1, nothing half-written."""
import pytest

from tests.support.cli import run_cli
from tests.support.fixture_graph import write_fixture_store


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("bad-input")
    write_fixture_store(home / "atlas.lbug")
    return home


def _one_line_error(result, words):
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "unexpected" not in lines[0], result.stderr


@pytest.mark.parametrize("args,words", [
    (["query", "RETURN 1", "--timeout", "-5"], "timeout"),
    (["query", "RETURN 1", "--limit", "-1"], "row limit"),
    (["query", "RETURN $x AS x"], "--param x=VALUE"),
    (["query", "CREATE (n:Paper {id: 'x'})", "--name", "papers-about"], "not both"),
    (["query", "--name", "papers-about", "--param", "phenomenon=grokking", "--param",
      "limit=99999999999999999999999"], "out of range"),
    (["query", "RETURN 1", "--store", "neo4j"], "port"),
    (["export", "/dev/full", "--format", "bibtex"], "not a folder"),
])
def test_bad_input_is_one_line(home, args, words):
    env = {"PHENOMENA_HOME": str(home), "NEO4J_URI": "bolt://127.0.0.1:abc"}
    _one_line_error(run_cli(*args, env=env), words)


def test_export_refuses_to_overwrite_unless_forced(home, tmp_path):
    env = {"PHENOMENA_HOME": str(home)}
    out = tmp_path / "out"
    assert run_cli("export", str(out), "--format", "bibtex", env=env).returncode == 0
    (out / "papers.bib").write_text("mine")
    _one_line_error(run_cli("export", str(out), "--format", "bibtex", "--format", "gaps", env=env), "--force")
    assert (out / "papers.bib").read_text() == "mine" and not (out / "gaps.md").exists()  # nothing half-written
    assert run_cli("export", str(out), "--format", "bibtex", "--force", env=env).returncode == 0
    assert (out / "papers.bib").read_text() != "mine"


@pytest.mark.parametrize("content", ["[1, 2]", "{bad", '{"imports": 5}'])
def test_a_damaged_sources_json_is_one_line(tmp_path, content):
    (tmp_path / "sources.json").write_text(content)
    _one_line_error(run_cli("build", "--offline", env={"PHENOMENA_HOME": str(tmp_path)}), "sources.json")
