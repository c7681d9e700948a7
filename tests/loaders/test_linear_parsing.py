"""Adversarial catalog and import inputs parse in linear time; imports take regular files only."""
import os
import time

import pytest

from graph.errors import SourceError
from loaders.catalog import parse_catalog, split_authors
from loaders.imports import load_bibtex, load_import_file, read_import_text
from graph.model.vocabulary import normalize_keyword
from tests.support import report
from tests.loaders.test_catalog import shared_readme

N = 100_000  # characters on one line
ENTRY = "## Others\n- A title. [[paper]](https://arxiv.org/abs/2201.02177)\n  - Ann Author, Bob Brown.\n"
LINES = {
    "heading + spaces": "## Others" + " " * N + "x",
    "heading + 3000 spaces (the reported case)": "## Others" + " " * 3000 + "x",
    "heading of hashes": "## " + "#" * N + " x",
    "heading of ' #'": "## a" + " #" * (N // 2),
    "open link brackets": "- t [[" * (N // 6),
    "unclosed link": "- t [[paper]](" + "a" * N,
    "many unclosed links": "- t " + "[[a]](b" * (N // 7),
    "summary of spaces": "  - <details><summary>" + " " * N + "x",
    "glued author names": "  - " + "aA" * (N // 2),
    "author spaces": "  - a" + " " * N + "b and c",
    "venue stars": "- t *" + "a*" * (N // 2),
    "keyword dashes": "  - Key Word: " + "a -" * (N // 3),
    "keyword spaces": "  - Key Word: a" + " " * N + "-b",
}


def _timed(fn, *args):
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


@pytest.mark.parametrize("name", list(LINES))
def test_adversarial_catalog_line_parses_within_a_second(name):
    text = ENTRY + LINES[name] + "\n" + ENTRY
    assert _timed(parse_catalog, text) <= 1.0


def test_real_catalog_with_a_hostile_line_in_each_place_parses_within_a_second():
    readme = shared_readme()
    if not readme.is_file():
        pytest.skip("shared catalog README not found")
    lines = readme.read_text(encoding="utf-8").split("\n")
    slowest, tried = 0.0, 0
    for at in (42, 43, 44, 45):  # a title line, an author line, a keyword line, a digest line
        for fill in (" " * N, "a" * N, "[[" * (N // 2), "*" * N, "aA" * (N // 2), " -" * (N // 2), "(" * N):
            mutated = "\n".join(lines[:at] + [lines[at] + fill] + lines[at + 1:])
            slowest = max(slowest, _timed(parse_catalog, mutated))
            tried += 1
    report.add(f"linear parsing: {len(LINES) + tried} adversarial catalog inputs (100k-char lines), "
               f"slowest whole-catalog parse {slowest:.2f} s (limit 1 s)")
    assert slowest <= 1.0


@pytest.mark.parametrize("text", [
    "@article{a, title={t}, author={" + "x " * N + "}}",
    "@article{a, title={t}, journal={" + "a" * N + " arxiv}}",
    "\n" * N + "@",
    " " * N + "\n@article{a, title={t}}",
])
def test_adversarial_bibtex_parses_within_a_second(text):
    assert _timed(load_bibtex, text) <= 1.0


def test_helpers_are_linear():
    assert _timed(split_authors, "aA" * (N // 2)) <= 1.0
    assert _timed(normalize_keyword, "a" + " " * N + "b") <= 1.0


def test_imports_take_regular_files_only(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo), str(tmp_path)):
        with pytest.raises(SourceError, match="not a regular file|is under /dev"):
            load_import_file(path)
    big = tmp_path / "big.txt"
    big.write_text("2201.02177\n" * 20)
    with pytest.raises(SourceError, match="split it"):
        read_import_text(big, max_bytes=100)
    with pytest.raises(SourceError, match="no file"):
        load_import_file(tmp_path / "missing.bib")


def test_cli_import_of_a_device_is_one_line_and_records_nothing(tmp_path):
    from tests.app.test_cli import run_cli

    result = run_cli("import", "/dev/zero", "--offline", env={"PHENOMENA_HOME": str(tmp_path)}, timeout=60)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "is under /dev, which holds system and process data" in result.stderr
    assert not (tmp_path / "sources.json").exists()
