"""BibTeX, RIS and CSL-JSON read back by independent readers (pybtex, rispy, json); the offline build's export."""
import json

import networkx as nx
import pytest
import rispy
from pybtex.database import parse_file, parse_string

from graph.export.bibliography import citation_keys, render_bibtex, render_csl_json, render_ris
from tests.support.cli import run_cli

SAMPLES = {  # key: (venue, expected BibTeX type, RIS type, CSL type, container)
    "arxiv:1611.03530": ("ICLR 2017", "inproceedings", "CONF", "paper-conference",
                         "International Conference on Learning Representations"),
    "arxiv:1706.02677": ("NeurIPS 2016", "inproceedings", "CONF", "paper-conference",
                         "Advances in Neural Information Processing Systems"),
    "arxiv:1905.11604": ("ICML 2019", "inproceedings", "CONF", "paper-conference",
                         "Proceedings of the International Conference on Machine Learning"),
    "arxiv:2106.00001": ("ICML Workshop 2021", "inproceedings", "CONF", "paper-conference", "ICML Workshop"),
    "doi:10.1073/pnas.1903070116": ("PNAS", "article", "JOUR", "article-journal",
                                    "Proceedings of the National Academy of Sciences"),
    "arxiv:2201.02177": (None, "misc", "GEN", "article", None),
}


@pytest.fixture
def graph():
    G = nx.DiGraph()
    for i, (key, (venue, *_)) in enumerate(SAMPLES.items()):
        G.add_node(key, title=f"Paper {i}: On {key} & 100% {{braces}}", authors=["Ada Lovelace", "Ludwig van Beethoven"],
                   year=2019 + i, venue=venue, arxiv_id=key[6:] if key.startswith("arxiv:") else None,
                   doi=key[4:] if key.startswith("doi:") else None,
                   keywords=["Mean Field Theory", "Riemannian Geometry", "Mean-Field Theory"])
    return G


def test_bibtex_read_by_pybtex(graph):
    bib = parse_string(render_bibtex(graph), "bibtex")
    assert len(bib.entries) == len(SAMPLES)
    keys = citation_keys(graph)
    for key, (_venue, kind, _, _, container) in SAMPLES.items():
        entry = bib.entries[keys[key]]
        assert entry.type == kind, key
        assert [str(p) for p in entry.persons["author"]] == ["Lovelace, Ada", "van Beethoven, Ludwig"]
        if kind == "inproceedings":
            assert entry.fields["booktitle"] == container and "journal" not in entry.fields
        elif kind == "article":
            assert entry.fields["journal"] == container and entry.fields["doi"] == key[4:]
        else:
            assert entry.fields["eprint"] == "2201.02177" and entry.fields["archivePrefix"] == "arXiv"
        # variants merged the way the Keyword nodes merge them
        assert entry.fields["keywords"] == "Mean-Field Theory, Riemannian Geometry"
        assert r"\&" in entry.fields["title"] and r"100\%" in entry.fields["title"]


def test_ris_and_csl_json_read_back(graph):
    records = rispy.loads(render_ris(graph))
    items = json.loads(render_csl_json(graph))
    assert len(records) == len(items) == len(SAMPLES)
    keys = citation_keys(graph)
    by_id = {r["id"]: r for r in records}
    csl = {i["id"]: i for i in items}
    for key, (_, _, ris_type, csl_type, container) in SAMPLES.items():
        record, item = by_id[keys[key]], csl[keys[key]]
        assert record["type_of_reference"] == ris_type and item["type"] == csl_type
        assert record["authors"] == ["Lovelace, Ada", "van Beethoven, Ludwig"]
        assert item["author"][1] == {"family": "van Beethoven", "given": "Ludwig"}
        assert record["keywords"] == ["Mean-Field Theory", "Riemannian Geometry"]
        assert record["title"] == item["title"] == graph.nodes[key]["title"]
        assert (record.get("secondary_title") or record.get("journal_name")) == item.get("container-title") == container
        assert item["issued"] == {"date-parts": [[int(record["year"])]]}


def test_citation_keys_are_stable_and_unique():
    G = nx.DiGraph()
    for key in ("b", "a", "c"):
        G.add_node(key, title="The Deep Double Descent", authors=["Preetum Nakkiran"], year=2019)
    keys = citation_keys(G)
    assert keys == {"a": "nakkiran2019deep", "b": "nakkiran2019deepb", "c": "nakkiran2019deepc"}
    # the same paper keeps its key when exported alone: keys are those of the whole graph
    assert f"@misc{{{keys['c']}," in render_bibtex(G, ["c"])
    assert len(parse_string(render_bibtex(G), "bibtex").entries) == 3


@pytest.fixture(scope="module")
def offline_export(tmp_path_factory):
    from tests.support.shared_data import shared_readme

    readme = shared_readme()
    if not readme.is_file():
        pytest.skip(f"shared catalog README not found at {readme} (set PHENOMENA_SHARED_DIR)")
    home = tmp_path_factory.mktemp("home")
    env = {"PHENOMENA_HOME": str(home)}
    built = run_cli("build", "--catalog", str(readme), "--offline", env=env)
    assert built.returncode == 0, built.stderr
    out = home / "out"
    done = run_cli("export", str(out), "--format", "bibtex", "--format", "ris", "--format", "csl-json", env=env)
    assert done.returncode == 0, done.stderr
    return out


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
