"""The pipeline owns the work: the CLI and the app call :mod:`app.pipeline`'s ``run_build``, ``run_query``
and ``grow``; the app grows the graph in its own process (no `phenomena` child), against the
loopback Semantic Scholar stand-in."""
from __future__ import annotations

import json
import random
import subprocess

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.pipeline import BuildOptions, run_build, run_query
from app.settings import load_settings
from app.web import services
from graph.errors import ConfigError, QueryError
from graph.store.embedded.store import EmbeddedStore
from queries import coerce_params, load_query
from tests.support.s2_server import Corpus, S2Server, edge, sha

NEW_PAPER = "2499.00001"  # about simplicity bias, in no list
OFF_TOPIC = "2499.00002"  # has both words in its title, not the phrase
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def s2():
    rng = random.Random(3)
    corpus = Corpus()
    for i, (arxiv, title) in enumerate([(NEW_PAPER, "Simplicity Bias in Transformers Revisited"),
                                        (OFF_TOPIC, "On the simplicity of training and the bias of estimators")]):
        corpus.add({"paperId": sha(arxiv), "externalIds": {"ArXiv": arxiv, "CorpusId": 80_000 + i}, "title": title,
                    "year": 2024, "abstract": None, "authors": [{"authorId": str(900 + i), "name": f"Writer {i}"}],
                    "venue": "", "fieldsOfStudy": ["Computer Science"], "tldr": None, "citationCount": 0},
                   [edge(sha("2410.02348"), rng)] if arxiv == NEW_PAPER else [])
    server = S2Server(corpus.finish()).start()
    yield server
    server.stop()


def _settings(home, s2_url: str = UNREACHABLE):
    return load_settings({"PHENOMENA_HOME": str(home), "S2_API_URL": s2_url, "S2_REQUESTS_PER_SECOND": "1000",
                          "PHENOMENA_CATALOG_URL": f"{UNREACHABLE}/README.md"}, dotenv=False)


@pytest.fixture
def spawned(monkeypatch):
    """The argument lists of every child process started while the test runs."""
    calls: list[list[str]] = []
    real = subprocess.Popen

    class Recording(real):
        def __init__(self, args, *rest, **kw):
            calls.append([str(a) for a in (args if isinstance(args, (list, tuple)) else [args])])
            super().__init__(args, *rest, **kw)

    monkeypatch.setattr(subprocess, "Popen", Recording)
    return calls


def test_the_app_grows_in_its_own_process_against_the_s2_stand_in(s2, tmp_path, spawned):
    settings = _settings(tmp_path, s2.url)
    lines: list[str] = []
    code = services.run_grow(settings, "concept", "simplicity bias", 50, lines.append)
    assert code == 0, lines
    assert f"graph written to embedded store at {settings.embedded_path}" in lines
    assert any(line.startswith("grow concept 'simplicity bias'") for line in lines)
    assert any(line.startswith("  rejected: On the simplicity of training") for line in lines)
    assert not [args for args in spawned if "app.cli" in args or any(a.endswith("phenomena") for a in args)]
    with EmbeddedStore(settings.embedded_path) as store:
        linked = {r[0] for r in store.query("MATCH (p:Paper)-[:ABOUT]->(:Phenomenon {id: 'simplicity-bias'}) "
                                            "RETURN p.arxiv_id").rows}
    assert NEW_PAPER in linked and OFF_TOPIC not in linked
    assert json.loads((tmp_path / "sources.json").read_text())["grows"][0]["value"] == "simplicity bias"


def test_a_bad_grow_from_the_app_is_one_line_and_records_nothing(tmp_path, spawned):
    lines: list[str] = []
    assert services.run_grow(_settings(tmp_path), "paper", "1234", 5, lines.append) == 1
    assert lines == ["Error: --paper '1234' is not an arXiv id, DOI or Semantic Scholar id: "
                     "write e.g. --paper 2410.02348"]
    assert not (tmp_path / "sources.json").exists() and not spawned


def test_the_cli_build_prints_what_run_build_did(tmp_path, monkeypatch):
    """The same offline build through the CLI and through run_build: same graph, same summary lines."""
    cli_home, direct_home = tmp_path / "cli", tmp_path / "direct"
    monkeypatch.setenv("PHENOMENA_HOME", str(cli_home))
    monkeypatch.setenv("PHENOMENA_CATALOG_URL", f"{UNREACHABLE}/README.md")
    result = CliRunner().invoke(cli, ["build", "--offline"])
    assert result.exit_code == 0, result.output
    outcome = run_build(_settings(direct_home), BuildOptions(offline=True), say=lambda message: None)
    assert outcome.lines()[0] == f"graph written to embedded store at {direct_home / 'atlas.lbug'}"
    printed = [line for line in result.stdout.splitlines() if line.startswith(("graph written", "  "))]
    assert [line.replace(str(cli_home), str(direct_home)) for line in printed] == outcome.lines()
    with EmbeddedStore(cli_home / "atlas.lbug") as a, EmbeddedStore(direct_home / "atlas.lbug") as b:
        assert a.fingerprint(include_meta=False) == b.fingerprint(include_meta=False)

    # The checks live in run_build: a catalog that parsed to almost nothing stops before writing.
    tiny = tmp_path / "tiny.md"
    tiny.write_text("# Awesome\n\n## Grokking\n\n- [Grokking](https://arxiv.org/abs/2201.02177)\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="parsed to 1 entries"):
        run_build(_settings(direct_home), BuildOptions(catalog=str(tiny), offline=True), say=lambda message: None)
    with EmbeddedStore(direct_home / "atlas.lbug") as b, EmbeddedStore(cli_home / "atlas.lbug") as a:
        assert b.fingerprint(include_meta=False) == a.fingerprint(include_meta=False)  # nothing was changed
    with pytest.raises(ConfigError, match="--hops 3 is not 1 or 2"):
        run_build(_settings(direct_home), BuildOptions(offline=True, hops=3))

    # run_query is the CLI's `query`: a misspelt name and an empty result read the same in both.
    saved = load_query("papers-about")
    with pytest.raises(QueryError) as err:
        run_query(_settings(direct_home), saved.text_for("embedded"), coerce_params(saved, {"phenomenon": "grokkin"}),
                  saved=saved)
    typo = CliRunner().invoke(cli, ["query", "--name", "papers-about", "--param", "phenomenon=grokkin"])
    assert typo.exit_code == 1 and str(err.value) in str(typo.exception)
    text = "MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.id LIMIT 5"
    empty = run_query(_settings(direct_home), text, {}, needs=("CITES",))
    assert empty.result.rows == [] and empty.why_empty.startswith("No rows: the graph has no citations yet")


def test_app_modules_import_no_private_name_of_another_module():
    """The drawings share app/web/style.py instead of reaching into each other's internals."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = []
    for path in sorted((root / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("app", "graph", "loaders"):
                found += [f"{path.relative_to(root)}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_")]
    assert found == []
