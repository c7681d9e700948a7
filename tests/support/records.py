"""A two-paper graph (grokking cites double descent) for the store tests."""
from graph.model.records import About, Cites, GraphRecords, Paper, Phenomenon


def small_records() -> GraphRecords:
    g = GraphRecords()
    g.papers["arxiv:2201.02177"] = Paper(id="arxiv:2201.02177", title="Grokking", year=2022,
                                         arxiv_id="2201.02177", in_catalog=True, keywords=["Grokking"])
    g.papers["arxiv:1912.02292"] = Paper(id="arxiv:1912.02292", title="Deep Double Descent", year=2019,
                                         arxiv_id="1912.02292", in_catalog=True)
    g.phenomena["grokking"] = Phenomenon(id="grokking", name="Grokking", synonyms=["grokking"])
    g.add_edge(Cites("arxiv:2201.02177", "arxiv:1912.02292", is_influential=True, intents=("background",)))
    g.add_edge(About("arxiv:2201.02177", "grokking", "keyword"))
    return g
