"""Imports read only the files the user meant (issue 23): no /proc, /sys, /dev (nor links into them),
no file that is not a bibliography (never echoed, copied or stored), owner-only copies, BOMs ignored,
and hostile CSL-JSON refused in one line naming the field.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from graph.errors import SourceError
from graph.store.embedded.store import EmbeddedStore
from loaders.import_files import detect_format, save_import_copy
from loaders.imports import load_import_file, read_import
from tests.app.test_cli import run_cli

SECRET = "S2_API_KEY=sk-very-secret-key"
BIB = "@article{power2022, title = {Grokking: Generalization Beyond Overfitting}, year = {2022},\n" \
      "  eprint = {2201.02177}, archivePrefix = {arXiv}}\n"


@pytest.mark.parametrize("path", ["/proc/self/environ", "/proc/self/cmdline", "/sys/kernel/uevent_seqnum",
                                  "/dev/zero", "/dev/null"])
def test_system_trees_are_refused(path):
    if not os.path.exists(path):
        pytest.skip(f"{path} does not exist here")
    with pytest.raises(SourceError, match=r"is under /(proc|sys|dev), which holds system and process data"):
        load_import_file(path)


def test_a_bib_that_links_into_proc_is_refused(tmp_path):
    link = tmp_path / "library.bib"
    link.symlink_to("/proc/self/environ")
    with pytest.raises(SourceError, match=r"library\.bib \(a link to /proc/.*/environ\) is under /proc"):
        load_import_file(link)


def test_a_fifo_and_a_folder_are_refused(tmp_path):
    fifo = tmp_path / "pipe.bib"
    os.mkfifo(fifo)
    for path in (fifo, tmp_path):
        with pytest.raises(SourceError, match="is not a regular file"):
            load_import_file(path)


def test_a_file_that_is_no_bibliography_is_refused_without_a_line_of_it(tmp_path):
    secret = tmp_path / "environ.txt"
    secret.write_text(f"PATH=/usr/bin\n{SECRET}\nHOME=/root\n")
    with pytest.raises(SourceError) as caught:
        load_import_file(secret)
    assert "is not a bibliography" in str(caught.value) and "sk-very" not in str(caught.value)


def test_passwd_through_a_bib_link_is_not_a_bibliography(tmp_path):
    link = tmp_path / "refs.bib"
    link.symlink_to("/etc/passwd")
    with pytest.raises(SourceError, match="refs.bib is not a bibliography"):
        load_import_file(link)


def test_a_bom_never_changes_the_detected_format(tmp_path):
    path = tmp_path / "bom.bib"
    path.write_bytes(b"\xef\xbb\xbf" + BIB.encode())
    assert detect_format("\ufeff" + BIB) == "bibtex"
    data, load = read_import(path)
    assert load.kind == "bibtex" and list(load.records.papers) == ["arxiv:2201.02177"]
    assert data.startswith(b"\xef\xbb\xbf")  # the copy kept is the file as it was


def test_a_mostly_id_list_is_still_an_id_list():
    assert detect_format("2201.02177\n10.1073/pnas.1903070116\nnot an id\n") == "ids"
    assert detect_format("not an id\nnor this\n2201.02177\n") is None


def test_copies_are_owner_only(tmp_path):
    os.umask(0o022)
    target = tmp_path / "imports" / "x.bib"
    save_import_copy(BIB.encode(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text() == BIB


@pytest.mark.parametrize("item,field", [
    ({"title": ["a", "list"]}, "title"),
    ({"title": "ok", "author": 5}, "author"),
    ({"title": "ok", "author": [{"family": {"x": 1}}]}, "author.0.family"),
    ({"title": "ok", "issued": {"date-parts": "2020"}}, "issued.date-parts"),
    ({"title": "ok", "DOI": 10}, "DOI"),
])
def test_csl_json_with_a_wrong_type_is_refused_naming_the_field(tmp_path, item, field):
    path = tmp_path / "lib.json"
    path.write_text(json.dumps([{"title": "Deep Double Descent", "type": "article"}, item]))
    with pytest.raises(SourceError, match=rf"^lib\.json: CSL-JSON item 2 has an unexpected value for {field}: "
                                          "nothing was imported"):
        load_import_file(path)


def test_csl_json_nested_ten_thousand_deep_is_refused_in_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 10_000 + "]" * 10_000)
    with pytest.raises(SourceError, match="nested too deep to read: nothing was imported"):
        load_import_file(path)


def test_cli_import_of_secrets_exits_1_copies_nothing_and_keeps_the_graph(tmp_path):
    home = tmp_path / "home"
    env = {"PHENOMENA_HOME": str(home)}
    good = tmp_path / "good.bib"
    good.write_text(BIB)
    first = run_cli("import", str(good), "--offline", env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    with EmbeddedStore(home / "atlas.lbug") as store:
        before = store.counts()
        meta_before = json.dumps(store.get_meta("build"))
    assert stat.S_IMODE((home / "imports" / "good.bib").stat().st_mode) == 0o600
    secret = tmp_path / "environ.bib"
    secret.write_text(f"{SECRET}\nHOME=/root\n")
    link = tmp_path / "proc.bib"
    link.symlink_to("/proc/self/environ")
    for path in (secret, link, Path("/proc/self/environ")):
        done = run_cli("import", str(path), "--offline", env=env, timeout=120)
        assert done.returncode == 1, done.stdout + done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("Error: ")
        assert "sk-very" not in done.stdout + done.stderr
    assert sorted(p.name for p in (home / "imports").iterdir()) == ["good.bib"]
    assert "environ" not in (home / "sources.json").read_text()
    with EmbeddedStore(home / "atlas.lbug") as store:
        assert store.counts() == before  # the previous graph, untouched
        assert json.dumps(store.get_meta("build")) == meta_before and "sk-very" not in meta_before


def test_cli_prints_no_control_characters_from_data(tmp_path):
    home = tmp_path / "home"
    env = {"PHENOMENA_HOME": str(home)}
    bib = tmp_path / "esc.bib"
    bib.write_text("@article{x, title = {Grokking \x1b]0;owned\x07 at \x1b[2Jscale\x9b31m}, year = {2022}}\n"
                   "@article{y, title = {Broken \x1b[31m}\n")
    done = run_cli("import", str(bib), "--offline", env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    shown = run_cli("query", "MATCH (p:Paper) WHERE p.title STARTS WITH 'Grokking' RETURN p.title AS t",
                    env=env, timeout=120)
    assert shown.returncode == 0, shown.stderr
    for text in (done.stdout, done.stderr, shown.stdout, shown.stderr):
        assert not any(ch in text for ch in "\x1b\x07\x9b"), repr(text)
    assert "Grokking" in shown.stdout and "scale" in shown.stdout
    with EmbeddedStore(home / "atlas.lbug") as store:  # the store keeps the data as it came
        titles = [r[0] for r in store.query("MATCH (p:Paper) WHERE p.title STARTS WITH 'Grokking' "
                                            "RETURN p.title").rows]
    assert any(t.startswith("Grokking \x1b]0;owned\x07") for t in titles)
