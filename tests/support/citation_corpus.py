"""A Semantic Scholar corpus of the catalog snapshot's arXiv papers with random references among them."""
import random

from loaders.catalog_files import load_catalog
from tests.support.s2_server import Corpus, edge, sha, topic_vector

UNKNOWN_EVERY = 25  # every 25th arXiv paper is unknown to the server


def catalog_corpus(seed: int = 7):
    """A corpus of the snapshot's arXiv papers with random references among them."""
    rng = random.Random(seed)
    entries = [e for e in load_catalog(offline=True).entries if e.arxiv_id]
    arxiv_ids = list(dict.fromkeys(e.arxiv_id for e in entries))
    titles = {e.arxiv_id: e.title for e in entries}
    known = [a for i, a in enumerate(arxiv_ids) if i % UNKNOWN_EVERY]
    corpus = Corpus()
    expected_edges = set()
    for i, arxiv in enumerate(known):
        earlier = known[:i]
        cited = rng.sample(earlier, min(len(earlier), rng.randint(0, 4)))
        refs = [edge(sha(a), rng) for a in cited] + [edge(None, rng)]  # plus an unresolved reference
        expected_edges |= {(arxiv, a) for a in cited}
        corpus.add({"paperId": sha(arxiv), "externalIds": {"ArXiv": arxiv, "CorpusId": 10_000 + i},
                    "title": titles[arxiv], "year": 2020, "abstract": f"We study {titles[arxiv].lower()}.",
                    "authors": [{"authorId": str(i), "name": f"Person {i}"}], "venue": "",
                    "fieldsOfStudy": ["Computer Science"], "tldr": None,
                    "embedding": {"model": "specter_v2", "vector": topic_vector(i % 10, i)}}, refs)
    return corpus.finish(), set(known), set(arxiv_ids) - set(known), expected_edges
