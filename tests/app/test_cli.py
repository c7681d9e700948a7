"""The CLI: help on every command, one-line errors, never a traceback."""
import os
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from app.cli import cli, format_table

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def all_commands(group, prefix=()):
    for name, command in group.commands.items():
        path = (*prefix, name)
        yield path, command
        if hasattr(command, "commands"):
            yield from all_commands(command, path)


COMMANDS = list(all_commands(typer.main.get_command(cli)))


def run_cli(*args, env=None, timeout=120):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=full_env, timeout=timeout)


def test_there_are_commands():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"build", "query", "app", "catalog", "catalog parse"} <= names


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path, command):
    assert command.help and len(command.help.strip()) > 20
    if not hasattr(command, "commands"):
        assert "Example:" in command.help, f"{' '.join(path)} help lacks an example"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_errors_are_one_line_and_exit_non_zero(tmp_path):
    env = {"PHENOMENA_HOME": str(tmp_path)}
    cases = [
        (["query", "MATCH (p:Paper) RETURN count(p)"], "phenomena build"),  # no graph yet
        (["query", "RETURN 1", "--format", "xml"], "--format"),  # a usage error: exit 2
        (["query", "RETURN 1", "--param", "oops"], "NAME=VALUE"),
        (["query", "RETURN 1", "--store", "mongo"], "embedded or neo4j"),
        (["catalog", "parse", str(tmp_path / "missing.md"), "--json", str(tmp_path / "o.json")], "missing.md"),
    ]
    for args, expected in cases:
        result = run_cli(*args, env=env)
        assert result.returncode == (2 if "--format" in args else 1), (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0], (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_format_table():
    text = format_table(["a", "long name"], [[1, ["x", "y"]], [None, "z"]])
    assert text.splitlines() == ["a | long name", "--+-----------", '1 | ["x", "y"]', "  | z"]
