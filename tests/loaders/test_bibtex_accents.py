"""A Zotero-style BibTeX export with LaTeX accents (tests/data/import/zotero-accents.bib) imports with every
field decoded, abstract and keywords kept, and each person one author however the export spells them."""
import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_string

from graph.model.identity import author_key
from loaders.imports import load_bibtex, load_import_file
from tests.app.test_cli import run_cli

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "import" / "zotero-accents.bib"


def test_sample_imports_with_accents_decoded_and_fields_kept():
    load = load_import_file(SAMPLE)
    assert load.kind == "bibtex" and load.problems == [] and len(load.records.papers) == 15
    names = {a.name for a in load.records.authors.values()}
    for text in [*names, *(p.title for p in load.records.papers.values()),
                 *(p.venue or "" for p in load.records.papers.values())]:
        assert not re.search(r"[\\{}]", text), text  # no LaTeX left anywhere
    assert {"Stanisław Jastrzębski", "Bernhard Schölkopf", "Gunnar Rätsch", "Piotr Warchoł", "Emmanuel de Bézenac",
            "Bojan Žunkovič", "Grzegorz Głuch", "Petar Veličković", "João G. M. Araújo"} <= names
    # spelt `Jastrz{\k e}bski, Stanis{\l}aw`, `Jastrzebski, Stanislaw` and `Jastrz\k{e}bski, Stanis\law`: one author
    assert len({a for a in load.records.authors if "jastrzebski" in a}) == 1
    assert len({a for a in load.records.authors if "scholkopf" in a}) == 1
    memorization = load.records.papers["arxiv:1706.05394"]
    assert memorization.abstract.startswith("We examine the role of memorization")
    assert memorization.keywords == ["Computer Science - Machine Learning", "Statistics - Machine Learning",
                                     "memorization"]
    three = load.records.papers["arxiv:1711.04623"]
    assert "ϵ-close" in three.abstract and "(SGD)" in three.abstract


def test_decoding_every_field_and_every_spelling_of_a_name():
    text = r"""@article{a, title = {{\"U}ber {\'E}chelle: Stanis\l aw's {\AA}ngstr{\"o}m \& 100\% $\mu$P},
      author = {Jastrz{\k{e}}bski, Stanis{\l}aw and Bernhard Sch{\"o}lkopf and Martin, Jr., Charles H.},
      journal = {Fran\c{c}ais}, year = {2020}, url = {https://x.org/a\_b}, keywords = {M{\"u}ller; Na\"ive}}
    @article{b, title = {Second}, author = {Stanislaw Jastrzebski and Sch\"olkopf, Bernhard}, year = {2021}}"""
    load = load_bibtex(text)
    a = next(p for p in load.records.papers.values() if p.year == 2020)
    assert a.title == "Über Échelle: Stanisław's Ångström & 100% μP"
    assert a.venue == "Français" and a.url == "https://x.org/a_b" and a.keywords == ["Müller", "Naïve"]
    assert sorted(load.records.authors) == sorted({author_key("Stanisław Jastrzębski"),
                                                   author_key("Bernhard Schölkopf"),
                                                   author_key("Charles H. Martin Jr.")})


@pytest.fixture(scope="module")
def imported_home(tmp_path_factory):
    from tests.loaders.test_catalog import shared_readme

    readme = shared_readme()
    if not readme.is_file():
        pytest.skip(f"shared catalog README not found at {readme} (set PHENOMENA_SHARED_DIR)")
    home = tmp_path_factory.mktemp("home")
    env = {"PHENOMENA_HOME": str(home)}
    built = run_cli("build", "--catalog", str(readme), "--offline", env=env, timeout=600)
    assert built.returncode == 0, built.stderr
    done = run_cli("import", str(SAMPLE), "--offline", env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    return env


def test_sample_joins_the_catalog_authors_without_duplicates(imported_home):
    found = run_cli("query", "MATCH (a:Author) WHERE a.id CONTAINS 'jastrz' OR a.id CONTAINS 'scholkopf' "
                             "OR a.id CONTAINS 'ratsch' OR a.id CONTAINS 'warcho' RETURN a.id AS id, a.name AS name "
                             "ORDER BY id", "--format", "json", env=imported_home)
    assert found.returncode == 0, found.stderr
    rows = json.loads(found.stdout)
    assert [r["id"] for r in rows] == ["author:bernhard-scholkopf", "author:gunnar-ratsch", "author:piotr-warchol",
                                       "author:stanislaw-jastrzebski"]
    assert all(not re.search(r"[\\{}]", r["name"]) for r in rows)
    bib = run_cli("export", "-", "--format", "bibtex", env=imported_home, timeout=600)
    assert bib.returncode == 0, bib.stderr
    assert "textbackslash" not in bib.stdout and r'Sch{\"o}lkopf' in bib.stdout
    entries = parse_string(bib.stdout, "bibtex").entries
    memorization = next(e for e in entries.values() if e.fields.get("eprint") == "1706.05394")
    assert memorization.fields["abstract"].startswith("We examine the role of memorization")
