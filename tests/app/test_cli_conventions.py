"""The command line follows the ecosystem's conventions (issue 21, point 6), through the real `phenomena` process:
`--version`, usage errors exit 2, `export -` writes one bibliography to stdout, a failed export leaves
nothing behind, `--format json` on commands that print a list."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rispy
from pybtex.database import parse_string

from graph.errors import ConfigError
from graph.files import write_staged
from graph.store.embedded.store import EmbeddedStore
from tests.support.analytics_data import example_records

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with EmbeddedStore(home / "atlas.lbug", read_only=False) as store:
        store.write(example_records())
    return home


def phenomena(*args, home=None, cwd=None):
    env = {**os.environ, "PHENOMENA_STORE": "embedded", "PYTHONPATH": str(ROOT)}
    if home is not None:
        env["PHENOMENA_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)


def test_version():
    done = phenomena("--version")
    assert done.returncode == 0 and done.stdout.startswith("phenomena ") and done.stdout.split()[1][0].isdigit()


@pytest.mark.parametrize("args", [["export", "OUT", "--format", "nope"], ["query", "RETURN 1", "--format", "xml"],
                                  ["export"], ["export", "OUT", "--no-such-option"],
                                  ["bridges", "grokking", "double descent", "--format", "yaml"],
                                  ["export", "-", "--format", "csv"], ["export", "-", "--format", "report"],
                                  ["export", "-", "--format", "bibtex", "--format", "ris"]])
def test_usage_errors_exit_2_and_write_nothing(home, tmp_path, args):
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    done = phenomena(*args, home=home, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "unexpected" not in lines[0], done.stderr
    assert list(tmp_path.iterdir()) == []  # no `out`, no folder named `-`


def test_export_dash_writes_each_bibliography_to_stdout(home, tmp_path):
    papers = len(example_records().papers)
    outputs = {}
    for fmt in ("bibtex", "ris", "csl-json"):
        done = phenomena("export", "-", "--format", fmt, home=home, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        outputs[fmt] = done.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written to disk, no folder named `-`
    assert len(parse_string(outputs["bibtex"], "bibtex").entries) == papers
    assert len(rispy.loads(outputs["ris"])) == papers
    assert len(json.loads(outputs["csl-json"])) == papers


def test_bridges_prints_json(home):
    done = phenomena("bridges", "grokking", "double descent", "--format", "json", home=home)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert isinstance(rows, list) and all({"paper", "score", "reasons"} <= set(r) for r in rows)


def test_a_failed_export_leaves_no_folder(tmp_path):
    def fail(staging):
        (staging / "half.bib").write_text("@misc{x,")
        raise ConfigError("the writer failed")

    with pytest.raises(ConfigError):
        write_staged(tmp_path / "new" / "out", fail)
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "kept").mkdir()
    with pytest.raises(ConfigError):
        write_staged(tmp_path / "kept", fail)
    assert [p.name for p in tmp_path.iterdir()] == ["kept"] and list((tmp_path / "kept").iterdir()) == []


def test_catalog_problems_prints_json(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Awesome\n\n## Grokking\n\n- Not a paper line at all\n"
                      "- Grokking. [[paper]](https://arxiv.org/abs/2201.02177)\n  - Alethea Power. *ICLR 2022*\n",
                      encoding="utf-8")
    done = phenomena("catalog", "problems", str(readme), "--format", "json", "--offline")
    assert done.returncode == 0, done.stderr
    problems = json.loads(done.stdout)
    text = phenomena("catalog", "problems", str(readme), "--offline")
    assert [f"line {p['line']}: {p['message']}" for p in problems] == text.stdout.splitlines()
    assert problems and all(isinstance(p["line"], int) and p["message"] for p in problems)
    assert phenomena("catalog", "problems", str(readme), "--format", "yaml").returncode == 2
