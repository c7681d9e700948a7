"""A small hand-made graph (GraphRecords) that both stores must hold identically.

Shaped to exercise the saved queries: ties in rankings (broken by id), null
citation counts (fallback to in-graph citations), synonyms, a paper about two
phenomena, a citation chain for paths and a component that no path reaches.
"""
from __future__ import annotations

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


def fixture_records() -> GraphRecords:
    rec = GraphRecords()
    phenomena = [
        Phenomenon("phen:grokking", "Grokking", ["delayed generalization"], "Late generalisation."),
        Phenomenon("phen:double-descent", "Double Descent", ["deep double descent"]),
        Phenomenon("phen:neural-collapse", "Neural Collapse", []),
        Phenomenon("phen:lottery-ticket", "Lottery Ticket Hypothesis", ["lottery tickets", "LTH"]),
        Phenomenon("phen:unused", "Unused Phenomenon", []),
    ]
    for ph in phenomena:
        rec.phenomena[ph.id] = ph

    papers = [
        # id, title, year, citation_count, keywords
        ("arxiv:2201.02177", "Grokking: Generalization Beyond Overfitting", 2022, 500, ["grokking", "algorithmic data"]),
        ("arxiv:1912.02292", "Deep Double Descent", 2019, 900, ["double descent", "overparameterization"]),
        ("arxiv:2205.10343", "Towards Understanding Grokking", 2022, None, ["grokking", "representation learning"]),
        ("arxiv:2301.05217", "Progress Measures for Grokking", 2023, 120, ["grokking", "mechanistic interpretability"]),
        ("arxiv:2008.08186", "Prevalence of Neural Collapse", 2020, 300, ["neural collapse"]),
        ("arxiv:1803.03635", "The Lottery Ticket Hypothesis", 2018, 2500, ["pruning", "overparameterization"]),
        ("doi:10.1000/xyz", "Grokking and Double Descent: a Unified View", 2023, None, ["grokking", "double descent"]),
        ("arxiv:2310.00001", "Omnigrok: Grokking Beyond Algorithmic Data", 2023, 120, ["grokking", "algorithmic data"]),
        ("s2:abc123", "Épistémologie du double descent", None, 7, ["double descent"]),
        ("title:isolated-paper", "An Isolated Paper", 2021, None, []),
        ("title:isolated-pair", "Another Isolated Paper", 2021, 0, ["pruning"]),
    ]
    for pid, title, year, cc, kws in papers:
        arxiv = pid.split(":", 1)[1] if pid.startswith("arxiv:") else None
        rec.papers[pid] = Paper(
            id=pid, title=title, year=year, arxiv_id=arxiv, citation_count=cc,
            in_catalog=pid.startswith("arxiv:"), keywords=kws, sections=["Grokking"] if "rok" in title else [],
            sources=["catalog", "s2"] if cc is not None else ["seed"], code_urls=[],
            doi="10.1000/xyz" if pid.startswith("doi:") else None,
            influential_citation_count=None if cc is None else cc // 10,
        )
        for kw in kws:
            kid = "kw:" + kw.replace(" ", "-")
            rec.keywords.setdefault(kid, Keyword(kid, kw))
            rec.add_edge(HasKeyword(pid, kid))

    about = [
        ("arxiv:2201.02177", "phen:grokking", "section"),
        ("arxiv:2205.10343", "phen:grokking", "keyword"),
        ("arxiv:2301.05217", "phen:grokking", "title"),
        ("arxiv:2310.00001", "phen:grokking", "title"),
        ("doi:10.1000/xyz", "phen:grokking", "title"),
        ("doi:10.1000/xyz", "phen:double-descent", "title"),
        ("arxiv:1912.02292", "phen:double-descent", "section"),
        ("s2:abc123", "phen:double-descent", "abstract"),
        ("arxiv:2008.08186", "phen:neural-collapse", "section"),
        ("arxiv:1803.03635", "phen:lottery-ticket", "section"),
        ("arxiv:1803.03635", "phen:double-descent", "keyword"),
    ]
    confidence = {"keyword": "strong", "title": "strong", "abstract": "medium", "section": "weak"}
    for pid, ph, via in about:
        rec.add_edge(About(pid, ph, via, "catalog", confidence[via]))

    cites = [
        ("arxiv:2205.10343", "arxiv:2201.02177", True, ("background",)),
        ("arxiv:2301.05217", "arxiv:2201.02177", False, ("methodology", "background")),
        ("arxiv:2310.00001", "arxiv:2201.02177", None, ()),
        ("arxiv:2310.00001", "arxiv:2205.10343", None, ()),
        ("arxiv:2301.05217", "arxiv:2205.10343", None, ()),
        ("doi:10.1000/xyz", "arxiv:2201.02177", None, ()),
        ("doi:10.1000/xyz", "arxiv:1912.02292", True, ("result",)),
        ("arxiv:2201.02177", "arxiv:1912.02292", None, ()),
        ("arxiv:1912.02292", "arxiv:1803.03635", None, ()),
        ("arxiv:2008.08186", "arxiv:1912.02292", None, ()),
        ("s2:abc123", "arxiv:1912.02292", None, ()),
        ("s2:abc123", "doi:10.1000/xyz", None, ()),
        ("title:isolated-pair", "title:isolated-paper", None, ()),
    ]
    for src, dst, infl, intents in cites:
        rec.add_edge(Cites(src, dst, infl, intents, "s2"))

    authors = {
        "author:alethea-power": ("Alethea Power", ["arxiv:2201.02177"]),
        "author:neel-nanda": ("Neel Nanda", ["arxiv:2301.05217"]),
        "author:ziming-liu": ("Ziming Liu", ["arxiv:2205.10343", "arxiv:2310.00001"]),
        "author:max-tegmark": ("Max Tegmark", ["arxiv:2205.10343", "arxiv:2310.00001"]),
        "author:preetum-nakkiran": ("Preetum Nakkiran", ["arxiv:1912.02292", "doi:10.1000/xyz"]),
        "author:vardan-papyan": ("Vardan Papyan", ["arxiv:2008.08186"]),
        "author:jonathan-frankle": ("Jonathan Frankle", ["arxiv:1803.03635"]),
        "author:anonymous": ("Anonymous", ["doi:10.1000/xyz", "s2:abc123"]),
    }
    for aid, (name, pids) in authors.items():
        rec.authors[aid] = Author(aid, name, s2_author_id=None if aid == "author:anonymous" else aid[7:])
        for pos, pid in enumerate(pids):
            rec.add_edge(Wrote(aid, pid, pos))

    venues = {"venue:iclr-2022": "ICLR 2022", "venue:neurips-2023": "NeurIPS 2023"}
    for vid, name in venues.items():
        rec.venues[vid] = Venue(vid, name)
    rec.add_edge(PublishedIn("arxiv:2201.02177", "venue:iclr-2022"))
    rec.add_edge(PublishedIn("arxiv:2310.00001", "venue:neurips-2023"))
    rec.add_edge(PublishedIn("arxiv:2301.05217", "venue:neurips-2023"))
    return rec
