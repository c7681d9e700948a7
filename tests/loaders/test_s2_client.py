"""The Semantic Scholar adapter against a real local HTTP server that speaks the API.

No mocks: ``tests/support/s2_server.py`` serves the recorded shapes on 127.0.0.1 and
injects faults; backoff sleeps are recorded instead of slept so the suite is fast.
"""
from __future__ import annotations

import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph.errors import SourceError, SourceUnreachable
from graph.model.records import Author, GraphRecords, Wrote
from loaders.s2 import S2Client, apply_author_aliases, author_aliases, fetch_citation_graph, fetch_papers
from loaders.s2.cache import ResponseCache, request_key
from loaders.s2.client import RATE_WITH_KEY, RATE_WITHOUT_KEY
from tests.support.s2_server import build_catalog, build_corpus, load_recorded, serve, sha

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus():
    return build_corpus(n=40, outside=30, big_citations=1100, seed=1)


@pytest.fixture(scope="module")
def catalog(corpus):
    return build_catalog(corpus)


@pytest.fixture
def server(corpus):
    srv = serve(corpus)
    yield srv
    srv.stop()


class Sleeps(list):
    """A sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(server, tmp_path, **kw) -> S2Client:
    options = dict(requests_per_second=10_000, cache_dir=tmp_path / "s2", timeout=2.0, max_retries=3,
                   backoff=1.0, sleep=Sleeps(), seed=7)
    options.update(kw)
    return S2Client(server.url, **options)


def min_batch_requests(catalog) -> int:
    """Fewest calls possible: one batch per 500 papers with ids, one title match per title-only paper."""
    with_ids = len(catalog.papers) - catalog.title_only
    return math.ceil(with_ids / 500) + catalog.title_only


def min_edge_requests(corpus, found: dict, cap: int) -> int:
    """One page per 1000 edges (up to the cap and the 10,000 wall), nothing for empty lists."""
    total = 0
    for item in found.values():
        paper = corpus.papers[item["paperId"]]
        for count in (paper["referenceCount"], paper["citationCount"]):
            total += math.ceil(min(count, cap, 9999) / 1000)
    return total


def edge_set(records: GraphRecords) -> set:
    return {(e.source, e.target, e.is_influential, e.intents) for e in records.cites.values()}


# -- the server speaks the recorded shapes --------------------------------------------------------
def test_server_answers_recorded_requests_with_recorded_shapes(server):
    http = httpx.Client(base_url=server.url)
    rec = load_recorded("batch_with_unknown_id_null.json")
    uri = rec["request"]["uri"].replace("https://api.semanticscholar.org", "")
    got = http.post(uri, json=rec["request"]["body"]).json()
    assert got[0] is None and len(got) == len(rec["response"])
    for mine, real in zip(got[1:], rec["response"][1:]):
        assert set(mine) == set(real)
        for key in ("paperId", "title", "externalIds", "authors", "year", "abstract"):
            assert mine[key] == real[key]

    for name in ("search_empty.json", "search_match.json", "error_404_paper_not_found.json",
                 "recommendations_forpaper.json", "references_page_first.json"):
        rec = load_recorded(name)
        uri = rec["request"]["uri"].replace("https://api.semanticscholar.org", "")
        answer = http.get(uri)
        assert answer.status_code == rec["status"], name
        assert set(answer.json()) == set(rec["response"]), name
        if name == "search_empty.json":
            assert answer.json() == rec["response"]
        for key in ("data", "recommendedPapers"):
            if rec["response"].get(key):
                assert set(answer.json()[key][0]) == set(rec["response"][key][0]), name

    # citations of a paper with more than one page: first page has next, last page has none
    first = http.get(f"/graph/v1/paper/{sha('syn-0')}/citations", params={"fields": "title", "limit": 1000}).json()
    real = load_recorded("citations_page_first.json")["response"]
    assert set(first) == set(real) and set(first["data"][0]) == set(real["data"][0])
    last = http.get(f"/graph/v1/paper/{sha('syn-0')}/citations", params={"fields": "title", "offset": 1000,
                                                                         "limit": 1000}).json()
    assert "next" not in last and last["offset"] == 1000
    refs = http.get(f"/graph/v1/paper/{sha('syn-3')}/references", params={"fields": "title"}).json()
    assert any(r["citedPaper"]["paperId"] is None and r["citedPaper"]["title"] for r in refs["data"])
    assert http.post("/graph/v1/paper/batch", json={"ids": ["x"] * 501}).status_code == 400
    assert http.get(f"/graph/v1/paper/{sha('syn-0')}/citations", params={"offset": 9500, "limit": 600}).status_code == 400


# -- resolution -------------------------------------------------------------------------------------
def test_fetch_papers_resolves_known_reports_unknown_with_fewest_requests(server, catalog, tmp_path):
    with make_client(server, tmp_path) as client:
        got = fetch_papers(client, catalog.papers, progress=False)
        assert set(got.found) == catalog.found
        assert set(got.missing) == set(catalog.missing)
        for pid, reason in catalog.missing.items():
            assert got.missing[pid].startswith(reason), got.missing[pid]
        assert got.errors == []
        assert client.requests_made == min_batch_requests(catalog)
    # mapped by position: the merged id answers with another paperId, the key stays ours
    merged = got.found[f"s2:{sha('merged-away')}"]
    assert merged["paperId"] == sha("syn-39") != sha("merged-away")
    # the wrong arXiv id fell back to the DOI in the same batch call
    assert got.found["arxiv:2999.00011"]["paperId"] == sha("syn-11")


def test_batches_hold_at_most_500_ids(server, tmp_path):
    from graph.model.records import Paper
    papers = [Paper(id=f"arxiv:2302.{k:05d}", title=f"p{k}", arxiv_id=f"2302.{k:05d}") for k in range(1100)]
    with make_client(server, tmp_path) as client:
        got = fetch_papers(client, papers, progress=False)
    # 500 + 500 + 100; the server answers 400 to a bigger batch, which would be an error here
    assert client.requests_made == 3 and got.errors == []
    assert not got.found and len(got.missing) == 1100


# -- citation graph -------------------------------------------------------------------------------
def test_citation_graph_records_catalog_edges_and_metadata(server, corpus, catalog, tmp_path):
    with make_client(server, tmp_path) as client:
        got = fetch_citation_graph(client, catalog.papers, progress=False)
    assert got.requests_made == min_batch_requests(catalog)
    assert set(got.resolved) == catalog.found
    assert {pid for pid, _ in got.unresolved} == set(catalog.missing)
    papers = got.records.papers
    assert set(papers) == catalog.found  # only input keys, unchanged
    s2_to_key = {p.s2_id: p.id for p in papers.values()}
    expected = set()
    for pid in s2_to_key:
        for edge in corpus.refs[pid]:
            if edge["paperId"] in s2_to_key and edge["paperId"] != pid:
                expected.add((s2_to_key[pid], s2_to_key[edge["paperId"]]))
    assert set(got.records.cites) == expected and expected
    # metadata filled from S2, catalog fields kept
    grok = papers["doi:10.2139/ssrn.288970"]
    assert grok.s2_id == "c31c87c591a25c64fbaa82e8ac6a81831b6ac7ce" and grok.abstract.startswith("Most Difference")
    assert grok.doi == "10.2139/SSRN.288970"  # as the catalog wrote it
    turing = papers["doi:10.1093/mind/lix.236.433"]
    assert turing.tldr.startswith("If the meaning") and turing.fields_of_study == ["Computer Science", "Sociology"]
    doi_only = papers[f"doi:10.5555/syn.3"]
    assert doi_only.arxiv_id is None and doi_only.sources == ["s2"]
    with_both = papers["arxiv:2999.00011"]
    assert with_both.arxiv_id == "2999.00011" and with_both.citation_count == corpus.papers[sha("syn-11")]["citationCount"]
    title_only = [p for p in papers.values() if p.id.startswith("title:")]
    assert len(title_only) == 2 and all(p.arxiv_id for p in title_only)  # filled from externalIds
    # authors keyed by S2 id, E. Duflo shared by two papers
    assert got.records.authors["author:s2:2259683"].name == "E. Duflo"
    assert {w.target for w in got.records.wrote.values() if w.source == "author:s2:2259683"} == {
        "doi:10.2139/ssrn.288970", "doi:10.2139/ssrn.2250500", "doi:10.1257/rct.1355"}


def test_neighbourhood_pages_citations_and_counts_requests(server, corpus, catalog, tmp_path):
    cap = 5000
    with make_client(server, tmp_path) as client:
        found = fetch_papers(client, catalog.papers, progress=False).found
    with make_client(server, tmp_path / "fresh") as client:
        got = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=cap, progress=False)
    minimum = min_batch_requests(catalog) + min_edge_requests(corpus, found, cap)
    assert got.requests_made == minimum, (got.requests_made, minimum)
    key0 = next(p.id for p in catalog.papers if p.arxiv_id and p.arxiv_id.startswith(corpus.papers[sha("syn-0")]["externalIds"]["ArXiv"]))
    citing = [e for e in got.records.cites.values() if e.target == key0]
    assert len(citing) == corpus.papers[sha("syn-0")]["citationCount"] > 1000  # two pages
    outside = [p for p in got.records.papers.values() if not p.in_catalog]
    assert len(outside) >= 1100 and all(p.sources == ["s2"] and p.s2_id for p in outside)
    assert all(e.is_influential is not None for e in got.records.cites.values())
    assert any(e.intents for e in got.records.cites.values())
    assert got.truncated == [] and got.errors == []


def test_neighbourhood_cap_limits_edges_and_requests(server, corpus, catalog, tmp_path):
    with make_client(server, tmp_path) as client:
        got = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=10, progress=False)
        found = fetch_papers(client, catalog.papers, progress=False).found
    assert got.requests_made == min_batch_requests(catalog) + min_edge_requests(corpus, found, 10)
    key0 = next(k for k, p in got.records.papers.items() if p.s2_id == sha("syn-0"))
    assert len([e for e in got.records.cites.values() if e.target == key0]) <= 10 + 40


def test_offset_wall_flags_truncated(tmp_path):
    from graph.model.records import Paper
    corpus = build_corpus(n=2, outside=0, big_citations=10_050, seed=2)
    server = serve(corpus)
    try:
        paper = Paper(id="x", title="t", arxiv_id=corpus.papers[sha("syn-0")]["externalIds"]["ArXiv"])
        with make_client(server, tmp_path) as client:
            got = fetch_citation_graph(client, [paper], neighbourhood_cap=20_000, progress=False)
        assert got.truncated == [("x", "citations")] and got.errors == []
        assert len([e for e in got.records.cites.values() if e.target == "x"]) == 9999
        assert got.requests_made == 1 + 10 + 1  # batch, 10 citation pages (last limit 999), references
    finally:
        server.stop()


# -- cache, resume ---------------------------------------------------------------------------------
def test_warm_cache_makes_zero_requests_and_refresh_bypasses_it(server, catalog, tmp_path):
    with make_client(server, tmp_path) as client:
        cold = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=2000, progress=False)
    before = server.requests
    with make_client(server, tmp_path) as client:
        warm = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=2000, progress=False)
    assert warm.requests_made == 0 and server.requests == before and warm.cache_hits == cold.requests_made
    assert warm.records == cold.records and warm.unresolved == cold.unresolved
    with make_client(server, tmp_path, refresh=True) as client:
        again = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=2000, progress=False)
    assert again.requests_made == cold.requests_made and again.records == cold.records


def test_cache_ttl_and_atomic_files(tmp_path):
    now = [1000.0]
    cache = ResponseCache(tmp_path, ttl_days=1, clock=lambda: now[0])
    key = request_key("POST", "/graph/v1/paper/batch", {"fields": "title"}, {"ids": ["ARXIV:1"]})
    assert request_key("GET", "/p", {"a": 1, "b": 2}) == request_key("GET", "/p", {"b": 2, "a": 1})
    cache.put(key, 200, [None])
    assert cache.get(key) == (200, [None]) and len(cache) == 1
    assert not list(tmp_path.glob("**/.tmp-*"))
    now[0] += 86400 * 1.5
    assert cache.get(key) is None
    (next(tmp_path.glob("??/*.json"))).write_text("{truncated")
    assert cache.get(key) is None


RESUME_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from graph.model.records import Paper
from loaders.s2 import S2Client, fetch_citation_graph
import json
papers = [Paper(**p) for p in json.load(open({papers!r}))]
with S2Client({url!r}, requests_per_second=10000, cache_dir={cache!r}, timeout=60) as client:
    fetch_citation_graph(client, papers, neighbourhood_cap=5000, progress=False)
"""


def test_killed_build_resumes_from_cache_without_loss_or_duplicates(server, catalog, tmp_path):
    from dataclasses import asdict
    papers_file = tmp_path / "papers.json"
    papers_file.write_text(json.dumps([asdict(p) for p in catalog.papers]))
    cache = tmp_path / "cache"
    server.add_fault("hang", "/citations", after=12, hang_seconds=30)
    script = RESUME_SCRIPT.format(root=str(ROOT), papers=str(papers_file), url=server.url, cache=str(cache))
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    try:
        assert server.hung.wait(20), proc.stderr.read() if proc.poll() is not None else "no hang"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    served = server.requests - 1  # the hung one never answered
    assert len(ResponseCache(cache)) == served > min_batch_requests(catalog)
    server.faults.clear()

    with make_client(server, tmp_path, cache_dir=cache) as client:
        resumed = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=5000, progress=False)
    with make_client(server, tmp_path, cache_dir=tmp_path / "clean") as client:
        clean = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=5000, progress=False)
    assert resumed.requests_made == clean.requests_made - served
    assert resumed.records == clean.records and edge_set(resumed.records) == edge_set(clean.records)
    assert len(resumed.records.cites) == len(edge_set(resumed.records))
    assert resumed.unresolved == clean.unresolved and resumed.errors == []


# -- faults ----------------------------------------------------------------------------------------
def test_429_honours_retry_after(server, catalog, tmp_path):
    server.add_fault("429", "/paper/batch", retry_after="2")
    with make_client(server, tmp_path) as client:
        got = fetch_papers(client, catalog.papers, progress=False)
        assert client.waits == [2.0] and 2.0 in client._sleep
        assert client.requests_made == min_batch_requests(catalog) + 1
    assert set(got.found) == catalog.found and got.errors == []


def test_429_without_retry_after_backs_off_exponentially_with_jitter(server, catalog, tmp_path):
    server.add_fault("429", "/paper/batch", times=3)
    with make_client(server, tmp_path, backoff=1.0) as client:
        got = fetch_papers(client, catalog.papers, progress=False)
        w = client.waits
    assert len(w) == 3 and 0.5 <= w[0] <= 1 and 1 <= w[1] <= 2 and 2 <= w[2] <= 4
    assert set(got.found) == catalog.found


def test_persistent_429_is_a_batch_error_with_advice(server, catalog, tmp_path):
    server.add_fault("429", "/paper/batch", times=None)
    with make_client(server, tmp_path, api_key="sekrit-key-123") as client:
        got = fetch_papers(client, catalog.papers, progress=False)
        assert client.requests_made == catalog.title_only + 4  # 1 + max_retries
        assert "sekrit" not in repr(client)
    assert not got.found and len(got.missing) == len(catalog.papers)
    assert len(got.errors) == 1 and "S2_API_KEY" in got.errors[0] and "sekrit" not in got.errors[0]
    assert "\n" not in got.errors[0]
    assert set(server.api_keys) == {"sekrit-key-123"}


@pytest.mark.parametrize("kind", ["500", "502", "504", "reset", "truncate", "content_type", "shape"])
def test_transient_faults_are_retried(server, catalog, tmp_path, kind):
    server.add_fault(kind, "/paper/batch")
    with make_client(server, tmp_path) as client:
        got = fetch_papers(client, catalog.papers, progress=False)
        assert client.requests_made == min_batch_requests(catalog) + 1
    assert set(got.found) == catalog.found and got.errors == []


def test_hung_connection_times_out_and_is_retried(server, catalog, tmp_path):
    server.add_fault("hang", "/paper/batch", hang_seconds=6)
    start = time.monotonic()
    # timeout is one deadline for the whole try (connect + headers + body): 1 s leaves room on a busy machine
    with make_client(server, tmp_path, timeout=1.0) as client:
        got = fetch_papers(client, catalog.papers, progress=False)
        assert client.requests_made == min_batch_requests(catalog) + 1
    assert time.monotonic() - start < 4.5  # not the 6 s hang
    assert set(got.found) == catalog.found


@pytest.mark.parametrize("kind", ["truncate", "content_type", "504", "shape"])
def test_persistent_malformed_body_is_a_batch_error_then_rerun_completes(server, catalog, tmp_path, kind):
    server.add_fault(kind, "/paper/batch", times=None)
    with make_client(server, tmp_path) as client:
        got = fetch_citation_graph(client, catalog.papers, progress=False)
    assert len(got.errors) == 1 and "after 4 tries" in got.errors[0]
    assert not got.resolved and all(r.startswith(("request failed", "closest", "no title")) for _, r in got.unresolved)
    server.faults.clear()
    with make_client(server, tmp_path) as client:
        again = fetch_citation_graph(client, catalog.papers, progress=False)
    assert set(again.resolved) == catalog.found and again.requests_made == 1  # title matches were cached


def test_offline_is_one_line_source_unreachable(catalog, tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = S2Client(f"http://127.0.0.1:{port}", requests_per_second=10_000, cache_dir=tmp_path, sleep=Sleeps())
    with pytest.raises(SourceUnreachable) as err:
        fetch_citation_graph(client, catalog.papers, progress=False)
    message = str(err.value)
    assert "\n" not in message and "unreachable" in message and "phenomena build" in message
    assert isinstance(err.value.__cause__, httpx.ConnectError)
    assert client.requests_made == 1  # no retry loop when offline


def test_bad_request_is_a_source_error_with_the_api_words(server, tmp_path):
    with make_client(server, tmp_path) as client:
        with pytest.raises(SourceError, match=r"Unrecognized or unsupported fields: \[bogus\]"):
            client.get(f"/graph/v1/paper/{sha('syn-1')}", {"fields": "title,bogus"})
        assert client.requests_made == 1


def test_pacing_and_default_rates(server, tmp_path):
    assert S2Client("http://x").min_interval == 1 / RATE_WITHOUT_KEY
    assert S2Client("http://x", api_key="k").min_interval == 1 / RATE_WITH_KEY
    with S2Client(server.url, requests_per_second=20) as client:
        start = time.monotonic()
        for k in range(5):
            client.get(f"/graph/v1/paper/{sha(f'syn-{k}')}", {"fields": "title"})
        assert time.monotonic() - start >= 4 / 20 * 0.95


# -- authors ---------------------------------------------------------------------------------------
def test_catalog_author_variants_merge_into_s2_authors(server, catalog, tmp_path):
    with make_client(server, tmp_path) as client:
        got = fetch_citation_graph(client, catalog.papers, progress=False)
    a, b = "doi:10.2139/ssrn.288970", "doi:10.2139/ssrn.2250500"
    cat = GraphRecords()
    for key, name in [("author:esther-duflo", "Esther Duflo"), ("author:e-duflo", "E. Duflo"),
                      ("author:marianne-bertrand", "Marianne Bertrand"), ("author:nobody-else", "Nobody Else")]:
        cat.authors[key] = Author(id=key, name=name)
    cat.add_edge(Wrote("author:marianne-bertrand", a, 0))
    cat.add_edge(Wrote("author:esther-duflo", a, 1))
    cat.add_edge(Wrote("author:nobody-else", a, 3))
    cat.add_edge(Wrote("author:e-duflo", b, 0))
    aliases = author_aliases(cat, got.records)
    assert aliases == {(a, "author:marianne-bertrand"): "author:s2:81141608",
                       (a, "author:esther-duflo"): "author:s2:2259683", (b, "author:e-duflo"): "author:s2:2259683"}
    cat.authors.update(got.records.authors)
    cat.wrote.update(got.records.wrote)
    apply_author_aliases(cat, aliases)
    assert "author:esther-duflo" not in cat.authors and "author:e-duflo" not in cat.authors
    assert "author:nobody-else" in cat.authors  # unmatched names stay
    assert {w.source for w in cat.wrote.values() if w.target in (a, b)} >= {"author:s2:2259683", "author:s2:81141608"}


def test_offline_client_uses_the_cache_only(server, catalog, tmp_path):
    from app.settings import load_settings
    from loaders.s2 import open_client
    settings = load_settings({"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": server.url + "/",
                              "S2_REQUESTS_PER_SECOND": "10000", "S2_API_KEY": "k-123"}, dotenv=False)
    with open_client(settings) as client:
        assert client.base_url == server.url and client.cache.directory == tmp_path / "cache" / "s2"
        online = fetch_citation_graph(client, catalog.papers, progress=False)
    before = server.requests
    with open_client(settings, offline=True) as client:
        offline = fetch_citation_graph(client, catalog.papers, progress=False)
    assert offline.records == online.records and offline.requests_made == 0 and server.requests == before
    with open_client(settings, offline=True) as client, pytest.raises(SourceUnreachable, match="--offline"):
        fetch_citation_graph(client, catalog.papers, neighbourhood_cap=5, progress=False)
    assert server.requests == before


def test_retry_after_as_seconds_or_http_date():
    from email.utils import formatdate
    from loaders.s2.client import _retry_after_seconds
    assert _retry_after_seconds("7", 0) == 7.0
    assert _retry_after_seconds(None, 0) is None and _retry_after_seconds("soon", 0) is None
    now = time.time()
    assert 25 <= _retry_after_seconds(formatdate(now + 30, usegmt=True), now) <= 30


def test_two_catalog_keys_for_one_s2_paper_are_reported(server, corpus, tmp_path):
    from graph.model.records import Paper
    ext = corpus.papers[sha("syn-4")]["externalIds"]
    papers = [Paper(id="arxiv:" + ext["ArXiv"], title="a", arxiv_id=ext["ArXiv"]),
              Paper(id="doi:" + ext["DOI"], title="b", doi=ext["DOI"])]
    with make_client(server, tmp_path) as client:
        got = fetch_citation_graph(client, papers, progress=False)
    assert got.same_paper == [("doi:" + ext["DOI"], "arxiv:" + ext["ArXiv"])]
    assert got.summary()["same_paper"] == [["doi:" + ext["DOI"], "arxiv:" + ext["ArXiv"]]]
    json.dumps(got.summary())  # plain data, fit for the graph's metadata


def test_merge_citations_into_a_build_is_idempotent(server, catalog, tmp_path):
    from dataclasses import replace
    from loaders.s2 import merge_citations
    build = GraphRecords()
    for paper in catalog.papers:
        build.papers[paper.id] = replace(paper, sources=["catalog"], citation_count=None)
    a = "doi:10.2139/ssrn.288970"
    build.authors["author:esther-duflo"] = Author("author:esther-duflo", "Esther Duflo")
    build.add_edge(Wrote("author:esther-duflo", a, 1))
    with make_client(server, tmp_path) as client:
        got = fetch_citation_graph(client, list(build.papers.values()), neighbourhood_cap=50, progress=True)
    merge_citations(build, got)
    once = json.dumps({k: len(v) for k, v in build.nodes().items()}) + str(sorted(build.cites))
    merge_citations(build, got)
    assert json.dumps({k: len(v) for k, v in build.nodes().items()}) + str(sorted(build.cites)) == once
    assert build.papers[a].sources == ["catalog", "s2"] and build.papers[a].in_catalog
    assert build.papers[a].citation_count is not None and build.papers[a].s2_id
    assert "author:esther-duflo" not in build.authors and ("author:s2:2259683", a) in build.wrote
    assert sum(1 for p in build.papers.values() if p.in_catalog) == len(catalog.papers)
    assert len(build.papers) > len(catalog.papers) and all(e.is_influential is not None for e in build.cites.values())


def test_load_citations_for_a_build_online_offline_and_unreachable(server, catalog, tmp_path):
    from dataclasses import replace
    from app.settings import load_settings
    from loaders.s2 import load_citations

    def build():
        return GraphRecords(papers={p.id: replace(p, sources=["catalog"]) for p in catalog.papers})

    env = {"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": server.url, "S2_REQUESTS_PER_SECOND": "10000"}
    settings = load_settings(env, dotenv=False)
    cold = build()
    load = load_citations(settings, cold, offline=True, progress=False)  # nothing cached yet
    assert load.fetch is None and "--offline" in load.message and cold == build()
    assert load.meta()["status"] == "missing" and "phenomena build" in load.meta()["how_to_add"]

    online = build()
    load = load_citations(settings, online, progress=False)
    assert load.message is None and load.meta()["status"] == "loaded"
    assert load.meta()["resolved"] == len(catalog.found) and online.cites
    json.dumps(load.meta())

    offline = build()
    load = load_citations(settings, offline, offline=True, progress=False)
    assert load.fetch.requests_made == 0 and offline == online

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = load_settings({**env, "S2_API_URL": f"http://127.0.0.1:{port}"}, dotenv=False)
    records = build()
    load = load_citations(down, records, refresh=True, progress=False)
    assert load.fetch is None and load.message.startswith("Semantic Scholar is unreachable") and records == build()


def test_doi_read_from_url_then_title_when_s2_lacks_it(server, corpus, tmp_path):
    from graph.model.records import Paper
    known, titled = corpus.papers[sha("out-3")], corpus.papers[sha("out-6")]
    papers = [
        Paper(id="title:a", title="whatever the catalog says", url="https://doi.org/10.5555/out.3"),
        Paper(id="title:b", title=titled["title"], url="https://www.nature.com/articles/s41586-099-00001-x?utm=1"),
        Paper(id="title:c", title="Qwxz plmk vbnr", url="https://www.pnas.org/doi/abs/10.1073/pnas.0000000?af=R"),
    ]
    with make_client(server, tmp_path) as client:
        got = fetch_papers(client, papers, progress=False)
        # one batch for the URL DOIs, two title matches for the unknown ones, one batch for the matched
        assert client.requests_made == 4
    assert got.found["title:a"]["paperId"] == known["paperId"]
    assert got.found["title:b"]["paperId"] == titled["paperId"]
    assert set(got.missing) == {"title:c"} and got.missing["title:c"].startswith("no title match")


@pytest.mark.parametrize("kind", ["shape", "truncate", "500"])
def test_faults_on_pages_and_title_matches_lose_nothing(server, catalog, tmp_path, kind):
    with make_client(server, tmp_path / "clean") as client:
        clean = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=50, progress=False)
    server.add_fault(kind, "/citations", after=3)
    server.add_fault(kind, "/references", after=5)
    server.add_fault(kind, "/search/match", after=1)
    with make_client(server, tmp_path / "faulty") as client:
        faulty = fetch_citation_graph(client, catalog.papers, neighbourhood_cap=50, progress=False)
    assert faulty.errors == [] and faulty.requests_made == clean.requests_made + 3
    assert faulty.records == clean.records and faulty.unresolved == clean.unresolved


def test_position_mapping_holds_for_any_order_and_batch_size(server, corpus):
    from hypothesis import HealthCheck, given, settings, strategies as st
    from graph.model.records import Paper

    known = [(pid, corpus.papers[pid]["externalIds"]) for pid in corpus.syn_ids[:30]]
    pool = [Paper(id=f"k{n}", title="t", arxiv_id=ext.get("ArXiv"), doi=ext.get("DOI")) for n, (_, ext) in enumerate(known)]
    pool += [Paper(id=f"u{n}", title="t", arxiv_id=f"2302.{n:05d}") for n in range(10)]
    truth = {f"k{n}": pid for n, (pid, _) in enumerate(known)}

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.permutations(pool), st.integers(1, len(pool)), st.integers(1, 7))
    def check(order, n, batch_size):
        papers = order[:n]
        client = S2Client(server.url, requests_per_second=10_000, sleep=Sleeps())
        got = fetch_papers(client, papers, progress=False, batch_size=batch_size)
        assert {k: v["paperId"] for k, v in got.found.items()} == {p.id: truth[p.id] for p in papers if p.id in truth}
        assert set(got.missing) == {p.id for p in papers if p.id not in truth}
        ids = sum(len([i for i in (p.arxiv_id, p.doi) if i]) for p in papers)
        assert client.requests_made == math.ceil(ids / batch_size)

    check()
