"""SPECTER v2 vectors from the batch endpoint of the loopback Semantic Scholar stand-in, cached."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from graph.analytics.text_similarity import text_index, text_scores
from graph.model.records import Paper
from loaders.s2 import S2Client, fetch_specter_vectors
from loaders.s2.embeddings import SPECTER_FIELD
from tests.support.s2_server import EMBEDDING_DIMS, TOPICS, build_corpus, serve


@pytest.fixture(scope="module")
def corpus():
    return build_corpus(n=24, outside=0, seed=3)


@pytest.fixture
def server(corpus):
    srv = serve(corpus)
    yield srv
    srv.stop()


def catalog_papers(corpus) -> list[Paper]:
    out = []
    for pid in corpus.syn_ids:
        p, ext = corpus.papers[pid], corpus.papers[pid]["externalIds"]
        key = f"arxiv:{ext['ArXiv']}" if ext.get("ArXiv") else f"doi:{ext['DOI']}"
        out.append(Paper(id=key, title=p["title"], arxiv_id=ext.get("ArXiv"), doi=ext.get("DOI")))
    return out


def test_specter_vectors_fetched_in_batches_and_cached(server, corpus, tmp_path):
    papers = catalog_papers(corpus)
    with S2Client(server.url, requests_per_second=10_000, cache_dir=tmp_path / "s2", timeout=5.0) as client:
        vectors, missing = fetch_specter_vectors(client, papers, batch_size=10)
    batches = [c for c in server.calls if c.path.endswith("/paper/batch")]
    assert len(batches) == 3 and all(c.params["fields"] == f"paperId,{SPECTER_FIELD}" for c in batches)
    without = {p.id for i, p in enumerate(papers) if corpus.papers[corpus.syn_ids[i]]["embedding"] is None}
    assert without and set(missing) == without
    assert all(reason == "no SPECTER v2 embedding in Semantic Scholar" for reason in missing.values())
    assert set(vectors) == {p.id for p in papers} - without
    assert all(len(v) == EMBEDDING_DIMS for v in vectors.values())

    before = len(server.calls)  # a second run answers from the cache, even offline
    with S2Client(server.url, cache_dir=tmp_path / "s2", offline=True) as client:
        again, _ = fetch_specter_vectors(client, papers, batch_size=10)
    assert len(server.calls) == before and again == vectors


def test_specter_vectors_relate_papers_of_one_topic(server, corpus, tmp_path):
    papers = catalog_papers(corpus)
    with S2Client(server.url, requests_per_second=10_000, cache_dir=tmp_path / "s2") as client:
        vectors, _ = fetch_specter_vectors(client, papers)
    G = nx.DiGraph()
    for i, p in enumerate(papers):  # titles say nothing: only the vectors can tell topics apart
        G.add_node(p.id, title=f"Paper {i}", topic=i % len(TOPICS))
    index = text_index(G, embeddings=vectors)
    assert index.source == "tf-idf + SPECTER v2" and index.E is not None
    seed = next(v for v in G if v in vectors)
    scores = text_scores(G, seed, index=index)
    best = max(scores, key=scores.get)
    assert G.nodes[best]["topic"] == G.nodes[seed]["topic"]
    assert np.isclose(np.linalg.norm(index.E[index.position[seed]]), 1.0)
