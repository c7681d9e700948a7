"""The Seed map and Paths pages in headless chromium on a graph with citations from the loopback Semantic Scholar
stand-in (tests/support/s2_server.py): `phenomena build` of the catalog snapshot against it, as
tests/loaders/test_build_citations.py does.  Prior and derivative works, citation arrows and citation paths
are counted in the browser and compared with the services' answers on the same store.
"""
from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest

from app.web import services
from graph.model.read import load_graph_model
from graph.store.embedded.store import EmbeddedStore
from tests.support.browser import _frame
from tests.support.citation_corpus import catalog_corpus
from tests.support.cli import run_cli
from tests.support.map_browser import drawn, labels_apart, shoot
from tests.support.s2_server import S2Server, edge, sha

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def patient(page):
    """A first map reads the graph and its text index in the app: on a busy 2-core machine that took 26 s."""
    page.set_default_timeout(90_000)


NEW = "2511.04321"  # known to the stand-in, not in the catalog: grown from the page


@pytest.fixture(scope="module")
def s2():
    corpus, known, _, edges = catalog_corpus()
    assert edges  # the stand-in gives the catalog papers references among them
    cited = sorted(known)[:3]
    corpus.add({"paperId": sha(NEW), "externalIds": {"ArXiv": NEW, "CorpusId": 99_999},
                "title": "Grokking Beyond the Catalog: A New Study", "year": 2025,
                "abstract": "We study grokking once more.", "authors": [{"authorId": "999999", "name": "Ada Lovelace"}],
                "venue": "", "fieldsOfStudy": ["Computer Science"], "tldr": None},
               [edge(sha(a), random.Random(1)) for a in cited])
    server = S2Server(corpus.finish()).start()
    yield server, cited
    server.stop()


@pytest.fixture(scope="module")
def home(tmp_path_factory, s2) -> Path:
    server, _ = s2
    home = tmp_path_factory.mktemp("seedmap-citations")
    env = {"PHENOMENA_HOME": str(home), "S2_API_URL": server.url, "S2_REQUESTS_PER_SECOND": "1000"}
    built = run_cli("build", env=env, timeout=600)
    assert built.returncode == 0, built.stderr
    # the app (run in this folder) grows from the same stand-in
    (home / ".env").write_text(f"S2_API_URL={server.url}\nS2_REQUESTS_PER_SECOND=1000\n", encoding="utf-8")
    return home


@pytest.fixture(scope="module")
def model(home):
    with EmbeddedStore(home / "atlas.lbug") as store:
        return load_graph_model(store)


@pytest.fixture(scope="module")
def seed(model) -> str:
    """The most cited paper of the graph (inside it): its map has citations, prior and derivative works."""
    cited = {}
    for _, b in model.cites:
        cited[b] = cited.get(b, 0) + 1
    return max(sorted(cited), key=cited.get)


def test_seed_map_with_citations_draws_arrows_and_lists_prior_and_derivative_works(server, page, model, seed):
    m = services.seed_map(model, [seed], size=40)
    assert m.cites and (m.prior or m.derivative)  # the map is online-shaped
    page.goto(f"{server}/seedmap?seeds={seed}")
    _frame(page)
    seen = drawn(page)
    assert sorted(seen["ids"]) == sorted(m.nodes)
    assert seen["edgeKinds"] == {"RELATED_TO": len(m.links), "CITES": len(m.cites)}
    assert seen["links"] == len(m.links) + len(m.cites)  # every link drawn, both ends present
    assert seed in seen["labels"] and len(seen["labels"]) >= 15
    labels_apart(page)
    assert "size: citations" in seen["legend"] and "arrow: cites" in seen["legend"]
    for key, works in (("prior", m.prior), ("derivative", m.derivative)):
        listed = page.locator(f".st-key-seedmap_{key}").inner_text()
        for other, n in works:
            assert f"{n} of the map" in listed and model.papers[other].title[:25] in listed
    ranked = page.locator(".st-key-seedmap_list").inner_text()
    assert any(w in ranked for w in ("co-cited", "shared reference", "cites it", "cited by it"))
    shoot(page, "seedmap-citations")


def test_paths_between_two_papers_follow_citations(server, page, model, seed):
    U = nx.Graph(model.cites)
    lengths = nx.single_source_shortest_path_length(U, seed, cutoff=3)
    target = sorted(k for k, d in lengths.items() if d == 3)[0]  # three citation steps away
    found = services.paths_between(model, seed, target)
    assert found.via == "citations" and len(found.paths[0]) == 3
    page.goto(f"{server}/paths?kind=papers&a={seed}&b={target}")
    _frame(page)
    seen = drawn(page)
    steps = {frozenset((s.source, s.target)) for p in found.paths for s in p}
    assert sorted(seen["ids"]) == sorted(found.nodes) and seen["links"] == len(steps)
    cites = sum(1 for p in found.paths for s in p if s.kind == "CITES")
    assert seen["edgeKinds"].get("CITES", 0) >= min(cites, 1)
    arrows = page.locator("iframe").first.evaluate(
        "el => el.contentWindow.network.body.data.edges.get({filter: e => e.kind === 'CITES'})"
        ".every(e => e.arrows === 'to')")
    assert arrows
    page.get_by_text("through citations; the shortest has 3 steps").wait_for()
    assert set(seen["labels"]) == set(found.nodes)
    shoot(page, "paths-citations")


def test_a_paper_not_in_the_graph_is_grown_from_semantic_scholar_and_mapped(server, page, model, s2, home):
    _, cited = s2
    assert services.resolve_paper(model, NEW) is None
    page.goto(f"{server}/seedmap")
    page.get_by_text("A paper by arXiv id or DOI").click()
    box = page.get_by_label("arXiv id or DOI")
    box.fill(NEW)
    box.press("Enter")
    page.get_by_role("button", name="Grow from Semantic Scholar").click()
    page.wait_for_url(f"**seeds=arxiv%3A{NEW}**", timeout=180_000)  # grown, rebuilt, and chosen as the seed
    _frame(page)
    seen = drawn(page)
    key = f"arxiv:{NEW}"
    with EmbeddedStore(home / "atlas.lbug") as store:  # the graph as the grow rebuilt it
        m = services.seed_map(load_graph_model(store), [key], size=40)
    assert sorted(seen["ids"]) == sorted(m.nodes) and seen["links"] == len(m.links) + len(m.cites)
    assert key in seen["labels"]
    page.get_by_text("most similar to Lovelace 2025").wait_for()  # labelled by its first author from S2
    cites = page.locator("iframe").first.evaluate(
        "el => el.contentWindow.network.body.data.edges.get({filter: e => e.kind === 'CITES'}).map(e => [e.from, e.to])")
    ours = {b for a, b in cites if a == key}
    assert ours and ours <= {f"arxiv:{a}" for a in cited}  # its references from Semantic Scholar, drawn as arrows
    page.get_by_text("Grokking Beyond the Catalog: A New Study").first.wait_for()
    shoot(page, "seedmap-grown")
