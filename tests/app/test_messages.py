"""Every command the tool suggests in a message runs as printed.

The messages are found in the source (string constants outside docstrings, so
a new message is checked without a new test); each suggested command line is
parsed by the real CLI, with placeholders in capitals (OUT, FILE, CYPHER)
filled in.  The catalog-problems hint of a build is run for real.
"""
import ast
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from app.cli import cli
from tests.support.cli import ROOT, run_cli

SOURCES = [p for d in ("app", "graph", "loaders") for p in sorted((Path(ROOT) / d).rglob("*.py"))]


def _docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _message_texts(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            skip.update(id(v) for v in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.value


def suggested_commands() -> list[tuple[str, str]]:
    found = set()
    for path in SOURCES:
        for text in _message_texts(path):
            for part in text.split("`")[1::2]:
                if part.startswith("phenomena ") and "{}" not in part:  # f-string parts: tested by behaviour
                    found.add((str(path.relative_to(ROOT)), part))
    return sorted(found)


COMMANDS = suggested_commands()


def test_messages_suggest_commands():
    assert len(COMMANDS) >= 5
    assert any(cmd == "phenomena query --write 'CYPHER'" for _, cmd in COMMANDS)


def _parse(command, args: list[str]) -> None:
    """Parse ``args`` exactly as running the command would; click raises on a missing or unknown part.

    (typer ships its own copy of click, so its classes are told by name and shape.)"""
    ctx = command.make_context(command.name or "phenomena", list(args))
    if hasattr(command, "commands"):  # a group: parse the subcommand too
        rest = [*ctx._protected_args, *ctx.args] if hasattr(ctx, "_protected_args") else ctx.args
        assert rest, f"a command group alone does nothing: {args}"
        _, sub, sub_args = command.resolve_command(ctx, rest)
        _parse(sub, sub_args)


@pytest.mark.parametrize("where,line", COMMANDS, ids=[c for _, c in COMMANDS])
def test_suggested_command_parses(where, line, tmp_path):
    fill = {"OUT": str(tmp_path / "out"), "FILE": str(tmp_path / "my.bib"), "CYPHER": "MATCH (p:Paper) RETURN p.id"}
    args = [fill.get(word, word) for word in shlex.split(line)[1:]]
    try:
        _parse(typer.main.get_command(cli), args)
    except Exception as err:
        if type(err).__name__ == "Exit":
            return  # --help
        if not hasattr(err, "format_message"):
            raise
        pytest.fail(f"{where} suggests `{line}`, which does not run: {err.format_message()}")


@pytest.mark.parametrize("args", [["catalog", "parse"], ["export"], ["query", "--write", "--nosuch"]])
def test_the_parser_refuses_incomplete_commands(args):
    with pytest.raises(Exception) as caught:
        _parse(typer.main.get_command(cli), args)
    assert hasattr(caught.value, "format_message")


def test_catalog_problems_hint_runs_as_printed(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("## Others\n- [[paper]](https://arxiv.org/abs/2201.02177)\n"
                      "- Grokking. [[paper]](https://arxiv.org/abs/2201.02177)\n  - Alethea Power. *ICLR 2022*\n",
                      encoding="utf-8")
    # a one-entry catalog: --force accepts it (the build guard refuses fewer than 10 entries otherwise)
    built = run_cli("build", "--catalog", str(readme), "--offline", "--force", env={"PHENOMENA_HOME": str(tmp_path / "home")})
    assert built.returncode == 0, built.stderr
    hint = next(line for line in built.stdout.splitlines() if "lines need attention" in line)
    line = hint.split("`")[1]
    assert line.startswith("phenomena catalog parse ")
    words = shlex.split(line)
    shown = subprocess.run([sys.executable, "-m", "app.cli", *words[1:]], capture_output=True, text=True, cwd=tmp_path,
                           timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "line 2:" in shown.stderr  # the line the build counted
    assert '"title": "Grokking"' in shown.stdout
