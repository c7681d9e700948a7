"""Every bibliography export read by the tools researchers use, and by the parsers, whatever the records hold.

- citeproc-py renders each CSL-JSON item in APA with no warning and never "Article arXiv:…";
- pandoc and pybtex read the BibTeX, citation-js reads the RIS with each record's year;
- pybtex, bibtexparser and rispy read the exports of a graph built from hostile records (an injected
  ``@misc`` in a URL, unbalanced braces, newlines that start RIS tags, control characters) as exactly
  the graph's papers (issue 23).
"""
import json

import bibtexparser
import networkx as nx
import pytest
import rispy
from pybtex.database import parse_file, parse_string

from graph.export.bibliography import citation_keys, render_bibtex, render_csl_json, render_ris
from graph.export.bibliography_text import clean_text
from tests.support.cli import run_cli
from tests.support.readers import citation_js_ris_items, pandoc_bibtex_items, render_apa

INJECTION = "}} @misc{injected, title = {Injected}}\n@article{second, title={x}}"
HOSTILE = [  # (title, authors, url, extra)
    ("Unbalanced { brace in a title", ["Ada Lovelace"], "https://example.org/a", {}),
    ("Closing } brace and \\ backslash % percent # hash", ["Bob and Alice", "Doe, Jane"], None, {}),
    ("URL injection", ["Mallory"], "https://example.org/x" + INJECTION, {}),
    ("Title with\nER  - \nTY  - JOUR\nTI  - Fake record", ["Eve\nAU  - Fake Author"], None,
     {"abstract": "line one\nER  - \n\nTY  - GEN\nTI  - injected\nER  - "}),
    ("Escape \x1b[31mred\x07 and \u202e override", ["Ma\x00llory \x1b]0;t\x07"], "javascript:alert(1)",
     {"keywords": ["brace}keyword", "new\nline"]}),
    ("@misc{inside, title = {x}} at the start", ["{Braced} Name"], "http://example.org/{%}",
     {"doi": "10.1000/a}b{c", "venue": "ICML 2021 }} @misc{x,"}),
    ("Deep 深度学习 and emoji 🚀 and $unbalanced math", ["张 伟", "Jürgen Schmidhuber"], None, {"year": 2021}),
    ("A year that is not one", ["Trudy"], None, {"year": "2020} @misc{year, title={y}}"}),
]


@pytest.fixture
def hostile_graph():
    G = nx.DiGraph()
    for i, (title, authors, url, extra) in enumerate(HOSTILE):
        G.add_node(f"title:hostile-{i}", title=title, authors=authors, url=url, year=extra.pop("year", 2020 + i),
                   **extra)
    return G


def test_hostile_records_are_exactly_the_papers_for_pybtex_bibtexparser_and_rispy(hostile_graph):
    keys = citation_keys(hostile_graph)
    text = render_bibtex(hostile_graph)
    assert sorted(parse_string(text, "bibtex").entries) == sorted(keys.values())
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and sorted(e.key for e in library.entries) == sorted(keys.values())
    records = rispy.loads(render_ris(hostile_graph))
    assert sorted(r["id"] for r in records) == sorted(keys.values())
    titles = {keys[v]: clean_text(d["title"]) for v, d in hostile_graph.nodes(data=True)}
    assert {r["id"]: r["title"] for r in records} == titles
    assert all(len(r["authors"]) == 1 or r["id"] == keys["title:hostile-1"] for r in records[:6])
    items = json.loads(render_csl_json(hostile_graph))
    assert sorted(i["id"] for i in items) == sorted(keys.values())
    assert all("javascript" not in json.dumps(i) for i in items)
    bob = parse_string(text, "bibtex").entries[keys["title:hostile-1"]].persons["author"]
    assert len(bob) == 2  # "Bob and Alice" stays one person


def test_hostile_records_read_by_pandoc_and_citation_js(hostile_graph, tmp_path):
    keys = citation_keys(hostile_graph)
    (tmp_path / "h.bib").write_text(render_bibtex(hostile_graph), encoding="utf-8")
    (tmp_path / "h.ris").write_text(render_ris(hostile_graph), encoding="utf-8")
    assert sorted(i["id"] for i in pandoc_bibtex_items(tmp_path / "h.bib")) == sorted(keys.values())
    ris = citation_js_ris_items(tmp_path / "h.ris")
    assert len(ris) == len(HOSTILE)
    assert sorted(i["title"] for i in ris) == sorted(clean_text(t) for t, *_ in HOSTILE)


def test_apa_renders_preprints_and_proceedings_without_article_arxiv():
    G = nx.DiGraph()
    G.add_node("arxiv:1912.02292", title="Deep Double Descent", authors=["Preetum Nakkiran"], year=2020,
               venue="ICLR 2020", arxiv_id="1912.02292")
    G.add_node("arxiv:2201.02177", title="Grokking", authors=["Alethea Power"], year=2022, arxiv_id="2201.02177")
    G.add_node("doi:10.1073/pnas.1903070116", title="Reconciling modern machine learning", year=2019,
               authors=["Mikhail Belkin"], venue="PNAS", doi="10.1073/pnas.1903070116", arxiv_id="1812.11118")
    items = json.loads(render_csl_json(G))
    entries, caught = render_apa(items)
    assert caught == [] and len(entries) == 3
    assert not any("Article arXiv" in e or "Article ArXiv" in e for e in entries)
    by_title = {next(t for t in ("Deep Double", "Grokking", "Reconciling") if t in e): e for e in entries}
    assert "International Conference on Learning Representations" in by_title["Deep Double"]
    assert "(ArXiv:2201.02177). arXiv." in by_title["Grokking"]  # APA's preprint form (citeproc-py capitalises)
    assert "https://doi.org/10.1073/pnas.1903070116" in by_title["Reconciling"]
    for item in items:
        assert "number" not in item or item["type"] == "article"
        assert item.get("publisher") != "arXiv" or item["type"] == "article"


@pytest.fixture(scope="module")
def offline_export(tmp_path_factory):
    from tests.support.shared_data import build_offline_and_export

    return build_offline_and_export(tmp_path_factory.mktemp("home"), "bibtex", "ris", "csl-json")


def test_offline_build_exports_every_paper(offline_export):
    bib = parse_file(str(offline_export / "papers.bib"))
    assert len(bib.entries) == 602  # 580 catalog papers and 22 seed papers
    assert len(rispy.load(offline_export / "papers.ris")) == 602
    assert len(json.loads((offline_export / "papers.json").read_text())) == 602
    by_eprint = {e.fields.get("eprint"): e for e in bib.entries.values()}
    pitfalls = by_eprint["2006.07710"]  # a seed paper, left out before
    assert pitfalls.type == "misc" and pitfalls.fields["archivePrefix"] == "arXiv"
    expected = {"2311.08360": ("inproceedings", "Advances in Neural Information Processing Systems"),   # NeurIPS 2023
                "2307.09542": ("inproceedings", "Proceedings of the International Conference on Machine Learning"),
                "2303.08207": ("inproceedings", "International Conference on Learning Representations"),
                "1902.01996": ("article", "Journal of Machine Learning Research"),
                "2004.07780": ("article", "Nature Machine Intelligence"),
                "2511.04808": ("misc", None)}
    for eprint, (kind, container) in expected.items():
        entry = by_eprint[eprint]
        assert entry.type == kind, eprint
        assert (entry.fields.get("booktitle") or entry.fields.get("journal")) == container, eprint


def test_offline_build_renders_in_apa_without_warnings(offline_export):
    items = json.loads((offline_export / "papers.json").read_text(encoding="utf-8"))
    entries, caught = render_apa(items)
    assert (len(entries), len(caught)) == (602, 0), caught[:3]
    assert sum("Article arXiv" in e or "Article ArXiv" in e for e in entries) == 0


def test_offline_build_read_by_pandoc_and_citation_js(offline_export):
    assert len(pandoc_bibtex_items(offline_export / "papers.bib")) == 602
    ris = citation_js_ris_items(offline_export / "papers.ris")
    records = rispy.load(offline_export / "papers.ris")
    assert len(ris) == len(records) == 602
    with_year = [r for r in records if r.get("year")]
    kept = [i for i in ris if (i.get("issued") or {}).get("date-parts")]
    assert len(kept) == len(with_year)  # every record's year, conference papers too
    conferences = [i for i in ris if i["type"] == "paper-conference"]
    assert conferences and all(i.get("container-title") and i.get("issued") for i in conferences)


HOSTILE_RIS = """TY  - JOUR
TI  - A link that ends an entry
AU  - Mallory, Eve
PY  - 2021
UR  - https://example.org/paper}} @misc{injected, title = {Injected entry}}
ER  - 

TY  - CONF
TI  - Unbalanced { brace and a lone \\ backslash % comment
AU  - Doe, Jane
AU  - Bob and Alice
PY  - 2022
T2  - ICML 2022 }} @article{second,
KW  - brace}keyword
AB  - An abstract
ER  - 
"""


def test_exports_of_a_build_with_hostile_imports_are_exactly_its_papers(tmp_path):
    home = tmp_path / "home"
    ris = tmp_path / "hostile.ris"
    ris.write_text(HOSTILE_RIS, encoding="utf-8")
    env = {"PHENOMENA_HOME": str(home)}
    done = run_cli("import", str(ris), "--offline", env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    count = run_cli("query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "json", env=env)
    papers = json.loads(count.stdout)[0]["n"]
    out = tmp_path / "out"
    done = run_cli("export", str(out), "--format", "bibtex", "--format", "ris", "--format", "csl-json", env=env,
                   timeout=600)
    assert done.returncode == 0, done.stderr
    text = (out / "papers.bib").read_text(encoding="utf-8")
    assert len(parse_string(text, "bibtex").entries) == papers
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == papers
    assert "injected" not in {e.key for e in library.entries} and "second" not in {e.key for e in library.entries}
    records = rispy.load(out / "papers.ris")
    assert len(records) == papers
    titles = {r["title"] for r in records}
    assert {"A link that ends an entry", "Unbalanced { brace and a lone \\ backslash % comment"} <= titles
    assert len(json.loads((out / "papers.json").read_text(encoding="utf-8"))) == papers
