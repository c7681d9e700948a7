"""An import is parsed once (issue 23: "an import inside the size cap costs seconds, not minutes, on every
later build"): the records kept as Arrow tables equal a fresh parse, for every format and for hostile text,
and a changed file, a broken cache or foreign files in it never change what a build reads.
"""
from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from graph.model.columnar import tables_from_records
from loaders.imports import load_import_cached, load_import_file
from loaders.library.parsed_cache import META

DATA = Path(__file__).parents[1] / "data" / "import"

RIS = """TY  - JOUR
TI  - Deep double descent <img src=x onerror=alert(1)> \x1b[31mred\x1b[0m
AU  - Nakkiran, Preetum
PY  - 2019
DO  - 10.48550/arXiv.1912.02292
UR  - https://example.org/}} @misc{injected, title = {x}}
ER  -
"""
CSL = json.dumps([{"id": "a", "type": "article-journal", "title": "Grokking ![px](http://127.0.0.1:9/p)",
                   "author": [{"family": "Power", "given": "Alethea"}], "issued": {"date-parts": [[2022]]},
                   "DOI": "10.1234/x)![px](http://127.0.0.1:9/doi)"}])


def _tables(load) -> dict:
    return {name: table.to_pylist() for name, table in tables_from_records(load.records).items() if table.num_rows}


@pytest.fixture(params=["reading-list.bib", "zotero-accents.bib", "ids.txt", "hostile.ris", "hostile.json"])
def import_file(request, tmp_path) -> Path:
    if request.param == "hostile.ris":
        (tmp_path / request.param).write_text(RIS, encoding="utf-8")
        return tmp_path / request.param
    if request.param == "hostile.json":
        (tmp_path / request.param).write_text(CSL, encoding="utf-8")
        return tmp_path / request.param
    return DATA / request.param


def test_kept_records_are_the_records_a_parse_gives(import_file, tmp_path):
    fresh = load_import_file(import_file)
    assert fresh.records.papers  # a file with papers, so the comparison below compares something
    cache = tmp_path / "parsed"
    first = load_import_cached(import_file, cache)
    (entry,) = list(cache.iterdir())  # the first read parsed and kept one entry
    kept = load_import_cached(import_file, cache)
    assert (kept.kind, [str(p) for p in kept.problems]) == (fresh.kind, [str(p) for p in fresh.problems])
    assert _tables(kept) == _tables(first) == _tables(fresh)  # every node, edge and property, hostile text as is
    assert list(cache.iterdir()) == [entry]  # read back, not written again


def test_the_cache_is_owner_only_data(tmp_path):
    cache = tmp_path / "parsed"
    load_import_cached(DATA / "reading-list.bib", cache)
    (entry,) = list(cache.iterdir())
    assert stat.S_IMODE(entry.stat().st_mode) == 0o700
    names = sorted(p.name for p in entry.iterdir())
    assert META in names and all(n == META or n.endswith(".arrow") for n in names)  # Arrow and JSON, no pickle
    assert "Paper.arrow" in names


def test_a_changed_file_is_parsed_again(tmp_path):
    cache, bib = tmp_path / "parsed", tmp_path / "lib.bib"
    bib.write_text("@article{a, title = {Grokking}, year = {2022}}\n", encoding="utf-8")
    assert [p.title for p in load_import_cached(bib, cache).records.papers.values()] == ["Grokking"]
    bib.write_text("@article{a, title = {Deep double descent}, year = {2019}}\n", encoding="utf-8")
    assert [p.title for p in load_import_cached(bib, cache).records.papers.values()] == ["Deep double descent"]
    assert len(list(cache.iterdir())) == 2


@pytest.mark.parametrize("damage", ["truncate-table", "bad-json", "missing-table", "foreign-file"])
def test_a_broken_cache_is_parsed_again(tmp_path, damage):
    cache, source = tmp_path / "parsed", DATA / "reading-list.bib"
    fresh = _tables(load_import_file(source))
    load_import_cached(source, cache)
    (entry,) = list(cache.iterdir())
    if damage == "truncate-table":
        (entry / "Paper.arrow").write_bytes((entry / "Paper.arrow").read_bytes()[:100])
    elif damage == "bad-json":
        (entry / META).write_text("{not json", encoding="utf-8")
    elif damage == "missing-table":
        (entry / "Paper.arrow").unlink()
    else:  # a file dropped in that no table names is never read
        (entry / "Injected.arrow").write_bytes(b"\x00" * 64)
    assert _tables(load_import_cached(source, cache)) == fresh


def test_a_refused_file_is_refused_before_the_cache(tmp_path):
    from graph.errors import SourceError

    secret = tmp_path / "env.bib"
    secret.write_text("S2_API_KEY=secret-value\nHOME=/root\n", encoding="utf-8")
    with pytest.raises(SourceError, match="env.bib"):
        load_import_cached(secret, tmp_path / "parsed")
    assert not (tmp_path / "parsed").exists() or not any((tmp_path / "parsed").iterdir())
