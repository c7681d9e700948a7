"""Every saved query, on both engines, against answers computed here in Python.

The expected answers come straight from the fixture records (not from either
engine), so the test fails if either engine or the query text is wrong.
"""
from __future__ import annotations

from collections import Counter, defaultdict, deque

import pytest

from graph.errors import QueryError
from graph.store.embedded.store import EmbeddedStore
from queries import coerce_params, list_queries, load_query
from tests.support.query_fixture import fixture_records

REC = fixture_records()


# -- independent answers -------------------------------------------------------

def match_phenomena(value: str) -> set[str]:
    low = value.lower()
    return {ph.id for ph in REC.phenomena.values()
            if ph.id == value or ph.id.endswith(":" + value) or ph.name.lower() == low
            or any(s.lower() == low for s in ph.synonyms)}


def match_papers(value: str) -> set[str]:
    return {p.id for p in REC.papers.values() if p.id == value}


def citations(pid: str) -> int:
    count = REC.papers[pid].citation_count
    return count if count is not None else sum(1 for (_, dst) in REC.cites if dst == pid)


def tags(all_tags: bool = False) -> set[tuple[str, str]]:
    """ABOUT pairs a query sees: strong and medium ones unless ``all_tags``."""
    return {pair for pair, e in REC.about.items() if all_tags or e.confidence != "weak"}


def about_papers(phen_ids: set[str], all_tags: bool = False) -> set[str]:
    return {src for (src, dst) in tags(all_tags) if dst in phen_ids}


def expect_papers_about(phenomenon: str, limit: int, all_tags: bool = False) -> list[list]:
    rows = [[pid, REC.papers[pid].title, REC.papers[pid].year, citations(pid), ph]
            for (pid, ph) in tags(all_tags) if ph in match_phenomena(phenomenon)]
    return sorted(rows, key=lambda r: (-r[3], r[0], r[4]))[:limit]


def expect_papers_linking(a: str, b: str, limit: int, all_tags: bool = False) -> list[list]:
    pa, pb, seen = match_phenomena(a), match_phenomena(b), tags(all_tags)
    found = {pid for pid in REC.papers
             if any((pid, x) in seen and (pid, y) in seen and x != y for x in pa for y in pb)}
    rows = [[pid, REC.papers[pid].title, REC.papers[pid].year, citations(pid)] for pid in found]
    return sorted(rows, key=lambda r: (-r[3], r[0]))[:limit]


def expect_co_cited(paper: str, limit: int) -> list[list]:
    counts = Counter()
    for p in match_papers(paper):
        citers = {src for (src, dst) in REC.cites if dst == p}
        for (src, dst) in REC.cites:
            if src in citers and dst != p:
                counts[dst] += 1
    rows = [[x, REC.papers[x].title, n] for x, n in counts.items()]
    return sorted(rows, key=lambda r: (-r[2], r[0]))[:limit]


def undirected(with_about: bool = False) -> dict[str, set[str]]:
    adj = defaultdict(set)
    for (src, dst) in [*REC.cites, *(REC.about if with_about else [])]:
        adj[src].add(dst)
        adj[dst].add(src)
    return adj


def distances(start: str, max_hops: int, with_about: bool = False) -> dict[str, int]:
    adj, dist, todo = undirected(with_about), {start: 0}, deque([start])
    while todo:
        node = todo.popleft()
        if dist[node] == max_hops:
            continue
        for nxt in adj[node]:
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                todo.append(nxt)
    return dist


def expect_neighbourhood(paper: str, limit: int) -> list[list]:
    rows = []
    for p in match_papers(paper):
        rows += [[x, REC.papers[x].title, d] for x, d in distances(p, 2).items() if x != p]
    return sorted(rows, key=lambda r: (r[2], r[0]))[:limit]


def expect_matrix(all_tags: bool = False) -> list[list]:
    by_paper = defaultdict(set)
    for (pid, ph) in tags(all_tags):
        by_paper[pid].add(ph)
    counts = Counter((a, b) for phs in by_paper.values() for a in phs for b in phs if a <= b)
    name = {ph.id: ph.name for ph in REC.phenomena.values()}
    rows = [[a, name[a], b, name[b], n] for (a, b), n in counts.items()]
    return sorted(rows, key=lambda r: (-r[4], r[0], r[2]))


def expect_top_authors(phenomenon: str, limit: int, all_tags: bool = False) -> list[list]:
    papers = about_papers(match_phenomena(phenomenon), all_tags)
    counts = Counter(aid for (aid, pid) in REC.wrote if pid in papers)
    rows = [[aid, REC.authors[aid].name, n] for aid, n in counts.items()]
    return sorted(rows, key=lambda r: (-r[2], r[0]))[:limit]


def expect_cooccurrence(min_papers: int, limit: int) -> list[list]:
    by_paper = defaultdict(set)
    for (pid, kid) in REC.has_keyword:
        by_paper[pid].add(kid)
    counts = Counter((a, b) for kws in by_paper.values() for a in kws for b in kws if a < b)
    rows = [[REC.keywords[a].name, REC.keywords[b].name, n] for (a, b), n in counts.items() if n >= min_papers]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))[:limit]


def expect_keyword_papers(keyword: str, limit: int) -> list[list]:
    kids = {k.id for k in REC.keywords.values() if k.id == keyword or k.name.lower() == keyword.lower()}
    rows = [[pid, REC.papers[pid].title, REC.papers[pid].year] for (pid, kid) in REC.has_keyword if kid in kids]
    return sorted(rows, key=lambda r: (-(r[2] or 0), r[0]))[:limit]


# (query name, raw params as the CLI passes them, expected rows)
CASES = [
    ("papers-about", {}, expect_papers_about("grokking", 25)),
    ("papers-about", {"phenomenon": "Deep Double Descent", "limit": "2"}, expect_papers_about("deep double descent", 2)),
    ("papers-about", {"phenomenon": "phen:lottery-ticket"}, expect_papers_about("phen:lottery-ticket", 25)),
    ("papers-about", {"phenomenon": "LTH"}, expect_papers_about("LTH", 25)),
    ("papers-about", {"phenomenon": "nothing-like-this"}, []),
    ("papers-about", {"phenomenon": "double-descent", "all_tags": "true"}, expect_papers_about("double-descent", 25, True)),
    ("papers-linking", {}, expect_papers_linking("grokking", "double descent", 25)),
    ("papers-linking", {"a": "double-descent", "b": "lottery tickets"},
     expect_papers_linking("double-descent", "lottery tickets", 25)),
    ("papers-linking", {"a": "grokking", "b": "grokking"}, []),
    ("papers-linking", {"a": "double-descent", "b": "lottery tickets", "all_tags": "yes"},
     expect_papers_linking("double-descent", "lottery tickets", 25, True)),
    ("co-cited", {}, expect_co_cited("arxiv:2201.02177", 25)),
    ("co-cited", {"paper": "arxiv:1912.02292", "limit": "3"}, expect_co_cited("arxiv:1912.02292", 3)),
    ("co-cited", {"paper": "title:isolated-paper"}, []),
    ("neighbourhood-2hop", {}, expect_neighbourhood("arxiv:2201.02177", 200)),
    ("neighbourhood-2hop", {"paper": "s2:abc123", "limit": "4"}, expect_neighbourhood("s2:abc123", 4)),
    ("phenomenon-matrix", {}, expect_matrix()),
    ("phenomenon-matrix", {"all_tags": "true"}, expect_matrix(True)),
    ("top-authors", {}, expect_top_authors("grokking", 20)),
    ("top-authors", {"phenomenon": "double descent", "limit": "3"}, expect_top_authors("double descent", 3)),
    ("top-authors", {"phenomenon": "double descent", "all_tags": "true"}, expect_top_authors("double descent", 20, True)),
    ("keyword-cooccurrence", {}, expect_cooccurrence(1, 50)),
    ("keyword-cooccurrence", {"min_papers": "2"}, expect_cooccurrence(2, 50)),
    ("keyword-papers", {}, expect_keyword_papers("grokking", 50)),
    ("keyword-papers", {"keyword": "kw:double-descent", "limit": "2"}, expect_keyword_papers("kw:double-descent", 2)),
]
# Shortest paths: one of possibly several paths is returned, so it is checked, not compared.
PATH_CASES = [
    ({}, "arxiv:2201.02177", "arxiv:1912.02292"),
    ({"source": "arxiv:2301.05217", "target": "arxiv:1803.03635"}, "arxiv:2301.05217", "arxiv:1803.03635"),
    ({"source": "s2:abc123", "target": "arxiv:2310.00001"}, "s2:abc123", "arxiv:2310.00001"),
    ({"source": "title:isolated-pair", "target": "arxiv:2201.02177"}, None, None),  # no path
]


def test_every_saved_query_is_covered():
    assert {name for name, _, _ in CASES} | {"shortest-path", "phenomenon-path"} == set(list_queries())
    assert len(list_queries()) >= 8


def test_all_tags_switch_changes_answers():
    assert expect_papers_about("double-descent", 25) != expect_papers_about("double-descent", 25, True)
    assert expect_matrix() != expect_matrix(True)


def test_cases_are_not_trivial():
    assert all(rows for name, raw, rows in CASES if raw == {})  # defaults give answers on the fixture
    assert REC.papers["arxiv:2205.10343"].citation_count is None  # the in-degree fallback is exercised
    assert any(row[0] == "arxiv:2205.10343" and row[3] == 2 for row in CASES[0][2])


# -- the engines ---------------------------------------------------------------

@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("q") / "atlas.lbug", read_only=False)
    store.write(fixture_records())
    yield store
    store.close()


@pytest.fixture(scope="module")
def neo4j_graph(neo4j_server, neo4j_driver):
    from graph.store.neo4j.store import Neo4jStore

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    store = Neo4jStore(neo4j_driver, database="neo4j")
    store.write(fixture_records())
    return store


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request):
    return request.getfixturevalue("embedded" if request.param == "embedded" else "neo4j_graph")


def run(store, name: str, raw: dict) -> list[list]:
    query = load_query(name, engine=store.engine)
    return store.query(query.text, coerce_params(query, raw)).rows


@pytest.mark.parametrize("name,raw,expected", CASES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CASES)])
def test_saved_query_answers(store, name, raw, expected):
    assert run(store, name, raw) == expected


@pytest.mark.parametrize("raw,source,target", PATH_CASES)
def test_shortest_path(store, raw, source, target):
    rows = run(store, "shortest-path", raw)
    if source is None:
        assert rows == []
        return
    assert len(rows) == 1
    hops, papers = rows[0]
    adj = undirected()
    assert hops == distances(source, 6)[target]
    assert papers[0] == source and papers[-1] == target and len(papers) == hops + 1
    assert all(b in adj[a] for a, b in zip(papers, papers[1:]))


PHENOMENON_PATH_CASES = [
    ({}, "phen:grokking", "phen:double-descent"),
    ({"a": "Neural Collapse", "b": "LTH"}, "phen:neural-collapse", "phen:lottery-ticket"),
    ({"a": "grokking", "b": "phen:unused"}, None, None),  # no paper about it: no path
]


@pytest.mark.parametrize("raw,source,target", PHENOMENON_PATH_CASES)
def test_phenomenon_path(store, raw, source, target):
    rows = run(store, "phenomenon-path", raw)
    if source is None:
        assert rows == []
        return
    assert len(rows) == 1
    hops, nodes = rows[0]
    adj = undirected(with_about=True)
    assert hops == distances(source, 8, with_about=True)[target]
    assert nodes[0] == source and nodes[-1] == target and len(nodes) == hops + 1
    assert all(b in adj[a] for a, b in zip(nodes, nodes[1:]))


def test_both_engines_agree_on_every_query(embedded, neo4j_graph):
    """The same text (or its engine variant), the same rows, for every query and its defaults."""
    for name in list_queries():
        a, b = run(embedded, name, {}), run(neo4j_graph, name, {})
        if name in ("shortest-path", "phenomenon-path"):  # one of several shortest paths
            assert [r[0] for r in a] == [r[0] for r in b]
        else:
            assert a == b, name


# -- loading and parameters -------------------------------------------------------

def test_headers_are_complete():
    for name in list_queries():
        query = load_query(name)
        assert query.title and query.description, name
        for engine in ("embedded", "neo4j"):
            assert "$" in query.text_for(engine) or not query.params
            assert "\n//" not in "\n" + query.text_for(engine).split("\n", 1)[0]  # header stripped


def test_variants_only_where_dialects_differ():
    query = load_query("shortest-path")
    assert set(query.variants) == {"embedded", "neo4j"}
    assert {name for name in list_queries() if load_query(name).variants} == {"shortest-path", "phenomenon-path"}
    assert load_query("shortest-path", engine="neo4j").text == query.variants["neo4j"]
    assert load_query("papers-about").variants == {}


def test_coerce_params_types_and_errors():
    query = load_query("keyword-cooccurrence")
    assert coerce_params(query, {"min_papers": "3"}) == {"min_papers": 3, "limit": 50}
    with pytest.raises(QueryError, match="must be an int"):
        coerce_params(query, {"limit": "many"})
    with pytest.raises(QueryError, match="unknown parameter 'colour'.*min_papers, limit"):
        coerce_params(query, {"colour": "red"})
    with pytest.raises(QueryError, match="no saved query 'nope'"):
        load_query("nope")
    with pytest.raises(QueryError, match="bad query name"):
        load_query("../etc/passwd")


def test_required_params_and_bool_float(tmp_path, monkeypatch):
    import queries

    (tmp_path / "t.cypher").write_text(
        "// title: T\n// description: d\n// param: who string\n// param: on bool = true\n"
        "// param: w float = 0.5\nRETURN $who AS who, $on AS on, $w AS w\n")
    (tmp_path / "u.cypher").write_text("// title: U\nRETURN $ghost\n")
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    query = load_query("t")
    with pytest.raises(QueryError, match="needs a value for 'who'"):
        coerce_params(query, {})
    assert coerce_params(query, {"who": "x", "on": "no", "w": "2"}) == {"who": "x", "on": False, "w": 2.0}
    with pytest.raises(QueryError, match="true or false"):
        coerce_params(query, {"who": "x", "on": "maybe"})
    with pytest.raises(QueryError, match=r"uses \$ghost without"):
        load_query("u")
