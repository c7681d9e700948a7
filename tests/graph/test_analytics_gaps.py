"""Catalog gaps: ranking by catalog citations and entries in the catalog's format."""
import re

from graph.analytics.gaps import find_catalog_gaps, render_gap_entry, render_gaps_markdown
from graph.analytics.networks import build_citation_graph
from tests.support.analytics_data import example_records

# The catalog's entry format: title line with the paper link, authors (+ venue), keywords.
ENTRY = re.compile(r"^- (?P<title>.+)\. \[\[paper\]\]\((?P<url>https://\S+)\)\n"
                   r"  - (?P<authors>[^\n]+?)\.(?: \*(?P<venue>[^*]+)\*)?\n"
                   r"  - Key Word: (?P<kw>[^\n]+)\.$")


def test_gaps_ranked_by_catalog_citations():
    G = build_citation_graph(example_records())
    gaps = find_catalog_gaps(G, min_citations=1)
    assert [(g["id"], g["catalog_citations"]) for g in gaps] == [("arxiv:1611.03530", 4), ("arxiv:1412.6980", 2)]
    assert gaps[0]["cited_by"] == ["arxiv:1812.11118", "arxiv:1912.02292", "arxiv:2201.02177", "arxiv:2205.10343"]
    assert [g["id"] for g in find_catalog_gaps(G, min_citations=3)] == ["arxiv:1611.03530"]
    assert find_catalog_gaps(G, top=1, min_citations=1)[0]["id"] == "arxiv:1611.03530"


def test_gap_entry_in_catalog_format():
    G = build_citation_graph(example_records())
    gap = find_catalog_gaps(G)[0]
    entry = render_gap_entry(G, gap)
    m = ENTRY.match(entry)
    assert m, entry
    assert m["title"] == "Understanding deep learning requires rethinking generalization"
    assert m["url"] == "https://arxiv.org/abs/1611.03530"
    assert m["authors"] == "Chiyuan Zhang, Samy Bengio" and m["venue"] == "ICLR 2017"
    # no keywords of its own: the most common keywords of the catalog papers citing it
    assert m["kw"].split("; ")[0] == "Double Descent"


def test_gaps_markdown_holds_every_entry():
    G = build_citation_graph(example_records())
    gaps = find_catalog_gaps(G, min_citations=1)
    text = render_gaps_markdown(G, gaps)
    assert text.count("[[paper]](https://arxiv.org/abs/") == 2
    assert "<!-- cited by 4 catalog papers -->" in text
