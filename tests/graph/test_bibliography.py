"""BibTeX, RIS and CSL-JSON read back by independent readers (pybtex, rispy, json); the offline build's export."""
import json

import networkx as nx
import pytest
import rispy
from pybtex.database import parse_string
from loaders.latex_text import decode_latex

from graph.export.bibliography import citation_keys, render_bibtex, render_csl_json, render_ris

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
    for key, (venue, kind, _, _, container) in SAMPLES.items():
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
        assert decode_latex(entry.fields["title"]) == graph.nodes[key]["title"]


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


def test_names_are_split_by_a_library_and_each_person_written_once():
    G = nx.DiGraph()
    G.add_node("arxiv:1810.01075", title="Implicit Self-Regularization in Deep Neural Networks", year=2018,
               venue="JMLR", authors=["Charles H. Martin Jr.", "Michael W. Mahoney"])
    G.add_node("arxiv:2206.00001", title="Proving the Lottery Ticket Hypothesis for CNNs", year=2022, venue="ICLR 2022",
               authors=["Arthur da Cunha", "Viennot, Laurent", "Laurent_Viennot"])
    G.add_node("arxiv:1709.01953", title="Implicit Regularization in Deep Learning", year=2017,
               venue="PhD Thesis", authors=["Behnam Neyshabur"])
    bib = parse_string(render_bibtex(G), "bibtex")
    keys = citation_keys(G)
    martin = bib.entries[keys["arxiv:1810.01075"]].persons["author"][0]
    assert (martin.last_names, martin.lineage_names, martin.first_names) == (["Martin"], ["Jr."], ["Charles"])
    assert [str(p) for p in bib.entries[keys["arxiv:2206.00001"]].persons["author"]] == ["da Cunha, Arthur",
                                                                                        "Viennot, Laurent"]
    thesis = bib.entries[keys["arxiv:1709.01953"]]
    assert thesis.type == "phdthesis" and "school" not in thesis.fields  # no placeholder
    items = {i["id"]: i for i in json.loads(render_csl_json(G))}
    assert items[keys["arxiv:1810.01075"]]["author"][0] == {"family": "Martin", "given": "Charles H.", "suffix": "Jr."}
    assert len(items[keys["arxiv:2206.00001"]]["author"]) == 2
    ris = {r["id"]: r for r in rispy.loads(render_ris(G))}
    assert ris[keys["arxiv:1810.01075"]]["authors"][0] == "Martin, Charles H., Jr."
    assert ris[keys["arxiv:2206.00001"]]["authors"] == ["da Cunha, Arthur", "Viennot, Laurent"]


def test_bibtex_is_ascii_latex_that_decodes_to_the_titles():
    G = nx.DiGraph()
    titles = {"arxiv:2203.03466": "Tensor Programs V: Tuning Large Neural Networks via Zero-Shot μP Transfer",
              "arxiv:1711.04623": "Three Factors Influencing Minima in SGD: ε-close, Jastrzębski & Schölkopf (100%)"}
    for key, title in titles.items():
        G.add_node(key, title=title, authors=["Stanisław Jastrzębski", "Bernhard Schölkopf"], year=2022)
    text = render_bibtex(G)
    assert text.isascii()  # pdflatex reads it without inputenc declarations
    bib = parse_string(text, "bibtex")
    decode = decode_latex
    assert sorted(decode(e.fields["title"]) for e in bib.entries.values()) == sorted(titles.values())
    assert {decode(str(p)) for e in bib.entries.values() for p in e.persons["author"]} == {
        "Jastrzębski, Stanisław", "Schölkopf, Bernhard"}
