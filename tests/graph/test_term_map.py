"""The keyword map's thesaurus (VOSviewer's convention) and the term map: thresholds, merges, drops, sizes, names."""
from __future__ import annotations

import pytest

from graph.analytics.concepts import co_occurrence_map, concept_occurrences
from graph.analytics.thesaurus import (
    MAX_BYTES,
    ThesaurusError,
    default_thesaurus_path,
    load_thesaurus,
    parse_thesaurus,
    read_thesaurus,
)
from graph.drawing.term_map import MAX_LABEL_PX, MIN_NODE_PX, build_term_map, default_threshold, term_sizes
from graph.model.graph_model import GraphModel
from graph.model.identity import keyword_key
from graph.model.records import Author, GraphRecords, HasKeyword, Keyword, Paper, Wrote
from tests.support.catalog_build import catalog_model

# paper -> its keywords, as a catalog writes them (variants, an abbreviation, noise)
KEYWORDS = {
    "p1": ["NTK", "Grokking", "Book"], "p2": ["Neural Tangent Kernel", "Grokking"], "p3": ["Neural Tangent Kernels"],
    "p4": ["Grokking", "Double Descent", "Book"], "p5": ["Double Descent", "Deep Double Descent"],
    "p6": ["Position", "Grokking"], "p7": ["Double-Descent"], "p8": ["Lazy Training"],
}
AUTHORS = {"p1": ["Léon Bottou", "Ada Lovelace"], "p2": ["Leon Bottou", "Ada Lovelace"], "p3": ["Ada Lovelace"],
           "p4": ["Alan Turing"]}


def model() -> GraphModel:
    g = GraphRecords()
    for pid, words in KEYWORDS.items():
        g.papers[pid] = Paper(id=pid, title=f"Paper {pid}", year=2020)
        for w in words:
            g.keywords.setdefault(keyword_key(w), Keyword(keyword_key(w), w))
            g.add_edge(HasKeyword(pid, keyword_key(w)))
    for pid, names in AUTHORS.items():
        for i, name in enumerate(names):
            key = f"author:{i}-{name}"  # two spellings of one person are two nodes, as two sources write them
            g.authors[key] = Author(key, name)
            g.add_edge(Wrote(key, pid, position=i))
    return GraphModel.from_records(g)


def names(occurrences: dict) -> dict[str, int]:
    return {name: len(papers) for name, papers in occurrences.values()}


# --- the thesaurus file -------------------------------------------------------------------------------------------

def test_the_default_thesaurus_merges_abbreviations_and_variants_and_drops_noise():
    t = read_thesaurus(default_thesaurus_path())
    assert t.apply("NTK") == t.apply("NTKs") == "Neural Tangent Kernel"
    assert t.apply("Deep Double Descent") == "Double Descent" and t.apply("scaling laws") == "Neural Scaling Laws"
    assert t.apply("Book") is None and t.apply("Position") is None and t.apply("Survey") is None
    assert t.apply("Grokking") == "Grokking"  # a term no line names stays itself
    assert t.merges >= 30 and t.drops >= 5
    assert default_thesaurus_path().read_text(encoding="utf-8").splitlines()[0] == "label\treplace by"  # VOSviewer's


def test_variants_merge_and_noise_drops_on_the_map():
    plain = names(concept_occurrences(model(), "Keyword"))
    merged = names(concept_occurrences(model(), "Keyword", thesaurus=load_thesaurus()))
    # without a thesaurus, plural and hyphen variants are already one term, an abbreviation is not
    assert plain["Neural Tangent Kernel"] == 2 and plain["NTK"] == 1 and plain["Double Descent"] == 3
    assert merged["Neural Tangent Kernel"] == 3 and "NTK" not in merged
    assert merged["Double Descent"] == 3 and "Deep Double Descent" not in merged  # p5 counted once
    assert "Book" not in merged and "Position" not in merged and merged["Grokking"] == 4


def test_the_users_lines_win_over_the_default(tmp_path):
    mine = tmp_path / "thesaurus_terms.txt"
    mine.write_text("label\treplace by\nGrokking\tDelayed Generalization\nBook\tBooks and Chapters\n", encoding="utf-8")
    t = load_thesaurus(mine)
    merged = names(concept_occurrences(model(), "Keyword", thesaurus=t))
    assert merged["Delayed Generalization"] == 4 and "Grokking" not in merged
    assert merged["Books and Chapters"] == 2  # the default dropped it; the user's line keeps it, renamed
    assert t.sources == (str(default_thesaurus_path()), str(mine))


@pytest.mark.parametrize("text, line, words", [
    ("label\treplace by\nNTK Neural Tangent Kernel\n", 2, "no tab"),
    ("NTK\tNeural Tangent Kernel\textra\n", 1, "3 columns"),
    ("ok\tfine\n\tNeural Tangent Kernel\n", 2, "an empty label"),
    ("ok\tfine\n\nNTK\x1b[31m\tred\n", 3, "a control character"),
    ("NTK\tNeural\u202eKernel\n", 1, "a control character"),
    ("x" * 300 + "\ty\n", 1, "over 200 characters"),
    ("NTK\tNeural Tangent Kernel\nNTKs\tNetwork Time Keeping\n", 2, "already replaced on line 1"),
    ("!!!\tx\n", 1, "no letter or digit"),
])
def test_a_malformed_line_is_one_line_naming_it(text, line, words):
    with pytest.raises(ThesaurusError) as err:
        parse_thesaurus(text, "mine.txt")
    message = str(err.value)
    assert message.startswith(f"mine.txt line {line}: ") and words in message and "\n" not in message
    assert "label<TAB>replace by" in message or "keep one of the two lines" in message
    assert "\x1b" not in message and "\u202e" not in message  # the line is quoted with its controls escaped


def test_markup_is_data_and_crlf_bom_and_comments_are_read(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("\ufefflabel\treplace by\r\n# my merges\r\n<b>NTK</b>\t<script>alert(1)</script>\r\n"
                     "[x](javascript:y)\t**bold**\r\n".encode("utf-8"))
    t = read_thesaurus(path)
    assert t.apply("<b>NTK</b>") == "<script>alert(1)</script>" and t.apply("[x](javascript:y)") == "**bold**"
    assert len(t.replace) == 2


def test_a_huge_or_binary_file_is_refused_before_it_is_parsed(tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_text("a\tb\n" * (MAX_BYTES // 4 + 10), encoding="utf-8")
    with pytest.raises(ThesaurusError, match="over 1,000 kB"):
        read_thesaurus(huge)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"NTK\t\xff\xfe\n")
    with pytest.raises(ThesaurusError, match="not UTF-8 text"):
        read_thesaurus(binary)


# --- the term map -------------------------------------------------------------------------------------------------

def test_the_threshold_decides_which_terms_are_drawn():
    t = load_thesaurus()
    two = build_term_map(model(), "Keyword", min_occurrences=2, thesaurus=t)
    four = build_term_map(model(), "Keyword", min_occurrences=4, thesaurus=t)
    assert sorted(n.name for n in two.nodes) == ["Double Descent", "Grokking", "Neural Tangent Kernel"]
    assert [n.name for n in four.nodes] == ["Grokking"] and four.threshold == 4
    assert two.total == four.total == 4  # Lazy Training occurs once: counted, not drawn
    assert ("Double Descent", "Grokking") in {tuple(sorted((two_name(two, a), two_name(two, b))))
                                               for a, b, _ in two.edges}


def two_name(tm, key):
    return next(n.name for n in tm.nodes if n.id == key)


def test_no_name_is_drawn_twice_and_authors_written_alike_are_one():
    authors = build_term_map(model(), "Author", min_occurrences=1)
    drawn = [n.name for n in authors.nodes]
    assert len(drawn) == len(set(drawn)) == 3  # Léon Bottou = Leon Bottou
    bottou = next(n for n in authors.nodes if "Bottou" in n.name)
    assert bottou.occurrences == 2


def test_sizes_grow_with_occurrences_and_the_label_font_is_capped():
    sizes = term_sizes([1, 2, 5, 30, 300])
    radii, fonts = [s for s, _ in sizes], [f for _, f in sizes]
    assert radii == sorted(radii) and fonts == sorted(fonts)
    assert radii[0] == MIN_NODE_PX >= 5 and max(fonts) == MAX_LABEL_PX <= 20
    assert default_threshold([10] * 5 + [3] * 100, target=60) == 4


def test_the_catalog_keyword_map_has_no_noise_and_no_duplicate_names():
    m = catalog_model()
    t = load_thesaurus()
    tm = build_term_map(m, "Keyword", min_occurrences=2, thesaurus=t)
    drawn = [n.name for n in tm.nodes]
    assert len(drawn) == len(set(drawn)) and len({n.lower() for n in drawn}) == len(drawn)
    assert not {"Book", "Position", "Survey", "Tutorial"} & set(drawn)
    assert "Double Descent" in drawn and "Deep Double Descent" not in drawn
    counts = {n.name: n.occurrences for n in tm.nodes}
    assert counts["Neural Tangent Kernel"] >= 50
    # every cluster is named by one of its own terms, and that name is drawn once (no second label)
    assert all(sum(1 for n in tm.nodes if n.name == label) == 1 for _, label, _ in tm.clusters)
    print(f"\ncatalog keyword map at 2+: {len(tm.nodes)} of {tm.total} terms, {len(tm.edges)} links, "
          f"{len(tm.clusters)} clusters")


def test_the_co_occurrence_map_still_links_terms_carried_together():
    G = co_occurrence_map(model(), "Keyword", thesaurus=load_thesaurus())
    ntk = next(v for v, d in G.nodes(data=True) if d["name"] == "Neural Tangent Kernel")
    grok = next(v for v, d in G.nodes(data=True) if d["name"] == "Grokking")
    assert G.edges[ntk, grok]["weight"] == 2  # p1 (via NTK) and p2
