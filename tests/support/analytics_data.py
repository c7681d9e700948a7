"""A small catalog-like graph for the analytics tests (not a test module)."""
from graph.model.identity import author_key, keyword_key, paper_key, venue_key
from graph.model.records import (
    About,
    Author,
    Cites,
    GraphRecords,
    HasKeyword,
    Keyword,
    Paper,
    Phenomenon,
    PublishedIn,
    Venue,
    Wrote,
)

GROKKING, DD = "phen:grokking", "phen:double-descent"


def example_records() -> GraphRecords:
    r = GraphRecords()
    r.phenomena = {GROKKING: Phenomenon(GROKKING, "Grokking"), DD: Phenomenon(DD, "Double Descent")}

    def paper(arxiv, title, year, catalog, authors=(), kws=(), phen=(), venue=None, abstract=None):
        key = paper_key(arxiv_id=arxiv)
        r.papers[key] = Paper(id=key, title=title, year=year, arxiv_id=arxiv, in_catalog=catalog,
                              keywords=list(kws), venue=venue, abstract=abstract,
                              sources=["catalog"] if catalog else ["s2"])
        for i, name in enumerate(authors):
            r.authors[author_key(name)] = Author(author_key(name), name)
            r.add_edge(Wrote(author_key(name), key, i))
        for kw in kws:
            r.keywords[keyword_key(kw)] = Keyword(keyword_key(kw), kw)
            r.add_edge(HasKeyword(key, keyword_key(kw)))
        for p in phen:
            r.add_edge(About(key, p))
        if venue:
            r.venues[venue_key(venue)] = Venue(venue_key(venue), venue)
            r.add_edge(PublishedIn(key, venue_key(venue)))
        return key

    g1 = paper("2201.02177", "Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets", 2022,
               True, ["Alethea Power", "Yuri Burda"], ["Grokking", "Modular Arithmetic"], [GROKKING])
    g2 = paper("2205.10343", "Towards Understanding Grokking: An Effective Theory of Representation Learning",
               2022, True, ["Ziming Liu"], ["Grokking", "Representation Learning"], [GROKKING], "NeurIPS 2022")
    g3 = paper("2301.05217", "Progress measures for grokking via mechanistic interpretability", 2023, True,
               ["Neel Nanda"], ["Grokking", "Mechanistic Interpretability"], [GROKKING], "ICLR 2023")
    d1 = paper("1912.02292", "Deep Double Descent: Where Bigger Models and More Data Hurt", 2019, True,
               ["Preetum Nakkiran"], ["Double Descent"], [DD], "ICLR 2020",
               abstract="We show that double descent occurs in CNNs, ResNets & transformers.")
    d2 = paper("1812.11118", "Reconciling modern machine learning practice and the bias-variance trade-off",
               2018, True, ["Mikhail Belkin"], ["Double Descent", "Bias-Variance"], [DD], "PNAS")
    d3 = paper("2303.14151", "Double Descent Demystified", 2023, True, ["Rylan Schaeffer"],
               ["Double Descent"], [DD, GROKKING])
    gap1 = paper("1611.03530", "Understanding deep learning requires rethinking generalization", 2016, False,
                 ["Chiyuan Zhang", "Samy Bengio"], venue="ICLR 2017")
    gap2 = paper("1412.6980", "Adam: A Method for Stochastic Optimization", 2014, False, ["Diederik P. Kingma"])
    for src, dst in [(g2, g1), (g3, g1), (g3, g2), (d1, d2), (d3, d1), (d3, d2), (d3, g1),
                     (g1, gap1), (g2, gap1), (d1, gap1), (d2, gap1), (g1, gap2), (d1, gap2)]:
        r.add_edge(Cites(src, dst))
    return r
