"""Co-occurrence maps (keywords, co-authorship): one routine, answers known by hand."""
import pytest

from graph.analytics.concepts import co_occurrence_map
from graph.model.graph_model import GraphModel
from graph.model.merge import link_authors
from graph.model.records import GraphRecords, HasKeyword, Keyword, Paper


def small_model() -> GraphModel:
    """Papers a, b, c: keywords x (a, b), y (a, b, c), z (c); authors Ann (a, b), Bo (a, b, c), Cy (c)."""
    records = GraphRecords()
    for key, keywords, authors in (("a", "xy", ["Ann", "Bo"]), ("b", "xy", ["Ann", "Bo"]), ("c", "yz", ["Bo", "Cy"])):
        records.papers[key] = Paper(key, key.upper())
        for k in keywords:
            records.keywords.setdefault(f"kw:{k}", Keyword(f"kw:{k}", k))
            records.add_edge(HasKeyword(key, f"kw:{k}", "test"))
        link_authors(records, key, authors, "test")
    return GraphModel.from_records(records)


def test_keyword_map_counts_papers_carrying_both():
    K = co_occurrence_map(small_model(), "Keyword")
    assert sorted(K.nodes) == ["kw:x", "kw:y"]  # z is carried by one paper only
    assert K.nodes["kw:y"]["papers"] == 3
    assert K.edges["kw:x", "kw:y"]["weight"] == 2


def test_coauthor_network_is_the_same_routine_on_authors():
    A = co_occurrence_map(small_model(), "Author", min_papers=1, top=2)
    assert sorted(A.nodes) == ["author:ann", "author:bo"]  # the two most prolific
    assert A.edges["author:ann", "author:bo"]["weight"] == 2
    assert {A.nodes[v]["cluster_label"] for v in A} == {"Bo"}


def test_the_seed_is_an_argument():
    model = small_model()
    a = co_occurrence_map(model, "Author", min_papers=1, seed=1)
    b = co_occurrence_map(model, "Author", min_papers=1, seed=1)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Keyword, Author"):
        co_occurrence_map(small_model(), "Venue")
