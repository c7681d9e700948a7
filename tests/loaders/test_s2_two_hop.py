"""The two-hop Semantic Scholar fetch against the local API server (127.0.0.1, a 5k-paper corpus).

Hop 2 goes through batch calls with nested lists; the tests check the plan's limits, that
the requests stay within 1.1x the fewest possible, that every edge of the corpus around the
1-hop papers arrives, that an answer over the size cap is split, and, through the real CLI,
that a build killed (SIGKILL) in the middle of hop 2 resumes asking nothing it had cached
and ends with the same graph as an uninterrupted one, with a progress bar that has an ETA.
The 50k-paper run is ``benchmarks/bench_s2_two_hop.py``.
"""
from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from graph.model.records import GraphRecords, Paper
from graph.store.embedded.store import EmbeddedStore
from loaders.catalog_files import load_catalog
from loaders.s2 import S2Client, fetch_citation_graph
from loaders.s2.cache import request_key
from loaders.s2.hops import (
    MAX_IDS,
    NESTED_MAX,
    _add_lists,
    edge_budget,
    minimum_first_hop_requests,
    minimum_second_hop_requests,
    plan_second_hop,
)
from tests.support.cli import ROOT, run_cli
from tests.support.s2_scale import build_scale_corpus
from tests.support.s2_server import S2Server

CAP = 1000


def is_hop2(call) -> bool:
    return call.method == "POST" and "citations.paperId" in call.params.get("fields", "")


def key_of(call) -> str:
    return request_key(call.method, call.path, call.params, call.body)


def catalog_papers(corpus) -> list[Paper]:
    out = []
    for pid in corpus.catalog_ids:
        ext = corpus.papers[pid]["externalIds"]
        arxiv = ext.get("ArXiv")
        out.append(Paper(id=f"arxiv:{arxiv}" if arxiv else f"s2:{pid}", title=corpus.papers[pid]["title"],
                         arxiv_id=arxiv, s2_id=None if arxiv else pid, in_catalog=True))
    return out


@pytest.fixture(scope="module")
def s2():
    corpus = build_scale_corpus(5_000, catalog=300, seed=5)
    server = S2Server(corpus).start()
    yield server, corpus
    server.stop()


def fetch(server, cache_dir, papers, **kw):
    with S2Client(server.url, requests_per_second=10_000, cache_dir=cache_dir, backoff=0.01, seed=0,
                  max_retries=kw.pop("max_retries", 5)) as client:
        return fetch_citation_graph(client, papers, neighbourhood_cap=CAP, hops=2, progress=False, **kw)


@pytest.mark.parametrize("regime", ["ids", "bytes"])
def test_plan_is_deterministic_keeps_to_both_limits_and_meets_the_bound(regime):
    rng = random.Random(3)
    scale = 30 if regime == "bytes" else 5  # long lists: the 10 MB cap binds; short ones: 500 ids
    counts = {f"{k:040x}": (int(rng.lognormvariate(3.5 if regime == "bytes" else 2, 1)),
                            int(scale * rng.paretovariate(1.3)) - scale) for k in range(7_000)}
    counts["f" * 40] = (20_000, 50_000)  # past what a batch lists: planned at 9,999 + 9,999
    plan = plan_second_hop(counts)
    shuffled = dict(sorted(counts.items(), key=lambda _: rng.random()))
    assert plan_second_hop(shuffled) == plan  # the order of hop 1 does not matter
    weight = {s: min(r, NESTED_MAX) + min(c, NESTED_MAX) for s, (r, c) in counts.items()}
    assert sorted(s for batch in plan for s in batch) == sorted(s for s, w in weight.items() if w > 0)
    for batch in plan:
        assert batch == sorted(batch) and len(batch) <= MAX_IDS
        assert sum(weight[s] for s in batch) <= edge_budget()
    by_ids = -(-len([w for w in weight.values() if w]) // MAX_IDS)
    by_bytes = -(-sum(weight.values()) // edge_budget())
    assert (by_ids > by_bytes) == (regime == "ids")
    assert len(plan) <= 1.1 * max(by_ids, by_bytes), (len(plan), by_ids, by_bytes)


def test_a_list_past_what_a_batch_returns_is_reported_truncated():
    class Result:
        truncated: list = []

    records = GraphRecords()
    attach = lambda item: item.get("paperId") and f"s2:{item['paperId']}"  # noqa: E731
    item = {"references": [{"paperId": "r1"}], "citations": [{"paperId": f"c{k}"} for k in range(NESTED_MAX)]}
    _add_lists(records, attach, ("s2:p", 1, 25_000), item, cap=50_000, result=Result)
    assert Result.truncated == [("s2:p", "citations")]
    assert len(records.cites) == NESTED_MAX + 1 and ("s2:p", "s2:r1") in records.cites
    Result.truncated = []
    _add_lists(records, attach, ("s2:p", 1, 25_000), item, cap=1000, result=Result)  # the cap stops first
    assert Result.truncated == []


def test_two_hops_within_1_1x_the_minimum_with_every_edge_and_a_free_warm_rerun(s2, tmp_path):
    server, corpus = s2
    papers = catalog_papers(corpus)
    start = len(server.calls)
    cold = fetch(server, tmp_path, papers)
    calls = server.calls[start:]
    assert not cold.errors and cold.hops == 2 and len(cold.resolved) == len(papers)
    hop2 = [c for c in calls if is_hop2(c)]
    assert cold.hop2["batches"] == len(hop2) == cold.hop2["planned_batches"] > 3
    counts = [(corpus.papers[p]["referenceCount"], corpus.papers[p]["citationCount"]) for p in corpus.catalog_ids]
    minimum = (minimum_first_hop_requests(len(papers), 0, counts, CAP)
               + minimum_second_hop_requests(cold.hop2["papers"], sum(c.nbytes for c in hop2)))
    assert cold.requests_made == len(calls) <= 1.1 * minimum, (cold.requests_made, minimum)

    # every edge around a 1-hop paper (within the cap) is in the graph, and its ends are nodes
    key = {p.s2_id: k for k, p in cold.records.papers.items()}
    hop1 = {t for c in corpus.catalog_ids for t, _ in corpus.ref_pairs(c) if t}
    hop1 |= {s for c in corpus.catalog_ids for s, _ in corpus.citing[c]}
    hop1 -= set(corpus.catalog_ids)
    assert cold.hop2["papers"] == len(hop1)
    expected = set()
    for pid in hop1:
        expected |= {(key[pid], key[t]) for t, _ in corpus.ref_pairs(pid)[:CAP] if t and t != pid}
        expected |= {(key[s], key[pid]) for s, _ in corpus.citing[pid][:CAP] if s != pid}
    assert expected <= set(cold.records.cites)
    assert len(cold.records.papers) > 3 * (len(hop1) // 2) and not cold.truncated

    again = fetch(server, tmp_path, papers)
    assert again.requests_made == 0 and again.records == cold.records


def test_an_answer_over_the_size_cap_is_split_and_the_graph_is_the_same(s2, tmp_path):
    server, corpus = s2
    papers = catalog_papers(corpus)
    clean = fetch(server, tmp_path / "clean", papers)
    small = S2Server(corpus, max_response_bytes=600_000).start()  # most planned batches answer 500
    try:
        split = fetch(small, tmp_path / "split", papers, max_retries=0)
    finally:
        small.stop()
    assert split.hop2["split"] > 0 and not split.errors
    assert split.records == clean.records


def _read_all(fd: int, sink: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        sink.append(chunk)


def _cached_keys(home: Path) -> set[str]:
    keys = set()
    for path in (home / "cache" / "s2").glob("??/*.json"):
        keys.add(json.loads(path.read_text(encoding="utf-8"))["key"])
    return keys


@pytest.fixture(scope="module")
def snapshot_server():
    arxiv = list(dict.fromkeys(e.arxiv_id for e in load_catalog(offline=True).entries if e.arxiv_id))
    corpus = build_scale_corpus(3_000, catalog_arxiv=arxiv, seed=9)
    server = S2Server(corpus).start()
    server.add_fault("delay", "/paper/batch", times=None, hang_seconds=0.15)  # room to kill mid hop 2
    yield server, corpus
    server.stop()


def test_cli_two_hop_build_killed_mid_hop_2_resumes_without_repeating_a_cached_request(snapshot_server, tmp_path):
    server, corpus = snapshot_server
    base = {"S2_API_URL": server.url, "S2_REQUESTS_PER_SECOND": "1000"}
    args = [sys.executable, "-m", "app.cli", "build", "--neighbourhood", str(CAP), "--hops", "2"]

    # 1. uninterrupted, stderr on a terminal: the progress bars show
    home_a = tmp_path / "a"
    start = len(server.calls)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))  # a 160-column terminal
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **base, "PHENOMENA_HOME": str(home_a)},
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks: list[bytes] = []
    reader = threading.Thread(target=_read_all, args=(master, chunks), daemon=True)
    reader.start()
    out, _ = proc.communicate(timeout=300)
    reader.join(10)
    os.close(master)
    stderr = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, stderr[-2000:]
    reference_hop2 = [key_of(c) for c in server.calls[start:] if is_hop2(c)]
    assert len(reference_hop2) >= 4
    for hop in ("hop 1", "hop 2"):  # a total and a remaining time: "37%|...| 1200/3254 [00:01<00:02, ...]"
        assert re.search(rf"Semantic Scholar {hop}: +\d+%\|[^\r\n]*\| *\d+/\d+ \[\d\d:\d\d<\d\d:\d\d", stderr), hop

    # 2. the same build, killed once the server has answered two hop-2 batches
    home_b = tmp_path / "b"
    env_b = {**os.environ, **base, "PHENOMENA_HOME": str(home_b)}
    start = len(server.calls)
    proc = subprocess.Popen(args, cwd=ROOT, env=env_b, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while sum(1 for c in server.calls[start:] if is_hop2(c)) < 3 and time.monotonic() < deadline:
        assert proc.poll() is None, "the build ended before hop 2 was under way"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    cached = _cached_keys(home_b)
    cached_hop2 = cached & set(reference_hop2)
    assert 2 <= len(cached_hop2) < len(reference_hop2)  # killed in the middle of hop 2

    # 3. run again: nothing cached is asked twice, the rest is, and the graph is the uninterrupted one's
    start = len(server.calls)
    again = run_cli("build", "--neighbourhood", str(CAP), "--hops", "2",
                    env={**base, "PHENOMENA_HOME": str(home_b)}, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    asked = [key_of(c) for c in server.calls[start:]]
    assert not set(asked) & cached, "a cached answer was requested again"
    assert len(asked) == len(set(asked))
    assert sorted(k for k in asked if k in reference_hop2) == sorted(set(reference_hop2) - cached_hop2)
    with EmbeddedStore(home_a / "atlas.lbug") as a, EmbeddedStore(home_b / "atlas.lbug") as b:
        assert a.counts()["Paper"] > 2_000 and a.counts()["CITES"] > 10_000
        assert a.fingerprint(include_meta=False) == b.fingerprint(include_meta=False)


def test_hops_2_without_a_neighbourhood_is_a_one_line_error(tmp_path):
    result = run_cli("build", "--hops", "2", "--offline", env={"PHENOMENA_HOME": str(tmp_path)})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--neighbourhood" in lines[0]
