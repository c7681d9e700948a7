"""A hostile Semantic Scholar on loopback (issue 23): wrong types, deep nesting, huge values, a drip,
``Retry-After: 999999`` and a 250 MB answer.  Each case ends in one line that names the field (or
the limit), within its deadline, and the run goes on with the rest.
"""
from __future__ import annotations

import io
import json
import time

import pytest

from graph.errors import SourceError
from graph.model.records import Paper
from graph.terminal import terminal_safe
from loaders.s2 import S2Client, fetch_citation_graph, fetch_papers
from loaders.s2.grow import grow_concept, grow_paper
from loaders.s2.schema import TEXT_LIMITS
from loaders.s2.transfer import countdown
from tests.support.s2_server import build_corpus, serve

ESC = "\x1b"


@pytest.fixture(scope="module")
def corpus():
    return build_corpus(n=12, outside=6, seed=3)


@pytest.fixture
def server(corpus):
    srv = serve(corpus)
    yield srv
    srv.stop()


def make_client(server, tmp_path, **kw) -> S2Client:
    options = dict(requests_per_second=10_000, cache_dir=tmp_path / "s2", timeout=5.0, max_retries=1,
                   backoff=0.01, seed=1)
    options.update(kw)
    return S2Client(server.url, **options)


def catalog_papers(corpus, count: int = 6) -> list[Paper]:
    papers = []
    for pid in corpus.syn_ids[:count]:
        ext = corpus.papers[pid]["externalIds"]
        if ext.get("ArXiv"):
            papers.append(Paper(id=f"arxiv:{ext['ArXiv']}", title=corpus.papers[pid]["title"],
                                arxiv_id=ext["ArXiv"], in_catalog=True))
    return papers


def set_in_first(field: str, value):
    def mutate(payload):
        payload[0][field] = value
        return payload
    return mutate


WRONG_TYPES = [
    ("title", ["a", "list"], "title"),
    ("year", {"an": "object"}, "year"),
    ("authors", 17, "authors"),
    ("externalIds", {"ArXiv": ["2201.02177"]}, "externalIds.ArXiv"),
    ("references", "not a list", "references"),
    ("tldr", 42, "tldr"),
    ("citationCount", "many", "citationCount"),
    ("fieldsOfStudy", [{"deep": [1]}], "fieldsOfStudy.0"),
]


@pytest.mark.parametrize("field,value,named", WRONG_TYPES, ids=[w[0] for w in WRONG_TYPES])
def test_a_wrong_type_in_a_batch_skips_that_paper_in_one_line(server, corpus, tmp_path, field, value, named):
    papers = catalog_papers(corpus)
    server.add_fault("mutate", "/paper/batch", mutate=set_in_first(field, value))
    started = time.monotonic()
    with make_client(server, tmp_path) as client:
        fetched = fetch_citation_graph(client, papers, progress=False)
    assert time.monotonic() - started < 10
    first = papers[0]
    assert fetched.skipped == [f"Semantic Scholar sent an unexpected value for {named} in paper "
                               f"ARXIV:{first.arxiv_id}; skipped"]
    assert first.id not in fetched.records.papers  # skipped, never half-used
    assert set(fetched.resolved) == {p.id for p in papers[1:]}  # the rest goes on
    assert fetched.summary()["skipped"] == fetched.skipped


def test_huge_texts_are_cut_before_tagging(server, corpus, tmp_path):
    papers = catalog_papers(corpus)
    server.add_fault("mutate", "/paper/batch", mutate=set_in_first("abstract", "grokking " * 800_000))  # 7 MB
    with make_client(server, tmp_path) as client:
        fetched = fetch_citation_graph(client, papers, progress=False)
    abstract = fetched.records.papers[papers[0].id].abstract
    assert len(abstract) == TEXT_LIMITS["abstract"] and abstract.endswith("…")


def test_ten_thousand_nested_lists_end_in_one_line(server, corpus, tmp_path):
    papers = catalog_papers(corpus)
    server.add_fault("raw", "/paper/batch", payload=b"[" * 10_000 + b"]" * 10_000)
    started = time.monotonic()
    with make_client(server, tmp_path) as client:
        fetched = fetch_papers(client, papers, progress=False)
    assert time.monotonic() - started < 10
    assert len(fetched.errors) == 1 and not fetched.found
    assert "Semantic Scholar sent an unexpected value nested too deep to read" in fetched.errors[0]
    assert "RecursionError" not in fetched.errors[0]


def test_a_wrong_type_in_a_page_row_skips_that_edge(server, corpus, tmp_path):
    papers = catalog_papers(corpus)

    def mutate(page):
        page["data"][0]["citedPaper"] = {"paperId": {"nested": "object"}}
        return page

    server.add_fault("mutate", "/references", mutate=mutate)
    with make_client(server, tmp_path) as client:
        fetched = fetch_citation_graph(client, papers, neighbourhood_cap=100, progress=False)
    assert len(fetched.skipped) == 1
    assert fetched.skipped[0].startswith("Semantic Scholar sent an unexpected value for citedPaper.paperId in paper ")
    assert fetched.skipped[0].endswith("; skipped") and not fetched.errors


def test_a_page_frame_of_the_wrong_type_is_one_error(server, corpus, tmp_path):
    papers = catalog_papers(corpus)
    server.add_fault("mutate", "/citations", mutate=lambda page: {**page, "next": [1, 2]})
    with make_client(server, tmp_path) as client:
        fetched = fetch_citation_graph(client, papers, neighbourhood_cap=100, progress=False)
    assert any("unexpected value for next in paper" in e for e in fetched.errors), fetched.errors


def test_search_and_recommendations_skip_wrong_items(server, corpus, tmp_path):
    server.add_fault("mutate", "/paper/search", mutate=lambda page: {
        **page, "data": [{"paperId": 5, "title": "Grokking"}] + page.get("data", [])})
    with make_client(server, tmp_path) as client:
        grown = grow_concept(client, "grokking", limit=20)
    assert grown.skipped and "unexpected value for paperId" in grown.skipped[0]
    assert grown.added  # the good hits are kept

    server.add_fault("mutate", "/paper/", mutate=lambda item: {**item, "authors": [{"name": ["x"]}]})
    arxiv = corpus.papers[corpus.syn_ids[0]]["externalIds"]["ArXiv"]
    with make_client(server, tmp_path, refresh=True) as client:
        with pytest.raises(SourceError, match=r"^Semantic Scholar sent an unexpected value for authors\.0\.name "
                                              rf"in paper {arxiv}; skipped$"):
            grow_paper(client, arxiv, limit=5)


def test_a_dripping_server_is_cut_at_the_deadline(server, corpus, tmp_path):
    papers = catalog_papers(corpus)
    fault = server.add_fault("drip", "/paper/batch", drip_seconds=2.0, times=None)
    started = time.monotonic()
    with make_client(server, tmp_path, timeout=3.0, max_retries=0) as client:
        fetched = fetch_papers(client, papers, progress=False)
    elapsed = time.monotonic() - started
    assert elapsed < 6, elapsed  # one try: 3 s, not the ~hours the body would take
    assert fault.sent <= 3
    assert len(fetched.errors) == 1 and "no whole answer within 3 s" in fetched.errors[0]


def test_retry_after_999999_is_capped_with_a_countdown_line(server, corpus, tmp_path, capfd):
    papers = catalog_papers(corpus)
    server.add_fault("429", "/paper/batch", retry_after="999999", times=None)
    started = time.monotonic()
    with make_client(server, tmp_path, max_wait=2.0, max_retries=1) as client:
        fetched = fetch_papers(client, papers, progress=False)
    elapsed = time.monotonic() - started
    assert 2 <= elapsed < 6, elapsed
    assert set(client.waits) == {2.0}  # not 999999
    assert "kept answering 429 Too Many Requests" in fetched.errors[0]
    err = capfd.readouterr().err
    assert "asked to wait 999999 s, waiting at most 2 (--max-wait); waiting 2 s" in err


def test_the_countdown_counts_down_on_a_terminal_without_control_text():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    out, slept = Tty(), []
    countdown(3, f"HTTP 429 {ESC}]0;owned{chr(7)}busy", sleep=slept.append, stream=out)
    assert slept == [1.0, 1.0, 1.0]
    text = out.getvalue()
    assert ESC not in text and "waiting 3 s" in text and "waiting 0 s" in text and text.endswith("\n")


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
def test_a_250_mb_answer_is_refused_while_streaming(server, corpus, tmp_path, chunked):
    papers = catalog_papers(corpus)
    fault = server.add_fault("huge", "/paper/batch", chunked=chunked)
    started = time.monotonic()
    with make_client(server, tmp_path, timeout=30.0, max_answer_bytes=8 * 2**20) as client:
        fetched = fetch_papers(client, papers, progress=False)
    elapsed = time.monotonic() - started
    assert elapsed < 15, elapsed
    assert len(fetched.errors) == 1
    assert "more than the 8 MB this client reads; skipped" in fetched.errors[0]
    assert ("is 250 MB" in fetched.errors[0]) == (not chunked)
    time.sleep(0.2)
    assert fault.sent < 100 * 2**20  # the rest was never read


def test_the_client_deadline_stops_asking(server, corpus, tmp_path):
    papers = catalog_papers(corpus)
    server.add_fault("delay", "/paper/batch", hang_seconds=1.5)
    with make_client(server, tmp_path, deadline=1.0) as client:
        fetch_papers(client, papers, progress=False)
        with pytest.raises(SourceError, match="the 1 s this run may spend asking is used up"):
            client.get("/graph/v1/paper/search", {"query": "grokking"})


def test_an_error_text_with_escape_sequences_is_data(server, corpus, tmp_path):
    """The API's error words travel in the message; the CLI's echo strips control characters."""
    server.add_fault("raw", "/paper/batch", status=400,
                     payload=json.dumps({"error": f"bad{ESC}[2J{ESC}]0;x{chr(7)}"}).encode())
    with make_client(server, tmp_path) as client:
        fetched = fetch_papers(client, catalog_papers(corpus), progress=False)
    assert fetched.errors and ESC in fetched.errors[0]  # kept as data ...
    assert "bad" in terminal_safe(fetched.errors[0]) and ESC not in terminal_safe(fetched.errors[0])  # ... not shown
