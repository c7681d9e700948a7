"""Neo4j 5 pattern predicates (`MATCH (p:Paper WHERE p.year > 2020)`) run on both engines alike,
and no engine error shows the internal EXPLAIN prefix."""
import pytest

from graph.errors import QueryError
from graph.store.embedded.store import EmbeddedStore
from graph.store.portable import portable_cypher
from tests.support.fixture_graph import build_fixture_records, write_fixture_store

# (Neo4j 5 form, the portable form it must equal)
PAIRS = [
    ("MATCH (p:Paper WHERE p.year > 2020) RETURN count(p) AS n",
     "MATCH (p:Paper) WHERE p.year > 2020 RETURN count(p) AS n"),
    ("MATCH (p:Paper WHERE p.year >= 2019)-[:ABOUT]->(f:Phenomenon WHERE f.id = 'phen:double-descent') RETURN p.id ORDER BY p.id",
     "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon) WHERE p.year >= 2019 AND f.id = 'phen:double-descent' RETURN p.id ORDER BY p.id"),
    ("MATCH (p:Paper WHERE p.year > 2000) WHERE p.title CONTAINS 'WHERE' OR p.year < 2021 RETURN count(*) AS n",
     "MATCH (p:Paper) WHERE p.year > 2000 AND (p.title CONTAINS 'WHERE' OR p.year < 2021) RETURN count(*) AS n"),
    ("MATCH (a:Author)-[w:WROTE WHERE true]->(p:Paper WHERE p.year < 2022) RETURN count(w) AS n",
     "MATCH (a:Author)-[w:WROTE]->(p:Paper) WHERE p.year < 2022 RETURN count(w) AS n"),
]
BROKEN = ["MATCH (p:Paper RETURN p", "MATCH (p:Paper WHERE p.year >) RETURN p", "RETURN 1 +"]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    with EmbeddedStore(write_fixture_store(tmp_path_factory.mktemp("pc") / "atlas.lbug")) as store:
        yield store


def test_the_rewrite_leaves_no_pattern_predicate():
    for neo4j5, _ in PAIRS:
        assert " WHERE " in portable_cypher(neo4j5)
        assert "WHERE p.year" not in portable_cypher(neo4j5).split(")")[0]


@pytest.mark.parametrize("neo4j5,portable", PAIRS)
def test_embedded_store_answers_neo4j5_predicates(embedded, neo4j5, portable):
    expected = embedded.query(portable).rows
    assert expected and expected != [[0]]  # the sample query finds something, so equality means something
    assert embedded.query(neo4j5).rows == expected
    assert embedded.query_console(neo4j5, limit=100, timeout_s=20).rows == expected


@pytest.mark.parametrize("text", BROKEN)
def test_embedded_errors_never_show_the_explain_prefix(embedded, text):
    for run in (lambda: embedded.query(text), lambda: embedded.query_console(text, limit=10, timeout_s=20)):
        with pytest.raises(QueryError) as err:
            run()
        assert "EXPLAIN" not in str(err.value) and "\n" not in str(err.value)


@pytest.mark.neo4j
@pytest.mark.parametrize("neo4j5,portable", PAIRS)
def test_neo4j_answers_the_same(empty_neo4j_store, embedded, neo4j5, portable):
    empty_neo4j_store.write(build_fixture_records(), meta={"build": {"n": 1}})
    assert empty_neo4j_store.query(neo4j5).rows == embedded.query(portable).rows


@pytest.mark.neo4j
@pytest.mark.parametrize("text", BROKEN)
def test_neo4j_errors_never_show_the_explain_prefix(empty_neo4j_store, text):
    with pytest.raises(QueryError) as err:
        empty_neo4j_store.query(text)
    assert "EXPLAIN" not in str(err.value) and "\n" not in str(err.value)
